"""The 二级项目支出绩效目标申报表, one form per sheet — perfxl's own 申报表 layout.

The layout is the one municipal budget systems import and export (``declaration.md``, layout 1):
a title row, the header fields as two label/value pairs per row (A/B:C and D/E), 政策依据 …
长期目标 one per row, the indicator table ``一级指标 · 二级指标 · 三级指标 · 目标值 · 指标解释`` in
columns A–E with its 二级 rows pre-printed, then a ``备注：`` line. One code path writes the blank
staff receive (``perfxl template --kind 申报表``: one form, dropdowns for the 一级 and 二级
categories) and the filled workbooks of the 申报表 example and the tests, so they cannot drift
apart. Every value is written exactly as given (see :mod:`perfxl.write.spec`): a 项目编码 typed as
a number stays a number, an amount typed in 元 stays 137584.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from perfxl.write.spec import CellValue
from perfxl.write.styles import Styles, put, put_merged, row_height

TITLE = "二级项目支出绩效目标申报表"
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
# The 二级 categories offered in the dropdown: the pre-printed ones, and 财预〔2021〕101号's 成本.
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
          "生态效益指标", "可持续影响指标", "服务对象满意度指标", "其他满意度指标", "经济成本指标",
          "社会成本指标", "生态环境成本指标")
PRE_PRINTED = (  # (一级, 二级) rows of the blank form
    ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
    ("产出指标", "成本指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"), ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
)
HEADER = ("一级指标", "二级指标", "三级指标", "目标值", "指标解释")
WIDTHS = (14, 18, 28, 22, 40)
NOTE = ("备注：1. 金额单位为万元；2. 不适用的指标在三级指标、目标值和指标解释中填写“不适用”，不要留空；"
        "3. 目标值写明符号、数字和单位（如 ≥100次、≤24万元、≥90%、2024年12月底前）。")
PROTECTION = {"insert_rows": True, "delete_rows": True, "format_cells": True,
              "format_columns": True, "format_rows": True, "select_locked_cells": True,
              "select_unlocked_cells": True}
_CREATED = _dt.datetime(2024, 1, 1)  # fixed metadata: regenerating gives the same file


@dataclass
class DeclaredIndicatorSpec:
    """One indicator row: ``name`` None leaves a pre-printed row blank."""

    level1: CellValue = None
    level2: CellValue = None
    name: CellValue = None
    target: CellValue = None
    explanation: CellValue = None


@dataclass
class DeclarationFormSpec:
    """One 申报表 as staff fill it in; every field is written exactly as given."""

    sheet: str
    year: int | None = None
    code: CellValue = None  # 项目编码 (a str keeps every digit; a number is what Excel rounds)
    name: CellValue = None  # 项目名称
    applicant: CellValue = None  # 申请单位
    department: CellValue = None  # 一级预算单位
    period: CellValue = None  # 实施期限
    project_type: CellValue = None  # 项目类型
    new_project: CellValue = None  # 是否新增项目
    allocation: CellValue = None  # 分配方式
    total_amount: CellValue = None  # 项目总金额（中期规划，万元）
    year_amount: CellValue = None  # 本年度项目金额（万元）
    policy_basis: CellValue = None  # 政策依据
    calc_basis: CellValue = None  # 测算依据
    year_goal: CellValue = None  # 年度目标
    long_goal: CellValue = None  # 长期目标
    indicators: list[DeclaredIndicatorSpec] = field(default_factory=list)


# Header fields: (label, attribute) pairs, two per row (A/B:C and D/E).
FIELD_ROWS = (
    (("项目编码", "code"), ("项目名称", "name")),
    (("申请单位", "applicant"), ("一级预算单位", "department")),
    (("实施期限", "period"), ("项目类型", "project_type")),
    (("是否新增项目", "new_project"), ("分配方式", "allocation")),
    (("项目总金额（中期规划，万元）", "total_amount"), ("本年度项目金额（万元）", "year_amount")),
)
TEXT_ROWS = (("政策依据", "policy_basis"), ("测算依据", "calc_basis"), ("年度目标", "year_goal"),
             ("长期目标（跨度多年的项目需填）", "long_goal"))
_AMOUNTS = {"total_amount", "year_amount"}


def write_declarations(path: str | Path, forms: list[DeclarationFormSpec], *,
                       protect: bool = False, title: str = "项目支出绩效目标申报表") -> None:
    """Write ``forms`` one per sheet into a new .xlsx at ``path`` (overwrites)."""
    wb = new_workbook(path, title)
    styles = Styles(wb)
    try:
        for form in forms:
            ws = wb.add_worksheet(form.sheet)
            write_form(ws, styles, form)
            if protect:
                ws.protect("", PROTECTION)
    finally:
        wb.close()


def new_workbook(path: str | Path, title: str) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook that writes every string as text and fixed metadata."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                          "strings_to_formulas": False,
                                          "strings_to_urls": False})
    wb.set_properties({"created": _CREATED, "author": "perfxl", "title": title})
    return wb


def blank_form(year: int | None = None) -> DeclarationFormSpec:
    """The blank form of ``perfxl template --kind 申报表``: the pre-printed 二级 rows, empty."""
    return DeclarationFormSpec(sheet="绩效目标申报表", year=year, indicators=[
        DeclaredIndicatorSpec(level1, level2) for level1, level2 in PRE_PRINTED])


def write_blank_declaration(path: str | Path, year: int | None = None) -> None:
    """``perfxl template --kind 申报表``: one blank form, labels locked, dropdowns for 一级/二级."""
    write_declarations(path, [blank_form(year)], protect=True)


def write_form(ws: Worksheet, st: Styles, form: DeclarationFormSpec) -> None:
    """One form on ``ws`` from row 1; returns nothing (the layout is fixed per number of rows)."""
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    last = len(WIDTHS) - 1
    ws.set_row(0, 32)
    put_merged(ws, st, 0, 0, 0, last, TITLE, "title")
    year = f"（{form.year}年度）" if form.year else "（    年度）"
    put_merged(ws, st, 1, 0, 1, last, year, "subtitle")
    r = 2
    for (label1, attr1), (label2, attr2) in FIELD_ROWS:
        number = "money" if attr1 in _AMOUNTS else "plain"
        ws.set_row(r, row_height([(getattr(form, attr1), WIDTHS[1] + WIDTHS[2]),
                                  (getattr(form, attr2), WIDTHS[4])], 22))
        put(ws, st, r, 0, label1, "label")
        put_merged(ws, st, r, 1, r, 2, getattr(form, attr1), "input_left", number)
        put(ws, st, r, 3, label2, "label")
        put(ws, st, r, 4, getattr(form, attr2), "input_left", number)
        r += 1
    for label, attr in TEXT_ROWS:
        value = getattr(form, attr)
        ws.set_row(r, row_height([(value, sum(WIDTHS[1:]))], 36))
        put(ws, st, r, 0, label, "label")
        put_merged(ws, st, r, 1, r, last, value, "input")
        r += 1
    r = _indicator_table(ws, st, r, form.indicators)
    ws.set_row(r, row_height([(NOTE, sum(WIDTHS))], 20))
    put_merged(ws, st, r, 0, r, last, NOTE, "note")


def _indicator_table(ws: Worksheet, st: Styles, header: int,
                     rows: list[DeclaredIndicatorSpec]) -> int:
    """The table under its header row; returns the row after it."""
    ws.set_row(header, 22)
    for col, text in enumerate(HEADER):
        put(ws, st, header, col, text, "header")
    first = header + 1
    for i, ind in enumerate(rows):
        r = first + i
        ws.set_row(r, row_height([(ind.name, WIDTHS[2]), (ind.target, WIDTHS[3]),
                                  (ind.explanation, WIDTHS[4])], 20))
        put(ws, st, r, 2, ind.name, "input")
        put(ws, st, r, 3, ind.target, "input")
        put(ws, st, r, 4, ind.explanation, "input")
    for r1, r2, value in _runs([ind.level1 for ind in rows]):
        put_merged(ws, st, first + r1, 0, first + r2, 0, value, "input_center")
    for i, ind in enumerate(rows):
        put(ws, st, first + i, 1, ind.level2, "input_center")
    if rows:
        last = first + len(rows) - 1
        ws.data_validation(first, 0, last, 0, category_dropdown(LEVEL1, "一级指标"))
        ws.data_validation(first, 1, last, 1, category_dropdown(LEVEL2, "二级指标"))
    return first + len(rows)


def _runs(values: list) -> list[tuple[int, int, object]]:
    """Maximal runs of equal, non-empty consecutive values as (first, last, value)."""
    runs: list[tuple[int, int, object]] = []
    for i, v in enumerate(values):
        if runs and v is not None and v == runs[-1][2] and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, v)
        else:
            runs.append((i, i, v))
    return runs


def category_dropdown(values: tuple[str, ...], title: str) -> dict:
    """A list validation that warns but still accepts other wording (a district's own)."""
    return {"validate": "list", "source": list(values), "error_type": "warning",
            "input_title": title, "input_message": "可从下拉列表选择",
            "error_title": title, "error_message": "不在下拉列表中。确定要使用这个值吗？"}
