"""Write the standard workbook (标准填报工作簿) with xlsxwriter — blank, or filled from a spec.

Layout per the workbook contract (项目清单, 自评表 at canonical A–I positions, 土地流转明细,
填报说明). One code path writes both the blank template staff receive and the filled workbooks
of the examples and the tests, so they cannot drift apart.

``write_workbook(path, spec)`` writes a :class:`~perfxl.write.spec.WorkbookSpec`;
``write_blank_template(path, projects=3, year=None)`` writes the empty form (``perfxl template``).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from perfxl.write import instructions
from perfxl.write.spec import (
    FUND_LABELS,
    FUND_ORDER,
    CellValue,
    Formula,
    FundSpec,
    IndicatorSpec,
    ListRowSpec,
    ParcelSpec,
    ProjectSpec,
    UnitSpec,
    WorkbookSpec,
)
from perfxl.write.styles import Styles, put, put_merged, row_height

# Closed lists of the default framework (workbook.md), offered as dropdowns.
LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
BANDS = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")
FUND_LEVELS = ("中央", "省级", "市级", "县级", "乡镇级")

LIST_HEADERS = ("序号", "项目名称", "资金级次", "年初预算数（万元）", "全年预算数（万元）",
                "全年执行数（万元）", "项目概况")
LAND_HEADERS = ("项目名称", "地块（村）", "面积（亩）", "单价（元/亩·年）", "金额（元）", "备注")
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                     "偏差原因分析及改进措施")

# Protected sheets still let staff insert rows (indicators, projects, parcels) and format cells.
PROTECTION = {
    "insert_rows": True,
    "delete_rows": True,
    "format_cells": True,
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}

# Fixed file metadata so regenerating a workbook gives the same file.
_CREATED = _dt.datetime(2024, 1, 1)


def write_workbook(path: str | Path, spec: WorkbookSpec) -> None:
    """Write ``spec`` as an .xlsx file at ``path`` (overwrites). See :mod:`perfxl.write.spec`."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                          "strings_to_formulas": False,
                                          "strings_to_urls": False})
    wb.set_properties({"created": _CREATED, "author": "perfxl", "title": "项目支出绩效自评"})
    styles = Styles(wb)
    try:
        if spec.unit is not None:
            _finish(_write_list(wb.add_worksheet(spec.unit.sheet), styles, spec.unit), spec)
        for i, project in enumerate(spec.projects, start=1):
            ws = wb.add_worksheet(project.sheet or f"自评表{i:02d}")
            _finish(_write_form(ws, styles, project), spec)
        if spec.parcels is not None:
            ws = wb.add_worksheet(spec.land_sheet)
            _finish(_write_land(ws, styles, spec.parcels, spec.blank_parcel_rows), spec)
        if spec.instructions:
            ws = wb.add_worksheet(spec.instructions_sheet)
            _finish(_write_instructions(ws, styles), spec)
    finally:
        wb.close()


def write_blank_template(path: str | Path, projects: int = 3, year: int | None = None) -> None:
    """The empty standard workbook: 项目清单, ``projects`` 自评表 forms, 土地流转明细, 填报说明.

    ``year`` fills 评价年度 and the ``（2023年度）`` title lines; without it they stay blank for
    staff to fill, so the shipped template does not depend on the day it was generated.
    """
    write_workbook(path, blank_spec(projects, year))


def blank_spec(projects: int = 3, year: int | None = None) -> WorkbookSpec:
    """The :class:`WorkbookSpec` of the blank template."""
    unit = UnitSpec(year=year, rows=[ListRowSpec(seq=i) for i in range(1, projects + 1)],
                    total_formulas=True)
    return WorkbookSpec(
        unit=unit,
        projects=[_blank_project(year) for _ in range(projects)],
        parcels=[],
        blank_parcel_rows=10,
    )


def _blank_project(year: int | None) -> ProjectSpec:
    # Rows per 一级 as a starting point; staff insert more inside a block as needed.
    rows = [IndicatorSpec(level1="产出指标") for _ in range(4)]
    rows += [IndicatorSpec(level1="效益指标") for _ in range(2)]
    rows += [IndicatorSpec(level1="满意度指标")]
    first, last = FORM_INDICATOR_ROW + 1, FORM_INDICATOR_ROW + len(rows)
    # Computed cells (locked) always yield a number: an empty-string result would look like a
    # formula without a cached value to a reader. Rows 7–9 stay input: often not applicable.
    funds = {"total": FundSpec(rate=Formula("IF(D6=0,0,E6/D6)", 0))}
    return ProjectSpec(
        year=year, funds=funds,
        execution_score=Formula("IF(D6=0,0,MIN(E6/D6,1)*F6)", 0),
        indicators=rows,
        staff_total=Formula(f"SUM(H6,H{first}:H{last})", 0),
    )


