"""Reading the 项目清单 sheet (unit header + project table) from real .xlsx files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from perfxl.rules.read import read_findings
from tests.helpers.readfix.build import (
    DateCell, SheetSpec, findings_with, project_list, read_sheets, standard_form,
)

# the seed's 15 budgets (万元): they must add up to exactly 144.9552
SEED_BUDGETS = ["2", "1", "2.07", "1.04", "2", "1", "1.04", "37.5", "19", "35", "5.0452",
                "1.819", "18.688", "17.573", "0.18"]


def read_list(tmp_path, spec: SheetSpec, *more):
    sheets = {"项目清单": spec, "自评表01": standard_form()}
    wb = read_sheets(tmp_path, sheets)
    assert wb.unit is not None
    return wb


def test_header_fields_and_rows(tmp_path):
    wb = read_list(tmp_path, project_list())
    u = wb.unit
    assert (u.name.value, u.name.loc.cell) == ("涞源县涞源镇人民政府", "B2")
    assert u.year.value == 2023 and (u.as_of_year.value, u.as_of_month.value) == (2023, 12)
    assert u.declared_count.value == 1 and u.declared_total.value == 2
    assert u.header_row == 8
    assert [(r.row, r.seq.value, r.name.value, r.budget.value) for r in u.rows] == [
        (9, "1", "涞源镇防火经费", Decimal(2))]
    assert u.total_row is not None and u.total_row.row == 10 and u.total_row.budget.value == 2
    assert not [f for f in read_findings(wb) if f.severity.value == "error"]


def test_decimal_exactness_of_the_seed_budgets(tmp_path):
    projects = [(f"项目{i}", float(b), float(b), float(b)) for i, b in enumerate(SEED_BUDGETS, 1)]
    wb = read_list(tmp_path, project_list(projects, total=144.9552))
    budgets = [r.budget.value for r in wb.unit.rows]
    assert budgets == [Decimal(b) for b in SEED_BUDGETS]
    assert sum(budgets) == Decimal("144.9552")
    assert wb.unit.declared_total.value == Decimal("144.9552")
    assert str(wb.unit.declared_total.value) == "144.9552"


def test_found_by_header_row_without_title(tmp_path):
    spec = project_list()
    del spec.cells[(0, 0)]
    spec.merges = []
    wb = read_list(tmp_path, spec.shifted(2, 1))
    assert wb.unit.rows[0].name.value == "涞源镇防火经费"
    assert wb.unit.rows[0].name.loc.cell == "C11"


@pytest.mark.parametrize("value,year,month", [("2023年12月", 2023, 12), ("2023-12", 2023, 12),
                                              (12, None, 12), ("１２", None, 12),
                                              (DateCell(dt.datetime(2023, 7, 31)), 2023, 7)])
def test_as_of_forms(tmp_path, value, year, month):
    u = read_list(tmp_path, project_list(as_of=value)).unit
    assert (u.as_of_year.value, u.as_of_month.value) == (year, month)
    assert u.as_of_month.loc.cell == "B4"


def test_vertical_header_fields(tmp_path):
    s = SheetSpec()
    s.set(0, 0, "项目清单")
    for c, (label, value) in enumerate([("单位名称", "某镇"), ("评价年度", 2023), ("项目个数", 1),
                                        ("预算总金额（万元）", 2)]):
        s.set(2, c, label).set(3, c, value)
    for c, h in enumerate(["序号", "项目名称", "全年预算数（万元）", "全年执行数（万元）"]):
        s.set(5, c, h)
    s.set(6, 0, 1).set(6, 1, "甲").set(6, 2, 2).set(6, 3, 2)
    u = read_list(tmp_path, s).unit
    assert (u.name.value, u.year.value, u.declared_count.value, u.declared_total.value) == (
        "某镇", 2023, 1, 2)
    assert u.name.loc.cell == "A4"


def test_columns_in_another_order_with_extras(tmp_path):
    s = SheetSpec()
    s.set(0, 0, "单位名称").set(0, 1, "某镇")
    heads = ["备注", "项目名称", "全年执行数（万元）", "序号", "全年预算数(万元)", "资金级次"]
    for c, h in enumerate(heads):
        s.set(2, c, h)
    s.set(3, 0, "x").set(3, 1, "甲").set(3, 2, 1.5).set(3, 3, 1).set(3, 4, 2).set(3, 5, "县级")
    row = read_list(tmp_path, s).unit.rows[0]
    assert (row.name.value, row.budget.value, row.executed.value, row.seq.value,
            row.fund_level.value) == ("甲", 2, Decimal("1.5"), "1", "县级")


def test_yuan_header_and_text_amounts(tmp_path):
    s = project_list()
    s.set(7, 4, "全年预算数（元）").set(8, 4, 20000).set(8, 5, "1.8万元")
    wb = read_list(tmp_path, s)
    row = wb.unit.rows[0]
    assert row.budget.value == 2 and row.executed.value == Decimal("1.8")
    assert [f.cell for f in findings_with(wb, "PX104")] == ["F9"]


def test_blank_rows_between_projects_are_skipped(tmp_path):
    s = project_list((("甲", 1, 1, 1), ("乙", 2, 2, 2)))
    moved = SheetSpec({(r + (3 if r >= 10 else 0), c): v for (r, c), v in s.cells.items()},
                      s.merges)
    u = read_list(tmp_path, moved).unit
    assert [r.name.value for r in u.rows] == ["甲", "乙"] and u.total_row.budget.value == 3


def test_missing_name_and_budget_are_px102(tmp_path):
    s = project_list((("甲", 1, 1, 1), ("乙", 2, 2, 2)))
    s.set(9, 1, "").set(8, 4, None)
    del s.cells[(8, 4)]
    wb = read_list(tmp_path, s)
    px102 = {(f.cell, f.message) for f in findings_with(wb, "PX102")}
    assert ("B10", "项目名称为空") in px102
    assert any(cell == "E9" and "全年预算数" in msg for cell, msg in px102)


@pytest.mark.parametrize("text", ["约2万", "两万元"])
def test_not_a_number_is_px103(tmp_path, text):
    s = project_list()
    s.set(8, 4, text)
    wb = read_list(tmp_path, s)
    [f] = findings_with(wb, "PX103")
    assert (f.sheet, f.cell, f.actual, f.severity.value) == ("项目清单", "E9", text, "error")
    assert f.message == f"“{text}”不是数字，“涞源镇防火经费”的全年预算数需要填写数字（万元）"
    assert f.project == "涞源镇防火经费"
    assert wb.unit.rows[0].budget.value is None and wb.unit.rows[0].budget.raw == text


def test_list_without_table_is_px101(tmp_path):
    s = SheetSpec()
    s.set(0, 0, "项目清单").set(1, 0, "单位名称").set(1, 1, "某镇")
    wb = read_list(tmp_path, s)
    assert any("项目表" in f.message for f in findings_with(wb, "PX101"))


def test_footnotes_under_the_table_are_not_projects(tmp_path):
    s = project_list(with_total_row=False)
    s.set(10, 0, "填表人：张三").set(11, 1, "注：金额单位为万元")
    wb = read_list(tmp_path, s)
    assert [r.name.value for r in wb.unit.rows] == ["涞源镇防火经费"]
    assert not findings_with(wb, "PX102")


def test_label_and_value_in_one_cell(tmp_path):
    s = SheetSpec()
    s.set(0, 0, "单位名称：涞源县涞源镇人民政府").set(1, 0, "评价年度:2023").set(1, 2, "数据截至：2023年7月")
    s.set(2, 0, "项目个数：1").set(2, 2, "预算总金额（万元）：144.9552")
    for c, h in enumerate(["序号", "项目名称", "全年预算数（万元）"]):
        s.set(4, c, h)
    s.set(5, 0, 1).set(5, 1, "甲").set(5, 2, 144.9552)
    wb = read_list(tmp_path, s)
    u = wb.unit
    assert (u.name.value, u.year.value, u.as_of_month.value, u.declared_count.value,
            u.declared_total.value) == ("涞源县涞源镇人民政府", 2023, 7, 1, Decimal("144.9552"))
    assert u.name.loc.cell == "A1" and u.declared_total.loc.cell == "C3"
    assert not findings_with(wb, "PX102") and not findings_with(wb, "PX104")
