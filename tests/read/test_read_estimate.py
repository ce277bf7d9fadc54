"""项目支出明细 and 项目支出计划 read by their labels (.xlsx and .xls, wherever they start)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfxl.model_estimate import Price, Quantity
from perfxl.read import read_workbook
from perfxl.read.estimate import parse_price, parse_quantity
from tests.helpers.estimatefix import estimate_export, shifted, write
from perfxl.example_export import export_sheets

SUFFIXES = pytest.mark.parametrize("suffix", [".xlsx", ".xls"])


@SUFFIXES
def test_detail_lines_total_and_units(tmp_path, suffix):
    wb = read_workbook(estimate_export(tmp_path / f"e{suffix}"))
    [detail] = wb.estimates
    assert detail.total.value == D("190.0") and detail.total.loc.cell == "I2"
    assert [(l.item.value, l.quantity.value, l.price.value, l.amount.value) for l in detail.lines] == [
        ("劳务费", Quantity(D(20), "集"), Price(D("7.5"), "万元", "集"), D("150.0")),
        ("印刷费", Quantity(D(15), "辑"), Price(D("2.3"), "万元", "辑"), D("34.5")),
        ("差旅费", Quantity(D(10), "人次"), Price(D(1000), "元", "人次"), D("1.0")),
        ("其他交通费", Quantity(D(50), "人天"), Price(D(100), "元", "人天"), D("0.5")),
        ("会议费", Quantity(D(40), "人天"), Price(D(500), "元", "人天"), D("2.0")),
        ("专用材料费", Quantity(D(40), "套"), Price(D(500), "元", "套"), D("2.0")),
    ]
    assert [l.activity.value for l in detail.lines] == ["安全宣传教育"] * 2 + ["安全巡查"] * 2 + ["应急演练"] * 2
    assert detail.lines[2].amount.loc.cell == "I5" and detail.lines[2].row == 5


@SUFFIXES
def test_plan_by_year_and_classes(tmp_path, suffix):
    wb = read_workbook(estimate_export(tmp_path / f"e{suffix}"))
    [plan] = wb.plans
    [year] = plan.years
    assert year.year.value == 2020 and year.planned.value == D("190.00")
    assert year.cell("全年预算").value == D("190.00") and year.cell("全年预算").loc.cell == "I3"
    assert year.cell("实际年度剩余", "结余资金").value == D(0)
    assert set(year.groups) == {"年初预算", "执行调整", "全年预算", "预计支出", "实际支出",
                                "预计年度剩余", "实际年度剩余"}
    kinds = [(c.kind, c.name.value, c.amount().value) for c in plan.classes]
    assert kinds[:2] == [("remainder", "剩余支出计划金额", D(0)), ("total", "合计", D("190.00"))]
    assert [k[2] for k in kinds[2:]] == [D("150.0"), D("34.5"), D("1.0"), D("0.5"), D("4.0")]
    assert plan.classes[2].amount("年初数").value == D("150.0")
    assert plan.classes[2].subject.value == "30226 劳务费"


@SUFFIXES
def test_read_wherever_the_used_range_starts(tmp_path, suffix):
    sheets = [shifted(s, 3, 2) for s in export_sheets()]
    wb = read_workbook(write(tmp_path / f"moved{suffix}", sheets))
    [detail], [plan] = wb.estimates, wb.plans
    assert detail.total.loc.cell == "K5" and len(detail.lines) == 6
    assert plan.years[0].cell("全年预算").loc.cell == "K6"
    assert sum(c.amount().value for c in plan.classes if c.kind == "item") == D("190.0")


def test_a_line_that_cannot_be_read_keeps_its_text_and_no_value(tmp_path):
    def edit(sheets):
        sheets["项目支出明细"].cells[(4, 6)] = "约10人次"
        sheets["项目支出明细"].cells[(5, 7)] = "按实际"
    wb = read_workbook(estimate_export(tmp_path / "e.xlsx", edit=edit))
    lines = wb.estimates[0].lines
    assert lines[2].quantity.value is None and lines[2].quantity.raw == "约10人次"
    assert lines[2].quantity.loc.cell == "G5"
    assert lines[3].price.value is None and lines[3].price.raw == "按实际"


@pytest.mark.parametrize("text,expected", [
    ("20集", Quantity(D(20), "集")), ("\u300015辑", Quantity(D(15), "辑")),
    ("  10人次", Quantity(D(10), "人次")), ("3", Quantity(D(3), "")), (12, Quantity(D(12), "")),
    ("约10人次", None), ("若干", None), ("≥10次", None)])
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("7.5万元/集", Price(D("7.5"), "万元", "集")), ("1000元/人次", Price(D(1000), "元", "人次")),
    ("\u30002.3万元/辑", Price(D("2.3"), "万元", "辑")), ("100元/亩·年", Price(D(100), "元", "亩/年")),
    ("9.3万/人", Price(D("9.3"), "万元", "人")), ("500元", Price(D(500), "元", "")),
    ("500", None), (500, None), ("按实际", None), ("5元人", None)])
def test_parse_price(text, expected):
    assert parse_price(text) == expected


def test_placeholders_in_a_line_are_blanks_not_unreadable(tmp_path):
    def edit(sheets):
        detail = sheets["项目支出明细"]
        detail.cells[(4, 6)] = "—"  # 数量
        detail.cells[(4, 9)] = "/"  # 备注
    wb = read_workbook(estimate_export(tmp_path / "e.xlsx", edit=edit))
    line = wb.estimates[0].lines[2]
    assert line.quantity.value is None and line.quantity.raw == ""
    assert line.note.value == "/"  # text stays text: only value cells read placeholders as blanks


def test_a_total_row_under_the_plan_years_is_no_year(tmp_path):
    def edit(sheets):
        plan = sheets["项目支出计划"]
        for (r, c), v in list(plan.cells.items()):
            if r == 2:
                plan.cells[(3, c)] = v
        plan.cells[(3, 0)] = "合计"
    wb = read_workbook(estimate_export(tmp_path / "e.xlsx", edit=edit))
    assert [y.year.value for y in wb.plans[0].years] == [2020]
    assert not [o for o in wb.observations if o.kind == "not_a_number"]
