"""A comparable description of an .xlsx file: what a person sees and what perfxl reads.

Two workbooks with equal snapshots have the same sheets, the same cell contents (formulas as
their text), the same merged ranges, number formats, locked cells, dropdowns, protection and
frozen panes — regardless of zip bytes. Used to prove that committed workbooks (the blank
template, the examples) are exactly what the code generates.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def snapshot(path: str | Path) -> dict:
    wb = load_workbook(path)  # formulas as text, not cached values: compares what was written
    try:
        return {"sheets": wb.sheetnames, **{name: _sheet(wb[name]) for name in wb.sheetnames}}
    finally:
        wb.close()


def _sheet(ws) -> dict:
    cells, formats, unlocked = {}, {}, []
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                cells[c.coordinate] = c.value
            if c.number_format != "General":
                formats[c.coordinate] = c.number_format
            if c.has_style and not c.protection.locked:
                unlocked.append(c.coordinate)
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "formats": formats,
        "unlocked": unlocked,
        "validations": sorted(
            (str(v.sqref), v.type, v.formula1, v.errorStyle)
            for v in ws.data_validations.dataValidation),
        "protected": bool(ws.protection.sheet),
        "insert_rows_allowed": not ws.protection.insertRows,
        "freeze": ws.freeze_panes,
    }
