"""Scoring with the target grammar (issue 17 items 3–4): time limits, deadlines, ceilings,
ranges, direction from the name, actual wording — cells read by the grammar as a reader does."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfxl.model import Indicator, Project, Val
from perfxl.scoring import load_framework, score_project
from perfxl.scoring.scorer import score_indicator
from perfxl.values import parse_measure

DEFAULT = load_framework("default")


def ind(target, actual, weight="10", name="指标", level2="时效指标", staff=None) -> Indicator:
    return Indicator(row=13, level1=Val("产出指标"), level2=Val(level2), name=Val(name),
                     target=Val(parse_measure(target)), actual=Val(parse_measure(actual)),
                     weight=Val(D(weight)), score=Val(None if staff is None else D(staff)))


def score(target, actual, weight="10", year=2023, **kw):
    return score_indicator(ind(target, actual, weight, **kw), DEFAULT, year=year)


# --------------------------------------------------------------------------- done when (issue 17)


@pytest.mark.parametrize("target,actual", [
    ("3个小时内", "2小时"), ("3个小时内", "2个小时内"), ("半小时内", "20分钟"), ("24小时内响应", "12小时"),
    ("5个工作日内", "3个工作日"), ("不超过7天", "5天"), ("一周内", "5天"), ("3小时以内", "150分钟"),
])
def test_a_better_than_target_time_limit_gets_full_marks(target, actual):
    s = score(target, actual)
    assert (s.method, s.score, s.problem) == ("反向", D("10.00"), None)


@pytest.mark.parametrize("target,actual", [
    ("11月底前完成", "10月底完成"), ("11月底前完成", "11月30日完成"), ("2023年12月前", "2023年11月完成"),
    ("年底前", "12月20日完成"), ("11月30日前", "2023年10月15日"), ("12月31日之前", "12月底前完成"),
])
def test_a_deadline_met_by_date_gets_full_marks(target, actual):
    s = score(target, actual)
    assert (s.method, s.score, s.problem) == ("时限", D("10.00"), None)


@pytest.mark.parametrize("target,actual,name", [
    ("总成本不超过65.329万元", "64万元", "项目总成本"),
    ("成本不超过13.5万元", "成本控制在12万元以内", "培训成本"),
    ("饭堂总成本不超过48万", "47.5万", "饭堂运行成本"),
    ("不超9万", "85000元", "维修费用"),
    ("每年成本不超过1.2万元", "1.1万元", "保洁成本"),
    ("13.5万元", "12万元", "培训成本"),  # no operator: 成本 in the name is a ceiling
])
def test_a_better_than_target_cost_sentence_gets_full_marks(target, actual, name):
    s = score(target, actual, name=name, level2="成本指标")
    assert (s.method, s.score, s.problem) == ("反向", D("10.00"), None)


# --------------------------------------------------------------------------- misses and edges


def test_a_time_limit_overrun_scores_as_reverse():
    s = score("3个小时内", "4小时")  # 2T rule: (1 − (4−3)/3) × 10 = 6.666… → 6.67
    assert (s.method, s.score) == ("反向", D("6.67"))


def test_a_deadline_missed_scores_zero():
    s = score("11月底前完成", "12月15日完成")
    assert (s.method, s.score, s.problem) == ("时限", D("0.00"), None)


def test_a_deadline_takes_the_forms_year_and_its_own():
    assert score("2023年11月底前", "2024年1月完成", year=2023).score == D("0.00")
    assert score("11月底前", "2023年10月完成", year=2023).score == D("10.00")


def test_a_deadline_met_in_words_is_scored_by_its_band():
    s = score("11月底前完成", "按期完成")
    assert (s.method, s.band, s.score, s.used_default) == ("定性", "达成", D("10.00"), True)


def test_a_cost_over_its_ceiling_loses_points():
    s = score("总成本不超过50万元", "60万元", name="项目总成本", level2="成本指标")
    assert (s.method, s.score) == ("反向", D("8.00"))


def test_a_rate_to_save_is_positive_not_a_cost():
    s = score("5%", "6%", name="成本节约率", level2="成本指标")
    assert (s.method, s.score) == ("正向", D("10.00"))
    s = score("5%", "4%", name="成本节约率", level2="成本指标")
    assert (s.method, s.score) == ("正向", D("8.00"))


@pytest.mark.parametrize("actual,points", [("92%", "10.00"), ("80%", "8.89"), ("97%", "9.79")])
def test_a_range_scores_full_inside_and_proportionally_outside(actual, points):
    # below: 80/90 × 10 = 8.888… → 8.89; above, 反向 2T against 95: (2×95 − 97)/95 × 10 = 9.789…
    s = score("90%-95%", actual)
    assert (s.method, s.score) == ("区间", D(points))


@pytest.mark.parametrize("actual,band", [
    ("达成预期指标", "达成"), ("达到预期目标", "达成"), ("已完成", "达成"), ("基本完成", "部分达成"),
    ("基本达到", "部分达成"), ("未达到", "未达成"), ("未完成", "未达成"),
])
def test_actual_wording_maps_to_the_bands_of_rules_md(actual, band):
    s = score("显著", actual, level2="社会效益指标")
    assert (s.method, s.band, s.problem) == ("定性", band, None)


def test_achieved_as_written_on_the_anhui_form_is_not_zero():
    s = score("≥90%", "达成预期指标", level2="质量指标")
    assert (s.band, s.score) == ("达成", D("10.00"))


def test_an_unreadable_target_against_a_number_is_a_problem_not_a_guess():
    s = score("详见实施方案", "95%", level2="质量指标")
    assert (s.score, s.problem) == (None, "target-unreadable")


def test_the_project_passes_its_year_to_deadlines():
    p = Project(sheet="自评表01", title_year=Val(2023), indicators=[
        ind("2023年11月底前", "2023年10月完成", "50")])
    assert score_project(p, DEFAULT).indicators[0].score == D("50.00")
