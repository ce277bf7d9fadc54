"""write_workbook: values are written exactly as the spec gives them (text stays text, numbers
keep every digit, formulas keep their cached value) in the form's layout."""

from __future__ import annotations

import doctest
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

import perfxl.write.spec
from perfxl.write.spec import (
    Formula, FundSpec, IndicatorSpec, ListRowSpec, ParcelSpec, ProjectSpec, UnitSpec, WorkbookSpec,
    funds_all_fiscal,
)
from perfxl.values import to_decimal
from perfxl.write.styles import number_format, row_height
from perfxl.write.template import write_workbook


def _rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def _cell(path: Path, sheet: str, a1: str):
    return load_workbook(path)[sheet][a1]


def _write(tmp_path: Path, spec: WorkbookSpec) -> Path:
    path = tmp_path / "工作簿.xlsx"
    write_workbook(path, spec)
    return path


def test_spec_docstring_example_runs():
    result = doctest.testmod(perfxl.write.spec)
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------- values as given


def test_text_numbers_stay_text_and_decimals_become_numbers(tmp_path):
    unit = UnitSpec(name="某镇", year="2023年", declared_count="15", declared_total=D("144.9552"),
                    rows=[ListRowSpec(1, "甲", "县级", "2", D("1.819"), "约2万", None)])
    path = _write(tmp_path, WorkbookSpec(unit=unit, instructions=False))
    rows = _rows(path, "项目清单")
    assert rows[2][2] == "2023年" and rows[4][2] == "15"
    assert rows[5][2] == 144.9552
    assert rows[7][3:6] == ["2", 1.819, "约2万"]


def test_strings_that_look_like_formulas_stay_text(tmp_path):
    p = ProjectSpec(name="=1+1", funds={"total": FundSpec(budget="=SUM(A1)")})
    path = _write(tmp_path, WorkbookSpec(projects=[p], instructions=False))
    ws = load_workbook(path)["自评表01"]
    assert ws["B3"].value == "=1+1" and ws["B3"].data_type == "s"
    assert ws["D6"].data_type == "s"


def test_formula_cells_keep_their_cached_value(tmp_path):
    total = FundSpec(D("2"), D("2"), D("1.5"), Formula("E6/D6", D("0.75")))
    p = ProjectSpec(funds={"total": total},
                    staff_total=Formula("=SUM(H6,H13:H13)", D("87.5")))
    path = _write(tmp_path, WorkbookSpec(projects=[p], instructions=False))
    rows = _rows(path, "自评表01")
    assert rows[5][6] == 0.75  # calamine reads the cached value
    assert rows[12][7] == 87.5  # 总分 row right after the header when there are no indicators
    ws = load_workbook(path)["自评表01"]
    assert ws["G6"].value == "=E6/D6" and ws["H13"].value == "=SUM(H6,H13:H13)"


@pytest.mark.parametrize("value, kind, fmt", [
    (D("144.9552"), "money", "0.0000"),
    (D("144.95521"), "money", "0.00000"),
    (2, "money", "0.0000"),
    (D("1"), "rate", "0.00%"),
    (D("0.987654"), "rate", "0.0000%"),
    (D("33.333"), "score", "0.000"),
    (50452, "yuan", "0"),
    (D("50.452"), "area", "0.000"),
    (D("1E+2"), "score", "0.00"),
])
def test_number_format_shows_every_digit(value, kind, fmt):
    assert number_format(value, kind) == fmt


def test_written_number_shows_all_its_digits(tmp_path):
    unit = UnitSpec(declared_total=D("144.95521"), total_row=False)
    path = _write(tmp_path, WorkbookSpec(unit=unit, instructions=False))
    cell = _cell(path, "项目清单", "C6")
    assert cell.value == pytest.approx(144.95521) and cell.number_format == "0.00000"


# --------------------------------------------------------------------------- layout


