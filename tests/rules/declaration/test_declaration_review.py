"""The 申报表 review on forms like the real ones (issue 16 items 2–4, "Done when"): the empty
tables, zero amounts, 元/万元 slips and missing categories are flagged, each at its cell, and a
correctly filled form gets 优 with no error."""

from __future__ import annotations

import pytest

from perfxl.config import Config
from perfxl.pipeline import check_file
from tests.helpers.declfix import (
    PRINTED, Row, blank_form, good_form, good_rows, review_forms, target_list, unit_workbook,
    write_forms,
)


@pytest.fixture(scope="module")
def unit(tmp_path_factory):
    path = unit_workbook(tmp_path_factory.mktemp("unit") / "XX街道申报表.xlsx", review_forms())
    return check_file(path, Config())


def found(result, sheet):
    return sorted((f.code, f.cell) for f in result.findings if f.sheet == sheet)


def grades(result):
    return {d["sheet"]: d["grade"] for d in result.to_dict()["declarations"]}


def test_a_correct_form_is_graded_you_with_no_finding(unit):
    assert found(unit, "1.社区饭堂经费") == []
    assert grades(unit)["1.社区饭堂经费"] == "优"


@pytest.mark.parametrize("layout", [blank_form, None])
def test_a_correct_form_in_other_layouts_is_you(tmp_path, layout):
    sheets = [layout(good_form())] if layout else [target_list([good_form()])]
    doc = check_file(write_forms(tmp_path / "x.xlsx", sheets), Config()).to_dict()
    assert [d["grade"] for d in doc["declarations"]] == ["优"]
    assert doc["counts"]["error"] == 0 and doc["counts"]["warning"] == 0


def test_empty_table_at_its_header_row_only(unit):
    assert found(unit, "2.空表") == [("PX701", "A12:E12")]
    assert grades(unit)["2.空表"] == "差"


def test_zero_amount_at_its_value_cell(unit):
    assert found(unit, "3.零金额") == [("PX711", "E7")]
    assert grades(unit)["3.零金额"] == "差"


def test_yuan_in_wan_names_the_amount_meant_and_its_evidence(unit):
    [f] = [f for f in unit.findings if f.code == "PX712"]
    assert (f.sheet, f.cell, f.expected, f.actual) == ("4.元填万元", "E7", "13.7584 万元",
                                                      "137584 万元")
    assert f.severity.value == "error"
    assert "应为 13.7584 万元" in f.message and "不超过13.7584万元" in f.message
    assert grades(unit)["4.元填万元"] == "中"


def test_rounded_code_is_a_finding_at_the_code_cell(unit):
    [f] = [f for f in unit.findings if f.code == "PX720"]
    assert (f.sheet, f.cell, f.actual) == ("4.元填万元", "B3:C3", "4.403062313915e+20")


def test_missing_category_at_the_erji_row_it_belongs_under(unit):
    assert found(unit, "5.缺成本") == [("PX702", "B17")]
    [f] = [f for f in unit.findings if f.code == "PX702"]
    assert "成本指标" in f.message and "不适用" in f.message


def test_missing_targets_and_explanations(unit):
    assert found(unit, "6.缺目标值") == [("PX704", "D13"), ("PX704", "D14"),
                                        ("PX705", "E13"), ("PX705", "E14")]


def test_blank_printed_row_is_px703_only(unit):
    assert found(unit, "7.留空") == [("PX703", "B20")]
    assert grades(unit)["7.留空"] == "良"


def test_not_applicable_rows_are_no_missing_values(unit):
    """Every form's 经济效益 and 生态效益 rows say 不适用: no PX704/PX705/PX703 on them."""
    for f in unit.findings:
        assert not (f.code in ("PX703", "PX704", "PX705") and f.cell in ("B18", "D18", "E18"))


def test_unmeasurable_bare_untimed_and_bare_cost(unit):
    assert found(unit, "8.定性目标") == [("PX706", "D15"), ("PX707", "D13"), ("PX707", "D14"),
                                        ("PX708", "D16"), ("PX709", "D17")]


def test_year_above_total_and_cost_above_amount(unit):
    assert found(unit, "9.超总额") == [("PX713", "E7"), ("PX714", "D17")]