def _finish(ws: Worksheet, spec: WorkbookSpec) -> None:
    if spec.protect:
        ws.protect("", PROTECTION)


# --------------------------------------------------------------------------- 项目清单

LIST_HEADER_ROW = 7  # 1-based row of the table header
_UNIT_FIELDS = (("单位名称", "name"), ("评价年度", "year"), ("数据截至", "as_of"),
                ("项目个数", "declared_count"), ("预算总金额（万元）", "declared_total"))


LIST_WIDTHS = (8, 36, 10, 14, 14, 14, 44)


def _write_list(ws: Worksheet, styles: Styles, unit: UnitSpec) -> Worksheet:
    for col, width in enumerate(LIST_WIDTHS):
        ws.set_column(col, col, width)
    _page_setup(ws)
    ws.set_row(0, 36)
    put_merged(ws, styles, 0, 0, 0, 6, "项目清单", "title")
    for r, (label, attr) in enumerate(_UNIT_FIELDS, start=1):
        ws.set_row(r, 20)
        put_merged(ws, styles, r, 0, r, 1, label, "label")
        number_kind = "money" if attr == "declared_total" else "plain"
        put_merged(ws, styles, r, 2, r, 6, getattr(unit, attr), "input_left", number_kind)
    header = LIST_HEADER_ROW - 1
    ws.set_row(header, 32)
    for col, text in enumerate(LIST_HEADERS):
        put(ws, styles, header, col, text, "header")
    first = header + 1
    for i, row in enumerate(unit.rows):
        _write_list_row(ws, styles, first + i, row)
    last = first + len(unit.rows) - 1
    if unit.total_row:
        _write_list_total(ws, styles, last + 1, unit, first, last)
    if unit.rows:
        ws.data_validation(first, 2, last, 2, _dropdown(FUND_LEVELS, "资金级次"))
    ws.freeze_panes(header + 1, 0)
    return ws


def _write_list_row(ws: Worksheet, styles: Styles, r: int, row: ListRowSpec) -> None:
    ws.set_row(r, row_height([(row.name, LIST_WIDTHS[1]), (row.summary, LIST_WIDTHS[6])]))
    put(ws, styles, r, 0, row.seq, "input_center")
    put(ws, styles, r, 1, row.name, "input")
    put(ws, styles, r, 2, row.fund_level, "input_center")
    put(ws, styles, r, 3, row.initial_budget, "input", "money")
    put(ws, styles, r, 4, row.budget, "input", "money")
    put(ws, styles, r, 5, row.executed, "input", "money")
    put(ws, styles, r, 6, row.summary, "input")


def _write_list_total(ws: Worksheet, styles: Styles, r: int, unit: UnitSpec, first: int,
                      last: int) -> None:
    ws.set_row(r, 20)
    put_merged(ws, styles, r, 0, r, 2, "合计", "header")
    attrs = ("initial_budget", "budget", "executed")
    for i, attr in enumerate(attrs):
        col = 3 + i
        if unit.total_values is not None:
            value: CellValue = unit.total_values[i]
        else:
            value = _decimal_sum(getattr(row, attr) for row in unit.rows)
            if unit.total_formulas:
                letter = "DEF"[i]
                value = Formula(f"SUM({letter}{first + 1}:{letter}{last + 1})", value)
        put(ws, styles, r, col, value, "calc" if unit.total_values is None else "input", "money")
    put(ws, styles, r, 6, None, "label")


def _decimal_sum(values) -> Decimal:
    """Exact sum of the numeric cells (text, formulas and blanks are not numbers to Excel's SUM)."""
    return sum((Decimal(v) for v in values
                if isinstance(v, (int, Decimal)) and not isinstance(v, bool)), Decimal("0"))


# --------------------------------------------------------------------------- 自评表

FORM_INDICATOR_ROW = 12  # 1-based row of the indicator header


FORM_WIDTHS = (10, 16, 16, 28, 14, 14, 9, 9, 26)


def _page_setup(ws: Worksheet) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed


