"""The summary sheet 未识别文件: the workbooks of the folder in which no form was recognised (a
salary table left in the shared folder …), with why. perfxl left them as they were — not
written into, not a unit, no findings — and they appear in no other sheet."""

from __future__ import annotations

from perfxl.summary.common import add_sheet, finish_sheet, fit_row, put_text
from perfxl.summary.sheetxml import write_text

SHEET = "未识别文件"
HEADERS = [("文件", 48), ("原因", 90)]


def unrecognised_sheet(wb, fmt, files: list[tuple[str, str]]) -> None:
    """未识别文件: one row per (file, reason); no sheet when every workbook was recognised."""
    if not files:
        return
    ws = add_sheet(wb, fmt, SHEET, HEADERS)
    for row, (rel, reason) in enumerate(files, start=1):
        write_text(ws, row, 0, rel)
        put_text(ws, row, 1, reason)
        fit_row(ws, row, HEADERS, (rel, reason))  # the reason wraps inside its cell
    finish_sheet(ws, len(files), len(HEADERS))