def _indicators() -> list[IndicatorSpec]:
    return [
        IndicatorSpec("产出指标", "数量指标", "a", "≥1次", "1次", D("20"), D("20")),
        IndicatorSpec("产出指标", "数量指标", "b", "≥1次", "1次", D("15"), D("15")),
        IndicatorSpec("产出指标", "质量指标", "c", "≥90%", "90%", D("15"), D("15")),
        IndicatorSpec("效益指标", "社会效益指标", "d", "≥90%", "90%", D("30"), D("30")),
        IndicatorSpec("满意度指标", "服务对象满意度指标", "e", "≥90%", "95%", D("10"), D("10"),
                      "无"),
    ]


def test_indicator_rows_merge_per_level1_and_level2(tmp_path):
    p = ProjectSpec(name="甲", year=2023, funds=funds_all_fiscal(D("2"), D("2")),
                    indicators=_indicators(), staff_total=D("100"))
    path = _write(tmp_path, WorkbookSpec(projects=[p], instructions=False))
    ws = load_workbook(path)["自评表01"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A12:A17", "B13:B15", "C13:C14"} <= merged
    assert not {"C15:C16", "B16:B17"} & merged  # different 一级 are never merged together
    assert [ws.cell(r, 4).value for r in range(13, 18)] == ["a", "b", "c", "d", "e"]
    assert ws["A18"].value == "总分" and ws["G18"].value == 100 and ws["H18"].value == 100
    assert ws["A2"].value == "（2023年度）"


def test_same_level2_under_different_level1_is_not_merged(tmp_path):
    rows = [IndicatorSpec("产出指标", "x", "a"), IndicatorSpec("效益指标", "x", "b")]
    path = _write(tmp_path, WorkbookSpec(projects=[ProjectSpec(indicators=rows)],
                                         instructions=False))
    merged = {str(r) for r in load_workbook(path)["自评表01"].merged_cells.ranges}
    assert "C13:C14" not in merged


def test_empty_level_cells_are_not_merged(tmp_path):
    rows = [IndicatorSpec(name="a"), IndicatorSpec(name="b")]
    path = _write(tmp_path, WorkbookSpec(projects=[ProjectSpec(indicators=rows)],
                                         instructions=False))
    merged = {str(r) for r in load_workbook(path)["自评表01"].merged_cells.ranges}
    assert "B13:B14" not in merged and "C13:C14" not in merged


def test_funds_all_fiscal_rows_and_rates(tmp_path):
    p = ProjectSpec(funds=funds_all_fiscal(D("2"), D("1.5")), execution_score=D("7.5"))
    path = _write(tmp_path, WorkbookSpec(projects=[p], instructions=False))
    rows = _rows(path, "自评表01")
    assert rows[5][1:8] == ["年度资金总额", 2.0, 2.0, 1.5, 10.0, 0.75, 7.5]
    assert rows[6][1:7] == ["其中：当年财政拨款", 2.0, 2.0, 1.5, "", 0.75]
    assert rows[7][1:5] == ["上年结转资金", 0.0, 0.0, 0.0]


def test_list_total_row_is_the_exact_sum_or_what_was_planted(tmp_path):
    rows = [ListRowSpec(1, "甲", None, D("0.1"), D("0.1"), D("0.1")),
            ListRowSpec(2, "乙", None, D("0.2"), "0.2", D("0.2"))]  # a text number is not summed
    path = _write(tmp_path, WorkbookSpec(unit=UnitSpec(rows=rows), instructions=False))
    assert _rows(path, "项目清单")[9][:6] == ["合计", "", "", 0.3, 0.1, 0.3]
    planted = UnitSpec(rows=rows, total_values=(D("9"), "九", None))
    path = _write(tmp_path, WorkbookSpec(unit=planted, instructions=False))
    assert _rows(path, "项目清单")[9][3:6] == [9.0, "九", ""]
    formulas = UnitSpec(rows=rows, total_formulas=True)
    path = _write(tmp_path, WorkbookSpec(unit=formulas, instructions=False))
    assert _cell(path, "项目清单", "D10").value == "=SUM(D8:D9)"
    assert _rows(path, "项目清单")[9][3] == pytest.approx(0.3)


def test_no_total_row(tmp_path):
    unit = UnitSpec(rows=[ListRowSpec(1, "甲")], total_row=False)
    path = _write(tmp_path, WorkbookSpec(unit=unit, instructions=False))
    assert "合计" not in [r[0] for r in _rows(path, "项目清单")]


def test_land_rows_and_subtotal(tmp_path):
    parcels = [ParcelSpec("丁", "南关村", D("75.01"), 1000, 75010),
               ParcelSpec("丁", "新街村", D("37.5"), 1000, 37500, "旱地"),
               ParcelSpec("丁", None, D("112.51"), 1000, 112510, subtotal=True)]
    path = _write(tmp_path, WorkbookSpec(parcels=parcels, instructions=False))
    rows = _rows(path, "土地流转明细")
    assert rows[2] == ["丁", "南关村", 75.01, 1000.0, 75010.0, ""]
    assert rows[3][5] == "旱地"
    assert rows[4][1:3] == ["小计", 112.51]


def test_sheets_present_only_when_asked(tmp_path):
    path = _write(tmp_path, WorkbookSpec(projects=[ProjectSpec(), ProjectSpec(sheet="第二张")],
                                         instructions=False))
    assert CalamineWorkbook.from_path(str(path)).sheet_names == ["自评表01", "第二张"]
    path = _write(tmp_path, WorkbookSpec(parcels=[], instructions=True, protect=False))
    wb = load_workbook(path)
    assert wb.sheetnames == ["土地流转明细", "填报说明"]
    assert not wb["土地流转明细"].protection.sheet


def test_year_line_as_text_and_dates(tmp_path):
    import datetime as dt
    unit = UnitSpec(as_of=dt.date(2023, 12, 1), total_row=False)
    p = ProjectSpec(year="( 2020年度)")
    path = _write(tmp_path, WorkbookSpec(unit=unit, projects=[p], instructions=False))
    wb = load_workbook(path)
    assert wb["自评表01"]["A2"].value == "( 2020年度)"
    assert wb["项目清单"]["C4"].value == dt.datetime(2023, 12, 1)
    assert wb["项目清单"]["C4"].number_format == "yyyy-mm"


def test_unsupported_value_type_is_refused(tmp_path):
    with pytest.raises(TypeError):
        _write(tmp_path, WorkbookSpec(projects=[ProjectSpec(name=object())], instructions=False))


money = st.decimals(min_value=D("-1e9"), max_value=D("1e9"), places=4, allow_nan=False,
                    allow_infinity=False)


@settings(max_examples=25, deadline=None)
@given(st.lists(money, min_size=1, max_size=8))
def test_money_round_trips_exactly_through_the_file(tmp_path_factory, amounts):
    # Decimal → float at the xlsxwriter boundary; read back through repr, every digit survives
    rows = [ListRowSpec(i, f"项目{i}", None, a, a, a) for i, a in enumerate(amounts, 1)]
    path = tmp_path_factory.mktemp("rt") / "rt.xlsx"
    write_workbook(path, WorkbookSpec(unit=UnitSpec(rows=rows, total_row=False),
                                      instructions=False, protect=False))
    table = _rows(path, "项目清单")[7:]
    assert [to_decimal(r[4]) for r in table] == [a.normalize() for a in amounts]
    cells = load_workbook(path)["项目清单"]
    for i, a in enumerate(amounts, start=8):  # the format shows at least all of its digits
        shown = cells.cell(i, 5).number_format
        assert len(shown.split(".")[1]) >= max(4, -a.normalize().as_tuple().exponent)


def test_long_text_rows_are_tall_enough():
    short = row_height([("防火经费", 36)])
    long = row_height([("涞源镇关于旅发大会南关、西关、新街等村土地流转所需资金", 36)])
    assert short == 20 and long > short
