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


def col_number(letters: str) -> int:
    """Letters → 0-based column: A → 0, Z → 25, AA → 26 (upper case; any number of letters)."""
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return col - 1


def a1(r: int, c: int) -> str:
    """0-based row and column → ``B3``."""
    return f"{col_letters(c)}{r + 1}"


_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_PLAIN_A1 = re.compile(r"([A-Z]+)([1-9][0-9]*)")


def position(ref: str) -> tuple[int, int, tuple[int, int] | None] | None:
    """``B3`` → (2, 1, None), ``B3:I3`` → (2, 1, (2, 8)): the 0-based place of an address or
    range exactly as :func:`a1` writes it; None for any other text (``$B$3``, ``b3``, ``A1:B``)."""
    first, sep, last = ref.partition(":")
    start = _plain_rowcol(first)
    if start is None:
        return None
    if not sep:
        return start[0], start[1], None
    end = _plain_rowcol(last)
    return (start[0], start[1], end) if end is not None else None


def _plain_rowcol(ref: str) -> tuple[int, int] | None:
    m = _PLAIN_A1.fullmatch(ref)
    if not m:
        return None
    r, c = int(m.group(2)) - 1, col_number(m.group(1))
    return (r, c) if a1(r, c) == ref else None  # one spelling per cell: the one a1 writes


def rowcol(ref: str) -> tuple[int, int] | None:
    """``B3`` (or ``$B$3``, or the first cell of ``B3:D5``) → 0-based (row, column); None when
    it is not a cell reference."""
    m = _A1.match(ref.split(":")[0].strip())
    if not m:
        return None
    return int(m.group(2)) - 1, col_number(m.group(1).upper())


def sheet_of_ref(ref: str) -> str | None:
    """The sheet a reference like ``'校验结果'!$A$1`` or ``Sheet1!A1`` names (a defined name's
    value), or None."""
    ref = ref.strip().lstrip("=")
    m = re.match(r"'((?:[^']|'')+)'!", ref)
    if m:
        return m.group(1).replace("''", "'")
    m = re.match(r"([^'!]+)!", ref)
    return m.group(1) if m else None
