"""PX501–PX509: years, names, duplicates, progress and staff-entered figures."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers.rulefix import clean_workbook, ind, list_row, project, run, unit, workbook

# --------------------------------------------------------------------------- PX501


def test_px501_fires_on_a_form_title_of_another_year():
    wb = clean_workbook()
    wb.projects[1] = replace(wb.projects[1], title_year=replace(wb.projects[1].title_year,
                                                                value=2022))
    [f] = run(wb, "PX501")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("自评表02", "A2", "2023", "2022")
    assert "2022" in f.message and "评价年度" in f.message


def test_px501_fires_on_as_of_year():
    wb = clean_workbook()
    wb.unit.as_of_year = replace(wb.unit.as_of_year, value=2024)
    [f] = run(wb, "PX501")
    assert (f.sheet, f.cell, f.actual) == ("项目清单", "E4", "2024")


def test_px501_silent_when_years_agree():
    wb = clean_workbook()
    wb.unit.as_of_year = replace(wb.unit.as_of_year, value=2023)
    assert run(wb, "PX501") == []


# --------------------------------------------------------------------------- PX502


def renamed():
    """The seed's project 5: list and form name the same project differently."""
    rows = [list_row(8, "涞源镇防火经费", "2", "2", "2"),
            list_row(12, "涞源镇农村环境治理费", "2", "2", "2", seq=5),
            list_row(13, "涞源镇人大主席团工作经费", "1", "1", "1", seq=6)]
    forms = [project("自评表01", "涞源镇防火经费"),
             project("自评表05", "农村环境卫生整治项目"),
             project("自评表06", "涞源镇人大主席团工作经费", budget="1", executed="1")]
    return workbook(forms, unit(rows, declared_total="5", declared_count=3))


def test_px502_names_the_pair():
    [f] = run(renamed(), "PX502")
    assert (f.sheet, f.cell) == ("项目清单", "B12")
    assert (f.expected, f.actual) == ("涞源镇农村环境治理费", "农村环境卫生整治项目")
    assert "项目清单第12行（序号5）“涞源镇农村环境治理费”与自评表05“农村环境卫生整治项目”应为同一项目" \
        in f.message


def test_px502_matching_feeds_px203():
    """The renamed pair is compared for money like any other (PX203 uses the match)."""
    wb = renamed()
    wb.projects[1] = project("自评表05", "农村环境卫生整治项目", budget="2.5", executed="2",
                             initial="2")
    [f] = run(wb, "PX203")
    assert (f.cell, f.expected) == ("E12", "2.5")


def test_px502_silent_when_names_are_equal():
    assert run(clean_workbook(), "PX502") == []


def test_px502_ignores_spacing_and_full_width():
    wb = clean_workbook()
    wb.projects[0] = project("自评表01", "涞源镇 防火经费（）")
    assert run(wb, "PX502") == []


# --------------------------------------------------------------------------- PX503


def test_px503_fires_on_a_repeated_list_row():
    wb = clean_workbook()
    wb.unit.rows.append(list_row(10, "涞源镇防火经费", "2"))
    [f] = run(wb, "PX503")
    assert (f.cell, f.actual) == ("B10", "涞源镇防火经费")
    assert "第10行" in f.message and "第8行" in f.message


def test_px503_fires_on_two_forms_of_one_project():
    wb = clean_workbook()
    wb.projects.append(project("自评表03", "涞源镇防火经费"))
    [f] = run(wb, "PX503")
    assert (f.sheet, f.cell) == ("自评表03", "B3")
    assert "自评表01" in f.message


def test_px503_silent_on_distinct_projects():
    assert run(clean_workbook(), "PX503") == []


# --------------------------------------------------------------------------- PX504


def monthly(month, executed):
    return workbook([project(budget="12", executed=executed)], unit([], month=month))


