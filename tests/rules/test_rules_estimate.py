"""PX311–PX316 and PX206 on the estimate: each planted mistake is found on its own cell, once,
and nothing else is reported for it; the unchanged export gives no PX31x finding."""

from __future__ import annotations

import pytest

from perfxl.example_export import MISTAKES
from perfxl.pipeline import check_file
from perfxl.rules import load_rules
from tests.helpers.estimatefix import declaration_says, estimate_export, full_export, odd_lines

ESTIMATE_CODES = ("PX206", "PX311", "PX312", "PX313", "PX314", "PX315", "PX316", "PX317")

# mistake → (code, sheet, cell, 应为, 实际)
FOUND = {
    "line": ("PX311", "项目支出明细", "I3", "150", "15"),
    "yuan": ("PX206", "项目支出明细", "I5", "1", "10000"),
    "class": ("PX315", "项目支出计划", "B13", "4", "40"),
    "budget": ("PX314", "项目支出计划", "I3", "190", "195"),
    "total": ("PX313", "项目支出明细", "I2", "190", "180"),
    "statement": ("PX317", "项目支出绩效目标申报表", "B20:H20", "150", "105"),
}


def _estimate_findings(path):
    return sorted((f.code, f.sheet, f.cell, f.expected, f.actual)
                  for f in check_file(path).findings if f.code in ESTIMATE_CODES)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_unchanged_export_gives_no_estimate_finding(tmp_path, suffix):
    assert _estimate_findings(estimate_export(tmp_path / f"e{suffix}")) == []
    assert _estimate_findings(full_export(tmp_path / f"full{suffix}")) == []


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_is_one_finding_on_its_own_cell(tmp_path, mistake):
    path = estimate_export(tmp_path / "e.xlsx", (mistake,))
    assert _estimate_findings(path) == [FOUND[mistake]]
    assert [f for f in check_file(path).findings if f.severity.value == "error"
            and f.code not in ESTIMATE_CODES] == []


def test_all_mistakes_at_once_in_a_full_export(tmp_path):
    """Each on its own cell with its 应为, once. The total is then told by the plan (PX314):
    its lines are wrong too, so the lines' sum says nothing about it until they are corrected."""
    for suffix in (".xlsx", ".xls"):
        found = _estimate_findings(full_export(tmp_path / f"full{suffix}", MISTAKES))
        assert sorted(f[1:] for f in found) == sorted(f[1:] for f in FOUND.values())
        codes = {f[1:]: f[0] for f in found}
        for code, *where in FOUND.values():
            assert codes[tuple(where)] in (code, "PX314")


def test_a_slip_is_px206_with_the_amount_meant_and_an_error(tmp_path):
    [f] = [f for f in check_file(estimate_export(tmp_path / "e.xlsx", ("yuan",))).findings
           if f.code == "PX206"]
    assert "应为 1 万元" in f.message and "差旅费" in f.message


def test_without_px206_the_slip_is_a_line_finding(tmp_path):
    from perfxl.config import Config
    path = estimate_export(tmp_path / "e.xlsx", ("yuan",))
    found = [(f.code, f.cell, f.expected) for f in check_file(path, Config(ignore=["PX206"])).findings
             if f.code in ESTIMATE_CODES]
    assert found == [("PX311", "I5", "1")]


def test_plan_and_detail_alone_disagreeing_name_both_without_expected(tmp_path):
    """Only the 明细 total and the plan's 支出计划, each agreeing with its own figures: the
    明细 adds up to 180 (劳务费 20集 × 7.0万元/集 = 140), the plan says 190 throughout."""
    def edit(sheets):
        detail = sheets["项目支出明细"]
        detail.cells[(2, 7)], detail.cells[(2, 8)] = "7.0万元/集", "140.0"
        detail.cells[(1, 8)] = "180.0"
    path = estimate_export(tmp_path / "e.xlsx", edit=edit)
    [f] = [f for f in check_file(path).findings if f.code in ESTIMATE_CODES]
    assert f.code == "PX314" and f.expected is None
    assert "项目支出计划 B3" in f.message and "项目支出明细 I2" in f.message
    assert (f.sheet, f.cell) == ("项目支出明细", "I2")
    assert "无法判断" in f.message


def test_the_plan_column_alone_wrong_is_found_there(tmp_path):
    def edit(sheets):
        sheets["项目支出计划"].cells[(2, 1)] = "180.00"  # the rest of the plan says 190
    assert _estimate_findings(estimate_export(tmp_path / "e.xlsx", edit=edit)) == [
        ("PX314", "项目支出计划", "B3", "190", "180")]


def test_declaration_against_the_plan(tmp_path):
    """The 申报表 says 200 where the plan, the 明细 and the 细化 all say 190: PX316 on it."""
    found = _estimate_findings(estimate_export(tmp_path / "e.xlsx", edit=declaration_says("200.00")))
    assert found == [("PX316", "项目支出绩效目标申报表", "G5:H5", "190", "200")]


def test_a_plan_row_wrong_throughout_gives_the_declaration_no_expected(tmp_path):
    """The 2020 plan row typed 200 in every cell (its own sums hold) while the 申报表's 190
    agrees with the 明细, the 细化经济分类 and the 测算依据: 200 is copied from a disputed
    figure, so no 应为 anywhere — the 申报表 and the plan's 全年预算 are named instead."""
    def edit(sheets):
        plan = sheets["项目支出计划"]
        for c in (1, 2, 3, 8, 9, 11, 12):  # 支出计划, 全年预算 and 年初预算 (小计, 财政拨款) …
            plan.cells[(2, c)] = "200.00"
    path = estimate_export(tmp_path / "e.xlsx", edit=edit)
    found = [f for f in check_file(path).findings if f.code in ESTIMATE_CODES]
    assert sorted((f.code, f.expected) for f in found) == [("PX314", None), ("PX315", None),
                                                           ("PX316", None)]
    [declaration] = [f for f in found if f.code == "PX316"]
    assert declaration.cell == "G5:H5" and "无法判断" in declaration.message
    assert "项目支出计划 I3" in declaration.message


def test_unreadable_line_is_info_and_units_differ_is_a_warning(tmp_path):
    findings = [f for f in check_file(estimate_export(tmp_path / "e.xlsx", edit=odd_lines)).findings
                if f.code in ESTIMATE_CODES]
    assert sorted((f.code, f.severity.value, f.cell) for f in findings) == [
        ("PX311", "info", "G5"), ("PX312", "warning", "G4")]


def test_actual_spending_zero_before_year_end_is_not_a_mistake(tmp_path):
    """实际支出 all 0 while 实际年度剩余 is 0 too: not reported yet, not 全年预算 − 0."""
    assert _estimate_findings(estimate_export(tmp_path / "e.xlsx")) == []


@pytest.mark.parametrize("code", ESTIMATE_CODES[1:])
def test_each_rule_has_its_four_part_doc(code):
    rule = load_rules()[code]
    for part in ("检查什么", "为什么", "例子", "怎么改"):
        assert part in rule.__doc__


def test_estimate_problems_are_items_of_the_declaration_review(tmp_path):
    """In the 申报表 review (审核意见, 审核等级) the 测算 findings count as the form's."""
    result = check_file(estimate_export(tmp_path / "e.xlsx", MISTAKES))
    [review] = result.reviews
    assert {f.code for f in review.findings} >= {"PX206", "PX311", "PX314", "PX315",
                                                 "PX317"}
    assert review.grade == "中"
    [clean] = check_file(estimate_export(tmp_path / "clean.xlsx")).reviews
    assert not [f for f in clean.findings if f.code in ESTIMATE_CODES]