def _write_form(ws: Worksheet, styles: Styles, p: ProjectSpec) -> Worksheet:
    for col, width in enumerate(FORM_WIDTHS):
        ws.set_column(col, col, width)
    _page_setup(ws)
    for r in range(2, 9):
        ws.set_row(r, 20)
    ws.set_row(2, row_height([(p.name, sum(FORM_WIDTHS[1:]))]))
    ws.set_row(0, 36)
    put_merged(ws, styles, 0, 0, 0, 8, p.title, "title")
    put_merged(ws, styles, 1, 0, 1, 8, _year_line(p.year), "subtitle")
    put(ws, styles, 2, 0, "项目名称", "label")
    put_merged(ws, styles, 2, 1, 2, 8, p.name, "input")
    put(ws, styles, 3, 0, "主管部门", "label")
    put_merged(ws, styles, 3, 1, 3, 3, p.department, "input")
    put(ws, styles, 3, 4, "实施单位", "label")
    put_merged(ws, styles, 3, 5, 3, 8, p.implementer, "input")
    _write_funds(ws, styles, p)
    _write_goals(ws, styles, p)
    _write_indicators(ws, styles, p)
    return ws


def _year_line(year: int | str | None) -> str:
    if isinstance(year, str):
        return year
    return f"（{year}年度）" if year is not None else "（    年度）"


def _write_funds(ws: Worksheet, styles: Styles, p: ProjectSpec) -> None:
    put_merged(ws, styles, 4, 0, 8, 0, "项目资金（万元）", "label")
    for col, text in enumerate(("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""),
                               start=1):
        put(ws, styles, 4, col, text or None, "label")
    for r, key in enumerate(FUND_ORDER, start=5):
        fund = p.funds.get(key, FundSpec())
        put(ws, styles, r, 1, FUND_LABELS[key], "label_left")
        put(ws, styles, r, 2, fund.initial_budget, "input", "money")
        put(ws, styles, r, 3, fund.budget, "input", "money")
        put(ws, styles, r, 4, fund.executed, "input", "money")
        put(ws, styles, r, 6, fund.rate, "input", "rate")
        if key == "total":
            put(ws, styles, r, 5, p.execution_weight, "label", "score")
            put(ws, styles, r, 7, p.execution_score, "input", "score")
        else:
            put(ws, styles, r, 5, None, "label")
            put(ws, styles, r, 7, None, "label")
        put(ws, styles, r, 8, None, "label")


def _write_goals(ws: Worksheet, styles: Styles, p: ProjectSpec) -> None:
    put_merged(ws, styles, 9, 0, 10, 0, "年度总体目标", "label")
    put_merged(ws, styles, 9, 1, 9, 4, "预期目标", "label")
    put_merged(ws, styles, 9, 5, 9, 8, "实际完成情况", "label")
    ws.set_row(10, row_height([(p.goal_expected, sum(FORM_WIDTHS[1:5])),
                               (p.goal_actual, sum(FORM_WIDTHS[5:]))], minimum=60))
    put_merged(ws, styles, 10, 1, 10, 4, p.goal_expected, "input")
    put_merged(ws, styles, 10, 5, 10, 8, p.goal_actual, "input")


def _write_indicators(ws: Worksheet, styles: Styles, p: ProjectSpec) -> None:
    header = FORM_INDICATOR_ROW - 1
    first, n = header + 1, len(p.indicators)
    last = header + n  # last indicator row (== header when there are none)
    ws.set_row(header, 32)
    put_merged(ws, styles, header, 0, last, 0, "绩效指标", "label")
    for col, text in enumerate(INDICATOR_HEADERS, start=1):
        put(ws, styles, header, col, text, "label")
    for i, ind in enumerate(p.indicators):
        _write_indicator_row(ws, styles, first + i, ind)
    for r1, r2, value in _runs([ind.level1 for ind in p.indicators]):
        put_merged(ws, styles, first + r1, 1, first + r2, 1, value, "input_center")
    keys = [(ind.level1, ind.level2) for ind in p.indicators]
    for r1, r2, _ in _runs(keys):
        level2 = p.indicators[r1].level2
        put_merged(ws, styles, first + r1, 2, first + r2, 2, level2, "input_center")
    if n:
        ws.data_validation(first, 1, last, 1, _dropdown(LEVEL1, "一级指标"))
        all_level2 = tuple(x for names in LEVEL2.values() for x in names)
        ws.data_validation(first, 2, last, 2, _dropdown(all_level2, "二级指标"))
        ws.data_validation(first, 5, last, 5, _dropdown(
            BANDS, "实际完成值", "定量指标直接输入数值（如 95%）；定性指标选择三档之一。"))
    total = last + 1
    put_merged(ws, styles, total, 0, total, 5, "总分", "label")
    put(ws, styles, total, 6, p.total_weight, "label", "score")
    put(ws, styles, total, 7, p.staff_total, "input", "score")
    put(ws, styles, total, 8, None, "label")


def _write_indicator_row(ws: Worksheet, styles: Styles, r: int, ind: IndicatorSpec) -> None:
    ws.set_row(r, row_height([(ind.name, FORM_WIDTHS[3]), (ind.deviation, FORM_WIDTHS[8])], 30))
    put(ws, styles, r, 3, ind.name, "input")
    put(ws, styles, r, 4, ind.target, "input_center")
    put(ws, styles, r, 5, ind.actual, "input_center")
    put(ws, styles, r, 6, ind.weight, "input", "score")
    put(ws, styles, r, 7, ind.staff_score, "input", "score")
    put(ws, styles, r, 8, ind.deviation, "input")


def _runs(values: list) -> list[tuple[int, int, object]]:
    """Maximal runs of equal consecutive values as (first, last, value); an empty value
    (None, "" or a key whose parts are all empty) is always a run of its own."""
    runs: list[tuple[int, int, object]] = []
    for i, v in enumerate(values):
        if runs and v == runs[-1][2] and not _empty(v) and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, v)
        else:
            runs.append((i, i, v))
    return runs