def test_px504_fires_when_lagging_more_than_20_points():
    """July: 序时进度 7/12 = 58.33%; floor 38.33%; 3.6/12 = 30% lags 28.33 points."""
    [f] = run(monthly(7, "3.6"), "PX504")
    assert (f.cell, f.expected, f.actual) == ("G6", "≥38.33%", "30%")
    assert "7月" in f.message and "58.33%" in f.message


def test_px504_silent_at_exactly_20_points_behind():
    """June: 50% − 20 = 30%; 3.6/12 = 30% is not more than 20 points behind."""
    assert run(monthly(6, "3.6"), "PX504") == []


def test_px504_silent_at_year_end():
    assert run(monthly(12, "0.6"), "PX504") == []


# --------------------------------------------------------------------------- PX505


def staff(**kw):
    inds = [ind(13, "产出指标", "数量指标", "日常巡查次数", "≥100次", "100次", 50, 50),
            ind(14, "效益指标", "社会效益指标", "火灾案件查处率", "≥90%", "80%", 30,
                kw.pop("ind_score", "26.67"), deviation="跨年办结"),
            ind(15, "满意度指标", "服务对象满意度指标", "社会公众满意度", "≥90%", "95%", 10, 10)]
    return workbook([project(budget="2", executed="1.85", indicators=inds, **kw)])


def test_px505_silent_when_staff_figures_are_right():
    """92.5% → 9.25; 50 + 26.67 + 10 + 9.25 = 95.92."""
    assert run(staff(rate="0.925", exec_score="9.25", total_score="95.92"), "PX505") == []


def test_px505_fires_on_a_wrong_rate():
    [f] = run(staff(rate="0.95"), "PX505")
    assert (f.cell, f.expected, f.actual) == ("G6", "92.5%", "95%")
    assert "执行率" in f.message and "以计算值 92.5% 为准" in f.message


def test_px505_rate_within_0_01_points_is_equal():
    """1.85 / 2.0004 = 92.4815…%; a typed 92.48% is within 0.01 points."""
    wb = workbook([project(budget="2.0004", executed="1.85", rate="0.9248")])
    assert run(wb, "PX505") == []


def test_px505_fires_on_a_wrong_execution_score():
    [f] = run(staff(exec_score="9.5"), "PX505")
    assert (f.cell, f.expected, f.actual) == ("H6", "9.25", "9.5")


def test_px505_fires_on_a_wrong_indicator_score():
    """80% of ≥90% at weight 30 = 26.67; staff wrote 24."""
    [f] = run(staff(ind_score="24"), "PX505")
    assert (f.cell, f.expected, f.actual) == ("H14", "26.67", "24")
    assert "火灾案件查处率" in f.message


def test_px505_fires_on_a_wrong_total():
    [f] = run(staff(total_score="100"), "PX505")
    assert (f.cell, f.expected, f.actual) == ("H16", "95.92", "100")
    assert "总分" in f.message


# --------------------------------------------------------------------------- PX509


def test_px509_fires_on_a_list_row_without_form():
    wb = clean_workbook()
    wb.unit.rows.append(list_row(10, "涞源镇信访维稳经费", "19"))
    [f] = run(wb, "PX509")
    assert (f.cell, f.actual) == ("B10", "无")
    assert "没有对应的自评表" in f.message


def test_px509_fires_on_a_form_not_in_the_list():
    wb = clean_workbook()
    wb.projects.append(project("自评表03", "涞源镇信访维稳经费"))
    [f] = run(wb, "PX509")
    assert (f.sheet, f.cell) == ("自评表03", "B3")


def test_px509_silent_when_everything_pairs():
    assert run(clean_workbook(), "PX509") == []


def test_px509_fires_on_a_land_project_found_nowhere():
    from tests.helpers.rulefix import parcel

    wb = clean_workbook()
    wb.parcels.append(parcel(6, "烟墩山公园土地流转", "水云乡", "186.88", "1000", "186880"))
    [f] = run(wb, "PX509")
    assert (f.sheet, f.cell, f.actual) == ("土地流转明细", "A6", "无")
    assert "烟墩山公园土地流转" in f.message
