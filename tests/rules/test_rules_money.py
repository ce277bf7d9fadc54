"""PX201–PX209: money and totals, each rule firing and staying silent."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers.rulefix import (
    acted_on, clean_workbook, ind, list_row, notes_to, parcel, project, run, unit, workbook,
)


def codes(findings):
    return sorted(f.code for f in findings)


def test_clean_workbook_has_no_money_finding():
    assert run(clean_workbook(), "PX2") == []


# --------------------------------------------------------------------------- PX201


def seed_list(total="144.9552"):
    """The seed's 15 budgets (万元), which add up to 144.9552."""
    budgets = ["2", "1", "2.07", "1.04", "2", "1", "1.04", "37.5", "19", "35", "5.0452", "1.819",
               "18.688", "17.573", "0.18"]
    rows = [list_row(8 + k, f"项目{k + 1}", b) for k, b in enumerate(budgets)]
    return workbook([], unit(rows, declared_total=total, declared_count=15))


def test_px201_fires_when_declared_total_differs_from_sum():
    [f] = run(seed_list("144.9452"), "PX201")
    assert (f.code, f.sheet, f.cell) == ("PX201", "项目清单", "C6")
    assert (f.expected, f.actual) == ("144.9552", "144.9452")
    assert "预算总金额" in f.message and "144.9552" in f.message and "-0.01" in f.message


def test_px201_silent_on_the_seed_total():
    assert run(seed_list("144.9552"), "PX201") == []


def test_px201_reports_one_yuan():
    """1 元 = 0.0001 万元 is a real gap, not rounding."""
    [f] = run(seed_list("144.9553"), "PX201")
    assert f.actual == "144.9553"


def test_px201_declared_in_yuan_is_a_unit_slip_not_a_mismatch():
    wb = seed_list("1449552")
    assert run(wb, "PX201") == []
    [f] = run(wb, "PX206")
    assert (f.cell, f.expected, f.actual) == ("C6", "144.9552", "1449552")
    assert "元" in f.message and "144.9552" in f.message


def test_px201_still_reports_a_slip_when_px206_is_ignored():
    """Ignoring PX206 must not hide the mistake: the plain mismatch is reported instead."""
    assert codes(run(seed_list("1449552"), "PX2", ignore=("PX206",))) == ["PX201"]


# --------------------------------------------------------------------------- PX202


def test_px202_fires_when_count_differs():
    wb = seed_list()
    wb.unit.declared_count = replace(wb.unit.declared_count, value=16)
    [f] = run(wb, "PX202")
    assert (f.cell, f.expected, f.actual) == ("C5", "15", "16")
    assert "项目个数" in f.message and "15" in f.message


def test_px202_silent_when_count_agrees():
    assert run(seed_list(), "PX202") == []


# --------------------------------------------------------------------------- PX203


def test_px203_fires_when_list_and_form_budgets_differ():
    wb = clean_workbook()
    wb.unit.rows[0] = list_row(8, "涞源镇防火经费", budget="2.5", executed="2", initial="2")
    [f] = run(wb, "PX203")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("项目清单", "E8", "2", "2.5")
    assert "全年预算数" in f.message and "自评表01" in f.message
    assert f.project == "涞源镇防火经费"


def test_px203_silent_when_amounts_agree():
    assert run(clean_workbook(), "PX203") == []


def test_px203_list_in_yuan_is_px206_with_meant_amount():
    wb = clean_workbook()
    wb.unit.rows[1] = list_row(9, "建设721片区街头公园土地流转费", budget="50452",
                               executed="5.0452", initial="5.0452")
    assert run(wb, "PX203") == []
    [f] = run(wb, "PX206")
    assert (f.cell, f.expected, f.actual) == ("E9", "5.0452", "50452")
    assert "5.0452" in f.message and "“元”" in f.message


