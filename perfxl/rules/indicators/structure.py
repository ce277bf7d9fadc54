"""PX401–PX403: the shape of the 绩效指标 table — required categories, weights adding up, and
measurable targets where the framework asks for them.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.findings import Severity
from perfxl.model import Loc, Project
from perfxl.rules.base import Rule
from perfxl.rules.common import (
    column_of, differs, first_loc, ind_name, is_empty, num, project_name, row_loc,
)
from perfxl.values.targets import DATE, DEADLINE


def header_loc(proj: Project) -> Loc | None:
    """The 一级指标 header cell of the indicator table (column of the 一级 cells, else B)."""
    if proj.indicator_header_row is None:
        return proj.title_loc
    col = next((column_of(i.level1.loc) for i in proj.indicators if i.level1.loc), None) or "B"
    return Loc(proj.sheet, f"{col}{proj.indicator_header_row}")


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
        rows = ctx.categorised(proj)
        for ind, _ in rows:
            w = ind.weight.value
            if w is None:
                yield self._f(row_loc(proj, ind, ind.weight), proj, "", "空", "分值", name,
                              message=f"{proj.sheet}：“{ind_name(ind)}”没有填写分值")
            elif w < 0:
                yield self._f(row_loc(proj, ind, ind.weight), proj, f"“{ind_name(ind)}”的分值",
                              num(w), "不小于 0 的分值", name)
        all_weights = _weight_sum(ind for ind, _ in rows)
        category_off = False
        for cat in fw.categories:
            mine = [ind for ind, c in rows if c is cat]
            if not mine:
                continue
            # the 分值 written in the category's 一级 cell (``产出指标（50分）``), else the framework's
            written = next((i.level1_weight for i in mine if i.level1_weight.value is not None),
                           None)
            want = written.value if written else cat.weight
            if want is None:
                continue
            got = _weight_sum(mine)
            if differs(got, want, tol):
                category_off = True
                yield self._f(first_loc(written, mine[0].level1) or row_loc(proj, mine[0]), proj,
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
        got, whole, what = execution + weights, fw.total, "执行率分值与各条指标分值之和"
        if ctx.framework.total_row_is_indicators_only:  # 四川 合计: 预算执行 is outside it
            got, whole, what = weights, fw.total - execution, "各条指标分值之和"
        declared = proj.total_weight.value if proj.total_weight.present else whole
        if differs(got, declared, tol) and not category_off and not self._missing_explains(
                ctx, proj, got, declared):
            yield self._f(self._total_loc(proj), proj, what, num(got), num(declared), name)
        elif proj.total_weight.present and differs(declared, whole, tol):
            yield self._f(self._total_loc(proj), proj, "总分行的分值", num(declared),
                          num(whole), name)

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


def _weight_sum(indicators) -> Decimal:
    """The sum of the written 分值 of ``indicators`` (empty ones left out)."""
    return sum((i.weight.value for i in indicators if i.weight.value is not None), Decimal(0))


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
            for ind, cat in ctx.categorised(proj):
                if cat is None or not cat.measurable:
                    continue
                t = ind.target.value
                if t is None or not t.qualitative or is_empty(t.text) or _dated(t):
                    continue
                yield self.finding(row_loc(proj, ind, ind.target), expected="可量化的数值",
                                   actual=t.text, project=project_name(proj), ind=ind_name(ind),
                                   category=cat.name, text=t.text)


def _dated(target) -> bool:
    """A deadline (``11月底前完成``) is measured by its date: not a qualitative target."""
    return target.reading is not None and target.reading.kind in (DEADLINE, DATE)
