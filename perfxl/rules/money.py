"""PX201–PX209: money and totals — the figures a 财政局 reviewer adds up first.

All amounts are ``Decimal`` in 万元 and are compared to ``framework.money_tolerance``
(0.0001 万元 = 1 元): a gap of 1 元 or more is reported.
"""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Iterator
from decimal import Decimal

from perfxl.findings import Severity
from perfxl.model import FundRow, ListRow, Project
from perfxl.rules.amounts import FUND_LABELS  # noqa: F401  (PX505 words fund rows with it)
from perfxl.rules.base import Rule
from perfxl.rules.estimate.checks import statement_slips
from perfxl.rules.common import first_loc, is_blank, norm_text, num, pct, project_name
from perfxl.rules.root_cause import Relation
from perfxl.rules.slips import slip_reason
from perfxl.rules.verdicts import loc_of, mismatch, recompute, relation_findings
from perfxl.scoring import rates

REASON_WORDS = ("原因", "由于", "因", "导致", "未完成", "未能", "尚未", "滞后", "延期", "延迟",
                "推迟", "结转", "结余", "节约", "暂缓", "未拨付", "未支付")
"""Words that make 实际完成情况 an explanation of low execution (PX209). Not ``影响``: “产生了
积极影响” is praise, not a reason."""

class BudgetTotal(Rule):
    """预算总金额与项目清单各项目全年预算数之和不符。

    检查什么：项目清单表头的“预算总金额（万元）”等于表中各项目“全年预算数”之和，精确到
    0.0001 万元（1 元）。

    为什么：这是财政局审核的第一项；总额对不上，说明漏列、重列或录错了某个项目。

    例子：涞源镇 2023 年 15 个项目全年预算数之和为 144.9552 万元；表头若写 144.9452，则
    PX201：期望 144.9552，实际 144.9452，相差 -0.01 万元。若表头写成 1449552（按元填写），
    则由 PX206 指出单位问题，本规则不再重复报告。若是某一行填错（它与自评表不符，而表头总额
    与其余各处相符），错误报告在那一行，本规则只作提示。

    怎么改：逐项核对各项目预算数，改正表头总额或漏列的项目。
    """

    code = "PX201"
    name = "budget-total"
    severity = Severity.ERROR
    minor_severity = Severity.INFO  # a consequence of another wrong cell: a note
    summary = "预算总金额与各项目全年预算数之和不符"
    message = "{what}为 {got} {unit}，而{basis}为 {want} {unit}（相差 {diff} {unit}）"

    def check(self, ctx):
        return relation_findings(self, ctx, mismatch)


class ProjectCount(Rule):
    """项目个数与项目清单所列项目数不符。

    检查什么：表头“项目个数”等于项目清单中列出的项目行数（不含合计行）。

    为什么：个数不符往往意味着少填了一张自评表或多列了一个项目。

    例子：表头写 15，清单列出 14 个项目 → PX202，期望 14，实际 15。

    怎么改：核对项目清单，补上漏列的项目或改正项目个数。
    """

    code = "PX202"
    name = "project-count"
    severity = Severity.ERROR
    summary = "项目个数与项目清单所列项目数不符"
    message = "项目个数填写为 {got}，但项目清单列出 {want} 个项目"

    def check(self, ctx):
        unit = ctx.wb.unit
        if unit is None or not unit.declared_count.present:
            return
        listed = len(unit.rows)
        if unit.declared_count.value != listed:
            yield self.finding(unit.declared_count.loc, expected=listed,
                               actual=unit.declared_count.value,
                               got=unit.declared_count.value, want=listed)


class ListFormAmounts(Rule):
    """项目清单中的金额与该项目自评表上的金额不符。

    检查什么：项目清单每一行的年初预算数、全年预算数、全年执行数，分别等于与之对应的自评表
    “年度资金总额”行的同一列（对应关系见 PX502 的名称匹配）。

    为什么：同一个项目只能有一个预算数；两处不一致时，总额核对和执行率都会算错。

    例子：项目清单第 8 行全年预算数 37.5，自评表08 的全年预算数 35 → PX203，期望 35，实际 37.5。
    若清单写 50452 而自评表写 5.0452（一万倍），则由 PX206 指出“按元填写”，本规则不重复报告。
    哪一处填错由其余各处决定：自评表的金额与其资金来源、土地流转地块相符时改清单，清单与预算
    总金额相符而自评表与其资金来源不符时改自评表；无从判断时两处都列出，不给应为。

    怎么改：以批复的预算为准，改正填错的一处。
    """

    code = "PX203"
    name = "list-form-amounts"
    severity = Severity.ERROR
    minor_severity = Severity.INFO  # a consequence of another wrong cell: a note
    summary = "项目清单的金额与该项目自评表上的金额不符"
    message = "{what}为 {got} {unit}，而{basis}为 {want} {unit}（相差 {diff} {unit}）"

    def check(self, ctx):
        return relation_findings(self, ctx, mismatch)