def _empty(v: object) -> bool:
    if isinstance(v, tuple):
        return _empty(v[-1])
    return v is None or v == ""


def _dropdown(values: tuple[str, ...], title: str, message: str | None = None) -> dict:
    """A list validation that warns but still accepts other input (numbers, other frameworks)."""
    return {
        "validate": "list",
        "source": list(values),
        "error_type": "warning",
        "input_title": title,
        "input_message": message or "可从下拉列表选择",
        "error_title": title,
        "error_message": "不在下拉列表中。确定要使用这个值吗？",
    }


# --------------------------------------------------------------------------- 土地流转明细

LAND_HEADER_ROW = 2  # 1-based
LAND_WIDTHS = (44, 22, 12, 16, 14, 24)


def _write_land(ws: Worksheet, styles: Styles, parcels: list[ParcelSpec], blank_rows: int
                ) -> Worksheet:
    for col, width in enumerate(LAND_WIDTHS):
        ws.set_column(col, col, width)
    _page_setup(ws)
    ws.set_row(0, 36)
    put_merged(ws, styles, 0, 0, 0, 5, "土地流转明细", "title")
    header = LAND_HEADER_ROW - 1
    ws.set_row(header, 24)
    for col, text in enumerate(LAND_HEADERS):
        put(ws, styles, header, col, text, "header")
    rows = list(parcels) + [ParcelSpec() for _ in range(blank_rows)]
    for i, parcel in enumerate(rows, start=header + 1):
        village = "小计" if parcel.subtotal and parcel.village is None else parcel.village
        ws.set_row(i, row_height([(parcel.project, LAND_WIDTHS[0]), (village, LAND_WIDTHS[1]),
                                  (parcel.note, LAND_WIDTHS[5])]))
        put(ws, styles, i, 0, parcel.project, "input")
        put(ws, styles, i, 1, village, "input")
        put(ws, styles, i, 2, parcel.area, "input", "area")
        put(ws, styles, i, 3, parcel.rate, "input", "yuan")
        put(ws, styles, i, 4, parcel.amount_yuan, "input", "yuan")
        put(ws, styles, i, 5, parcel.note, "input")
    ws.freeze_panes(header + 1, 0)
    return ws


# --------------------------------------------------------------------------- 填报说明


INSTRUCTIONS_WIDTH = 100


def _write_instructions(ws: Worksheet, styles: Styles) -> Worksheet:
    ws.set_column(0, 0, INSTRUCTIONS_WIDTH)
    _page_setup(ws)
    ws.set_row(0, 36)
    put(ws, styles, 0, 0, instructions.TITLE, "title")
    r = 1
    for head, lines in instructions.SECTIONS:
        r += 1
        put(ws, styles, r, 0, head, "note_head")
        for line in lines:
            r += 1
            put(ws, styles, r, 0, line, "note")
            ws.set_row(r, row_height([(line, INSTRUCTIONS_WIDTH)]))
    return ws
