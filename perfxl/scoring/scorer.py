"""The official scoring of a 自评表 (rules.md "Scoring"), driven by a :class:`Framework`.

Score of a project = 预算执行率 score + Σ indicator scores, each rounded half-up to 0.01.

Quantitative indicator (target T, actual X in one unit, see :mod:`perfxl.scoring.units`; a
negative X counts as 0; weight w = the workbook's 分值):

- ``正向`` (≥, >, or no operator) and ``等于`` (＝ with T > 0): X ≥ T → w, else X / T × w;
- ``等于零`` (＝ with T = 0): X ≤ 0 → w, else 0;
- ``反向`` (≤, <), reverse_rule "2T": X ≤ T → w; T < X < 2T → (1 − (X − T) / T) × w; X ≥ 2T → 0;
- ``反向(T/X)``, reverse_rule "ratio": X ≤ T → w, X ≤ 0 → w, else T / X × w.

Scores are clamped to [0, w] (a negative target could otherwise give a negative T / X).

Qualitative indicator (target or actual is text): the actual names a band of the framework —
its full name (``达成年度指标``), a text starting with a full name, or the short form
(``达成`` / ``部分达成`` / ``未达成``); whitespace and punctuation are ignored. An actual equal to
the target text counts as the first (best) band, 达成. A staff 得分 inside the band's range is
kept; no staff 得分 → the band default (w, 0.7w, 0.3w), ``used_default``; a staff 得分 outside the
range → the band default, problem ``qualitative-out-of-band`` (PX411). An actual text that names
no band and differs from the target (``较好`` against ``非常高``, or a number against a text
target) is not guessed: score None, problem ``qualitative-unknown``, so it counts 0 in the total
and a rule reports it.

The target grammar (:mod:`perfxl.scoring.targets`): a target with no operator takes its
direction from the indicator's name (``成本`` 反向); a range scores full inside it (``区间``); a
deadline (``11月底前完成``) is scored by date (``时限``: on or before → w, later → 0), or, for an
actual in words (``按期完成``), by its band. An actual in words is matched to a band also by the
word table (``达成预期指标`` → 达成, ``基本完成`` → 部分达成, ``未达到`` → 未达成).

Problems (score None unless said): ``no-actual``, ``no-target``, ``no-weight``, ``bad-weight``
(a negative 分值), ``unit-mismatch``, ``target-unreadable`` (a number actual against a target
text the grammar cannot read), ``qualitative-unknown``, ``qualitative-out-of-band`` (score
kept at the band default). When several apply, the first in that order is named.

Computations multiply before they divide (X × w / T, not X / T × w), so a score whose exact
value ends in 5 at the third decimal (28.235) rounds half-up instead of drifting below it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from perfxl.model import Indicator, Project
from perfxl.scoring.framework import Band, Framework
from perfxl.scoring.rates import execution_rate
from perfxl.scoring.targets import (
    deadline_met, is_deadline, is_range, range_score, reading_of, reverse_by_name,
)
from perfxl.scoring.types import IndicatorScore, ProjectScore
from perfxl.scoring.units import align
from perfxl.values import Measure, Op, actual_band
from perfxl.values.targets import UNREADABLE

CENT = Decimal("0.01")
ZERO = Decimal(0)
NO_LEVEL1 = "未填一级指标"  # category key of indicators with no 一级指标 text at all

POSITIVE, REVERSE, REVERSE_RATIO, EQUAL, EQUAL_ZERO, QUALITATIVE, RANGE, DEADLINE = (
    "正向", "反向", "反向(T/X)", "等于", "等于零", "定性", "区间", "时限")


def round_score(d: Decimal) -> Decimal:
    """Half-up to 0.01 (28.235 → 28.24), as the official rules round."""
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- projects


def score_workbook(wb, framework: Framework) -> list[ProjectScore]:
    """One :class:`ProjectScore` per 自评表, in ``wb.projects`` order."""
    return [score_project(p, framework) for p in wb.projects]


def score_project(project: Project, framework: Framework) -> ProjectScore:
    rate, exec_score = execution(project, framework)
    year = project.title_year.value
    indicators = [score_indicator(i, framework, year=year) for i in project.indicators]
    points = sum((s.score or ZERO for s in indicators), ZERO)
    total = (exec_score or ZERO) + points
    return ProjectScore(
        project=project, framework=framework.id, execution_rate=rate,
        execution_weight=framework.execution_weight, execution_score=exec_score,
        indicators=indicators, categories=_subtotals(indicators, framework), total=total,
        grade=framework.grade_of(total))


def execution(project: Project, framework: Framework) -> tuple[Decimal | None, Decimal | None]:
    """(执行率, score) from the 年度资金总额 row: rate = 执行数 ÷ 预算数 unrounded, score =
    min(rate, 1) × execution weight rounded. A missing or non-positive budget, or a missing
    执行数, gives (None, None): rules report PX102/PX208. A negative 执行数 scores 0."""
    row = project.funds.get("total")
    if row is None:
        return None, None
    budget, executed = row.budget.value, row.executed.value
    rate = execution_rate(budget, executed)
    if rate is None:
        return None, None
    counted = min(max(executed, ZERO), budget)
    return rate, round_score(counted * framework.execution_weight / budget)


def _subtotals(scores: list[IndicatorScore], framework: Framework) -> dict[str, Decimal]:
    """一级指标 subtotals: framework categories first (framework order), then others as written."""
    out: dict[str, Decimal] = {}
    for s in scores:
        out[s.category] = out.get(s.category, ZERO) + (s.score or ZERO)
    if len(out) < 2:
        return out
    order = framework.category_order
    return dict(sorted(out.items(), key=lambda kv: order.get(kv[0], len(order))))


def category_key(indicator: Indicator, framework: Framework) -> str:
    """The framework's canonical 一级指标 name (:meth:`Framework.category_of_row`); an unknown
    一级 as written; with neither, :data:`NO_LEVEL1`."""
    cat = framework.category_of_row(indicator.level1.value, indicator.level2.value)
    if cat is not None:
        return cat.name
    return (indicator.level1.value or "").strip() or NO_LEVEL1


# --------------------------------------------------------------------------- indicators


def score_indicator(indicator: Indicator, framework: Framework, *,
                    year: int | None = None) -> IndicatorScore:
    """The score of one indicator; ``year`` is the form's (for a deadline that writes none)."""
    weight = indicator.weight.value
    target, actual = indicator.target.value, indicator.actual.value
    result = IndicatorScore(indicator, category_key(indicator, framework), weight, None, None)
    if is_deadline(target):
        _score_deadline(result, framework, year)
    elif _unreadable_against_number(target, actual):
        result.problem = "target-unreadable"
    elif _is_qualitative(target, actual):
        result.method = QUALITATIVE
        _score_qualitative(result, framework)
    else:
        _score_quantitative(result, framework, target, actual)
    return result


