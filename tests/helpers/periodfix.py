"""Real unit workbooks of a chosen year, 数据截至, unit and file name, for the period and
duplicate tests: the shipped example (perfxl.examples.laiyuan_2023) written by the template
writer, with dataclasses.replace as tests/helpers/batchfix.py does."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook

UNIT = "涞源县涞源镇人民政府"


def unit_workbook(path: Path, *, year: int | None = 2023, as_of: str | None = "auto",
                  unit: str = UNIT, complete: bool = True, mtime: float | None = None) -> Path:
    """A filled 项目清单 + 自评表 workbook. ``year`` None: no 评价年度 and blank ``（    年度）``
    titles; ``as_of`` "auto" → ``{year}年12月``, None → 数据截至 left blank."""
    spec = laiyuan_2023(complete=complete)
    if as_of == "auto":
        as_of = f"{year}年12月" if year is not None else None
    spec = dataclasses.replace(
        spec, unit=dataclasses.replace(spec.unit, name=unit, year=year, as_of=as_of),
        projects=[dataclasses.replace(p, year=year) for p in spec.projects])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, spec)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path
