"""PX401–PX413: the indicator table, each rule firing and staying silent."""

from __future__ import annotations

from tests.helpers.rulefix import D, framework, ind, project, run, simple_score, unit, workbook

S = "自评表01"


def wb_with(*rows, **kw):
    return workbook([project(S, indicators=list(rows), **kw)])


def output(row=13, **kw):
    args = dict(level1="产出指标", level2="数量指标", name="日常巡查次数", target="≥100次",
                actual="100次", weight=50, score=50)
    args.update(kw)
    return ind(row, **args)


def benefit(row=14, **kw):
    args = dict(level1="效益指标", level2="社会效益指标", name="火灾案件查处率", target="≥90%",
                actual="90%", weight=30, score=30)
    args.update(kw)
    return ind(row, **args)


def satisfaction(row=15, **kw):
    args = dict(level1="满意度指标", level2="服务对象满意度指标", name="社会公众满意度",
                target="≥90%", actual="95%", weight=10, score=10)
    args.update(kw)
    return ind(row, **args)


def test_complete_table_is_clean():
    assert run(wb_with(output(), benefit(), satisfaction()), "PX4") == []


# --------------------------------------------------------------------------- PX401


def test_px401_reports_each_missing_category_once_at_the_header():
    wb = wb_with(output(weight=90, score=90))
    found = run(wb, "PX401")
    assert [(f.cell, f.expected) for f in found] == [("B12", "效益指标"), ("B12", "满意度指标")]
    assert "满意度指标" in found[1].message and found[1].project == "涞源镇防火经费"


def test_px401_counts_an_alias_and_a_weight_suffix():
    wb = wb_with(output(level1="产出"), benefit(level1="效益指标（30分）"), satisfaction())
    assert run(wb, "PX401") == []


def test_px401_silent_without_any_indicator_table():
    p = project(S, indicators=[])
    p.indicator_header_row = None
    assert run(workbook([p]), "PX401") == []


# --------------------------------------------------------------------------- PX402


def test_px402_category_sum_against_framework_weight():
    """产出 45 ≠ 50; the total (95 ≠ 100) follows from it and is not reported again."""
    wb = wb_with(output(weight=45, score=45), benefit(), satisfaction())
    [f] = run(wb, "PX402")
    assert (f.cell, f.expected, f.actual) == ("B13", "50", "45")
    assert "产出指标" in f.message


def test_px402_total_row_that_follows_a_wrong_category_is_still_wrong():
    wb = wb_with(output(weight=45, score=45), benefit(), satisfaction(), total_weight="95")
    found = run(wb, "PX402")
    assert [(f.cell, f.expected, f.actual) for f in found] == [("B13", "50", "45"),
                                                               ("G16", "100", "95")]


def test_px402_category_sum_against_weight_written_in_the_level1_cell():
    wb = wb_with(output(weight=50, level1_weight=40), benefit(), satisfaction())
    found = run(wb, "PX402")
    assert [(f.cell, f.expected, f.actual) for f in found] == [("B13", "40", "50")]


def test_px402_missing_weight_on_a_row():
    wb = wb_with(output(), benefit(), satisfaction(weight=None, score=None))
    found = run(wb, "PX402")
    [f] = [f for f in found if f.cell == "G15"]
    assert (f.expected, f.actual) == ("分值", "空")
    assert "社会公众满意度" in f.message and "没有填写分值" in f.message


def test_px402_total_row_not_100():
    wb = wb_with(output(), benefit(), satisfaction(), total_weight="90")
    [f] = run(wb, "PX402")
    assert (f.cell, f.expected, f.actual) == ("G16", "90", "100")
    assert "执行率分值与各条指标分值之和" in f.message


def test_px402_total_not_repeated_when_a_missing_category_explains_it():
    """产出 50 + 满意度 10 + 执行率 10 = 70: the 30 missing is the absent 效益 (PX401)."""
    wb = wb_with(output(), satisfaction(row=14))
    assert run(wb, "PX402") == []
    assert [f.expected for f in run(wb, "PX401")] == ["效益指标"]


def test_px402_silent_when_weights_add_up():
    assert run(wb_with(output(), benefit(), satisfaction()), "PX402") == []


# --------------------------------------------------------------------------- PX403


def test_px403_fires_on_a_qualitative_satisfaction_target():
    wb = wb_with(output(), benefit(), satisfaction(target="非常高", actual="非常高", score=None))
    [f] = run(wb, "PX403")
    assert (f.cell, f.expected, f.actual) == ("E15", "可量化的数值", "非常高")
    assert "非常高" in f.message and "满意度指标" in f.message


def test_px403_silent_on_a_qualitative_benefit_target():
    """效益指标 is not `measurable` in the default framework: text targets are normal there."""
    wb = wb_with(output(), benefit(target="效果明显", actual="达成年度指标", score=30),
                 satisfaction())
    assert run(wb, "PX403") == []


# --------------------------------------------------------------------------- PX404