def test_policy_calculation_and_thin_goal(unit):
    got = {f.code: (f.cell, f.severity.value) for f in unit.findings if f.sheet == "10.依据不全"}
    assert got == {"PX715": ("B10:E10", "warning"), "PX716": ("B8:E8", "warning"),
                   "PX717": ("B9:E9", "warning")}
    [missing] = [f for f in unit.findings if f.sheet == "13.无目标"]
    assert (missing.code, missing.severity.value, missing.cell) == ("PX715", "error", "B10:E10")


def test_few_quantified_for_the_money(unit):
    assert ("PX718", "A12:E12") in found(unit, "11.大额")


def test_repeated_long_and_misplaced_names(unit):
    # the long name under 质量 has a percent target: it fits, only its length is noted
    assert found(unit, "12.名称") == [("PX710", "C17"), ("PX719", "C15"), ("PX721", "C19")]


def test_every_form_is_graded(unit):
    assert grades(unit) == {
        "1.社区饭堂经费": "优", "2.空表": "差", "3.零金额": "差", "4.元填万元": "中", "5.缺成本": "中",
        "6.缺目标值": "中", "7.留空": "良", "8.定性目标": "良", "9.超总额": "中", "10.依据不全": "良",
        "11.大额": "良", "12.名称": "良", "13.无目标": "中"}


def test_px703_is_a_setting(tmp_path):
    (tmp_path / "审核.toml").write_text("require_not_applicable = false\n", encoding="utf-8")
    rows = [r for r in good_rows() if r.level2 != "生态效益指标"]
    path = unit_workbook(tmp_path / "x.xlsx", [good_form(rows=rows)])
    on = check_file(path, Config())
    off = check_file(path, Config(declaration_framework=str(tmp_path / "审核.toml")))
    assert [f.code for f in on.findings] == ["PX703"]
    assert off.findings == [] and off.to_dict()["declarations"][0]["grade"] == "优"


def test_cost_ceilings_in_yuan_are_aligned(tmp_path):
    rows = [Row(r.level2, r.name, "每年成本不超过324000元", r.explanation)
            if r.level2 == "成本指标" else r for r in good_rows()]
    result = check_file(unit_workbook(tmp_path / "x.xlsx", [good_form(rows=rows)]), Config())
    [f] = [f for f in result.findings if f.code == "PX714"]
    assert (f.cell, f.actual, f.expected) == ("D17", "32.4 万元", "≤13.7584 万元")


def test_slip_seen_from_the_calculation_or_the_total(tmp_path):
    calc = good_form(amount=52000, total=41.2752, calc="合计 52000元",
                     rows=[r for r in good_rows() if r.level2 != "成本指标"] +
                     [Row("成本指标", "运营成本", "≤6万元", "x")])
    [f] = [f for f in check_file(unit_workbook(tmp_path / "a.xlsx", [calc]), Config()).findings
           if f.code == "PX712"]
    assert "测算依据" in f.message and f.expected == "5.2 万元"
    total = good_form(amount=13.7584, total=412752)
    [f] = [f for f in check_file(unit_workbook(tmp_path / "b.xlsx", [total]), Config()).findings
           if f.code == "PX712"]
    assert "项目总金额" in f.message and f.expected == "41.2752 万元"
    assert f.cell == "B7:C7"


def test_a_cost_first_level_of_101_meets_the_cost_requirement(tmp_path):
    printed = [p for p in PRINTED if p[1] != "成本指标"] + [("成本指标", "经济成本指标"),
                                                           ("成本指标", "社会成本指标")]
    rows = [Row("经济成本指标", "饭堂运营成本", "≤13.7584万元", "全年运营经费上限")
            if r.level2 == "成本指标" else r for r in good_rows()]
    form = good_form(rows=rows + [Row("社会成本指标", "不适用", "不适用", "不适用")], printed=printed)
    result = check_file(unit_workbook(tmp_path / "x.xlsx", [form]), Config())
    assert result.findings == []


def test_flat_list_findings_go_to_their_project(tmp_path):
    bad = good_form(code="X2", name="乙项目", rows=[
        Row(r.level2, r.name, "" if r.level2 == "数量指标" else r.target, r.explanation)
        for r in good_rows()])
    doc = check_file(write_forms(tmp_path / "清单.xlsx", [target_list([good_form(), bad])]),
                     Config()).to_dict()
    assert [(d["name"], d["grade"]) for d in doc["declarations"]] == [
        ("社区饭堂经费（XX社区）", "优"), ("乙项目", "中")]
    assert {f["project"] for f in doc["findings"]} == {"乙项目"}
