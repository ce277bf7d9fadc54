"""The shipped example 涞源镇2023 (完整) with one 自评表 copied but not filled: its indicator rows
keep their 一级/二级 and 分值, its 三级指标, targets, actuals, 得分 and 执行数 are blank (the
reviewer's unfilled.xlsx, audit defect 8)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from perfxl.examples import laiyuan_2023
from perfxl.write.spec import FundSpec
from perfxl.write.template import write_workbook

UNFILLED_FORM = 1  # 自评表02, 涞源镇防汛经费 (项目清单第9行)


def unfilled_copy(path: Path) -> tuple[Path, str]:
    """Write the copy; returns it and the unfilled project's name."""
    spec = laiyuan_2023(complete=True)
    t = spec.unit.declared_total
    spec.unit.total_values = (t, t, t)  # the 合计 row typed, as in the shipped file
    form = spec.projects[UNFILLED_FORM]
    form.indicators = [replace(i, name=None, target=None, actual=None, staff_score=None)
                       for i in form.indicators]
    form.funds = {k: FundSpec(f.initial_budget, f.budget, None, None)
                  for k, f in form.funds.items()}
    form.execution_score = None
    form.staff_total = None
    write_workbook(path, spec)
    return path, str(form.name)