def test_px404_fires_on_missing_actual_at_year_end():
    wb = wb_with(output(actual=None, score=None), benefit(), satisfaction())
    [f] = run(wb, "PX404")
    assert (f.cell, f.actual) == ("F13", "空")
    assert "日常巡查次数" in f.message and "实际完成值" in f.message


def test_px404_silent_before_year_end():
    wb = wb_with(output(actual=None, score=None), benefit(), satisfaction())
    wb.unit = unit([], month=6)
    assert run(wb, "PX404") == []


def test_px404_silent_when_actual_present():
    assert run(wb_with(output(), benefit(), satisfaction()), "PX404") == []


# --------------------------------------------------------------------------- PX405


def test_px405_fires_on_low_score_without_reason():
    """80% against ≥90% at weight 30: 80 × 30 / 90 = 26.67 < 30."""
    wb = wb_with(output(), benefit(actual="80%", score=None), satisfaction())
    [f] = run(wb, "PX405")
    assert (f.cell, f.actual) == ("I14", "空")
    assert "26.67" in f.message and "30" in f.message


def test_px405_silent_with_a_reason():
    wb = wb_with(output(), benefit(actual="80%", score=None, deviation="部分案件跨年办结"),
                 satisfaction())
    assert run(wb, "PX405") == []


# --------------------------------------------------------------------------- PX406


def test_px406_fires_at_1_2_times_target():
    wb = wb_with(output(actual="120次"), benefit(), satisfaction())
    [f] = run(wb, "PX406")
    assert (f.cell, f.expected, f.actual) == ("F13", "<120", "120")
    assert "1.2" in f.message and "120次" in f.message


def test_px406_silent_just_below_1_2_times():
    assert run(wb_with(output(actual="119次"), benefit(), satisfaction()), "PX406") == []


def test_px406_silent_on_a_reverse_target():
    wb = wb_with(output(), benefit(), satisfaction(),
                 ind(16, "产出指标", "成本指标", "巡查成本", "≤2万元", "3万元", 0, 0))
    assert run(wb, "PX406") == []


# --------------------------------------------------------------------------- PX407


def test_px407_fires_on_satisfaction_above_100():
    wb = wb_with(output(), benefit(), satisfaction(actual="105%"))
    [f] = run(wb, "PX407")
    assert (f.cell, f.expected, f.actual) == ("F15", "≤100%", "105%")
    assert "实际完成值" in f.message and "100%" in f.message


def test_px407_silent_on_a_growth_rate_above_100():
    wb = wb_with(output(), benefit(name="收入增长率", target="≥100%", actual="130%"),
                 satisfaction())
    assert run(wb, "PX407") == []


def test_px407_silent_at_100():
    assert run(wb_with(output(), benefit(), satisfaction(actual="100%")), "PX407") == []


# --------------------------------------------------------------------------- PX408


def test_px408_fires_on_a_repeated_indicator():
    wb = wb_with(output(weight=25, score=25), output(row=14, weight=25, score=25),
                 benefit(row=15), satisfaction(row=16))
    [f] = run(wb, "PX408")
    assert (f.cell, f.actual) == ("D14", "日常巡查次数")
    assert "D13" in f.message and "重复" in f.message


def test_px408_silent_on_distinct_names():
    assert run(wb_with(output(), benefit(), satisfaction()), "PX408") == []


# --------------------------------------------------------------------------- PX409


def cost(target):
    return ind(16, "产出指标", "成本指标", "巡查经费", target, "2万元", 0, 0)


def test_px409_fires_on_a_cost_floor():
    wb = wb_with(output(), benefit(), satisfaction(), cost("≥2万元"))
    [f] = run(wb, "PX409")
    assert (f.cell, f.expected, f.actual) == ("E16", "≤", "≥2万元")
    assert "成本指标" in f.message


def test_px409_silent_on_a_cost_ceiling():
    assert run(wb_with(output(), benefit(), satisfaction(), cost("≤2万元")), "PX409") == []


# --------------------------------------------------------------------------- PX410 / PX411 / PX413


def test_px410_reports_a_band_default():
    wb = wb_with(output(), benefit(), satisfaction(target="非常高", actual="达成年度指标",
                                                   score=None))
    [f] = run(wb, "PX410")
    assert (f.severity.value, f.cell, f.expected, f.actual) == ("info", "H15", "10", "空")
    assert "默认" in f.message


def test_px410_silent_with_a_staff_score_in_band():
    wb = wb_with(output(), benefit(), satisfaction(target="非常高", actual="达成年度指标",
                                                   score=9))
    assert run(wb, "PX410") == []


def test_px411_fires_on_a_score_outside_its_band():
    wb = wb_with(output(), benefit(), satisfaction(target="非常高", actual="达成年度指标",
                                                   score=5))
    [f] = run(wb, "PX411")
    assert (f.cell, f.expected, f.actual) == ("H15", "[8, 10]", "5")
    assert "达成" in f.message


