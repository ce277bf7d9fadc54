"""Every 申报表 layout of declaration.md is read into model.Declaration (issue 16 item 1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.model import Loc
from perfxl.read import read_workbook
from tests.helpers.declfix import (
    Row, blank_form, good_form, sheet_form, target_list, unit_workbook, write_forms,
)
from tests.helpers.exportfix import write_export


def test_one_form_per_sheet_reads_every_field(tmp_path):
    [d] = read_workbook(unit_workbook(tmp_path / "街道.xlsx", [good_form()])).declarations
    assert d.layout == "sheet" and d.sheet == "3.社区饭堂经费（XX社区）"
    assert d.code.value == "440306231391500000001" and not d.code_lost
    assert d.name.value == "社区饭堂经费（XX社区）"
    assert d.implementer.value == "XX街道XX社区居民委员会"
    assert d.department.value == "XX街道办事处" and d.period.value == "2024年"
    assert d.total_amount.value == Decimal("41.2752")
    assert d.year_amount.value == Decimal("13.7584") and d.year_amount.loc.cell == "E7"
    assert d.policy_basis.value.startswith("《XX区") and "13.7584万元" in d.calc_basis.value
    assert d.goal_year.value.startswith("为辖区") and d.goal_medium.value.startswith("建成")
    assert d.title_year.value == 2024
    assert d.table_loc == Loc(d.sheet, "A12:E12") and d.explanation_column


def test_indicators_with_targets_and_not_applicable_rows(tmp_path):
    [d] = read_workbook(unit_workbook(tmp_path / "街道.xlsx", [good_form()])).declarations
    names = [i.name.value for i in d.year_indicators]
    assert len(names) == 10 and names[0] == "保障长者就餐人数"
    cost = next(i for i in d.year_indicators if i.level2.value == "成本指标")
    assert (cost.target.value.op.value, cost.target.value.number, cost.target.value.unit) == \
        ("≤", Decimal("13.7584"), "万元")
    assert cost.level1.value == "产出指标" and cost.explanation.value == "全年运营经费上限"
    na = [i.level2.value for i in d.year_indicators if i.not_applicable]
    assert na == ["经济效益指标", "生态效益指标"]
    assert not any(i.printed for i in d.year_indicators)


def test_pre_printed_rows_left_blank_are_kept_as_printed(tmp_path):
    rows = [r for r in good_form().rows if r.level2 not in ("生态效益指标", "经济效益指标")]
    [d] = read_workbook(unit_workbook(tmp_path / "x.xlsx", [good_form(rows=rows)])).declarations
    printed = [(i.row, i.level2.value) for i in d.year_indicators if i.printed]
    assert printed == [(18, "经济效益指标"), (20, "生态效益指标")]
    assert all(i.name.value is None and i.target.value is None
               for i in d.year_indicators if i.printed)


def test_empty_table_is_all_printed_rows(tmp_path):
    [d] = read_workbook(unit_workbook(tmp_path / "x.xlsx", [good_form(rows=[])])).declarations
    assert len(d.year_indicators) == 9 and all(i.printed for i in d.year_indicators)


def test_code_excel_rounded_is_kept_as_shown_never_with_digits_made_up(tmp_path):
    path = unit_workbook(tmp_path / "x.xlsx", [good_form(code=4.403062313915e+20)])
    [d] = read_workbook(path).declarations
    assert d.code.value == "4.403062313915e+20" and d.code_lost
    path = unit_workbook(tmp_path / "y.xlsx", [good_form(code="4.403062313915E+20")])
    assert read_workbook(path).declarations[0].code_lost
    path = unit_workbook(tmp_path / "z.xlsx", [good_form(code=2024001)])
    [d] = read_workbook(path).declarations
    assert d.code.value == "2024001" and not d.code_lost


def test_amount_typed_in_yuan_is_read_as_typed(tmp_path):
    """The reader reads what is there (137584 万元); PX712 says what was meant."""
    [d] = read_workbook(unit_workbook(tmp_path / "x.xlsx", [good_form(amount=137584)])).declarations
    assert d.year_amount.value == Decimal(137584)


def test_many_forms_one_workbook_each_its_own_record(tmp_path):
    forms = [good_form(sheet=f"{i}.项目{i}", name=f"项目{i}") for i in range(1, 18)]
    wb = read_workbook(unit_workbook(tmp_path / "x.xlsx", forms))
    assert [d.name.value for d in wb.declarations] == [f"项目{i}" for i in range(1, 18)]
    assert wb.forms == ["申报表"] and wb.unrecognised is None


def test_perfxl_blank_with_operator_and_unit_columns(tmp_path):
    [d] = read_workbook(write_forms(tmp_path / "模板.xlsx", [blank_form(good_form())])).declarations
    assert d.layout == "sheet" and d.code.value == "440306231391500000001"
    assert d.year_amount.value == Decimal("13.7584") and d.total_amount.value == Decimal("41.2752")
    first = d.year_indicators[0]
    assert (first.name.value, first.target.value.op.value, first.target.value.number,
            first.target.value.unit) == ("保障长者就餐人数", "≥", Decimal(120), "人")
    assert d.explanation_column and first.explanation.value == "每日在社区饭堂就餐的长者人数"


def test_flat_target_list_one_record_per_project(tmp_path):
    forms = [good_form(), good_form(code="440306231391500000002", name="乙项目", amount=0)]
    wb = read_workbook(write_forms(tmp_path / "清单.xlsx", [target_list(forms)]))
    a, b = wb.declarations
    assert (a.layout, a.sheet, a.name.value, b.name.value) == ("list", "绩效目标清单",
                                                               "社区饭堂经费（XX社区）", "乙项目")
    assert a.year_amount.value == Decimal("13.7584") and b.year_amount.value == 0
    assert len(a.year_indicators) == 10 and len(b.year_indicators) == 10
    assert a.title_year.value == 2024 and a.table_loc == Loc("绩效目标清单", "A2:J2")
    assert b.year_indicators[0].row == 13 and b.code.loc.cell == "A13"


def test_list_rows_without_project_continue_the_one_above(tmp_path):
    from tests.helpers.exportfix import Sheet
    s = target_list([good_form()])
    for r in range(3, 12):  # only the first row names the project (a merge saved so)
        for c in range(5):
            s.cells.pop((r, c), None)
    [d] = read_workbook(write_forms(tmp_path / "清单.xlsx", [s])).declarations
    assert len(d.year_indicators) == 10 and isinstance(s, Sheet)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_export_is_read_as_before(tmp_path, suffix):
    [d] = read_workbook(write_export(tmp_path / f"导出{suffix}")).declarations
    assert d.layout == "export" and d.year_amount.value == Decimal(190)
    assert d.table_loc is not None and d.medium_indicators


def test_title_without_indicator_table_says_why(tmp_path):
    s = sheet_form(good_form())
    s.cells = {k: v for k, v in s.cells.items() if k[0] < 11}
    wb = read_workbook(write_forms(tmp_path / "x.xlsx", [s]))
    assert len(wb.declarations) == 1
    [o] = [o for o in wb.observations if o.kind == "missing_block"]
    assert o.field == "绩效指标表" and o.sheet == s.name


def test_row_without_indicator_name_is_an_observation(tmp_path):
    rows = good_form().rows
    rows[0] = Row("数量指标", "", "≥120人", "每日就餐长者")
    wb = read_workbook(unit_workbook(tmp_path / "x.xlsx", [good_form(rows=rows)]))
    assert any(o.kind == "missing_field" and o.cell == "C13" for o in wb.observations)
