"""Write a reviewer's checklist (审核口径) as a workbook: the table ``perfxl check --checklist``
reads (:mod:`perfxl.read.checklist`). Used for the shipped example checklist and its round trip."""

from __future__ import annotations

from pathlib import Path

from perfxl.checklist import COLUMNS
from perfxl.write.declaration_form import new_workbook
from perfxl.write.styles import Styles, put, row_height

WIDTHS = (8, 18, 10, 10, 26, 50, 30, 8)


def write_checklist(path: str | Path, rows: list[dict[str, str]]) -> None:
    """``rows`` (dicts keyed by :data:`perfxl.checklist.COLUMNS`) under the header, one a row."""
    wb = new_workbook(path, "审核口径")
    styles = Styles(wb)
    try:
        ws = wb.add_worksheet("审核口径")
        for col, width in enumerate(WIDTHS):
            ws.set_column(col, col, width)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        for col, name in enumerate(COLUMNS):
            put(ws, styles, 0, col, name, "header")
        for r, row in enumerate(rows, start=1):
            values = [row.get(name) for name in COLUMNS]
            ws.set_row(r, row_height(list(zip(values, WIDTHS))))
            for col, value in enumerate(values):
                put(ws, styles, r, col, value, "input")
        ws.freeze_panes(1, 0)
    finally:
        wb.close()