class FundSum(Rule):
    """年度资金总额不等于当年财政拨款 + 上年结转资金 + 其他资金。

    检查什么：自评表“项目资金”表块中，年初预算数、全年预算数、全年执行数三列各自满足
    年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（空的来源按 0 计；三个来源都空时不查）。

    为什么：资金来源拆分是总额的明细，两者不符说明有一处录错。

    例子：年度资金总额全年预算数 2，当年财政拨款 1.5，上年结转 0.3，其他 0 → PX204，
    期望 1.8，实际 2。年度资金总额与项目清单、土地流转地块等其他来源都相符时，填错的是资金来源：
    如当年财政拨款写成 35.7（应为 37.5，执行率也随之相符），错误报告在当年财政拨款那一格。
    资金表中有未能识别的来源行（如“其中:本级资金”）时，不推断总额应为多少，只列出要核对的各格。

    怎么改：核对资金来源的拆分，改正总额或明细。
    """

    code = "PX204"
    name = "fund-sum"
    severity = Severity.ERROR
    minor_severity = Severity.INFO  # a consequence of another wrong cell: a note
    summary = "年度资金总额 ≠ 当年财政拨款 + 上年结转资金 + 其他资金（按列）"
    message = ("{sheet}的年度资金总额（{column}）为 {got} 万元，但当年财政拨款、上年结转资金、"
               "其他资金之和为 {want} 万元{unread}")

    def check(self, ctx):
        return relation_findings(self, ctx, self._plain)

    @staticmethod
    def _plain(relation: Relation) -> dict:
        got, want = relation.derived.value, relation.implied()
        unread = "、".join(f"“{v.value}”（{v.loc.cell}）" for v in relation.context["unread"])
        unread = f"（资金表中{unread}一行未能识别为资金来源，未计入）" if unread else ""
        return dict(loc=loc_of(relation), expected=num(want), actual=num(got),
                    project=relation.project, sheet=relation.context["sheet"],
                    column=relation.context["column"], got=num(got), want=num(want),
                    unread=unread)


def _budget_rows(ctx) -> Iterator[tuple[object, object, object]]:
    """(budget Val, executed Val, form or list row) for each form's 年度资金总额 row and each
    list row that has no form (a project with a form is checked on its form)."""
    for proj in ctx.wb.projects:
        f = proj.total_funds
        if f is not None:
            yield f.budget, f.executed, proj
    for row in ctx.list_rows:
        if ctx.project_of(row) is None:
            yield row.budget, row.executed, row


def _where(owner: Project | ListRow) -> tuple[str, str]:
    """(where a budget row is, the project's name) for a :func:`_budget_rows` owner; worked out
    only for a finding."""
    if isinstance(owner, Project):
        return owner.sheet, project_name(owner)
    return f"项目清单第{owner.row}行", str(owner.name.value or "")


class OverExecuted(Rule):
    """全年执行数大于全年预算数（执行率超过 100%）。

    检查什么：自评表年度资金总额行（以及没有自评表的清单行）全年执行数 ≤ 全年预算数。

    为什么：支出超过预算通常是录错，或是预算调整后没有更新预算数；执行率得分最多按 100% 计。

    例子：全年预算数 2，全年执行数 2.3 → PX205，执行率 115%。若超出只是因为预算数或执行数
    本身填错（如年度资金总额写成 35.7，而清单和资金来源都是 37.5），错误报告在填错的那一格，
    本规则不再另报。

    怎么改：核对执行数；如预算已调整，填写调整后的全年预算数。
    """

    code = "PX205"
    name = "over-executed"
    severity = Severity.WARNING
    summary = "全年执行数大于全年预算数（执行率超过100%）"
    message = "{where}的全年执行数 {executed} 万元超过全年预算数 {budget} 万元（执行率 {rate}）"

    def check(self, ctx):
        tol = ctx.framework.money_tolerance
        for budget, executed, owner in _budget_rows(ctx):
            if not (budget.present and executed.present) or budget.value <= 0:
                continue
            if executed.value - budget.value >= tol and not _root_explains(ctx, budget, executed):
                where, proj = _where(owner)
                yield self.finding(
                    executed.loc, expected=f"≤{num(budget.value)}", actual=num(executed.value),
                    project=proj or None, where=where, executed=num(executed.value),
                    budget=num(budget.value), rate=pct(executed.value / budget.value))