def test_px206_form_in_yuan_is_reported_on_the_form():
    wb = clean_workbook()
    wb.projects[1] = project("自评表02", "建设721片区街头公园土地流转费", budget="50452",
                             executed="5.0452", initial="5.0452")
    found = run(wb, "PX206")
    assert [(f.sheet, f.cell, f.expected) for f in found] == [("自评表02", "D6", "5.0452")]
    # issue 18: the list row is right; its mismatch is only a note pointing at the form
    assert acted_on(run(wb, "PX203")) == []
    assert len(notes_to(run(wb, "PX203"), "自评表02!D6")) == 1


# --------------------------------------------------------------------------- PX204


def test_px204_fires_per_column():
    p = project(budget="2", executed="2", fiscal=("2", "1.5", "1.5"), carryover=("0", "0.3", "0.3"))
    found = run(workbook([p]), "PX204")
    assert [(f.cell, f.expected, f.actual) for f in found] == [("D6", "1.8", "2"),
                                                               ("E6", "1.8", "2")]
    assert "全年预算数" in found[0].message and "1.8" in found[0].message


def test_px204_silent_when_sources_add_up():
    p = project(budget="2", executed="1.9", fiscal=("1.5", "1.5", "1.5"),
                carryover=("0.5", "0.5", "0.4"))
    assert run(workbook([p]), "PX204") == []


def test_px204_silent_without_any_source():
    assert run(workbook([project()]), "PX204") == []


# --------------------------------------------------------------------------- PX205


def test_px205_fires_when_executed_exceeds_budget():
    [f] = run(workbook([project(budget="2", executed="2.3")]), "PX205")
    assert (f.cell, f.expected, f.actual) == ("E6", "≤2", "2.3")
    assert "115%" in f.message and "超过" in f.message


def test_px205_silent_at_exactly_100_percent():
    assert run(workbook([project(budget="2", executed="2")]), "PX205") == []


# --------------------------------------------------------------------------- PX207


def test_px207_fires_on_a_wrong_list_total():
    wb = clean_workbook()
    wb.unit.total_row = list_row(10, "合计", budget="7.0352", executed="7.0452",
                                 initial="7.0452", seq="")
    [f] = run(wb, "PX207")
    assert (f.cell, f.expected, f.actual) == ("E10", "7.0452", "7.0352")
    assert "合计" in f.message


def test_px207_fires_on_a_wrong_parcel_subtotal():
    wb = clean_workbook()
    wb.parcels[2] = parcel(5, "小计", None, "50.452", None, "50450", subtotal=True)
    [f] = run(wb, "PX207")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("土地流转明细", "E5", "50452", "50450")
    assert "小计" in f.message


def test_px207_silent_when_totals_add_up():
    assert run(clean_workbook(), "PX207") == []


# --------------------------------------------------------------------------- PX208


def test_px208_fires_on_zero_budget():
    [f] = run(workbook([project(budget="0", executed="0")]), "PX208")
    assert (f.cell, f.expected, f.actual) == ("D6", ">0", "0")
    assert "执行率无法计算" in f.message


def test_px208_checks_list_rows_without_form():
    wb = workbook([], unit([list_row(8, "某项目", "-1")]))
    [f] = run(wb, "PX208")
    assert (f.sheet, f.cell) == ("项目清单", "E8")


def test_px208_silent_on_positive_budget():
    assert run(clean_workbook(), "PX208") == []


# --------------------------------------------------------------------------- PX209


def low(**kw):
    return project(budget="19", executed="15.2", **kw)


def test_px209_fires_on_unexplained_low_execution():
    [f] = run(workbook([low()]), "PX209")
    assert (f.cell, f.expected, f.actual) == ("G6", "≥90%", "80%")
    assert "80%" in f.message and "原因" in f.message


def test_px209_silent_with_a_deviation_text():
    inds = [ind(13, "产出指标", "数量指标", "次数", "≥10次", "8次", 90, 72, deviation="资金年底到位")]
    assert run(workbook([low(indicators=inds)]), "PX209") == []


