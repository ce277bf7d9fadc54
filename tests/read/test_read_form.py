"""Reading a 自评表 from real .xlsx files: canonical layout and every tolerance of the spec."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.rules.read import read_findings
from perfxl.model import FUND_KEYS
from perfxl.values import Op
from tests.helpers.readfix.build import (
    Formula, Pct, SheetSpec, findings_with, read_sheets, standard_form,
)


def only_project(wb):
    assert len(wb.projects) == 1, read_findings(wb)
    return wb.projects[0]


def test_canonical_form_fields_and_addresses(tmp_path):
    p = only_project(read_sheets(tmp_path, {"自评表01": standard_form()}))
    assert p.sheet == "自评表01"
    assert p.title_loc.cell == "A1:I1"
    assert (p.title_year.value, p.title_year.loc.cell) == (2023, "A2:I2")
    assert (p.name.value, p.name.loc.cell) == ("涞源镇防火经费", "B3:I3")
    assert (p.department.value, p.department.loc.cell) == ("涞源县涞源镇人民政府", "B4:D4")
    assert (p.implementer.value, p.implementer.loc.cell) == ("涞源镇人民政府", "F4:I4")
    assert list(p.funds) == list(FUND_KEYS)
    total = p.funds["total"]
    assert (total.budget.value, total.budget.loc.cell) == (Decimal(2), "D6")
    assert (total.executed.value, total.executed.loc.cell) == (Decimal(2), "E6")
    assert total.weight.value == 10 and total.score.value == 10 and total.rate.value == 1
    assert p.funds["carryover"].budget.loc.cell == "D8"
    assert p.goal_expected.value == "做好防灭火工作" and p.goal_expected.loc.cell == "B11:E11"
    assert p.goal_actual.value == "全年未发生火灾" and p.goal_actual.loc.cell == "F11:I11"
    assert p.indicator_header_row == 12
    assert [i.name.value for i in p.indicators] == [
        "防火宣传次数", "火灾发生率", "资金支付及时率", "群众安全感", "群众满意度"]
    assert [i.row for i in p.indicators] == [13, 14, 15, 16, 17]
    assert (p.total_weight.value, p.total_weight.loc.cell) == (Decimal(100), "G18")
    assert p.total_score.value == 100


def test_merged_level1_counts_on_every_row(tmp_path):
    p = only_project(read_sheets(tmp_path, {"S": standard_form()}))
    first3 = p.indicators[:3]
    assert [i.level1.value for i in first3] == ["产出指标"] * 3
    assert {i.level1.loc.cell for i in first3} == {"B13:B15"}
    assert [i.level1.value for i in p.indicators[3:]] == ["效益指标", "满意度指标"]
    assert [i.level2.value for i in p.indicators] == [
        "数量指标", "质量指标", "时效指标", "社会效益指标", "服务对象满意度指标"]


def test_unmerged_blank_level1_carries_down(tmp_path):
    rows = [("产出指标", "数量指标", "a", "≥1次", "1次", 50, 50),
            ("", "", "b", "≥1次", "1次", 30, 30),
            ("满意度指标", "服务对象满意度指标", "c", "≥90%", "95%", 10, 10)]
    p = only_project(read_sheets(tmp_path, {"S": standard_form(indicators=rows,
                                                                merge_levels=False)}))
    assert [i.level1.value for i in p.indicators] == ["产出指标", "产出指标", "满意度指标"]
    assert [i.level2.value for i in p.indicators] == ["数量指标", "数量指标", "服务对象满意度指标"]


def test_indicator_values_operators_and_units(tmp_path):
    p = only_project(read_sheets(tmp_path, {"S": standard_form()}))
    t = p.indicators[0].target.value
    assert (t.op, t.number, t.unit) == (Op.GE, Decimal(10), "次")
    assert p.indicators[1].target.value.op == Op.LE
    assert p.indicators[0].weight.value == 20 and p.indicators[0].score.value == 20


@pytest.mark.parametrize("rows,cols", [(3, 0), (0, 2), (5, 3)])
def test_inserted_rows_and_columns(tmp_path, rows, cols):
    p = only_project(read_sheets(tmp_path, {"S": standard_form().shifted(rows, cols)}))
    assert p.name.value == "涞源镇防火经费"
    from perfxl.read.grid import a1
    assert p.name.loc.cell == f"{a1(2 + rows, 1 + cols)}:{a1(2 + rows, 8 + cols)}"
    assert p.funds["total"].budget.loc.cell == a1(5 + rows, 3 + cols)
    assert p.funds["total"].budget.value == 2
    assert len(p.indicators) == 5 and p.indicators[0].row == 13 + rows
    assert p.total_weight.value == 100


def test_extra_blank_rows_inside_the_form(tmp_path):
    spec = standard_form()
    moved = SheetSpec({(r + (2 if r >= 9 else 0), c): v for (r, c), v in spec.cells.items()},
                      [(a + (2 if a >= 9 else 0), b, c + (2 if c >= 9 else 0), d)
                       for a, b, c, d in spec.merges])
    p = only_project(read_sheets(tmp_path, {"S": moved}))
    assert p.goal_expected.value == "做好防灭火工作"
    assert len(p.indicators) == 5


@pytest.mark.parametrize("label", ["项 目 名 称", "项目\n名称", "项目名称：", "项目名称:",
                                   " 项目名称 ", "项　目　名　称："])
def test_label_spacing_breaks_and_colons(tmp_path, label):
    spec = standard_form().relabel("项目名称", label)
    assert only_project(read_sheets(tmp_path, {"S": spec})).name.value == "涞源镇防火经费"


def test_full_width_and_half_width_labels(tmp_path):
    spec = standard_form().relabel("项目资金（万元）", "项目资金(万元)")
    spec.relabel("其中：当年财政拨款", "其中:当年财政拨款").relabel("全年预算数", "全年预算数（万元）")
    p = only_project(read_sheets(tmp_path, {"S": spec}))
    assert p.funds["fiscal"].budget.value == 2 and p.funds["total"].budget.value == 2


def test_leading_spaces_in_fund_labels(tmp_path):
    funds = {"年度资金总额：": (3, 3, 3), "    其中：财政拨款": (2, 2, 2), "   上年结转资金": (1, 1, 1),
             "其他资金": (0, 0, 0)}
    p = only_project(read_sheets(tmp_path, {"S": standard_form(funds=funds)}))
    assert [p.funds[k].budget.value for k in FUND_KEYS] == [3, 2, 1, 0]


def test_title_found_by_content_not_sheet_name(tmp_path):
    no_title = standard_form()
    del no_title.cells[(0, 0)]
    no_title.merges = [m for m in no_title.merges if m[:2] != (0, 0)]
    wb = read_sheets(tmp_path, {"Sheet3": standard_form("甲"), "自评表02": no_title})
    assert [p.name.value for p in wb.projects] == ["甲"]


def test_instructions_sheet_is_never_data(tmp_path):
    wb = read_sheets(tmp_path, {"填报说明": standard_form("说明里的示例"),
                                "自评表01": standard_form()})
    assert [p.name.value for p in wb.projects] == ["涞源镇防火经费"]


@pytest.mark.parametrize("line,year", [("（2023年度）", 2023), ("( 2020年度)", 2020),
                                       ("(2022年度)", 2022)])
def test_title_year(tmp_path, line, year):
    assert only_project(read_sheets(tmp_path, {"S": standard_form(year=line)})).title_year.value \
        == year


def test_level1_weight_suffix(tmp_path):
    rows = [("产出指标（50分）", "数量指标", "a", "≥1次", "1次", 50, 50),
            ("满意度指标(10分)", "服务对象满意度指标", "c", "≥90%", "95%", 10, 10)]
    p = only_project(read_sheets(tmp_path, {"S": standard_form(indicators=rows)}))
    assert [(i.level1.value, i.level1_weight.value) for i in p.indicators] == [
        ("产出指标", Decimal(50)), ("满意度指标", Decimal(10))]


@pytest.mark.parametrize("cell,expected", [("92%", "0.92"), (Pct(0.92), "0.92"), (92, "0.92"),
                                           ("0.92", "0.92")])
def test_execution_rate_percent_forms(tmp_path, cell, expected):
    spec = standard_form()
    spec.set(5, 6, cell)
    p = only_project(read_sheets(tmp_path, {"S": spec}))
    assert p.funds["total"].rate.value == Decimal(expected)


@pytest.mark.parametrize("cell,number", [("92%", "92"), (Pct(0.92), "92"), (92, "92"),
                                         (0.92, "92")])
def test_indicator_actual_percent_forms(tmp_path, cell, number):
    rows = [("效益指标", "社会效益指标", "覆盖率", "≥90%", cell, 30, 30)]
    p = only_project(read_sheets(tmp_path, {"S": standard_form(indicators=rows)}))
    a = p.indicators[0].actual.value
    assert (a.number, a.unit) == (Decimal(number), "%")


def test_small_percent_target_keeps_bare_number_as_percent(tmp_path):
    # ≤1%: an actual typed as 0.5 is 0.5 %, not 50 %
    rows = [("产出指标", "质量指标", "事故率", "≤1%", 0.5, 30, 30)]
    p = only_project(read_sheets(tmp_path, {"S": standard_form(indicators=rows)}))
    a = p.indicators[0].actual.value
    assert (a.number, a.unit) == (Decimal("0.5"), "%")


def test_operator_and_unit_in_their_own_columns(tmp_path):
    s = standard_form(indicators=[])
    heads = ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "计量单位", "实际完成值",
             "分值", "得分", "偏差原因分析及改进措施"]
    for c, h in enumerate(heads, 1):
        s.set(11, c, h)
    s.cells.pop((12, 0), None)
    rows = [("产出指标", "数量指标", "宣传次数", "≥", 10, "次", 12, 50, 50),
            ("产出指标", "成本指标", "成本", "≤", 2, "万元", 1.8, 40, 40),
            ("满意度指标", "服务对象满意度指标", "满意度", "正向", 90, "%", 0.95, 10, 10)]
    for i, row in enumerate(rows):
        for c, v in enumerate(row, 1):
            s.set(12 + i, c, v)
    s.set(15, 0, "总分").set(15, 8, 100).set(15, 9, 100)
    p = only_project(read_sheets(tmp_path, {"S": s}))
    got = [(i.target.value.op, i.target.value.number, i.target.value.unit,
            i.actual.value.number, i.actual.value.unit) for i in p.indicators]
    assert got == [(Op.GE, 10, "次", 12, "次"), (Op.LE, 2, "万元", Decimal("1.8"), "万元"),
                   (Op.GE, 90, "%", 95, "%")]
    assert p.total_weight.value == 100 and p.total_weight.loc.cell == "I16"


def test_table_ends_at_first_empty_row_without_total(tmp_path):
    s = standard_form(total_row=False)
    s.set(19, 3, "表外备注")  # after one fully empty row: not an indicator
    p = only_project(read_sheets(tmp_path, {"S": s}))
    assert len(p.indicators) == 5 and p.total_weight.value is None


def test_blank_indicator_table_is_no_error(tmp_path):
    p = only_project(wb := read_sheets(tmp_path, {"S": standard_form(indicators=[])}))
    assert p.indicators == [] and not findings_with(wb, "PX101")


def test_formulas_with_cached_values(tmp_path):
    s = standard_form(funds={"年度资金总额": (Formula("=C7+C8+C9", 2.5), Formula("=D7+D8+D9", 2.5),
                                              Formula("=E7+E8+E9", 2.25)),
                             "其中：当年财政拨款": (2, 2, 2), "上年结转资金": (0.5, 0.5, 0.25),
                             "其他资金": (0, 0, 0)})
    s.set(5, 6, Formula("=E6/D6", 0.9))
    wb = read_sheets(tmp_path, {"S": s})
    total = only_project(wb).funds["total"]
    assert (total.initial_budget.value, total.budget.value, total.executed.value) == (
        Decimal("2.5"), Decimal("2.5"), Decimal("2.25"))
    assert total.rate.value == Decimal("0.9")
    assert not findings_with(wb, "PX105")


def test_numbers_stored_as_text_are_read_with_a_warning(tmp_path):
    s = standard_form()
    s.set(5, 3, "２．５").set(5, 4, "2.5")
    wb = read_sheets(tmp_path, {"S": s})
    total = only_project(wb).funds["total"]
    assert total.budget.value == Decimal("2.5") and total.executed.value == Decimal("2.5")
    warns = findings_with(wb, "PX104")
    assert {(f.cell, f.severity.value) for f in warns} >= {("D6", "warning"), ("E6", "warning")}
    assert all(f.sheet == "S" and "文本" in f.message for f in warns)


@pytest.mark.parametrize("cell,expected", [("2万元", "2"), ("2万", "2"), ("50452元", "5.0452"),
                                           ("1,000", "1000"), ("１４４．９５５２", "144.9552")])
def test_money_suffixes(tmp_path, cell, expected):
    s = standard_form()
    s.set(5, 3, cell)
    assert only_project(read_sheets(tmp_path, {"S": s})).funds["total"].budget.value == \
        Decimal(expected)


def test_yuan_column_header(tmp_path):
    s = standard_form().relabel("全年预算数", "全年预算数（元）")
    s.set(5, 3, 20000)
    assert only_project(read_sheets(tmp_path, {"S": s})).funds["total"].budget.value == 2


def test_vertical_layout_value_below_label(tmp_path):
    s = standard_form()
    s.cells[(2, 0)] = "实施期限"  # the old 项目名称 row now holds another field
    s.merges = [m for m in s.merges if m[:2] != (2, 1)]
    s.cells[(2, 1)] = "2023年"
    s.set(0, 10, "项目名称").set(1, 10, "竖排的项目")
    assert only_project(read_sheets(tmp_path, {"S": s})).name.value == "竖排的项目"


def test_label_followed_by_another_label_means_empty(tmp_path):
    s = standard_form()
    s.merges = [m for m in s.merges if m[:2] != (3, 1)]
    del s.cells[(3, 1)]
    p = only_project(read_sheets(tmp_path, {"S": s}))
    assert p.department.value is None  # not "实施单位"
    assert p.implementer.value == "涞源镇人民政府"


def test_export_repeats_merged_label_and_value(tmp_path):
    s = standard_form()
    s.merges = [m for m in s.merges if m[:2] != (2, 1)]
    s.set(2, 1, "项目名称").set(2, 2, "涞源镇防火经费").set(2, 3, "涞源镇防火经费")
    assert only_project(read_sheets(tmp_path, {"S": s})).name.value == "涞源镇防火经费"


def test_a_sentence_mentioning_the_form_is_no_title(tmp_path):
    note = SheetSpec().set(0, 0, "说明：每个项目填写一张项目支出绩效自评表，金额单位为万元。")
    wb = read_sheets(tmp_path, {"备注": note, "S": standard_form()})
    assert [p.sheet for p in wb.projects] == ["S"]


def test_blank_level2_under_merged_level1_carries_down(tmp_path):
    rows = [("产出指标", "数量指标", "a", "≥1次", "1次", 20, 20),
            ("产出指标", "", "b", "≥1次", "1次", 30, 30)]
    s = standard_form(indicators=rows, merge_levels=False)
    s.cells.pop((13, 1))
    s.merge(12, 1, 13, 1, "产出指标")
    p = only_project(read_sheets(tmp_path, {"S": s}))
    assert [(i.level1.value, i.level2.value) for i in p.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "数量指标")]


def test_form_label_and_value_in_one_cell(tmp_path):
    s = standard_form()
    s.merges = [m for m in s.merges if m[:2] != (2, 1)]
    del s.cells[(2, 1)]
    s.relabel("项目名称", "项目名称：涞源镇防火经费")
    p = only_project(read_sheets(tmp_path, {"S": s}))
    assert (p.name.value, p.name.loc.cell) == ("涞源镇防火经费", "A3")


def test_spare_rows_under_a_merged_level1_do_not_end_the_table(tmp_path):
    rows = [("产出指标", "数量指标", "a", "≥1次", "1次", 20, 20),
            ("产出指标", "", "", "", "", "", ""),  # spare rows the form offers, left empty
            ("产出指标", "", "", "", "", "", ""),
            ("效益指标", "社会效益指标", "b", "≥90%", "95%", 30, 30)]
    s = standard_form(indicators=rows, merge_levels=False)
    for r in (13, 14):
        for c in range(1, 8):
            s.cells.pop((r, c), None)
    s.cells.pop((12, 1))
    s.merge(12, 1, 14, 1, "产出指标")
    p = only_project(read_sheets(tmp_path, {"S": s}))
    assert [(i.level1.value, i.name.value) for i in p.indicators] == [
        ("产出指标", "a"), ("效益指标", "b")]
    assert p.total_weight.value == 100


def test_empty_rows_just_above_the_total_row(tmp_path):
    s = standard_form()
    moved = SheetSpec({(r + (2 if r >= 17 else 0), c): v for (r, c), v in s.cells.items()},
                      s.merges)
    p = only_project(read_sheets(tmp_path, {"S": moved}))
    assert len(p.indicators) == 5 and p.total_weight.loc.cell == "G20"
