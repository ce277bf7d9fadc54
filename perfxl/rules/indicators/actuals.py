"""PX404–PX407: the 实际完成值 against the target — missing at year end, a low score without a
reason, far over the target, a percentage that cannot exceed 100%.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.findings import Severity
from perfxl.model import Indicator
from perfxl.rules.base import Rule
from perfxl.rules.common import (
    HUNDRED, ind_name, is_blank, is_empty, norm_text, num, project_name, row_loc,
)
from perfxl.values import Op


# Percentages that cannot exceed 100% (PX407): a name ending in one of these.
BOUNDED_RATE_ENDINGS = (
    "覆盖率", "覆盖面", "满意度", "满意率", "及时率", "完成率", "执行率", "合格率", "达标率",
    "到位率", "知晓率", "参与率", "参保率", "入学率", "普及率", "处理率", "处置率", "查处率",
    "办结率", "结案率", "化解率", "出勤率", "通过率", "验收率", "准确率", "正确率", "发放率",
    "兑付率", "兑现率", "支付率", "拨付率", "使用率", "利用率", "回收率", "落实率", "达成率",
    "接种率", "救治率", "受益率", "占比", "比例",
)
# …unless the name says it measures a change, which may exceed 100%.
CHANGE_WORDS = ("增长", "增幅", "增加", "提高", "提升", "上升", "同比", "环比", "比上年")


class MissingActual(Rule):
    """年末缺少实际完成值。

    检查什么：数据截至 12 月时，每条三级指标都填写了实际完成值。

    为什么：没有实际完成值就无法评分，该条指标只能按 0 分计。

    例子：“日常巡查次数”年度指标值 100次以上，实际完成值为空 → PX404。

    怎么改：填写全年实际完成的数值或情况。
    """

    code = "PX404"
    name = "missing-actual"
    severity = Severity.ERROR
    summary = "年末缺少实际完成值"
    message = "“{ind}”没有填写实际完成值"
    year_end_only = True

    def check(self, ctx):
        for proj, ind, _s in ctx.scored:
            a = ind.actual.value
            if a is None or is_empty(a.text):
                yield self.finding(row_loc(proj, ind, ind.actual), expected="实际完成值",
                                   actual="空", project=project_name(proj), ind=ind_name(ind))


class LowScoreUnexplained(Rule):
    """指标得分低于分值，却没有填写偏差原因。

    检查什么：按规则算出的得分低于该条分值时，“偏差原因分析及改进措施”不能为空
    （``无``、``/`` 之类视为空）。

    为什么：没有完成目标就要说明原因和改进措施，这是自评表要求填写该栏的目的。

    例子：“日常巡查覆盖率”目标 ≥90%，实际 80%，分值 10，得分 8.89，偏差原因空 → PX405。

    怎么改：写明未达标的原因和改进措施。
    """

    code = "PX405"
    name = "low-score-unexplained"
    severity = Severity.WARNING
    summary = "指标得分低于分值，但偏差原因分析及改进措施为空"
    message = "“{ind}”得分 {score} 低于分值 {weight}，但偏差原因分析及改进措施为空"

    def check(self, ctx):
        for proj, ind, s in ctx.scored:
            if s is None or s.score is None or s.weight is None:
                continue
            if s.score < s.weight and is_blank(ind.deviation.value):
                yield self.finding(row_loc(proj, ind, ind.deviation), expected="偏差原因",
                                   actual="空", project=project_name(proj), ind=ind_name(ind),
                                   score=num(s.score), weight=num(s.weight))


def _positive(ind: Indicator, s) -> bool:
    """Scored as 正向 (or, before scoring, a ≥/＞ target)."""
    if s is not None and s.method:
        return s.method == "正向"
    return ind.target.value is not None and ind.target.value.op in (Op.GE, Op.GT)


def _same_unit(t, a) -> bool:
    return norm_text(t.unit) == norm_text(a.unit) or not a.unit


class OverCompleted(Rule):
    """实际完成值远超目标（≥ 1.2 倍），目标可能定得过低。

    检查什么：正向的定量指标，实际完成值 ≥ 框架设置 ``over_completion``（默认 1.2）× 年度指标值
    （两者单位相同、目标大于 0）。

    为什么：大幅超额完成通常说明目标定得太保守（广西等地的超额完成规则），下一年应据实调高。

    例子：“日常巡查次数”目标 100次以上，实际 150 次 → 150 ≥ 1.2 × 100 → PX406。

    怎么改：在偏差原因中说明超额的原因，并在下年度设定更合理的目标。
    """

    code = "PX406"
    name = "over-completed"
    severity = Severity.WARNING
    summary = "实际完成值 ≥ 1.2 × 年度指标值，目标可能定得过低"
    message = "“{ind}”实际完成 {got}，达到目标 {target} 的 {times} 倍（≥{limit} 倍），目标可能定得过低"

    def check(self, ctx):
        limit = ctx.framework.over_completion
        for proj, ind, s in ctx.scored:
            pair = _numbers(ind, s)
            if pair is None or not _positive(ind, s):
                continue
            t, a = pair
            if t > 0 and a >= limit * t:
                times = (a / t).quantize(Decimal("0.01"))
                yield self.finding(row_loc(proj, ind, ind.actual),
                                   expected=f"<{num(limit * t)}", actual=num(a),
                                   project=project_name(proj), ind=ind_name(ind),
                                   got=ind.actual.value.text, target=ind.target.value.text,
                                   times=num(times), limit=num(limit))


def _numbers(ind: Indicator, s) -> tuple[Decimal, Decimal] | None:
    """Target and actual in one unit: as the scorer aligned them (``≥90%`` vs 0.92 → 90, 92),
    else as typed when the units are the same."""
    if s is not None and s.target_number is not None and s.actual_number is not None:
        return s.target_number, s.actual_number
    if s is not None and s.problem == "unit-mismatch":
        return None
    t, a = ind.target.value, ind.actual.value
    if t is None or a is None or t.number is None or a.number is None or not _same_unit(t, a):
        return None
    return t.number, a.number


def bounded_rate(name: object) -> bool:
    """A 三级指标 whose percentage cannot exceed 100% (see :data:`BOUNDED_RATE_ENDINGS`)."""
    n = norm_text(name)
    return n.endswith(BOUNDED_RATE_ENDINGS) and not any(w in n for w in CHANGE_WORDS)


class ImpossiblePercent(Rule):
    """百分比超过 100%，而该指标不可能超过 100%。

    检查什么：名称以覆盖率、满意度/满意率、及时率、完成率、执行率、合格率、达标率、到位率、
    知晓率、参与率、处理率、查处率、办结率、发放率、支付率、使用率、占比、比例等结尾的指标
    （名称含“增长、提高、同比、比上年”等表示变化的除外），年度指标值或实际完成值是百分数
    且大于 100%。

    为什么：覆盖率、满意度之类是部分占全体的比例，最多 100%；超过说明录错（如 0.95 写成 95
    又被设为百分比格式）。

    例子：“社会公众满意度”实际完成值 105% → PX407，期望 ≤100%，实际 105%。

    怎么改：改正百分数。
    """

    code = "PX407"
    name = "impossible-percent"
    severity = Severity.ERROR
    summary = "覆盖率、满意度、及时率等比例超过100%"
    message = "“{ind}”的{which}为 {value}%，该比例不可能超过 100%"

    def check(self, ctx):
        for proj, ind, _s in ctx.scored:
            if not (_over_100(ind.target.value) or _over_100(ind.actual.value)):
                continue  # the usual row: tested before the (costlier) name
            if not bounded_rate(ind.name.value):
                continue
            for which, v in (("年度指标值", ind.target), ("实际完成值", ind.actual)):
                m = v.value
                if _over_100(m):
                    yield self.finding(row_loc(proj, ind, v), expected="≤100%",
                                       actual=f"{num(m.number)}%", project=project_name(proj),
                                       ind=ind_name(ind), which=which, value=num(m.number))


def _over_100(m) -> bool:
    """A percentage above 100 (``105%``)."""
    return (m is not None and m.number is not None and m.number > HUNDRED
            and norm_text(m.unit) == "%")