def _unreadable_against_number(target: Measure | None, actual: Measure | None) -> bool:
    """A number actual against a target text the grammar cannot read: not a guess, a finding."""
    reading = reading_of(target)
    return (reading is not None and reading.kind == UNREADABLE and actual is not None
            and not actual.qualitative)


def _score_deadline(r: IndicatorScore, framework: Framework, year: int | None) -> None:
    """A deadline target: by date when the actual states one, else by the actual's band."""
    target, actual = r.indicator.target.value, r.indicator.actual.value
    if _blank(actual):
        r.method, r.problem = DEADLINE, "no-actual"
        return
    met = deadline_met(target.reading, actual.reading, year) if actual.reading else None
    if met is None:
        r.method = QUALITATIVE
        _score_qualitative(r, framework)
        return
    r.method = DEADLINE
    r.problem = _weight_problem(r.weight)
    if r.problem is None:
        r.score = round_score(r.weight if met else ZERO)


def _blank(m: Measure | None) -> bool:
    return m is None or (m.number is None and not (m.text or "").strip())


def _is_qualitative(target: Measure | None, actual: Measure | None) -> bool:
    """Either side is a text (qualitative and not blank). Spelled out rather than with any()
    over a generator: this runs for every indicator."""
    for m in (target, actual):
        if m is not None and m.qualitative and (m.text or "").strip():
            return True
    return False


def _weight_problem(weight: Decimal | None) -> str | None:
    if weight is None:
        return "no-weight"
    return "bad-weight" if weight < 0 else None


