"""A1 cell references: column index ↔ letters. Shared by the reader (where a value came from) and
the result-sheet writer (cell addresses it writes)."""

from __future__ import annotations


def _letters(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def _all_letters() -> list[str]:
    one = [chr(65 + i) for i in range(26)]
    two = [a + b for a in one for b in one]
    return (one + two + [ab + c for ab in two for c in one])[:16384]


COL_LETTERS = _all_letters()
"""Every Excel column (A … XFD), computed once (1 ms, in every worker process): addresses are
built for every cell read."""


def col_letters(c: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    return COL_LETTERS[c]


def a1(r: int, c: int) -> str:
    """0-based row and column → ``B3``."""
    return f"{COL_LETTERS[c]}{r + 1}"
