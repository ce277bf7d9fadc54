"""PX706–PX710, PX719, PX721: 可行性 of each target of a 申报表 — measurable, with a unit, a
deadline, a ceiling, a short name that fits its 二级, and no indicator twice."""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.rules.base import Rule
from perfxl.rules.common import norm_text
from perfxl.rules.declaration import wording as W
from perfxl.rules.declaration.forms import (
    OUTPUT_CATEGORIES, form_name, name_of, row_loc,
)
from perfxl.values.targets import EMPTY, FREQUENCY


def _targets(ctx):
    """(form, indicator, its target as read) of every real indicator with a target."""
    for d in ctx.wb.declarations:
        for i in ctx.real(d):
            if i.reading is not None and i.reading.kind != EMPTY:
                yield d, i, i.reading


class UnmeasurableTarget(Rule):
    """产出指标的目标值不可衡量。

    检查什么：数量、质量、成本指标的目标值有数字（或日期），而不是只有“及时”“良好”“合格”
    “明显”这样的字眼。时效指标的同类问题由 PX708 报告；效益和满意度指标允许定性目标。

    为什么：绩效目标要能在年末对照检查；“良好”“合格”说不清做到什么程度才算完成。

    例子：质量指标“食品安全检查”目标值写“合格” → PX706。

    怎么改：写成可衡量的值，如“抽检合格率 100%”“验收合格率 ≥95%”。
    """

    code = "PX706"
    name = "declaration-unmeasurable"
    severity = Severity.WARNING
    summary = "数量、质量、成本指标的目标值不可衡量（没有数字，如“良好”“合格”）"
    message = "{sheet}第 {row} 行{category}指标“{name}”的目标值“{target}”没有可衡量的数字"

    def check(self, ctx):
        for d, i, t in _targets(ctx):
            category = ctx.level2_of(i)
            if category not in OUTPUT_CATEGORIES or category == "时效" or W.is_measurable(t):
                continue
            text = t.text
            yield self.finding(row_loc(d, i, i.target), expected="可衡量的目标值（数字和单位）",
                               actual=text, project=form_name(d), sheet=d.sheet, row=i.row,
                               category=category, name=name_of(i), target=text)


class BareNumber(Rule):
    """目标值只有数字，没有单位。

    检查什么：目标值是一个数（如“100”“6”），既没有单位（人、次、%、万元……），表上也没有
    “计量单位”一栏给出单位。

    为什么：“100”是 100 人、100 次还是 100%？没有单位，年末无法对照。

    例子：“保障长者就餐人数”目标值写“120” → PX707。

    怎么改：写上单位，如“≥120人”。
    """

    code = "PX707"
    name = "declaration-bare-number"
    severity = Severity.WARNING
    summary = "目标值是没有单位的数字"
    message = "{sheet}第 {row} 行指标“{name}”的目标值“{target}”没有单位"

    def check(self, ctx):
        for d, i, t in _targets(ctx):
            text = t.text
            if t.number is not None and not t.unit and t.kind != FREQUENCY:
                yield self.finding(row_loc(d, i, i.target), expected="数字和单位", actual=text,
                                   project=form_name(d), sheet=d.sheet, row=i.row,
                                   name=name_of(i), target=text)


class UntimedTarget(Rule):
    """时效指标没有写完成时限。

    检查什么：时效指标的目标值写了完成的期限（“11月底前完成”“2024年12月31日前”“年底前”
    “按季度”）或时限（“3个工作日”“半小时内”“1年”“当日清运”），或是一个比率（“及时率 ≥95%”）。

    为什么：“及时”“按时”“按期完成”没有说什么时候，无法检查是否做到。

    例子：时效指标“供餐服务完成时间”目标值写“及时” → PX708。

    怎么改：写明期限或时限，如“2024年12月31日前”“接报后2小时内”。
    """

    code = "PX708"
    name = "declaration-untimed"
    severity = Severity.WARNING
    summary = "时效指标的目标值既没有期限也没有时限（如“及时”“按时”）"
    message = "{sheet}第 {row} 行时效指标“{name}”的目标值“{target}”没有写明期限或时限"

    def check(self, ctx):
        for d, i, t in _targets(ctx):
            if ctx.level2_of(i) != "时效" or t.unit == "%" or W.is_timed(t):
                continue
            text = t.text
            yield self.finding(row_loc(d, i, i.target), expected="期限（如 12月31日前）或时限（如 3个工作日）",
                               actual=text, project=form_name(d), sheet=d.sheet, row=i.row,
                               name=name_of(i), target=text)


class CostNotCeiling(Rule):
    """成本指标的目标值不是上限。

    检查什么：成本指标的目标值是上限（“≤13.7584万元”“不超过48万元”“控制在5万元以内”），
    而不是下限（“≥10万元”）或一个光秃秃的金额（“13.7584万元”）。“成本节约率”“成本控制率”
    这类比率是要达到的目标，不是成本，不检查。没有数字的成本目标由 PX706 报告。

    为什么：成本指标约束花多少钱，只有写成上限才能在年末检查是否超支。

    例子：成本指标“饭堂运营成本”写“13.7584万元” → PX709。

    怎么改：写成上限，如“≤13.7584万元”。
    """

    code = "PX709"
    name = "declaration-cost-not-ceiling"
    severity = Severity.WARNING
    summary = "成本指标的目标值不是上限（写成 ≥ 或只写金额；节约率、控制率除外）"
    message = "{sheet}第 {row} 行成本指标“{name}”的目标值“{target}”{what}，应写成上限（≤）"

    def check(self, ctx):
        for d, i, t in _targets(ctx):
            if ctx.level2_of(i) != "成本" or W.is_saving_rate(name_of(i)) or t.unit == "%":
                continue
            if t.number is None or W.is_ceiling(t):
                continue  # not measurable at all: PX706
            text = t.text
            what = "是下限" if W.is_floor(t) else "只写了金额"
            yield self.finding(row_loc(d, i, i.target), expected=f"≤{text}", actual=text,
                               project=form_name(d), sheet=d.sheet, row=i.row, name=name_of(i),
                               target=text, what=what)


