"""What calamine does not tell about a worksheet, read from its XML bytes: cells shown as a
percent, formulas without a cached value, error values, and the range calamine will allocate.

A few searches over the bytes, not an XML parse: a sheet can be hundreds of MB (within the
package limits, see :mod:`perfxl.ooxml`) and only a few places in it matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from perfxl.cellref import a1, col_number


@dataclass
class SheetMeta:
    """Cell facts for one worksheet, keyed by 0-based (row, col)."""

    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    extent: tuple[int, int] = (0, 0)  # (last row, last column), 1-based: calamine's dense size
    last_cell: str = ""


_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>([^<]+)</", re.S)
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s")
_CELL_END = re.compile(rb"</(?:\w+:)?c>|<(?:\w+:)?c[\s>]")


def scan_sheet(xml: bytes, percent_style_ids: set[int]) -> SheetMeta:
    """Percent-styled cells, formulas without a cached value and error values of one sheet."""
    return SheetScanner(percent_style_ids).scan(xml)


class SheetScanner:
    """Scans the sheets of one workbook: its percent styles are made into one search once, not
    once per sheet."""

    def __init__(self, percent_style_ids: set[int]):
        # ` s="N"` of any percent style, in one pass (the needles cannot overlap: each starts
        # with the only space it holds)
        needles = b"|".join(b"%d" % i for i in sorted(percent_style_ids, reverse=True))
        self._percent = re.compile(rb' s="(?:' + needles + rb')"') if needles else None

    def scan(self, xml: bytes, span: tuple[int, int] | None = None) -> SheetMeta:
        """The sheet's :class:`SheetMeta` (``span``: :func:`cells_span`, when already known)."""
        meta = SheetMeta()
        start, end = span or cells_span(xml)
        if self._percent is not None:
            for m in self._percent.finditer(xml, start, end):
                pos = m.start()
                tag = xml[xml.rfind(b"<", 0, pos):xml.find(b">", pos)]
                rc = _rc(tag) if _CELL_TAG.match(tag) else None
                if rc:
                    meta.percent_cells.add(rc)
        # every <f, then every :f, then every t="e": a cell named twice keeps its last reading
        for needle, element in ((b"<f", True), (b":f", True), (b' t="e"', False)):
            pos = xml.find(needle, start, end)
            while pos >= 0:
                if not element or xml[pos + 2:pos + 3] in (b">", b" ", b"/"):
                    _note_formula_cell(meta, xml, pos)
                pos = xml.find(needle, pos + 1, end)
        return meta


def _note_formula_cell(meta: SheetMeta, xml: bytes, pos: int) -> None:
    """Record the cell around ``pos`` (a formula or an error value) if it has no cached value or
    holds an error."""
    cell = _cell_around(xml, pos)
    if cell is None:
        return
    rc, is_error, value = cell
    if is_error:
        meta.error_cells[rc] = value.decode("utf-8", "replace") if value else "#错误"
    elif not value:
        meta.uncached_formulas.add(rc)


def cells_span(xml: bytes) -> tuple[int, int]:
    """(start, end) of the part of a sheet where its cells are: from its sheetData start tag to
    its end tag (calamine reads no cell elsewhere, and the merges, data validations and page
    setup after it are a third of a form's bytes); the whole part when it has no sheetData."""
    start = xml.find(b"sheetData")
    if start < 0:
        return 0, len(xml)
    end = xml.rfind(b"sheetData", start + 1)
    return start, end if end > start else len(xml)


def _cell_around(xml: bytes, pos: int) -> tuple[tuple[int, int], bool, bytes | None] | None:
    """(cell, is an error value, cached value or None) of the cell whose tag or body holds
    position ``pos``; None when ``pos`` is in no cell with a position."""
    start = _cell_start(xml, pos + 1)
    if start < 0:
        return None
    tag_end = xml.find(b">", start)
    close = _CELL_END.search(xml, tag_end)
    attrs = xml[start:tag_end]
    body = xml[tag_end + 1: close.start()] if close else b""
    rc = _rc(attrs)
    if rc is None:
        return None
    value = _VALUE.search(body)
    return rc, b't="e"' in attrs, value.group(1) if value else None


def _cell_start(xml: bytes, pos: int) -> int:
    """Start of the <c> tag enclosing position ``pos`` (-1 if ``pos`` is not inside a cell)."""
    plain = xml.rfind(b"<c ", 0, pos)
    prefixed = xml.rfind(b":c ", plain + 1, pos)  # only one after `plain` can matter
    if prefixed > plain:
        plain = xml.rfind(b"<", 0, prefixed)
    if plain < 0 or xml.find(b"</", plain, pos) >= 0:
        return -1
    return plain