def test_px209_placeholder_deviation_is_not_an_explanation():
    inds = [ind(13, "产出指标", "数量指标", "次数", "≥10次", "8次", 90, 72, deviation="无")]
    assert len(run(workbook([low(indicators=inds)]), "PX209")) == 1


def test_px209_silent_when_goal_text_gives_a_reason():
    assert run(workbook([low(goal_actual="因工程延期，部分资金结转下年")]), "PX209") == []


def test_px209_silent_at_90_percent():
    assert run(workbook([project(budget="10", executed="9")]), "PX209") == []


def test_px209_only_at_year_end():
    wb = workbook([low()], unit([], month=7))
    assert run(wb, "PX209") == []


def test_px206_names_the_one_list_row_typed_in_yuan():
    """Row 18 (项目11) typed 50452 instead of 5.0452: the sum is then 50591.9100, and only
    reading row 18 as 元 makes it 144.9552 — PX206 names that row, PX201 stays silent."""
    wb = seed_list()
    wb.unit.rows[10] = list_row(18, "项目11", budget="50452")
    assert acted_on(run(wb, "PX201")) == []  # issue 18: a note pointing at row 18
    assert len(notes_to(run(wb, "PX201"), "项目清单!E18")) == 1
    [f] = run(wb, "PX206")
    assert (f.cell, f.expected, f.actual) == ("E18", "5.0452", "50452")
    assert "第18行" in f.message


def test_px206_silent_without_a_ten_thousand_factor():
    wb = seed_list("144.9452")
    assert run(wb, "PX206") == []


def test_px207_row_in_yuan_under_a_right_total_is_px206():
    wb = clean_workbook()
    wb.unit.rows[1] = list_row(9, "建设721片区街头公园土地流转费", budget="50452",
                               executed="5.0452", initial="5.0452")
    # issue 18: the 合计 and 预算总金额 mismatches are notes pointing at the row, no 应为
    assert acted_on(run(wb, "PX207")) == [] and acted_on(run(wb, "PX201")) == []
    assert run(wb, "PX203") == []  # the row's own cell: the PX206 finding says it all
    assert len(notes_to(run(wb, "PX20"), "项目清单!E9")) == 2
    [f] = run(wb, "PX206")  # one finding, though three comparisons point at the cell
    assert (f.cell, f.expected) == ("E9", "5.0452")
    assert "自评表02" in f.message  # the most direct evidence: its own form


def test_px207_subtotal_in_wan_is_px206():
    wb = clean_workbook()
    wb.parcels[2] = parcel(5, "小计", None, "50.452", None, "5.0452", subtotal=True)
    assert run(wb, "PX207") == []
    [f] = run(wb, "PX206")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("土地流转明细", "E5", "50452", "5.0452")


def test_px209_praise_is_not_an_explanation():
    assert len(run(workbook([low(goal_actual="项目实施后产生了积极影响，群众满意")]), "PX209")) == 1


# --------------------------------------------------------------------------- an unread source


def test_px204_names_the_cells_without_expected_when_a_source_row_is_unread(tmp_path):
    """A Sichuan form whose 其中:本级资金 row (100 / 110 / 110) the label table does not know:
    the sources read (单位资金 0 / 10 / 10) do not add up to the 总额, but no 应为 is worked out
    from them (it would be 0 and 10 for a right 总额); the unread row is named."""
    from perfxl.pipeline import check_file
    from tests.helpers.readfix.build import write_workbook
    from tests.helpers.readfix.regions import sichuan_form

    funds = {"总额": (100, 120, 120), "其中:本级资金": (100, 110, 110), "单位资金": (0, 10, 10)}
    path = write_workbook(tmp_path / "自评.xlsx", {"自评表": sichuan_form(funds=funds)})
    found = check_file(path).findings
    assert [(f.code, f.cell, f.expected) for f in found] == [
        ("PX204", "C9", None), ("PX204", "D9", None), ("PX204", "E9", None)]
    assert all("“其中:本级资金”（B10）一行未能识别" in f.message and "无法判断" in f.message
               for f in found)
