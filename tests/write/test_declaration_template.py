"""``perfxl template --kind 申报表|二级申报表``: the 申报表 blanks offer the 一级 and 二级 categories
as dropdowns; the 二级 form is one form per sheet, labels locked, its 二级 rows pre-printed."""

from __future__ import annotations

import openpyxl

from perfxl.read import read_workbook
from perfxl.write.declaration_form import LEVEL2, PRE_PRINTED, write_blank_declaration
from perfxl.write.official_forms import write_official_form


def _lists(ws) -> dict[str, str]:
    return {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation
            if dv.type == "list"}


def test_second_level_blank_has_category_dropdowns(tmp_path):
    path = tmp_path / "申报.xlsx"
    write_blank_declaration(path, year=2024)
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "二级项目支出绩效目标申报表" and ws["A2"].value == "（2024年度）"
    header = next(r for r in range(1, 30) if ws.cell(r, 3).value == "三级指标")
    assert [ws.cell(header, c).value for c in range(1, 6)] == [
        "一级指标", "二级指标", "三级指标", "目标值", "指标解释"]
    first, last = header + 1, header + len(PRE_PRINTED)
    lists = _lists(ws)
    assert f"B{first}:B{last}" in lists and "社会效益指标" in lists[f"B{first}:B{last}"]
    assert all(name in lists[f"B{first}:B{last}"] for name in LEVEL2)
    assert [ws.cell(r, 2).value for r in range(first, last + 1)] == [b for _, b in PRE_PRINTED]
    assert ws.protection.sheet and not ws.cell(first, 3).protection.locked
    assert ws["A3"].value == "项目编码" and ws["A3"].protection.locked
    assert ws.cell(last + 1, 1).value.startswith("备注：")


def test_second_level_blank_is_recognised_as_a_declaration(tmp_path):
    path = tmp_path / "申报.xlsx"
    write_blank_declaration(path)
    assert read_workbook(path).forms == ["申报表"]


def test_official_declaration_offers_the_categories(tmp_path):
    path = tmp_path / "申报.xlsx"
    write_official_form(path, "申报表")
    lists = _lists(openpyxl.load_workbook(path).active)
    level2 = [f for f in lists.values() if "服务对象满意度指标" in f]
    assert len(level2) == 2  # the medium-term and the year group
    assert any("产出指标" in f and "数量指标" not in f for f in lists.values())
