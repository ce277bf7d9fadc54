"""A1 cell references: column index ↔ letters. Shared by the reader (where a value came from) and
the result-sheet writer (cell addresses it writes)."""

from __future__ import annotations


def col_letters(c: int) -> str:
    """0-based column → letters: 0 → A, 25 → Z, 26 → AA, 16383 → XFD."""
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(r: int, c: int) -> str:
    """0-based row and column → ``B3``."""
    return f"{col_letters(c)}{r + 1}"
