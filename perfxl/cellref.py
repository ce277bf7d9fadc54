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


COL_LETTERS = [_letters(c) for c in range(16384)]
"""Every Excel column (A … XFD), computed once: addresses are built for every cell read."""


def col_letters(c: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    return COL_LETTERS[c]


def a1(r: int, c: int) -> str:
    """0-based row and column → ``B3``."""
    return f"{COL_LETTERS[c]}{r + 1}"
