"""The official scoring formulas (rules.md "Scoring"), each branch with hand-checked numbers.

Model objects are built directly (``Val(value)``, ``Measure``): the scorer is tested on its own,
independent of the reader.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfxl.model import FundRow, Indicator, Project, Val, Workbook
from perfxl.scoring import load_framework, score_project, score_workbook
from perfxl.scoring.scorer import NO_LEVEL1, round_score, score_indicator
from perfxl.values import Measure, Op

DEFAULT = load_framework("default")
RATIO = load_framework("default", {"reverse_rule": "ratio"})


def m(text: str, op: Op | None = None, number=None, unit: str | None = None) -> Measure:
    return Measure(text, op, None if number is None else D(str(number)), unit)


def q(text: str) -> Measure:
    """A qualitative value (no number)."""
    return Measure(text)


def ind(target, actual, weight="10", *, level1="产出指标", level2="数量指标", staff=None,
        row=13) -> Indicator:
    return Indicator(row=row, level1=Val(level1), level2=Val(level2), name=Val("指标"),
                     target=Val(target), actual=Val(actual),
                     weight=Val(None if weight is None else D(weight)),
                     score=Val(None if staff is None else D(staff)))


def score(target, actual, weight="10", framework=DEFAULT, **kw):
    return score_indicator(ind(target, actual, weight, **kw), framework)


def project(indicators=(), budget="2", executed="2", name="项目") -> Project:
    funds = {"total": FundRow("total", budget=Val(None if budget is None else D(budget)),
                              executed=Val(None if executed is None else D(executed)))}
    return Project(sheet="自评表01", name=Val(name), funds=funds, indicators=list(indicators))


# --------------------------------------------------------------------------- 正向


def test_positive_met_gives_full_weight():
    """≥90% against 95% at weight 20: X ≥ T → 20.00."""
    s = score(m("≥90%", Op.GE, 90, "%"), m("95%", None, 95, "%"), "20")
    assert (s.method, s.score, s.problem) == ("正向", D("20.00"), None)


def test_positive_unmet_is_proportional_and_rounded_half_up():
    """80% against ≥85% at weight 30 = 80/85×30 = 28.2352… → 28.24."""
    s = score(m("≥85%", Op.GE, 85, "%"), m("80%", None, 80, "%"), "30")
    assert (s.method, s.score) == ("正向", D("28.24"))
    assert (s.target_number, s.actual_number, s.unit) == (D(85), D(80), "%")


def test_greater_than_is_positive_and_equal_actual_meets_it():
    """＞92% against 92% at weight 10: 正向, X ≥ T → 10.00 (rules.md treats ＞ like ≥)."""
    s = score(m("＞92%", Op.GT, 92, "%"), m("92%", None, 92, "%"))
    assert (s.method, s.score) == ("正向", D("10.00"))


def test_greater_than_unmet():
    """＞92% against 46% at weight 10 = 46/92×10 = 5.00."""
    s = score(m("＞92%", Op.GT, 92, "%"), m("46%", None, 46, "%"))
    assert s.score == D("5.00")


def test_yishang_target_unmet():
    """`100次以上` (≥ 100 次) against 80次 at weight 15 = 80/100×15 = 12.00."""
    s = score(m("100次以上", Op.GE, 100, "次"), m("80次", None, 80, "次"), "15")
    assert (s.method, s.score) == ("正向", D("12.00"))


def test_no_operator_is_positive():
    """`15个` (no operator → 正向) against 12个 at weight 10 = 12/15×10 = 8.00."""
    s = score(m("15个", None, 15, "个"), m("12个", None, 12, "个"))
    assert (s.method, s.score) == ("正向", D("8.00"))


# --------------------------------------------------------------------------- ＝


def test_equal_positive_target_below_is_proportional():
    """＝100% against 95% at weight 10: 等于 with T > 0 → 95/100×10 = 9.50."""
    s = score(m("=100%", Op.EQ, 100, "%"), m("95%", None, 95, "%"))
    assert (s.method, s.score) == ("等于", D("9.50"))


def test_equal_positive_target_above_is_full():
    """＝100% against 105% at weight 10: X ≥ T → 10.00."""
    s = score(m("=100%", Op.EQ, 100, "%"), m("105%", None, 105, "%"))
    assert (s.method, s.score) == ("等于", D("10.00"))


def test_equal_zero_met():
    """＝0起 against 0起 at weight 5: 等于零, X ≤ 0 → 5.00."""
    s = score(m("＝0起", Op.EQ, 0, "起"), m("0起", None, 0, "起"), "5")
    assert (s.method, s.score) == ("等于零", D("5.00"))


def test_equal_zero_missed():
    """＝0起 against 1起 at weight 5: X > 0 → 0.00."""
    s = score(m("＝0起", Op.EQ, 0, "起"), m("1起", None, 1, "起"), "5")
    assert (s.method, s.score) == ("等于零", D("0.00"))


# --------------------------------------------------------------------------- 反向, 2T rule


def test_reverse_within_target():
    """≤5% against 4% at weight 20: X ≤ T → 20.00."""
    s = score(m("≤5%", Op.LE, 5, "%"), m("4%", None, 4, "%"), "20")
    assert (s.method, s.score) == ("反向", D("20.00"))


def test_reverse_between_t_and_2t():
    """≤5% against 7% at weight 20: (1 − (7−5)/5) × 20 = 0.6 × 20 = 12.00."""
    s = score(m("≤5%", Op.LE, 5, "%"), m("7%", None, 7, "%"), "20")
    assert (s.method, s.score) == ("反向", D("12.00"))


def test_reverse_between_rounds_half_up():
    """＜3万元 against 4万元 at weight 10: (1 − 1/3) × 10 = 6.666… → 6.67."""
    s = score(m("＜3万元", Op.LT, 3, "万元"), m("4万元", None, 4, "万元"))
    assert (s.method, s.score) == ("反向", D("6.67"))


@pytest.mark.parametrize("actual", ["10", "12"])
def test_reverse_at_or_beyond_2t_is_zero(actual):
    """≤5% against 10% (= 2T) or 12% (> 2T) at weight 20 → 0.00."""
    s = score(m("≤5%", Op.LE, 5, "%"), m(f"{actual}%", None, actual, "%"), "20")
    assert s.score == D("0.00")


def test_reverse_zero_target():
    """≤0起 against 0起 → full 10; against 2起 → 2T = 0 so X ≥ 2T → 0.00."""
    assert score(m("≤0起", Op.LE, 0, "起"), m("0起", None, 0, "起")).score == D("10.00")
    assert score(m("≤0起", Op.LE, 0, "起"), m("2起", None, 2, "起")).score == D("0.00")


# --------------------------------------------------------------------------- 反向, ratio rule


def test_reverse_ratio_above_target():
    """reverse_rule "ratio": ≤5% against 8% at weight 20 = 5/8 × 20 = 12.50 (2T rule: 8.00)."""
    s = score(m("≤5%", Op.LE, 5, "%"), m("8%", None, 8, "%"), "20", RATIO)
    assert (s.method, s.score) == ("反向(T/X)", D("12.50"))
    assert score(m("≤5%", Op.LE, 5, "%"), m("8%", None, 8, "%"), "20").score == D("8.00")


def test_reverse_ratio_beyond_2t_still_scores():
    """ratio: ≤5% against 20% at weight 20 = 5/20 × 20 = 5.00 (the 2T rule gives 0)."""
    s = score(m("≤5%", Op.LE, 5, "%"), m("20%", None, 20, "%"), "20", RATIO)
    assert s.score == D("5.00")


def test_reverse_ratio_within_target():
    """ratio: ≤5% against 5% at weight 20 → X ≤ T → 20.00."""
    s = score(m("≤5%", Op.LE, 5, "%"), m("5%", None, 5, "%"), "20", RATIO)
    assert s.score == D("20.00")


# --------------------------------------------------------------------------- negative actual


def test_negative_actual_counts_as_zero_positive():
    """≥90% against −5% at weight 10: X counts as 0 → 0/90×10 = 0.00."""
    s = score(m("≥90%", Op.GE, 90, "%"), m("-5%", None, -5, "%"))
    assert s.score == D("0.00")


def test_negative_actual_counts_as_zero_reverse_and_equal_zero():
    """≤5% against −3% → X = 0 ≤ 5 → 10.00; ＝0 against −1 → X = 0 ≤ 0 → 10.00."""
    assert score(m("≤5%", Op.LE, 5, "%"), m("-3%", None, -3, "%")).score == D("10.00")
    assert score(m("=0起", Op.EQ, 0, "起"), m("-1起", None, -1, "起")).score == D("10.00")


# --------------------------------------------------------------------------- units


def test_percent_target_against_fraction_actual():
    """≥95% against a unitless 0.9 (a fraction typed for 90%) at weight 30:
    0.9 → 90%, 90/95×30 = 28.421… → 28.42."""
    s = score(m("≥95%", Op.GE, 95, "%"), m("0.9", None, "0.9"), "30")
    assert (s.score, s.actual_number, s.unit) == (D("28.42"), D("90.0"), "%")


def test_percent_target_against_fraction_actual_met():
    """≥90% against unitless 0.92 → 92% ≥ 90% → 30.00."""
    assert score(m("≥90%", Op.GE, 90, "%"), m("0.92", None, "0.92"), "30").score == D("30.00")


def test_percent_target_against_plain_percent_number():
    """≥90% against a unitless 85 (already percent points, > 1: not converted) at 10:
    85/90×10 = 9.444… → 9.44."""
    s = score(m("≥90%", Op.GE, 90, "%"), m("85", None, 85), "10")
    assert (s.score, s.actual_number) == (D("9.44"), D(85))


def test_small_percent_target_does_not_convert_fraction():
    """≥0.5% (T ≤ 1) against unitless 0.3: no ×100 (only when T > 1) → 0.3/0.5×10 = 6.00."""
    s = score(m("≥0.5%", Op.GE, "0.5", "%"), m("0.3", None, "0.3"))
    assert (s.score, s.actual_number) == (D("6.00"), D("0.3"))


def test_unitless_fraction_target_against_percent_actual_is_mismatch():
    """Target 0.9 (no unit) against 92%: cannot tell a fraction from a count → unit-mismatch."""
    s = score(m("0.9", None, "0.9"), m("92%", None, 92, "%"))
    assert (s.score, s.problem) == (None, "unit-mismatch")


def test_wanyuan_target_against_yuan_actual():
    """≤2万元 against 18000元: 18000 元 = 1.8 万元 ≤ 2 → 10.00."""
    s = score(m("≤2万元", Op.LE, 2, "万元"), m("18000元", None, 18000, "元"))
    assert (s.score, s.actual_number, s.unit) == (D("10.00"), D("1.8"), "万元")


def test_wanyuan_target_against_yuan_actual_unmet():
    """≥2万元 against 15000元 at 10: 1.5 万元 → 1.5/2×10 = 7.50."""
    assert score(m("≥2万元", Op.GE, 2, "万元"), m("15000元", None, 15000, "元")).score == D("7.50")


def test_yuan_target_against_wanyuan_actual_exact():
    """≥50452元 against 5.0452万元: 5.0452 × 10000 = 50452 元 → met, 10.00 (exact Decimal)."""
    s = score(m("≥50452元", Op.GE, 50452, "元"), m("5.0452万元", None, "5.0452", "万元"))
    assert (s.score, s.actual_number) == (D("10.00"), D("50452"))


def test_one_side_without_unit_agrees():
    """≥100次 against a bare 50 at 10: units agree (one side has none) → 50/100×10 = 5.00."""
    assert score(m("≥100次", Op.GE, 100, "次"), m("50", None, 50)).score == D("5.00")


def test_full_width_percent_sign_is_percent():
    """≥90％ (full-width sign) against 45% → same unit, 45/90×10 = 5.00."""
    assert score(m("≥90％", Op.GE, 90, "％"), m("45%", None, 45, "%")).score == D("5.00")


@pytest.mark.parametrize("t_unit,a_unit", [("个", "次"), ("%", "万元"), ("亩", "元")])
def test_unit_mismatch_is_a_problem_not_a_guess(t_unit, a_unit):
    """≥10个 against 10次 (or % against 万元, 亩 against 元): score None, unit-mismatch."""
    s = score(m("≥10", Op.GE, 10, t_unit), m("10", None, 10, a_unit))
    assert (s.score, s.problem, s.method) == (None, "unit-mismatch", "正向")


# --------------------------------------------------------------------------- missing parts


def test_missing_actual():
    """No 实际完成值 → score None, problem no-actual (PX404 at year end)."""
    s = score(m("≥90%", Op.GE, 90, "%"), None)
    assert (s.score, s.problem, s.method) == (None, "no-actual", "正向")


def test_blank_actual_text_counts_as_missing():
    s = score(m("≥90%", Op.GE, 90, "%"), q("  "))
    assert (s.score, s.problem) == (None, "no-actual")


def test_missing_weight():
    """No 分值 → score None, problem no-weight."""
    s = score(m("≥90%", Op.GE, 90, "%"), m("95%", None, 95, "%"), None)
    assert (s.score, s.problem) == (None, "no-weight")


def test_negative_weight():
    s = score(m("≥90%", Op.GE, 90, "%"), m("95%", None, 95, "%"), "-5")
    assert (s.score, s.problem) == (None, "bad-weight")


def test_missing_target():
    s = score(None, m("95%", None, 95, "%"))
    assert (s.score, s.problem, s.method) == (None, "no-target", None)


# --------------------------------------------------------------------------- qualitative

FULL, PART, MISS = "达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"


@pytest.mark.parametrize("actual,band,expected", [
    (FULL, "达成", "10.00"),  # 1.0 × 10
    (PART, "部分达成", "7.00"),  # 0.7 × 10
    (MISS, "未达成", "3.00"),  # 0.3 × 10
])
def test_qualitative_band_default_without_staff_score(actual, band, expected):
    """No staff 得分: band default w / 0.7w / 0.3w at weight 10, flagged used_default (PX410)."""
    s = score(q("非常高"), q(actual), level1="满意度指标")
    assert (s.method, s.band, s.score, s.used_default, s.problem) == (
        "定性", band, D(expected), True, None)


def test_qualitative_default_rounds_half_up():
    """部分达成 at weight 1.5 → 0.7 × 1.5 = 1.05; 未达成 at 0.15 → 0.045 → 0.05 (half-up)."""
    assert score(q("好"), q(PART), "1.5").score == D("1.05")
    assert score(q("好"), q(MISS), "0.15").score == D("0.05")


@pytest.mark.parametrize("actual,staff", [(FULL, "9"), (FULL, "8"), (FULL, "10"), (PART, "6"),
                                          (PART, "7.99"), (MISS, "0"), (MISS, "5.99")])
def test_qualitative_staff_score_inside_band_is_kept(actual, staff):
    """Weight 10: 达成 [8, 10], 部分达成 [6, 8), 未达成 [0, 6) — a staff score inside is kept."""
    s = score(q("非常高"), q(actual), staff=staff)
    assert (s.score, s.used_default, s.problem) == (D(staff), False, None)


@pytest.mark.parametrize("actual,staff,default", [(FULL, "7.99", "10.00"), (PART, "8", "7.00"),
                                                  (PART, "5.99", "7.00"), (MISS, "6", "3.00")])
def test_qualitative_staff_score_outside_band(actual, staff, default):
    """Weight 10: 达成 with 7.99 (< 8), 部分达成 with 8 (upper bound open) or 5.99, 未达成 with 6
    → the band default is the score and problem qualitative-out-of-band (PX411)."""
    s = score(q("非常高"), q(actual), staff=staff)
    assert (s.score, s.problem, s.used_default) == (D(default), "qualitative-out-of-band", False)


def test_actual_equal_to_target_text_is_achieved():
    """Target 非常高, actual ` 非 常 高 ` (whitespace differs) → 达成, 1.0 × 10 = 10.00."""
    s = score(q("非常高"), q(" 非 常\n高 "), level1="满意度指标")
    assert (s.band, s.score, s.problem) == ("达成", D("10.00"), None)


@pytest.mark.parametrize("text,band", [("达成", "达成"), ("部分达成", "部分达成"),
                                       ("未达成", "未达成"), ("达成年度指标，效果明显", "达成"),
                                       ("部分达成年度指标，并具有一定效果", "部分达成")])
def test_short_forms_and_punctuation(text, band):
    assert score(q("非常高"), q(text)).band == band


def test_unknown_qualitative_actual_is_not_guessed():
    """Target 非常高, actual 较好: names no band and differs from the target → score None,
    qualitative-unknown (counts 0 in the total; a rule reports it)."""
    s = score(q("非常高"), q("较好"))
    assert (s.method, s.score, s.problem, s.band) == ("定性", None, "qualitative-unknown", None)


def test_numeric_actual_against_text_target_is_unknown():
    s = score(q("非常高"), m("95%", None, 95, "%"))
    assert (s.method, s.problem) == ("定性", "qualitative-unknown")


def test_band_text_against_numeric_target_is_qualitative():
    """≥90% against 部分达成年度指标并具有一定效果 at weight 10 → 定性, 0.7 × 10 = 7.00."""
    s = score(m("≥90%", Op.GE, 90, "%"), q(PART))
    assert (s.method, s.band, s.score) == ("定性", "部分达成", D("7.00"))


def test_qualitative_missing_weight_and_actual():
    assert score(q("非常高"), q(FULL), None).problem == "no-weight"
    assert score(q("非常高"), None).problem == "no-actual"


# --------------------------------------------------------------------------- rounding


def test_round_half_up_at_005():
    """1.005 → 1.01 and 0.125 → 0.13 (half-up; banker's rounding would give 1.00 / 0.12)."""
    assert round_score(D("1.005")) == D("1.01")
    assert round_score(D("0.125")) == D("0.13")
    assert round_score(D("1.0049")) == D("1.00")


def test_indicator_score_ending_in_5_rounds_up():
    """564.7 against ≥1000 at weight 50 = 564.7 × 50 / 1000 = 28.235 exactly → 28.24."""
    s = score(m("≥1000", Op.GE, 1000, "元"), m("564.7", None, "564.7", "元"), "50")
    assert s.score == D("28.24")


def test_multiply_before_divide_keeps_exact_half():
    """10 against ≥30 at weight 3.015 = 10 × 3.015 / 30 = 1.005 exactly → 1.01
    (dividing first, 10/30 = 0.333… × 3.015 = 1.00499… would round to 1.00)."""
    s = score(m("≥30", Op.GE, 30, "次"), m("10", None, 10, "次"), "3.015")
    assert s.score == D("1.01")


# --------------------------------------------------------------------------- 执行率


def test_execution_rate_and_score():
    """1.84 of 2 万元: rate 0.92, score 0.92 × 10 = 9.20."""
    ps = score_project(project(budget="2", executed="1.84"), DEFAULT)
    assert (ps.execution_rate, ps.execution_score, ps.execution_weight) == (
        D("0.92"), D("9.20"), D(10))


def test_execution_score_rounds_half_up():
    """1.231 of 2: rate 0.6155 × 10 = 6.155 → 6.16."""
    ps = score_project(project(budget="2", executed="1.231"), DEFAULT)
    assert (ps.execution_rate, ps.execution_score) == (D("0.6155"), D("6.16"))


def test_execution_over_100_percent_is_capped():
    """2.2 of 2: rate 1.1 (reported as is), score min(1.1, 1) × 10 = 10.00."""
    ps = score_project(project(budget="2", executed="2.2"), DEFAULT)
    assert (ps.execution_rate, ps.execution_score) == (D("1.1"), D("10.00"))


@pytest.mark.parametrize("budget,executed", [("0", "1"), ("-2", "1"), (None, "1"), ("2", None)])
def test_execution_undefined(budget, executed):
    """Budget 0, negative or missing, or no 执行数 → rate and score None (PX208/PX102)."""
    ps = score_project(project([ind(q("好"), q(FULL), "90")], budget=budget, executed=executed),
                       DEFAULT)
    assert (ps.execution_rate, ps.execution_score) == (None, None)
    assert ps.total == D("90.00")  # execution counts 0


def test_no_fund_rows_at_all():
    p = Project(sheet="自评表01", indicators=[ind(q("好"), q(FULL), "50")])
    ps = score_project(p, DEFAULT)
    assert (ps.execution_rate, ps.execution_score, ps.total) == (None, None, D("50.00"))


def test_execution_of_seed_sized_amounts_is_exact():
    """5.0452 万元 budget, 5.0452 executed → rate exactly 1, 10.00."""
    ps = score_project(project(budget="5.0452", executed="5.0452"), DEFAULT)
    assert (ps.execution_rate, ps.execution_score) == (D(1), D("10.00"))


# --------------------------------------------------------------------------- totals, categories


def test_total_and_category_subtotals():
    """exec 1.84/2 → 9.20; 产出 28.24 (80/85×30) + 20.00; 效益 12.00 (≤5% vs 7%, w 20);
    满意度 7.00 (部分达成 of 10) → total 9.20 + 48.24 + 12.00 + 7.00 = 76.44 → 中."""
    inds = [ind(m("≥85%", Op.GE, 85, "%"), m("80%", None, 80, "%"), "30", level1="产出指标（50分）"),
            ind(m("≥90%", Op.GE, 90, "%"), m("95%", None, 95, "%"), "20", level1="产出"),
            ind(m("≤5%", Op.LE, 5, "%"), m("7%", None, 7, "%"), "20", level1="效益指标"),
            ind(q("非常高"), q(PART), "10", level1="满意度指标")]
    ps = score_project(project(inds, budget="2", executed="1.84"), DEFAULT)
    assert ps.categories == {"产出指标": D("48.24"), "效益指标": D("12.00"),
                             "满意度指标": D("7.00")}
    assert (ps.total, ps.grade, ps.framework) == (D("76.44"), "中", "default")
    assert [s.category for s in ps.indicators] == ["产出指标", "产出指标", "效益指标", "满意度指标"]


def test_unscorable_indicator_counts_zero_but_keeps_its_category():
    """A unit-mismatch indicator adds 0; its category still appears with the others' sum."""
    inds = [ind(m("≥10个", Op.GE, 10, "个"), m("10次", None, 10, "次"), "30"),
            ind(m("≥10个", Op.GE, 10, "个"), m("5个", None, 5, "个"), "20")]  # 5/10×20 = 10
    ps = score_project(project(inds), DEFAULT)
    assert ps.categories == {"产出指标": D("10.00")}
    assert ps.total == D("20.00")  # 10 execution + 10


def test_category_keys_for_unknown_and_missing_level1():
    """Unknown 一级 `其他指标` keeps its own key; empty 一级 falls back to the 二级
    (`质量指标` → 产出指标); neither → 未填一级指标. Framework categories come first."""
    inds = [ind(q("好"), q(FULL), "5", level1="其他指标"),
            ind(q("好"), q(FULL), "5", level1=None, level2="质量指标"),
            ind(q("好"), q(FULL), "5", level1="", level2=None),
            ind(q("好"), q(FULL), "5", level1="满意度")]
    ps = score_project(project(inds), DEFAULT)
    assert list(ps.categories) == ["产出指标", "满意度指标", "其他指标", NO_LEVEL1]


def test_score_workbook_one_per_project_in_order(tmp_path):
    wb = Workbook(path=tmp_path / "x.xlsx",
                  projects=[project(name="甲", executed="1"), project(name="乙", executed="2")])
    scores = score_workbook(wb, DEFAULT)
    assert [s.project.name.value for s in scores] == ["甲", "乙"]
    assert [s.execution_score for s in scores] == [D("5.00"), D("10.00")]


# --------------------------------------------------------------------------- grades


@pytest.mark.parametrize("total,grade", [("100", "优"), ("90", "优"), ("89.99", "良"),
                                         ("80", "良"), ("79.99", "中"), ("60", "中"),
                                         ("59.99", "差"), ("0", "差")])
def test_grade_boundaries(total, grade):
    assert DEFAULT.grade_of(D(total)) == grade


def test_project_grade_at_89_99_is_liang():
    """99.9 of 100 万元 → 9.99, plus a met 80-point indicator → 89.99 → 良."""
    ps = score_project(project([ind(m("≥1", Op.GE, 1, "次"), m("1", None, 1, "次"), "80")],
                               budget="100", executed="99.9"), DEFAULT)
    assert (ps.execution_score, ps.total, ps.grade) == (D("9.99"), D("89.99"), "良")


def test_project_grade_at_90_is_you():
    ps = score_project(project([ind(m("≥1", Op.GE, 1, "次"), m("1", None, 1, "次"), "80")]),
                       DEFAULT)
    assert (ps.total, ps.grade) == (D("90.00"), "优")


# --------------------------------------------------------------------------- 共性指标


def test_common_framework_with_workbook_weights():
    """共性指标 form, 分值 from the workbook (indicators 90 + 执行率 10):
    投入: 项目立项 达成 10 → 10; 资金落实 资金到位率 ＝100% vs 100% at 10 → 10;
    过程: 业务管理 达成 10 → 10; 财务管理 部分达成 10 → 7;
    产出: 项目产出 100次以上 vs 90次 at 20 = 90/100×20 = 18;
    效果: 项目效益 ≥90% vs 95% at 20 → 20; 满意度 ≥90% vs 0.85 at 10 = 85/90×10 = 9.444 → 9.44.
    Execution 2/2 → 10. Total 10 + 20 + 17 + 18 + 29.44 = 94.44 → 优."""
    common = load_framework("共性指标")
    inds = [ind(q("规范"), q(FULL), "10", level1="投入", level2="项目立项"),
            ind(m("=100%", Op.EQ, 100, "%"), m("100%", None, 100, "%"), "10", level1="投入",
                level2="资金落实"),
            ind(q("有效"), q(FULL), "10", level1="过程", level2="业务管理"),
            ind(q("合规"), q(PART), "10", level1="过程", level2="财务管理"),
            ind(m("100次以上", Op.GE, 100, "次"), m("90次", None, 90, "次"), "20", level1="产出",
                level2="项目产出"),
            ind(m("≥90%", Op.GE, 90, "%"), m("95%", None, 95, "%"), "20", level1="效果",
                level2="项目效益"),
            ind(m("≥90%", Op.GE, 90, "%"), m("0.85", None, "0.85"), "10", level1="效果指标",
                level2="满意度")]
    ps = score_project(project(inds), common)
    assert ps.framework == "common"
    assert ps.execution_score == D("10.00")
    assert ps.categories == {"投入": D("20.00"), "过程": D("17.00"), "产出": D("18.00"),
                             "效果": D("29.44")}
    assert (ps.total, ps.grade) == (D("94.44"), "优")


def test_default_form_under_common_framework_keeps_unknown_category():
    """A 满意度指标 一级 is not a 共性指标 category: it keeps its own key; 产出指标 → 产出."""
    common = load_framework("common")
    ps = score_project(project([ind(q("好"), q(FULL), "10", level1="满意度指标"),
                                ind(q("好"), q(FULL), "10", level1="产出指标")]), common)
    assert ps.categories == {"产出": D("10.00"), "满意度指标": D("10.00")}


# --------------------------------------------------------------------------- settings


def test_execution_weight_setting():
    """execution_weight 0 (a 共性 table scoring 预算执行率 as an indicator): 1.84/2 → 0.00."""
    fw = load_framework("common", {"execution_weight": 0})
    ps = score_project(project(budget="2", executed="1.84"), fw)
    assert (ps.execution_weight, ps.execution_score) == (D(0), D("0.00"))


def test_grades_setting_changes_grade():
    """grades 优 = 85: a total of 85.00 is 优, 84.99 良."""
    fw = load_framework("default", {"grades": {"优": 85}})
    assert (fw.grade_of(D("85")), fw.grade_of(D("84.99"))) == ("优", "良")


def test_band_setting_changes_default():
    """bands 部分达成 default 0.75 at weight 10 → 7.50."""
    fw = load_framework("default", {"bands": {"部分达成": {"default": 0.75}}})
    assert score(q("好"), q(PART), framework=fw).score == D("7.50")


def test_reverse_ratio_zero_actual_against_negative_target():
    """ratio with a (strange) negative ceiling ≤−1 against 0: X ≤ 0 → full 10.00, no division."""
    s = score(m("≤-1", Op.LE, -1, "次"), m("0", None, 0, "次"), framework=RATIO)
    assert s.score == D("10.00")