def _root_explains(ctx, budget, executed) -> bool:
    """The budget or the execution is a cell the root-cause vote found wrong, and with it
    corrected nothing is over-executed: the wrong cell has its finding (one wrong cell, one
    finding), and an 应为 here would take the wrong figure for a right one."""
    fixed_budget, fixed_executed = ctx.verdict.corrected(budget), ctx.verdict.corrected(executed)
    if (fixed_budget, fixed_executed) == (budget.value, executed.value):
        return False
    return fixed_executed - fixed_budget < ctx.framework.money_tolerance


class UnitSlip(Rule):
    """金额像是按“元”填在了“万元”栏（或反过来）。

    检查什么：一个金额恰好是其他数字所要求的数的 10000 倍（或万分之一）：
    项目清单某行与其自评表、预算总金额或合计行与各项目之和、土地流转地块金额与面积×单价、
    小计行与各地块之和、项目地块合计与项目预算；测算明细某行金额与数量×单价、支出计划各数；
    测算依据等文字中算式所写的结果与算式的值。报告时给出它很可能想写的数。

    为什么：元与万元混用是最常见的填报错误；直接说“总额不符”会让人去找一个并不存在的漏项，
    而一万倍的差错从来不是小事，所以是错误。只报告一次，在填错的那一格，给出它想写的数和依据；
    因它而核对不上的 PX201/PX203/PX204/PX207/PX301/PX302 只作提示，不给应为，更不会把填错后的
    合计（如 20142.9552）当作正确的预算总金额的应为（PX206 被忽略时，由这些规则在填错的那一格
    报告）。

    例子：项目清单第 18 行全年预算数写 50452，自评表11 写 5.0452 → PX206：“项目清单第18行
    “建设721片区街头公园土地流转费”的全年预算数为 50452 万元，是自评表11的全年预算数
    5.0452 万元的一万倍：看起来是按“元”填写的，应为 5.0452 万元”。

    怎么改：把该单元格改为所示的金额（万元栏填万元，元栏填元）。
    """

    code = "PX206"
    name = "unit-slip"
    severity = Severity.ERROR
    summary = "金额像是按“元”填在了“万元”栏（或反过来），给出应填的数"
    message = "{what}为 {got} {unit}，{reason}：看起来是按“{typed}”填写的，应为 {meant} {unit}"

    def check(self, ctx):
        for root in ctx.verdict.reported_by(self.code):
            fig = root.figure
            reason, also = slip_evidence(root)
            f = self.finding(fig.val.loc, expected=num(root.meant), actual=num(fig.value),
                             project=_project_of(root), what=fig.what, got=num(fig.value),
                             unit=fig.unit, reason=reason,
                             typed="元" if fig.unit == "万元" else "万元", meant=num(root.meant))
            tail = f"（按此改正后，{'；'.join(also)} 也相符）" if also else ""
            yield replace(f, message=f.message + tail + recompute(root))
        yield from statement_slips(self, ctx)  # sums written in 测算依据 (perfxl.rules.estimate)


def slip_evidence(root) -> tuple[str, list[str]]:
    """Why a figure is a slip, most direct first — "是自评表01的全年预算数 2 万元的一万倍" when
    one other cell says it, else "按 2 万元计，各项之和正好相符" — and the other checks that
    agree once it is corrected."""
    fig = root.figure
    direct = root.evidence[0]
    other = [f for f in direct.figures if f.key != fig.key]
    if len(other) == 1 and other[0].unit == fig.unit:  # one cell of the same unit says it
        return (slip_reason(other[0].value, fig.unit, other[0].what),
                [r.label for r in root.evidence[1:]])
    return (f"按 {num(root.meant)} {fig.unit} 计，{direct.label} 正好相符",
            [r.label for r in root.evidence[1:]])


def _project_of(root) -> str | None:
    return next((r.project for r in root.evidence if r.project), None)


