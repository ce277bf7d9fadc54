"""What the summary's sheets share: status and severity in Chinese, the cell formats, and how a
value from a record becomes a cell (text always as text, numbers as doubles)."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from pathlib import Path

from perfxl.findings import SEVERITY_ORDER, Severity
from perfxl.summary.sheetxml import write_text
from perfxl.write import page

MAX_ROWS = 1_048_575  # Excel's sheet limit, minus the header

STATUS_TEXT = {
    "checked": "已检查", "written": "已写入结果", "written-copy": "已写入副本",
    "written-beside": "结果已另存", "unchanged": "未变化", "up-to-date": "未变化",
    "error": "无法处理", "unreadable": "无法读取", "skipped-locked": "文件被占用，已跳过",
    "skipped-changed": "检查期间文件被修改，未写入", "unrecognised": "未识别，未写入",
}
SEVERITY_TEXT = {s.value: s.label for s in Severity}


def status_text(rec: dict, *, run_note: bool = False) -> str:
    """The status in Chinese; ``run_note`` adds whether this run reused the last result (for the
    console — the summary shows the state of the workbooks, so a re-run gives the same summary)."""
    text = STATUS_TEXT.get(rec["status"], rec["status"])
    return f"{text}（未变化，沿用上次结果）" if run_note and rec.get("reused") else text


SEVERITY_RANK = {s.value: SEVERITY_ORDER[s] for s in Severity}


def formats(wb) -> dict:
    return {
        "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                               "valign": "vcenter"}),
        "money": wb.add_format({"num_format": "0.0000", "valign": "top"}),
        "pct": wb.add_format({"num_format": "0.00%", "valign": "top"}),
        "score": wb.add_format({"num_format": "0.00", "valign": "top"}),
        "int": wb.add_format({"num_format": "0", "valign": "top"}),
        "link": wb.add_format({"font_color": "blue", "underline": 1, "text_wrap": True,
                               "valign": "top"}),
        "error": wb.add_format({"font_color": "#C00000", "text_wrap": True, "valign": "top"}),
        "note": wb.add_format({"italic": True, "font_color": "#595959"}),
        # text wraps inside its cell: the column format of every sheet, and the streamed rows'
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
    }


def add_sheet(wb, fmt, name: str, headers: list[tuple[str, int]]):
    """A new sheet of the summary: header row (frozen, repeated on every printed page), column
    widths, text wrapping inside its cells, and the print setup every sheet perfxl writes has
    (:mod:`perfxl.write.page`: A4 landscape, one page wide, page numbers). Every summary sheet
    is made here, so none can print differently."""
    ws = wb.add_worksheet(name)
    page.apply_to_worksheet(ws)
    for col, (_, width) in enumerate(headers):
        ws.set_column(col, col, width, fmt.get("wrap"))  # cells written without a format wrap
    ws.set_row(0, 30)
    for col, (title, _) in enumerate(headers):
        ws.write_string(0, col, title, fmt.get("head"))
    ws.freeze_panes(1, 0)
    return ws


def finish_sheet(ws, rows: int, cols: int) -> None:
    if rows:
        ws.autofilter(0, 0, rows, cols - 1)


def fit_row(ws, row: int, headers: list[tuple[str, int]], values) -> None:
    """Give ``row`` the height its wrapped ``values`` (one per column of ``headers``) need."""
    height = page.lines_height(text_lines(headers, values))
    if height:
        ws.set_row(row, height)


def text_lines(headers: list[tuple[str, int]], values) -> int:
    """The lines the tallest of ``values`` (one per column of ``headers``, None or "" where
    empty) takes, wrapped in its column."""
    return max((page.text_lines(str(v), width) for v, (_, width) in zip(values, headers)
                if v is not None and v != ""), default=1)


def height_attrs(lines: int) -> str:
    """The ``ht``/``customHeight`` attributes of a streamed ``<row>`` whose tallest cell has
    ``lines`` lines (:func:`text_lines`); "" for a one-line row."""
    height = page.lines_height(lines)
    return f' ht="{height:g}" customHeight="1"' if height else ""


def put_text(ws, row: int, col: int, value, cell_format=None) -> None:
    """User text, always as a string (never a formula, number or URL)."""
    if value is None or value == "":
        return
    write_text(ws, row, col, str(value), cell_format)


def put_num(ws, row: int, col: int, value, cell_format) -> None:
    d = as_decimal(value)
    if d is not None:
        ws.write_number(row, col, float(d), cell_format)


def as_float(value) -> float | None:
    """The number of a decimal string as Excel stores it (a double); None beyond its range."""
    d = as_decimal(value)
    if d is None:
        return None
    x = float(d)
    return x if math.isfinite(x) else None


def as_decimal(value) -> Decimal | None:
    """The exact number of a record's decimal string ("144.9552"); None if blank or not finite."""
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def by_severity(findings: list[dict]) -> list[dict]:
    """Errors first, then warnings, then notes; each in the object's sheet/cell order."""
    return sorted(findings, key=lambda f: SEVERITY_RANK.get(f.get("severity"), len(SEVERITY_RANK)))


def unit_of(rec: dict) -> str:
    return rec.get("unit") or Path(rec["path"]).stem


def progress_of_month(rec: dict) -> Decimal | None:
    month = rec.get("month")
    return (Decimal(month) / 12) if month else None


def opt_text(cells: list, text, col: int, value, s: int | None = None) -> None:
    """User text, always as a string (never a formula, number or URL); nothing when empty."""
    if value is not None and value != "":
        cells.append((col, text(value, s)))


def opt_num(cells: list, number, col: int, value, s: int) -> None:
    d = as_decimal(value)
    if d is not None:
        cells.append((col, number(float(d), s)))