class LongName(Rule):
    """三级指标名称过长。

    检查什么：三级指标名称不超过申报表审核框架的 ``long_name`` 个字（默认 15）。

    为什么：指标名称说明“衡量什么”，怎么做、做到多少写在目标值和指标解释里；名称太长往往
    是把措施或目标写进了名称。

    例子：“通过开展长者饭堂服务有效解决辖区老年人就餐难问题的比例” → PX710。

    怎么改：名称只写衡量的对象，如“长者就餐问题解决率”，其余写进指标解释。
    """

    code = "PX710"
    name = "declaration-long-name"
    severity = Severity.INFO
    summary = "三级指标名称过长（默认超过 15 个字）"
    message = "{sheet}第 {row} 行指标名称“{name}”有 {length} 个字，超过 {limit} 个字"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            limit = ctx.declaration_framework.long_name
            for i in ctx.real(d):
                length = len(norm_text(i.name.value))
                if length > limit:
                    yield self.finding(row_loc(d, i), expected=f"不超过 {limit} 个字",
                                       actual=f"{length} 个字", project=form_name(d),
                                       sheet=d.sheet, row=i.row, name=name_of(i), length=length,
                                       limit=limit)


class RepeatedIndicator(Rule):
    """同一张申报表中三级指标重复。

    检查什么：一张申报表中没有两条名称相同的三级指标（比较时不计空格、标点和全角半角）。
    在第二次出现的位置报告。

    为什么：重复的指标多半是复制粘贴时忘了改，年末自评时也无法区分。

    例子：数量指标和质量指标下都写了“保障长者就餐人数” → PX719。

    怎么改：删去重复的一条，或改成衡量不同内容的指标。
    """

    code = "PX719"
    name = "declaration-repeated-indicator"
    severity = Severity.WARNING
    summary = "同一张申报表中三级指标重复"
    message = "{sheet}第 {row} 行指标“{name}”与第 {first} 行重复"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            seen: dict[str, int] = {}
            for i in ctx.real(d):
                key = norm_text(i.name.value)
                if key in seen:
                    yield self.finding(row_loc(d, i), expected="不重复", actual=name_of(i),
                                       project=form_name(d), sheet=d.sheet, row=i.row,
                                       name=name_of(i), first=seen[key])
                else:
                    seen[key] = i.row


FITS = {
    "数量": ("数", "量", "次", "个", "人", "户", "场", "项", "台", "套", "面积", "长度", "亩", "平方",
             "册", "份", "批", "处", "所", "座", "条", "名", "家", "间", "辆", "公里", "米", "规模",
             "覆盖", "天", "期", "班", "餐", "件"),
    "质量": ("率", "合格", "达标", "标准", "质量", "优良", "验收", "完好", "准确", "规范", "符合",
             "安全", "水平", "等级"),
    "时效": ("时", "期", "日", "天", "及时", "进度", "完成", "周期", "月", "年", "效率", "按期"),
}
"""Words a 三级指标 name under each 二级 holds (PX721): a count, a rate or standard, a time."""


class NameDoesNotFit(Rule):
    """三级指标名称与所属的二级指标不符。

    检查什么：数量指标的名称说的是一个数量（人数、次数、面积……），质量指标说的是比率或
    标准（合格率、达标、验收……），时效指标说的是时间或及时性（完成时间、及时率、周期……）。
    名称里一个相应的字眼也没有、目标值也看不出（数量指标的“20集”、质量指标的百分比、时效
    指标的期限或时限）时提示。

    为什么：放错类别的指标（把“满意度”写在数量指标下）会让年末按类别评分和分析出错。

    例子：质量指标下写“长者就餐人数” → PX721。

    怎么改：把指标移到合适的二级指标下，或改写名称。
    """

    code = "PX721"
    name = "declaration-name-category"
    severity = Severity.INFO
    summary = "三级指标名称与二级指标不符（质量→比率或标准；时效→时间；数量→数量）"
    message = "{sheet}第 {row} 行指标“{name}”放在{category}指标下，但名称看不出是{want}"

    WANT = {"数量": "一个数量", "质量": "比率或标准", "时效": "时间或及时性"}

    @staticmethod
    def target_fits(category: str, i) -> bool:
        """The target says what the name does not: a count (``20集``) under 数量, a rate under
        质量, a deadline or time limit under 时效."""
        t = i.reading
        if t is None:
            return False
        if category == "数量":
            return t.number is not None and bool(t.unit) and t.unit != "%"
        if category == "质量":
            return t.unit == "%"
        return W.is_timed(t)

    def check(self, ctx):
        for d in ctx.wb.declarations:
            for i in ctx.real(d):
                category = ctx.level2_of(i)
                words = FITS.get(category)
                if words is None or any(w in (i.name.value or "") for w in words) or \
                        self.target_fits(category, i):
                    continue
                yield self.finding(row_loc(d, i), expected=self.WANT[category],
                                   actual=name_of(i), project=form_name(d), sheet=d.sheet,
                                   row=i.row, name=name_of(i), category=category,
                                   want=self.WANT[category])