class TypedTotals(Rule):
    """手填的合计行不等于其上各行之和。

    检查什么：项目清单的“合计”行（年初预算数、全年预算数、全年执行数三列），以及土地流转明细
    每个项目的“小计”行金额，等于其上各行之和。小计行的面积由 PX303 检查。

    为什么：合计是手填或公式算的；改了某一行而合计没跟着变，上报的总数就错了。

    例子：项目清单合计行全年预算数 144.9452，各行之和 144.9552 → PX207，期望 144.9552。
    某一行按元填写（合计按万元正确）时，由 PX206 指出那一行，本规则只作提示。

    怎么改：改正合计，或改用求和公式并在 Excel/WPS 中保存。
    """

    code = "PX207"
    name = "typed-totals"
    severity = Severity.ERROR
    minor_severity = Severity.INFO  # a consequence of another wrong cell: a note
    summary = "手填的合计（小计）行不等于其上各行之和"
    message = "{what}为 {got} {unit}，而{basis}为 {want} {unit}（相差 {diff} {unit}）"

    def check(self, ctx):
        return relation_findings(self, ctx, mismatch)


class NonPositiveBudget(Rule):
    """全年预算数为零或负数，执行率无法计算。

    检查什么：自评表年度资金总额行（以及没有自评表的清单行）的全年预算数大于 0。

    为什么：执行率 = 全年执行数 ÷ 全年预算数，预算为 0 时没有意义，执行率得分无法计算。

    例子：自评表04 全年预算数填 0 → PX208。

    怎么改：填写批复的全年预算数；确无预算的项目不应填报自评表。
    """

    code = "PX208"
    name = "non-positive-budget"
    severity = Severity.ERROR
    summary = "全年预算数为零或负数，执行率无法计算"
    message = "{where}的全年预算数为 {budget} 万元，执行率无法计算"

    def check(self, ctx):
        for budget, _executed, owner in _budget_rows(ctx):
            if budget.present and budget.value <= 0:
                where, proj = _where(owner)
                yield self.finding(budget.loc, expected=">0", actual=num(budget.value),
                                   project=proj or None, where=where, budget=num(budget.value))


def rate_of(ctx, proj: Project) -> Decimal | None:
    """The computed 执行率 (fraction) of a form: from its score, else 执行数 ÷ 预算数."""
    score = ctx.score_of(proj)
    if score is not None and score.execution_rate is not None:
        return score.execution_rate
    f = proj.total_funds
    return rates.execution_rate(f.budget.value, f.executed.value) if f else None


def rate_loc(proj: Project):
    f: FundRow | None = proj.total_funds
    return first_loc(f.rate, f.executed, f.budget) if f else proj.title_loc


def explained(proj: Project) -> bool:
    """Low execution counts as explained when any indicator's 偏差原因分析及改进措施 or the money
    block's 原因 holds a real text (not ``无`` or ``/``), or 年度总体目标·实际完成情况 mentions a
    reason (:data:`REASON_WORDS`)."""
    if any(not is_blank(i.deviation.value) for i in proj.indicators):
        return True
    if proj.total_funds is not None and not is_blank(proj.total_funds.reason.value):
        return True  # the money block's own 原因 column
    return _REASON.search(norm_text(proj.goal_actual.value)) is not None


_REASON = re.compile("|".join(map(re.escape, REASON_WORDS)))  # any of them, in one search


class LowExecutionUnexplained(Rule):
    """年末执行率低于 90%，却没有说明原因。

    检查什么：数据截至 12 月时，执行率（全年执行数 ÷ 全年预算数）低于框架的
    ``explanation_threshold``（默认 90%），而且既没有任何一条指标填写“偏差原因分析及改进措施”
    （``无``、``/`` 之类不算），“实际完成情况”里也没有说明原因的词（原因、由于、因、未完成、
    尚未、滞后、延期、结转……）。

    为什么：多地规定执行率低于 90% 的项目必须说明原因（如四川的 90% 规则）。

    例子：全年预算数 19，执行数 15.2，执行率 80%，偏差原因全空 → PX209，期望 ≥90%，实际 80%。

    怎么改：在偏差原因分析及改进措施栏或实际完成情况中写明执行慢的原因和改进措施。
    """

    code = "PX209"
    name = "low-execution-unexplained"
    severity = Severity.WARNING
    summary = "年末执行率低于90%且未说明原因"
    message = "{sheet}的执行率为 {rate}，低于 {threshold}，但偏差原因和实际完成情况中都没有说明原因"
    year_end_only = True

    def check(self, ctx):
        threshold = ctx.framework.explanation_threshold
        for proj in ctx.wb.projects:
            rate = rate_of(ctx, proj)
            if rate is None or rate >= threshold or explained(proj):
                continue
            yield self.finding(rate_loc(proj), expected=f"≥{pct(threshold)}", actual=pct(rate),
                               project=project_name(proj), sheet=proj.sheet, rate=pct(rate),
                               threshold=pct(threshold))
