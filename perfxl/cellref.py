"""A1 cell references: column index ↔ letters. Shared by the reader (where a value came from) and
the result-sheet writer (cell addresses it writes), and the sheet a reference names."""

from __future__ import annotations

import re


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


def sheet_of_ref(ref: str) -> str | None:
    """The sheet a reference like ``'校验结果'!$A$1`` or ``Sheet1!A1`` names (a defined name's
    value), or None."""
    ref = ref.strip().lstrip("=")
    m = re.match(r"'((?:[^']|'')+)'!", ref)
    if m:
        return m.group(1).replace("''", "'")
    m = re.match(r"([^'!]+)!", ref)
    return m.group(1) if m else None
