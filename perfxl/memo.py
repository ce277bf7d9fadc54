"""Bounded memos: plain dicts looked up inline on hot paths (``d.get(key)`` costs less than a
call through ``functools.lru_cache``), filled through :func:`remember` on a miss.

The policy is the same everywhere: when a memo is full it is emptied and starts again. Texts,
numbers and package parts repeat across the workbooks of a batch (one template), so a memo is
warm again within a few files; a hostile sheet of distinct values cannot grow it without bound.
"""

from __future__ import annotations


def remember(memo: dict, key, value, limit: int):
    """Store ``value`` under ``key`` in ``memo`` (emptied first when it holds ``limit`` entries);
    returns ``value``."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value