def _rc(attrs: bytes) -> tuple[int, int] | None:
    m = _REF.search(attrs)
    if not m:
        return None  # a cell without r= (rare): position unknown, skip its metadata
    return int(m.group(2)) - 1, col_number(m.group(1).decode("ascii"))


# calamine takes a position as XML does: either quote, spaces around "=", letters of any case and
# any number of them; every search below allows all of these
_AT = rb'r\s*=\s*["\']'
# a position beyond Z999 (a row of four digits or more, or two column letters or more): one
# search rules it out for an ordinary form, whatever the order its rows are written in
_BEYOND_Z999 = re.compile(_AT + rb'(?:[A-Za-z]*\d{4}|[A-Za-z]{2})')
_ROW_DIGITS = tuple((digits, re.compile(_AT + rb'[A-Za-z]*\d{%d}' % digits))
                    for digits in (4, 5, 6, 7))
_LETTERS = tuple((bound, re.compile(_AT + rb'[A-Za-z]{%d}' % (n + 1)))
                 for n, bound in enumerate((26, 702, 18278)))  # A…Z, AA…ZZ, AAA…ZZZ
_SHORTEST_ROW, _SHORTEST_CELL = len(b"<row/>"), len(b"<c/>")
_TAG = re.compile(rb'<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>')
_POSITION = re.compile(rb'(?<![\w:.-])' + _AT + rb'([A-Za-z]*)(\d*)["\']')
_VALUE_AFTER = re.compile(
    rb'(?:<(?:[\w.-]+:)?f[^>]*?(?:/>|>[^<]*</(?:[\w.-]+:)?f>))?'
    rb'(?:<(?:[\w.-]+:)?v(?:\s[^>]*)?>[^<]|<(?:[\w.-]+:)?is[\s>])')


def sheet_extent(xml: bytes, max_cells: int, span: tuple[int, int] | None = None
                 ) -> tuple[int, int, str]:
    """(rows, columns, farthest cell) bounding the range calamine will allocate (it allocates
    rows × columns cells: a stray value at XFD100000 would need gigabytes, so the reader checks
    first). Never trusts the order of the rows (a hostile sheet may write row 1,048,576 first)
    nor the spelling of a position: a cheap upper bound comes from the widest row numbers and
    column letters any ``r=`` holds, plus as many rows and cells written without ``r=`` as the
    bytes could hold (calamine counts those on from the one before); only when that exceeds
    ``max_cells`` are the cells walked in order, as calamine places them, and the farthest one
    that holds a value (what calamine counts) named. ``span``: :func:`cells_span`, when known."""
    start, end = span or cells_span(xml)
    bound = _named_bound(xml, start, end)
    if bound is not None:
        size = end - start
        rows, cols = bound[0] + size // _SHORTEST_ROW, bound[1] + size // _SHORTEST_CELL
        if rows * cols <= max_cells:
            return rows, cols, ""
    return _walked(xml, start, end)


def _named_bound(xml: bytes, start: int, end: int) -> tuple[int, int] | None:
    """Upper bounds of the row and column numbers the ``r=`` attributes name; None when some
    name has four column letters or more (no cheap bound)."""
    if not _BEYOND_Z999.search(xml, start, end):
        return 999, 26
    rows = 999
    for digits, pattern in _ROW_DIGITS:
        if not pattern.search(xml, start, end):
            break
        rows = 10 ** digits - 1
    for cols, wider in _LETTERS:
        if not wider.search(xml, start, end):
            return rows, cols
    return None


def _walked(xml: bytes, start: int, end: int) -> tuple[int, int, str]:
    """The rows and columns of the farthest cells holding a value, each placed as calamine places
    it: by its ``r=``, else one past the cell (or row) before. Where that is uncertain the larger
    position is taken: a row without ``r=`` comes after every row a cell before it named."""
    row = col = rows = cols = 0
    far = ""
    for tag in _TAG.finditer(xml, start, end):
        kind, attrs = tag.group(1), tag.group(2)
        at = _POSITION.search(attrs)
        letters, digits = (at.group(1), at.group(2)) if at else (b"", b"")
        if kind == b"row":
            row, col = (int(digits) if digits else row + 1), 0
            continue
        col = col_number(letters.upper().decode("ascii")) + 1 if letters else col + 1
        row = max(row, int(digits)) if digits else row
        if attrs.endswith(b"/") or not _VALUE_AFTER.match(xml, tag.end()):
            continue  # a cell without a value: calamine does not count it
        if row > rows or col > cols:
            rows, cols = max(rows, row), max(cols, col)
            far = a1(row - 1, col - 1)
    return rows, cols, far
