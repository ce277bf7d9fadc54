"""Operators of a target (``≥`` ``>`` ``≤`` ``<`` ``=``) and the words that write them.

The words are data: ``target_words.toml`` (``[prefix]``, ``[suffix]``); this module loads that
table once for :mod:`perfxl.values.targets` and :mod:`perfxl.values.measure`.
"""

from __future__ import annotations

import tomllib
from enum import Enum
from importlib import resources


class Op(str, Enum):
    """The comparison an indicator target states."""

    GE = "≥"  # ≥ ＞= 以上 不低于 不少于 达到 — 正向
    GT = ">"  # ＞ 高于 超过 大于 — 正向
    LE = "≤"  # ≤ 以下 不超过 不高于 以内 — 反向
    LT = "<"  # ＜ 低于 少于 小于 — 反向
    EQ = "="  # ＝ 等于

    @property
    def direction(self) -> str:
        """'positive' (正向), 'negative' (反向) or 'equal' (＝)."""
        if self in (Op.GE, Op.GT):
            return "positive"
        if self in (Op.LE, Op.LT):
            return "negative"
        return "equal"


def _load_words() -> dict:
    text = resources.files("perfxl.values").joinpath("target_words.toml").read_text(
        encoding="utf-8")
    return tomllib.loads(text)


WORDS: dict = _load_words()
"""The word table of the target grammar (``target_words.toml``), as loaded."""


def _op_words(section: str) -> tuple[tuple[str, Op], ...]:
    """(word, operator) pairs of a section, longest word first (``不低于`` before ``低于``)."""
    pairs = [(word, Op(symbol)) for symbol, words in WORDS[section].items() for word in words]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


PREFIX_OPS = _op_words("prefix")
SUFFIX_OPS = _op_words("suffix")
DIRECTION_OPS: tuple[tuple[str, Op], ...] = (("正向", Op.GE), ("反向", Op.LE), ("等于", Op.EQ))


def op_before(prefix: str) -> Op | None:
    """The operator a text ends with, just before its number (``成本不超过`` → ≤)."""
    for word, op in PREFIX_OPS:
        if prefix.endswith(word):
            return op
    return None


def op_inside(prefix: str) -> Op | None:
    """An operator word of two or more characters anywhere in a text (``不超过人均`` → ≤)."""
    for word, op in PREFIX_OPS:
        if len(word) >= 2 and word in prefix:
            return op
    return None


def op_after(suffix: str) -> tuple[Op, str] | None:
    """The operator a text starts with, after its number and unit (``以上完成`` → ≥, ``以上``)."""
    for word, op in SUFFIX_OPS:
        if suffix.startswith(word):
            return op, word
    return None
