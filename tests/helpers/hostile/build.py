"""Consistent standard workbooks to build hostile variants (content.py) and fuzz cases from.

:func:`consistent_spec` describes a workbook whose arithmetic is right by construction: the
list's total is the exact sum, every 自评表 repeats its list row, funds add up per column, every
parcel is 面积 × 1000 = 金额 and a land project's budget is its parcels' 元 ÷ 10000. It is the
"before" of every planted fault. :func:`relayout` then moves things the way staff do (inserted
rows/columns, spaced or full-width labels) without changing one figure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal as D
from pathlib import Path

from perfxl.write.spec import (
    FundSpec,
    IndicatorSpec,
    ListRowSpec,
    ParcelSpec,
    ProjectSpec,
    UnitSpec,
    WorkbookSpec,
)

UNIT = "测试镇人民政府"
YEAR = 2023
LAND_RATE = 1000
CATEGORIES = (("产出指标", "数量指标", D("50")), ("效益指标", "社会效益指标", D("30")),
              ("满意度指标", "服务对象满意度指标", D("10")))
EXECUTION_WEIGHT = D("10")


@dataclass
class Plan:
    """The figures of one consistent project (万元, 亩)."""

    name: str
    budget: D
    carryover: D = D("0")
    other: D = D("0")
    indicators_per_category: tuple[int, int, int] = (1, 1, 1)
    parcel_areas: list[D] = field(default_factory=list)  # non-empty: a land project


def split_weight(total: D, n: int) -> list[D]:
    """``total`` in ``n`` parts to 0.01 that add up exactly (remainder on the first)."""
    share = (total / n).quantize(D("0.01"), rounding=ROUND_DOWN)
    parts = [share] * n
    parts[0] += total - share * n
    return parts


def land_budget(areas: list[D]) -> D:
    return sum((a * LAND_RATE for a in areas), D("0")) / 10000


def project_spec(plan: Plan) -> ProjectSpec:
    b, c, o = plan.budget, plan.carryover, plan.other
    fiscal = b - c - o
    funds = {
        "total": FundSpec(b, b, b, D("1")),
        "fiscal": FundSpec(fiscal, fiscal, fiscal, D("1") if fiscal else None),
        "carryover": FundSpec(c, c, c, D("1") if c else None),
        "other": FundSpec(o, o, o, D("1") if o else None),
    }
    indicators = []
    for (l1, l2, weight), n in zip(CATEGORIES, plan.indicators_per_category):
        for k, w in enumerate(split_weight(weight, n), start=1):
            indicators.append(IndicatorSpec(l1, l2, f"{l2[:2]}完成率{k}", "≥90%", "95%", w, w))
    return ProjectSpec(
        name=plan.name, department=UNIT, implementer=UNIT, year=YEAR, funds=funds,
        execution_weight=EXECUTION_WEIGHT, execution_score=EXECUTION_WEIGHT,
        goal_expected="按计划完成。", goal_actual="已按预算完成，资金全部支付。",
        indicators=indicators, staff_total=D("100"))


def consistent_spec(plans: list[Plan]) -> WorkbookSpec:
    rows = [ListRowSpec(i, p.name, "县级", p.budget, p.budget, p.budget, "项目概况")
            for i, p in enumerate(plans, start=1)]
    total = sum((p.budget for p in plans), D("0"))
    unit = UnitSpec(name=UNIT, year=YEAR, as_of=f"{YEAR}年12月", declared_count=len(plans),
                    declared_total=total, rows=rows)
    parcels = []
    for p in plans:
        for k, area in enumerate(p.parcel_areas, start=1):
            parcels.append(ParcelSpec(p.name, f"第{k}村", area, LAND_RATE, int(area * LAND_RATE),
                                      "旱地"))
    return WorkbookSpec(unit=unit, projects=[project_spec(p) for p in plans],
                        parcels=parcels if parcels else None)


def simple_plans(n: int, seed: int = 0) -> list[Plan]:
    """``n`` plain projects with budgets 0.0001–999.9999 万元 (deterministic for a seed)."""
    rng = random.Random(seed)
    return [Plan(f"测试项目{i:05d}", D(rng.randint(1, 9_999_999)) / 10000) for i in range(1, n + 1)]


def land_plan(name: str, areas: list[D]) -> Plan:
    return Plan(name, land_budget(areas), parcel_areas=list(areas))


# --------------------------------------------------------------------------- layout variations

FULLWIDTH = str.maketrans({"(": "（", ")": "）", ":": "："})
HALFWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":"})


def spaced(label: str) -> str:
    return " ".join(label)


def respell(label: str, how: str) -> str:
    """A label as staff may type it; the spec says every form matches the canonical one."""
    if how == "spaced":
        return spaced(label)
    if how == "colon":
        return label + "："
    if how == "halfwidth":
        return label.translate(HALFWIDTH)
    if how == "newline" and len(label) > 2:
        return label[:2] + "\n" + label[2:]
    if how == "tab" and len(label) > 2:
        return label[:2] + "\t" + label[2:]
    if how == "lead":
        return "  " + label
    return label


RESPELLINGS = ("same", "spaced", "colon", "halfwidth", "newline", "tab", "lead")


def field_labels() -> set[str]:
    """Labels of the standard workbook (not values, categories or titles)."""
    from perfxl.write import template as t

    labels = set(t.LIST_HEADERS) | set(t.LAND_HEADERS) | set(t.INDICATOR_HEADERS)
    labels |= {label for label, _ in t._UNIT_FIELDS}
    labels |= {"项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数",
               "分值", "执行率", "得分", "年度资金总额", "上年结转资金", "其他资金",
               "年度总体目标", "预期目标", "实际完成情况"}
    return labels


def relayout(path: Path, *, rows: int = 0, cols: int = 0, respellings: dict[str, str] | None = None
             ) -> None:
    """Rewrite ``path`` with ``rows`` blank rows and ``cols`` blank columns inserted above/left
    of every sheet's content and labels respelled (label → how, see :func:`respell`).

    openpyxl saves no cached formula values, so use this on workbooks without formulas."""
    import openpyxl
    from openpyxl.worksheet.cell_range import CellRange

    wb = openpyxl.load_workbook(path)
    labels = field_labels()
    for ws in wb.worksheets:
        if ws.title == "填报说明":
            continue
        if respellings:
            for row in ws.iter_rows():
                for cell in row:
                    v = cell.value
                    if isinstance(v, str) and v in labels and v in respellings:
                        cell.value = respell(v, respellings[v])
        if rows or cols:
            merges = [CellRange(str(m)) for m in ws.merged_cells.ranges]
            for m in merges:
                ws.unmerge_cells(m.coord)
            ws.move_range(f"A1:{ws.cell(ws.max_row, ws.max_column).coordinate}", rows=rows,
                          cols=cols, translate=True)
            for m in merges:
                m.shift(col_shift=cols, row_shift=rows)
                ws.merge_cells(m.coord)
            ws.data_validations.dataValidation = []  # their ranges would not move
            ws.conditional_formatting = type(ws.conditional_formatting)()
    wb.save(path)
