"""Folders of unit workbooks named as towns hand them in, for the roster and 新增/已解决 tests."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook


def town_workbook(path: Path, unit: str, *, declared_total: Decimal | None = None) -> Path:
    """The shipped example (complete, clean) under another unit name; ``declared_total``
    plants a 预算总金额 that disagrees with the list (one finding)."""
    spec = laiyuan_2023(complete=True)
    unit_spec = dataclasses.replace(spec.unit, name=unit, as_of="2023年7月")
    if declared_total is not None:
        unit_spec = dataclasses.replace(unit_spec, declared_total=declared_total)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, dataclasses.replace(spec, unit=unit_spec))
    return path


def roster_xlsx(path: Path, names: list[str], header: str | None = "单位名称") -> Path:
    """A roster as an office keeps it: 序号 and 单位名称 columns."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("名单")
    row = 0
    if header:
        ws.write_row(0, 0, ["序号", header])
        row = 1
    for i, name in enumerate(names, start=1):
        ws.write_row(row, 0, [i, name])
        row += 1
    wb.close()
    return path