def _score_quantitative(r: IndicatorScore, framework: Framework, target: Measure | None,
                        actual: Measure | None) -> None:
    if not _blank(target):
        r.method = quantitative_method(target, framework, r.indicator.name.value)
    if _blank(actual):
        r.problem = "no-actual"
        return
    if _blank(target):
        r.problem = "no-target"
        return
    aligned = align(target, actual)
    if aligned is None:
        r.problem = "unit-mismatch"
        return
    r.target_number, r.actual_number, r.unit = aligned.target, aligned.actual, aligned.unit
    r.problem = _weight_problem(r.weight)
    if r.problem is None:
        x = max(aligned.actual, ZERO)  # a negative actual counts as 0
        if r.method == RANGE:
            low, high = target.reading.low, target.reading.high
            raw = range_score(low, high, x, r.weight, _reverse_formula(framework))
        else:
            raw = quantitative_score(r.method, aligned.target, x, r.weight)
        r.score = round_score(min(max(raw, ZERO), r.weight))


def quantitative_method(target: Measure, framework: Framework, name: str | None = None) -> str:
    """The formula a target calls for: by its operator; with none, 反向 when the indicator's
    ``name`` says so (``项目成本``), else 正向 (a bare number: ＝ with T > 0)."""
    if is_range(target):
        return RANGE
    if target.op in (Op.LE, Op.LT) or reverse_by_name(target, name):
        return _reverse_method(framework)
    if target.op is Op.EQ:
        return EQUAL_ZERO if target.number == 0 else EQUAL
    return POSITIVE


def _reverse_method(framework: Framework) -> str:
    return REVERSE_RATIO if framework.reverse_rule == "ratio" else REVERSE


def _reverse_formula(framework: Framework):
    method = _reverse_method(framework)
    return lambda t, x, w: quantitative_score(method, t, x, w)


def quantitative_score(method: str, t: Decimal, x: Decimal, w: Decimal) -> Decimal:
    """The unrounded score of actual ``x`` (≥ 0) against target ``t`` at weight ``w``."""
    if method in (POSITIVE, EQUAL):
        return w if x >= t else x * w / t  # x < t implies t > 0 here
    if method == EQUAL_ZERO:
        return w if x <= 0 else ZERO
    if x <= t:
        return w
    if method == REVERSE_RATIO:
        return w if x <= 0 else t * w / x  # X ≤ 0 meets any ceiling (rules: X ≤ 0 → w)
    return (2 * t - x) * w / t if x < 2 * t else ZERO  # 反向 2T: (1 − (X−T)/T)·w


# --------------------------------------------------------------------------- qualitative


def _score_qualitative(r: IndicatorScore, framework: Framework) -> None:
    target, actual = r.indicator.target.value, r.indicator.actual.value
    if _blank(actual):
        r.problem = "no-actual"
        return
    band = band_of(actual.text, None if _blank(target) else target.text, framework.bands)
    if band is None:
        r.problem = "qualitative-unknown"
        return
    r.band = band.short
    r.problem = _weight_problem(r.weight)
    if r.problem is not None:
        return
    staff = r.indicator.score.value
    default = round_score(r.weight * band.default)
    if staff is None:
        r.score, r.used_default = default, True
    elif _in_band(staff, band, r.weight):
        r.score = round_score(staff)
    else:
        r.score, r.problem = default, "qualitative-out-of-band"


def _in_band(score: Decimal, band: Band, weight: Decimal) -> bool:
    low, high = weight * band.low, weight * band.high
    if score < low:
        return False
    return score <= high if band.high_inclusive else score < high


_NOISE = re.compile(r"[\s,，、。.;；:：!！]+")


def _text_key(text: str | None) -> str:
    """Text as compared: NFKC, whitespace and punctuation removed."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or ""))


def band_of(actual: str, target: str | None, bands: tuple[Band, ...]) -> Band | None:
    """The band an actual text names (see the module docstring), or None."""
    key = _text_key(actual)
    if not key or not bands:
        return None
    for band in bands:
        if key == _text_key(band.short) or key.startswith(_text_key(band.name)):
            return band
    if target is not None and key == _text_key(target):
        return bands[0]  # the actual equals the target: 达成
    short = actual_band(actual)  # the word table: 达成预期指标, 基本完成, 未达到 …
    return next((band for band in bands if band.short == short), None)
