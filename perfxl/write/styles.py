"""Cell styles of the standard workbook and the one function that writes a cell value.

The official forms are plain: 宋体, thin borders, bold centred titles, wrapped text. Label cells
are locked and input cells unlocked, so a protected sheet lets staff type only where they should.
Number formats always show every digit of the value written (144.9552 is never shown as 144.96),
with at least the customary decimals (0.0000 for 万元, 0.00% for rates, 0.00 for scores).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from perfxl.write.spec import CellValue, Formula

FONT = "宋体"

# number kinds: (minimum decimals, percent)
NUMBER_KINDS: dict[str, tuple[int, bool]] = {
    "money": (4, False),  # 万元
    "rate": (2, True),  # 执行率 as a fraction, shown 100.00%
    "score": (2, False),  # 分值 / 得分
    "area": (2, False),  # 亩
    "yuan": (0, False),  # 元 and 元/亩·年
    "plain": (0, False),  # anything else: just the value's own digits
}

_BASE = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
_KINDS: dict[str, dict] = {
    "title": {"bold": True, "font_size": 18, "align": "center"},
    "subtitle": {"align": "center"},
    "label": {"border": 1, "align": "center", "text_wrap": True},
    "header": {"border": 1, "align": "center", "text_wrap": True, "bold": True},
    "label_left": {"border": 1, "align": "left", "text_wrap": True},
    "input": {"border": 1, "align": "left", "text_wrap": True, "locked": False},
    "input_left": {"border": 1, "align": "left", "locked": False},  # header values: numbers too
    "input_center": {"border": 1, "align": "center", "text_wrap": True, "locked": False},
    "input_number": {"border": 1, "align": "right", "locked": False},
    "calc": {"border": 1, "align": "right"},  # formulas: locked, computed by Excel
    "note": {"text_wrap": True, "align": "left", "valign": "top"},
    "note_head": {"bold": True, "font_size": 12, "align": "left"},
}


class Styles:
    """xlsxwriter formats, created once per (kind, number format)."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._formats: dict[tuple[str, str | None], Format] = {}

    def get(self, kind: str, num_format: str | None = None) -> Format:
        key = (kind, num_format)
        if key not in self._formats:
            props = {**_BASE, **_KINDS[kind]}
            if num_format:
                props["num_format"] = num_format
            self._formats[key] = self._workbook.add_format(props)
        return self._formats[key]


def decimals_of(value: int | float | Decimal) -> int:
    """How many decimals the value has when written out exactly (Decimal('50.452') → 3)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(value)) if isinstance(value, float) \
        else Decimal(value)
    exponent = d.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def number_format(value: int | float | Decimal, number_kind: str) -> str:
    """A format showing all digits of ``value`` and at least the kind's customary decimals."""
    minimum, percent = NUMBER_KINDS[number_kind]
    digits = max(minimum, decimals_of(value) - (2 if percent else 0))
    body = "0." + "0" * digits if digits else "0"
    return body + ("%" if percent else "")


def _as_float(value: int | float | Decimal) -> float:
    return float(value)  # the xlsxwriter boundary: the file stores IEEE doubles


def put(ws: Worksheet, styles: Styles, row: int, col: int, value: CellValue,
        kind: str = "input", number_kind: str = "plain") -> None:
    """Write ``value`` at 0-based (row, col) exactly as given (see :mod:`perfxl.write.spec`).

    Strings stay text (never formulas/numbers), numbers get a format showing all their digits,
    formulas are locked ``calc`` cells with their cached value, ``None`` is an empty styled cell.
    Numbers in a plain ``input`` position are right-aligned (``input_number``); other kinds keep
    their own alignment.
    """
    if isinstance(value, Formula):
        expr = value.expr if value.expr.startswith("=") else "=" + value.expr
        cached = value.cached
        fmt_kind = "calc"
        if isinstance(cached, (int, float, Decimal)) and not isinstance(cached, bool):
            fmt = styles.get(fmt_kind, number_format(cached, number_kind))
            ws.write_formula(row, col, expr, fmt, _as_float(cached))
        else:
            fmt = styles.get(fmt_kind, number_format(0, number_kind))
            ws.write_formula(row, col, expr, fmt, 0 if cached is None else cached)
    elif isinstance(value, str):
        ws.write_string(row, col, value, styles.get(kind))
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, styles.get(kind))
    elif isinstance(value, (int, float, Decimal)):
        num_kind = "input_number" if kind == "input" else kind
        ws.write_number(row, col, _as_float(value),
                        styles.get(num_kind, number_format(value, number_kind)))
    elif isinstance(value, (_dt.date, _dt.datetime)):
        if not isinstance(value, _dt.datetime):
            value = _dt.datetime(value.year, value.month, value.day)
        ws.write_datetime(row, col, value, styles.get(kind, "yyyy-mm"))
    elif value is None:  # an empty cell still carries the format of what belongs there
        if number_kind == "plain":
            ws.write_blank(row, col, None, styles.get(kind))
        else:
            num_kind = "input_number" if kind == "input" else kind
            ws.write_blank(row, col, None, styles.get(num_kind, number_format(0, number_kind)))
    else:
        raise TypeError(f"cannot write {type(value).__name__} value {value!r}")


def put_merged(ws: Worksheet, styles: Styles, first_row: int, first_col: int, last_row: int,
               last_col: int, value: CellValue, kind: str = "input",
               number_kind: str = "plain") -> None:
    """Merge a range (when it spans more than one cell) and write ``value`` in its top-left cell."""
    if (first_row, first_col) != (last_row, last_col):
        ws.merge_range(first_row, first_col, last_row, last_col, "", styles.get(kind))
    put(ws, styles, first_row, first_col, value, kind, number_kind)


LINE_HEIGHT = 16  # points per line of 11-pt 宋体


def text_units(value: CellValue) -> int:
    """Display width of a cell's text in column-width units (a CJK character counts 2)."""
    if value is None or isinstance(value, Formula):
        return 0
    text = str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def row_height(cells: list[tuple[CellValue, float]], minimum: float = 20) -> float:
    """A row height that shows every wrapped text in full: ``cells`` are (value, column width).
    Excel does not grow rows written by a library, so the writer sets them."""
    lines = 1
    for value, width in cells:
        usable = max(width - 1, 1)
        lines = max(lines, -(-text_units(value) // int(usable)))
    return max(minimum, lines * LINE_HEIGHT + 4)