def test_px411_half_open_band():
    wb = wb_with(output(), benefit(), satisfaction(target="非常高", actual="部分达成", score=9))
    [f] = run(wb, "PX411")
    assert f.expected == "[6, 8)"


def test_px411_silent_inside_the_band():
    wb = wb_with(output(), benefit(), satisfaction(target="非常高", actual="达成", score=8))
    assert run(wb, "PX411") == []


def test_px413_fires_on_an_actual_that_names_no_band():
    wb = wb_with(output(), benefit(), satisfaction(target="非常高", actual="较好", score=None))
    [f] = run(wb, "PX413")
    assert (f.cell, f.actual) == ("F15", "较好")
    assert "较好" in f.message


def test_px413_silent_when_actual_repeats_the_target():
    wb = wb_with(output(), benefit(), satisfaction(target="非常高", actual="非常高", score=10))
    assert run(wb, "PX413") == []


# --------------------------------------------------------------------------- PX412


def test_px412_fires_on_units_that_cannot_agree():
    wb = wb_with(output(actual="100个"), benefit(), satisfaction())
    [f] = run(wb, "PX412")
    assert (f.cell, f.expected, f.actual) == ("F13", "≥100次", "100个")
    assert "单位" in f.message


def test_px412_silent_on_a_percent_cell_read_as_fraction():
    """≥90% against 0.92 is made to agree by the scorer (92%)."""
    assert run(wb_with(output(), benefit(actual="0.92"), satisfaction()), "PX412") == []


def test_rules_use_given_scores():
    """Rules read the computed scores they are given, not their own recomputation."""
    p = project(S, indicators=[output(), benefit(), satisfaction()])
    fw = framework()
    score = simple_score(p, fw, {"火灾案件查处率": (D(20), {})})
    [f] = run(workbook([p]), "PX405", scores=[score])
    assert "20" in f.message


# --------------------------------------------------------------------------- PX414


def test_px414_fires_on_a_missing_target_even_mid_year():
    wb = wb_with(output(target=None), benefit(), satisfaction())
    wb.unit = unit([], month=6)
    [f] = run(wb, "PX414")
    assert (f.cell, f.expected, f.actual) == ("E13", "年度指标值", "空")
    assert "日常巡查次数" in f.message


def test_px414_silent_with_a_target():
    assert run(wb_with(output(), benefit(), satisfaction()), "PX414") == []


def test_px404_and_px414_accept_zero_and_none_as_values():
    """``0`` and ``无`` are real targets/actuals (no accidents), not empty cells."""
    wb = wb_with(output(), benefit(), satisfaction(),
                 ind(16, "效益指标", "社会效益指标", "安全事故", "=0起", "0", 0, 0))
    assert run(wb, "PX404") == [] and run(wb, "PX414") == []


def test_px401_silent_on_an_empty_table_before_year_end():
    """A blank 自评表 exported mid-year (headers, no rows) is normal; at year end it is not."""
    wb = workbook([project(S, indicators=[])], unit([], month=7))
    assert run(wb, "PX401") == []
    wb.unit = unit([], month=12)
    assert len(run(wb, "PX401")) == 3


# --------------------------------------------------------------------------- PX409 / PX415 (issue 17)


def test_px409_is_silent_on_a_rate_to_save():
    wb = wb_with(output(level2="成本指标", name="成本节约率", target="≥5%", actual="6%"),
                 benefit(), satisfaction())
    assert run(wb, "PX409") == []
    wb = wb_with(output(level2="成本指标", name="成本控制率", target="≥95%", actual="96%"),
                 benefit(), satisfaction())
    assert run(wb, "PX409") == []


def test_px409_still_reports_a_cost_with_a_floor():
    wb = wb_with(output(level2="成本指标", name="巡查经费", target="≥2万元", actual="2万元"),
                 benefit(), satisfaction())
    assert [f.actual for f in run(wb, "PX409")] == ["≥2万元"]


def test_px415_quotes_a_target_the_grammar_cannot_read():
    wb = wb_with(output(target="详见实施方案", actual="95%"), benefit(), satisfaction())
    [f] = run(wb, "PX415")
    assert (f.cell, f.actual, f.severity.value) == ("E13", "详见实施方案", "error")
    assert "详见实施方案" in f.message and "95%" in f.message
    assert run(wb, "PX413") == []


def test_px415_silent_when_the_target_reads():
    wb = wb_with(output(target="3个小时内", actual="2小时"), benefit(), satisfaction())
    assert run(wb, "PX415") == []


def test_px403_silent_on_a_deadline_it_is_measured_by_date():
    wb = wb_with(output(level2="时效指标", name="项目完成时间", target="11月底前完成",
                        actual="10月底完成"), benefit(), satisfaction())
    assert run(wb, "PX403") == []
    assert run(wb_with(output(target="非常高", actual="达成年度指标"), benefit(), satisfaction()),
               "PX403") != []
