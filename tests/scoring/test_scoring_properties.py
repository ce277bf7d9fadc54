"""Property tests of the scorer: whatever staff type, a score stays within [0, w] and a form
whose 分值 add up to 100 totals within [0, 100]."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.model import FundRow, Indicator, Project, Val
from perfxl.scoring import load_framework, score_project
from perfxl.scoring.scorer import score_indicator
from perfxl.values import Measure, Op

FRAMEWORKS = [load_framework("default"), load_framework("default", {"reverse_rule": "ratio"}),
              load_framework("common")]
BANDS = ["达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差",
         "达成", "部分达成", "未达成", "非常高", "较好"]
UNITS = [None, "%", "万元", "元", "个", "次"]


def decimals(lo: str, hi: str, places: int = 4):
    return st.decimals(min_value=D(lo), max_value=D(hi), places=places, allow_nan=False,
                       allow_infinity=False)


weights = decimals("0", "100", 2)
numbers = decimals("-1000", "100000", 4)
ops = st.sampled_from([None, *Op])


@st.composite
def quantitative(draw, ops=ops):
    return Measure("x", draw(ops), draw(numbers), draw(st.sampled_from(UNITS)))


@st.composite
def any_measure(draw):
    if draw(st.booleans()):
        return draw(quantitative())
    return Measure(draw(st.sampled_from(BANDS)))


@st.composite
def indicators(draw, weight=weights):
    staff = draw(st.one_of(st.none(), decimals("-10", "110", 2)))
    return Indicator(row=13, level1=Val(draw(st.sampled_from(["产出指标", "效益指标", "投入", "其他"]))),
                     target=Val(draw(st.one_of(st.none(), any_measure()))),
                     actual=Val(draw(st.one_of(st.none(), any_measure()))),
                     weight=Val(draw(weight)), score=Val(staff))


@settings(max_examples=400, deadline=None)
@given(indicators(), st.sampled_from(FRAMEWORKS))
def test_indicator_score_within_zero_and_weight(indicator, framework):
    s = score_indicator(indicator, framework)
    if s.score is not None:
        assert D(0) <= s.score <= s.weight
        assert s.score == s.score.quantize(D("0.01"))
    else:
        assert s.problem is not None  # an unscored indicator always says why


@settings(max_examples=300, deadline=None)
@given(quantitative(), quantitative(ops=st.just(None)), weights, st.sampled_from(FRAMEWORKS))
def test_quantitative_score_within_zero_and_weight(target, actual, weight, framework):
    ind = Indicator(row=1, target=Val(target), actual=Val(actual), weight=Val(weight))
    s = score_indicator(ind, framework)
    assert s.method in ("正向", "反向", "反向(T/X)", "等于", "等于零")
    assert s.score is None or D(0) <= s.score <= weight
    assert s.score is not None or s.problem == "unit-mismatch"


@settings(max_examples=200, deadline=None)
@given(quantitative(), weights)
def test_actual_meeting_a_positive_target_scores_full(target, weight):
    """正向: an actual equal to the target (same unit) always earns the full weight."""
    target = Measure("t", Op.GE, target.number, target.unit)
    ind = Indicator(row=1, target=Val(target), actual=Val(target), weight=Val(weight))
    s = score_indicator(ind, FRAMEWORKS[0])
    assert s.score == weight.quantize(D("0.01"))


@st.composite
def partition_of_90(draw):
    """Indicator 分值 in cents adding up to exactly 90.00 (so with 执行率 10 the form is 100)."""
    n = draw(st.integers(1, 12))
    cuts = sorted(draw(st.lists(st.integers(0, 9000), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 9000]
    return [D(b - a) / 100 for a, b in zip(bounds, bounds[1:])]


@settings(max_examples=200, deadline=None)
@given(st.data(), partition_of_90(), decimals("-5", "500", 4), decimals("-5", "800", 4),
       st.sampled_from(FRAMEWORKS))
def test_total_within_zero_and_hundred(data, parts, budget, executed, framework):
    inds = [data.draw(indicators(weight=st.just(w))) for w in parts]
    funds = {"total": FundRow("total", budget=Val(budget), executed=Val(executed))}
    ps = score_project(Project(sheet="s", funds=funds, indicators=inds), framework)
    assert D(0) <= ps.total <= D(100)
    assert ps.total == (ps.execution_score or 0) + sum(ps.categories.values())
    assert ps.grade == framework.grade_of(ps.total)
