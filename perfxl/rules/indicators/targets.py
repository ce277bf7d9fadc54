"""PX408–PX415: targets and qualitative scores — duplicated indicators, cost ceilings, the
qualitative bands, units, unreadable and missing targets.
"""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.model import Indicator
from perfxl.rules.base import Rule
from perfxl.rules.common import ind_name, is_empty, norm_text, num, project_name, row_loc
from perfxl.values import Op, direction_of_name


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
    （或“以上”“不低于”等同义写法）。节约率、控制率这类“越高越好”的比率不是成本，不检查
    （按指标名看方向，词表见 perfxl/values/target_words.toml）。

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
        for proj, ind, _s in ctx.scored:
            t = ind.target.value
            if t is None or t.op not in (Op.GE, Op.GT):
                continue
            if not (_mentions_cost(ind.level2.value) or _mentions_cost(ind.name.value)):
                continue
            if direction_of_name(ind.name.value) == "正向":
                continue  # 成本节约率 ≥ 5%: a rate to save, not a cost
            yield self.finding(row_loc(proj, ind, ind.target), expected="≤", actual=t.text,
                               project=project_name(proj), ind=ind_name(ind), text=t.text)


def _texts(ind: Indicator) -> tuple[str, str]:
    """The target and actual as typed ("" for a missing one)."""
    return (ind.target.value.text if ind.target.value else "",
            ind.actual.value.text if ind.actual.value else "")


def _mentions_cost(text: object) -> bool:
    """“成本” in the normalised text (an indicator of the 成本指标 kind)."""
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
        for proj, ind, s in ctx.scored:
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
            t, a = _texts(ind)
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
        for proj, ind, _s in ctx.scored:
            t = ind.target.value
            if t is not None and not is_empty(t.text):
                continue
            if not norm_text(ind.name.value) and ind.actual.value is None:
                continue  # an empty row, not an indicator
            yield self.finding(row_loc(proj, ind, ind.target), expected="年度指标值",
                               actual="空", project=project_name(proj), ind=ind_name(ind))


class UnreadableTarget(Rule):
    """年度指标值读不出数值，实际完成值是数值，无法评分。

    检查什么：实际完成值是数值（如 ``95%``、``12次``），而年度指标值的文字按目标值文法读不出
    运算符、数值、截止时间或定性档次（文法和词表见 docs/targets.md）。

    为什么：目标读不懂时 perfxl 不猜测“正向”，也不默默按 0 分计：该条不计分，需要改正目标。

    例子：“巡查覆盖面”年度指标值“详见实施方案”，实际完成值“95%” → PX415。

    怎么改：把年度指标值写成可比较的目标，如 ``≥90%``、``不超过5万元``、``11月底前完成``；
    若是本地的新说法，可在词表中加上该词。
    """

    code = "PX415"
    name = "unreadable-target"
    severity = Severity.ERROR
    summary = "年度指标值读不出数值或档位，无法与实际完成值比较评分"
    message = "“{ind}”的年度指标值“{target}”读不出数值或档位，无法与实际完成值“{got}”比较，未计分"

    def check(self, ctx):
        for proj, ind, _s in ctx.by_problem.get("target-unreadable", ()):
            t, a = _texts(ind)
            yield self.finding(row_loc(proj, ind, ind.target), expected="可比较的目标值", actual=t,
                               project=project_name(proj), ind=ind_name(ind), target=t, got=a)
