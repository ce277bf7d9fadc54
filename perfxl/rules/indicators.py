"""PX401–PX414: the 绩效指标 table — categories, weights, targets, actuals and scores.

Scores come from :mod:`perfxl.scoring` (computed before the rules run); these rules look at
what the scorer could not score (``IndicatorScore.problem``) and at what a reviewer would
question in the table itself.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from perfxl.findings import Severity
from perfxl.model import Indicator, Loc, Project
from perfxl.rules.base import Rule
from perfxl.rules.common import (
    HUNDRED, column_of, differs, first_loc, ind_name, is_blank, is_empty, norm_text, num,
    project_name,
    row_loc,
)
from perfxl.scoring.framework import Category
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


def categorised(ctx, proj: Project) -> list[tuple[Indicator, Category | None]]:
    """Each indicator with its category; a row with empty 一级 and 二级 cells continues the
    category above it (as a merged cell would). Worked out once per form by the context."""
    return ctx.categorised(proj)


def header_loc(proj: Project) -> Loc | None:
    """The 一级指标 header cell of the indicator table (column of the 一级 cells, else B)."""
    if proj.indicator_header_row is None:
        return proj.title_loc
    col = next((column_of(i.level1.loc) for i in proj.indicators if i.level1.loc), None) or "B"
    return Loc(proj.sheet, f"{col}{proj.indicator_header_row}")


def scored(ctx) -> list[tuple[Project, Indicator, object]]:
    """(form, indicator, its IndicatorScore or None) for every indicator of every form."""
    return ctx.scored


class MissingCategory(Rule):
    """缺少框架要求的一级指标。

    检查什么：每张自评表的绩效指标中，框架里 ``required = true`` 的每个一级指标至少有一条
    三级指标（默认框架：产出指标、效益指标、满意度指标）。一个项目缺一类报告一次，位置在
    绩效指标表的“一级指标”表头。

    为什么：自评表的 100 分由执行率 10 分和这三类指标构成；缺一类，这一类的分值就没有着落，
    评价也不完整。年末之前导出的空白自评表（只有表头、没有指标行）是正常的，不报告。

    例子：涞源镇人大主席团工作经费的自评表只有产出和效益指标 → PX401：缺少满意度指标。

    怎么改：补上该类指标（如“服务对象满意度 ≥90%”）并分配分值。
    """

    code = "PX401"
    name = "missing-category"
    severity = Severity.ERROR
    summary = "缺少框架要求的一级指标（默认框架：产出、效益、满意度）"
    message = "{sheet}“{proj}”的绩效指标中没有{category}"

    def check(self, ctx):
        required = [cat for cat in ctx.framework.categories if cat.required]
        for proj in ctx.wb.projects:
            if not proj.indicators and (proj.indicator_header_row is None or ctx.wb.month < 12):
                continue  # no table at all is PX101; an empty one is normal before year end
            present = ctx.category_names(proj)
            missing = [cat for cat in required if cat.name not in present]
            if not missing:
                continue
            loc, name = header_loc(proj), project_name(proj)  # once for all its findings
            for cat in missing:
                yield self.finding(loc, expected=cat.name, actual="无", project=name,
                                   sheet=proj.sheet, proj=name, category=cat.name)


class Weights(Rule):
    """分值不合计：三级指标 → 一级指标 → 总分 100。

    检查什么：
    1. 每条三级指标都有分值，且不是负数；
    2. 每个一级指标下各条分值之和，等于一级单元格里写的分值（如 ``产出指标（50分）``），
       没写时等于框架规定的权重（默认：产出 50、效益 30、满意度 10）；
    3. 执行率分值（默认 10）加全部指标分值，等于总分行的分值，总分行分值等于 100。
    已报告某个一级指标不合计时，或总分的差额正好是所缺一级指标（PX401 已报告）的权重时，
    不再重复报告总分。

    为什么：分值是评分的权重；合计不是 100，得分就失去可比性。

    例子：产出指标下四条分值 20 + 10 + 10 + 5 = 45 → PX402：产出指标分值合计期望 50，实际 45。

    怎么改：调整各条分值，使每类合计与规定一致、总分为 100。
    """

    code = "PX402"
    name = "weights"
    severity = Severity.ERROR
    summary = "分值不合计：各条分值 → 一级指标权重 → 总分100（含执行率10分）"
    message = "{sheet}：{what}为 {got}，应为 {want}"

    def check(self, ctx):
        for proj in ctx.wb.projects:
            if proj.indicators:
                yield from self._project(ctx, proj)

    def _project(self, ctx, proj: Project):
        fw, tol, name = ctx.framework, ctx.framework.score_tolerance, project_name(proj)
        # one pass over the rows: each row's own 分值, and per category (by id) its first row,
        # its first written 一级 分值 and the sum of its rows — added in row order, as sum() would
        per_category: dict[int, list] = {}
        all_weights = Decimal(0)
        for ind, cat in categorised(ctx, proj):
            w = ind.weight.value
            if w is None:
                yield self._f(row_loc(proj, ind, ind.weight), proj, "", "空", "分值", name,
                              message=f"{proj.sheet}：“{ind_name(ind)}”没有填写分值")
            else:
                if w < 0:
                    yield self._f(row_loc(proj, ind, ind.weight), proj, f"“{ind_name(ind)}”的分值",
                                  num(w), "不小于 0 的分值", name)
                all_weights += w
            if cat is not None:
                entry = per_category.get(id(cat))
                if entry is None:
                    entry = per_category[id(cat)] = [ind, None, Decimal(0)]
                if entry[1] is None and ind.level1_weight.value is not None:
                    entry[1] = ind.level1_weight
                if w is not None:
                    entry[2] += w
        category_off = False
        for cat in fw.categories:
            entry = per_category.get(id(cat))
            if entry is None:
                continue
            first, written, got = entry
            want = written.value if written else cat.weight
            if want is None:
                continue
            if differs(got, want, tol):
                category_off = True
                yield self._f(first_loc(written, first.level1) or row_loc(proj, first), proj,
                              f"{cat.name}下各条分值之和", num(got), num(want), name)
        yield from self._total(ctx, proj, category_off, name, all_weights)

    def _total(self, ctx, proj: Project, category_off: bool, name: str, weights: Decimal):
        """The total: 执行率 分值 + ``weights`` (the sum of the rows' 分值) against 总分."""
        fw, tol = ctx.framework, ctx.framework.score_tolerance
        fund = proj.total_funds
        own = fund.weight.value if fund else None  # the 执行率 row's 分值, if written
        execution = own if own is not None else fw.execution_weight
        if own is not None and fw.execution_weight and differs(own, fw.execution_weight, tol):
            yield self._f(fund.weight.loc, proj, "预算执行率的分值", num(own),
                          num(fw.execution_weight), name)
        got = execution + weights
        declared = proj.total_weight.value if proj.total_weight.present else fw.total
        if differs(got, declared, tol) and not category_off and not self._missing_explains(
                ctx, proj, got, declared):
            yield self._f(self._total_loc(proj), proj, "执行率分值与各条指标分值之和", num(got),
                          num(declared), name)
        elif proj.total_weight.present and differs(declared, fw.total, tol):
            yield self._f(self._total_loc(proj), proj, "总分行的分值", num(declared),
                          num(fw.total), name)

    @staticmethod
    def _total_loc(proj: Project) -> Loc:
        """Where a total finding points: the 总分 row's 分值, else the last indicator's."""
        return first_loc(proj.total_weight) or row_loc(proj, proj.indicators[-1],
                                                       proj.indicators[-1].weight)

    @staticmethod
    def _missing_explains(ctx, proj: Project, got: Decimal, declared: Decimal) -> bool:
        """The gap is exactly the weight of required categories the form lacks: PX401 has
        already said so (when it is on)."""
        if not ctx.enabled("PX401"):
            return False
        present = ctx.category_names(proj)
        missing = [c.weight for c in ctx.framework.categories
                   if c.required and c.name not in present and c.weight is not None]
        return bool(missing) and not differs(got + sum(missing, Decimal(0)), declared,
                                             ctx.framework.score_tolerance)

    def _f(self, loc, proj, what, got, want, name, message=None):
        return self.finding(loc, expected=want, actual=got, project=name, sheet=proj.sheet,
                            what=what, got=got, want=want, message=message)


class UnmeasurableTarget(Rule):
    """年度指标值是定性描述，无法衡量。

    检查什么：框架中 ``measurable = true`` 的一级指标（默认：产出指标、满意度指标）下，
    年度指标值是一段文字而不是数值，如 ``非常高``、``较好``、``明显提升``。

    为什么：产出和满意度应当可以量化核对；“非常高”既无法判断是否完成，也无法按公式评分。

    例子：满意度指标“社会公众满意度”年度指标值写“非常高” → PX403，期望可量化的数值（如 ≥90%）。

    怎么改：改为数值目标，如 ``≥90%``、``100次以上``。
    """

    code = "PX403"
    name = "unmeasurable-target"
    severity = Severity.WARNING
    summary = "产出或满意度指标的年度指标值是定性描述（如“非常高”），无法衡量"
    message = "“{ind}”属于{category}，年度指标值“{text}”是定性描述，应填写可量化的数值（如 ≥90%）"

    def check(self, ctx):
        for proj in ctx.wb.projects:
            for ind, cat in categorised(ctx, proj):
                if cat is None or not cat.measurable:
                    continue
                t = ind.target.value
                if t is None or not t.qualitative or is_empty(t.text):
                    continue
                yield self.finding(row_loc(proj, ind, ind.target), expected="可量化的数值",
                                   actual=t.text, project=project_name(proj), ind=ind_name(ind),
                                   category=cat.name, text=t.text)


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
        for proj, ind, _s in scored(ctx):
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
        for proj, ind, s in scored(ctx):
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
        for proj, ind, s in scored(ctx):
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
    return _bounded_rate(norm_text(name))


@functools.lru_cache(maxsize=8192)  # indicator names repeat across the forms of a batch
def _bounded_rate(n: str) -> bool:
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
        for proj, ind, _s in scored(ctx):
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
    return (m is not None and m.number is not None and _percent_unit(m.unit)
            and m.number > HUNDRED)


@functools.lru_cache(maxsize=1024)  # a handful of units
def _percent_unit(unit: str | None) -> bool:
    return norm_text(unit) == "%"


class DuplicateIndicator(Rule):
    """同一项目中三级指标重复。

    检查什么：一张自评表内，两条三级指标的名称（去掉空白和标点后）相同。

    为什么：重复的指标会把同一件事算两次分，常见于复制上年表格后忘了改名。

    例子：“日常巡查次数”出现在第 13 行和第 15 行 → PX408，报告在第 15 行。

    怎么改：删除重复的一条，或改成另一个真正要考核的指标。
    """

    code = "PX408"
    name = "duplicate-indicator"
    severity = Severity.WARNING
    summary = "同一项目中三级指标重复"
    message = "“{ind}”在本表中重复出现（第一次在 {first}）"

    def check(self, ctx):
        for proj in ctx.wb.projects:
            seen: dict[str, Indicator] = {}
            for ind in proj.indicators:
                key = norm_text(ind.name.value)
                if not key:
                    continue
                if key in seen:
                    first = row_loc(proj, seen[key])
                    yield self.finding(row_loc(proj, ind), expected="不重复", actual=ind_name(ind),
                                       project=project_name(proj), ind=ind_name(ind),
                                       first=first.cell)
                else:
                    seen[key] = ind


class CostCeiling(Rule):
    """成本指标使用了“≥”。

    检查什么：二级指标为“成本指标”（或三级指标名含“成本”）的年度指标值用了 ``≥``/``＞``
    （或“以上”“不低于”等同义写法）。

    为什么：成本指标是上限，花得越少越好，应写 ``≤``；写成 ≥ 会让超支反而得满分。

    例子：成本指标“巡查经费”年度指标值 ``≥2万元`` → PX409，期望 ``≤2万元``。

    怎么改：把运算符改为 ``≤``。
    """

    code = "PX409"
    name = "cost-ceiling"
    severity = Severity.WARNING
    summary = "成本指标使用了“≥”（成本指标应为上限“≤”）"
    message = "成本指标“{ind}”的年度指标值为“{text}”，成本指标应为上限，宜写作 ≤"

    def check(self, ctx):
        for proj, ind, _s in scored(ctx):
            t = ind.target.value
            if t is None or t.op not in (Op.GE, Op.GT):
                continue
            if not (_mentions_cost(ind.level2.value) or _mentions_cost(ind.name.value)):
                continue
            yield self.finding(row_loc(proj, ind, ind.target), expected="≤", actual=t.text,
                               project=project_name(proj), ind=ind_name(ind), text=t.text)


def _mentions_cost(text: object) -> bool:
    """“成本” in the normalised text (an indicator of the 成本指标 kind)."""
    if text is None or text.__class__ is str:
        return _mentions_cost_str(text)
    return "成本" in norm_text(text)


@functools.lru_cache(maxsize=8192)  # indicator names repeat across the forms of a batch
def _mentions_cost_str(text: str | None) -> bool:
    return "成本" in norm_text(text)


class BandDefaultUsed(Rule):
    """定性指标没有填写得分，按档位默认分计。

    检查什么：定性指标（实际完成值为“达成年度指标”等三档之一）的得分栏为空，perfxl 按该档
    默认分计分（默认：达成 100%、部分达成 70%、未达成 30% 的分值）。

    为什么：只是提示：评分用了默认值，评价人可以在档位区间内自行打分。

    例子：“社会公众满意度”分值 10，实际完成值“达成年度指标”，得分空 → 按 10 分计，PX410。

    怎么改：如需不同的分数，在该档区间内填写得分。
    """

    code = "PX410"
    name = "band-default-used"
    severity = Severity.INFO
    summary = "定性指标没有填写得分，按档位默认分计"
    message = "“{ind}”为定性指标（{band}），未填写得分，按默认 {score} 分计"

    def check(self, ctx):
        for proj, ind, s in scored(ctx):
            if s is None or not s.used_default:
                continue
            yield self.finding(row_loc(proj, ind, ind.score), expected=num(s.score), actual="空",
                               project=project_name(proj), ind=ind_name(ind),
                               band=s.band or "定性", score=num(s.score))


def band_range(ctx, s) -> str:
    """The allowed score range of the band a qualitative indicator fell in: ``[8, 10]``."""
    band = next((b for b in ctx.framework.bands if s.band in (b.short, b.name)), None)
    if band is None or s.weight is None:
        return "档位区间"
    close = "]" if band.high_inclusive else ")"
    return f"[{num(band.low * s.weight)}, {num(band.high * s.weight)}{close}"


class ScoreOutsideBand(Rule):
    """定性指标填写的得分不在其档位区间内。

    检查什么：定性指标的实际完成值决定档位——达成年度指标 [0.8w, w]、部分达成 [0.6w, 0.8w)、
    未达成 [0, 0.6w)（w 为分值，区间可在框架中设置）；填写的得分须在该区间内。

    为什么：档位与得分矛盾（写“达成”却只给一半分，或写“未达成”却给满分）说明其一有误。

    例子：分值 10，实际完成值“达成年度指标”，得分 5 → PX411，期望 [8, 10]，实际 5。

    怎么改：改正得分或实际完成情况的档位。
    """

    code = "PX411"
    name = "score-outside-band"
    severity = Severity.ERROR
    summary = "定性指标填写的得分不在其档位区间内"
    message = "“{ind}”实际完成为“{band}”，得分应在 {range} 之间，填写的是 {got}"

    def check(self, ctx):
        for proj, ind, s in ctx.by_problem.get("qualitative-out-of-band", ()):
            rng = band_range(ctx, s)
            got = num(ind.score.value) if ind.score.present else "空"
            yield self.finding(row_loc(proj, ind, ind.score), expected=rng, actual=got,
                               project=project_name(proj), ind=ind_name(ind),
                               band=s.band or "", range=rng, got=got)


class UnitMismatch(Rule):
    """年度指标值与实际完成值的单位无法对应。

    检查什么：定量指标的年度指标值和实际完成值单位不同且无法换算（如目标 ``≥90%``、实际
    ``12次``；目标 ``≤2万元``、实际 ``15个``），评分时无法比较。

    为什么：单位对不上时 perfxl 不猜测，该条指标不计分，需要填报人改正。

    例子：“日常巡查覆盖率”目标 ≥90%，实际完成值写 “12次” → PX412。

    怎么改：用与年度指标值相同的单位填写实际完成值。
    """

    code = "PX412"
    name = "unit-mismatch"
    severity = Severity.ERROR
    summary = "年度指标值与实际完成值的单位不同，无法比较评分"
    message = "“{ind}”的年度指标值“{target}”与实际完成值“{got}”单位不同，无法评分"

    def check(self, ctx):
        for proj, ind, s in ctx.by_problem.get("unit-mismatch", ()):
            t = ind.target.value.text if ind.target.value else ""
            a = ind.actual.value.text if ind.actual.value else ""
            yield self.finding(row_loc(proj, ind, ind.actual), expected=t, actual=a,
                               project=project_name(proj), ind=ind_name(ind), target=t, got=a)


class UnknownQualitative(Rule):
    """定性指标的实际完成值不是任何一个档位。

    检查什么：定性指标（年度指标值或实际完成值是文字）的实际完成值，应是“达成年度指标”
    “部分达成年度指标并具有一定效果”“未达成年度指标且效果较差”之一（或其简称达成/部分达成/
    未达成），或与年度指标值的文字相同（视为达成）。其他文字（如目标“非常高”、实际“较好”）
    无法定档，perfxl 不猜测，该条按 0 分计。

    为什么：定性指标按档位评分；档位不明就无法给分。

    例子：“社会公众满意度”年度指标值“非常高”，实际完成值“较好” → PX413。

    怎么改：实际完成值写明档位，如“达成年度指标”；或改为定量指标。
    """

    code = "PX413"
    name = "unknown-qualitative"
    severity = Severity.ERROR
    summary = "定性指标的实际完成值不属于任何档位（达成/部分达成/未达成），无法评分"
    message = "“{ind}”的实际完成值“{got}”不是任何一个档位（{bands}），无法评分，按 0 分计"

    def check(self, ctx):
        bands = "、".join(b.name for b in ctx.framework.bands)
        for proj, ind, s in ctx.by_problem.get("qualitative-unknown", ()):
            a = ind.actual.value.text if ind.actual.value else ""
            yield self.finding(row_loc(proj, ind, ind.actual), expected=bands, actual=a,
                               project=project_name(proj), ind=ind_name(ind), got=a, bands=bands)


class MissingTarget(Rule):
    """三级指标没有填写年度指标值。

    检查什么：每条三级指标都填写了年度指标值（目标）。目标在年初设定，所以月度监控时也检查。

    为什么：没有目标就无法判断完成情况，定量指标无法按公式评分，该条按 0 分计。

    例子：“日常巡查次数”分值 25，年度指标值为空，实际完成 100 次 → PX414。

    怎么改：按绩效目标申报表填写该条的年度指标值。
    """

    code = "PX414"
    name = "missing-target"
    severity = Severity.ERROR
    summary = "三级指标没有填写年度指标值（目标）"
    message = "“{ind}”没有填写年度指标值，无法评分"

    def check(self, ctx):
        for proj, ind, _s in scored(ctx):
            t = ind.target.value
            if t is not None and not is_empty(t.text):
                continue
            if not norm_text(ind.name.value) and ind.actual.value is None:
                continue  # an empty row, not an indicator
            yield self.finding(row_loc(proj, ind, ind.target), expected="年度指标值",
                               actual="空", project=project_name(proj), ind=ind_name(ind))
