"""PX510: the 申报表's money against the 自评表 or 执行监控表 of the same project in one workbook
(the 一体化 exports hold all three). Its target counterpart is PX506
(:class:`perfxl.rules.consistency.monitoring.TargetChanged`).
"""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.rules.base import Rule
from perfxl.rules.common import differs, norm_text, num


def same_project(declarations, form, n_forms: int) -> list:
    """The 申报表 of ``form``'s project (a 自评表 or 执行监控表): by name, or the only one of a
    workbook holding one form of each kind."""
    same = [d for d in declarations if norm_text(d.name.value) == norm_text(form.name.value)]
    if not same and len(declarations) == 1 and n_forms == 1:
        same = list(declarations)
    return same


class DeclaredAmount(Rule):
    """申报表的本年度项目金额与自评表或执行监控表的全年预算数不同。

    检查什么：同一工作簿中同一项目的申报表（按项目名称对应；一体化导出每种表只有一张时直接
    对应）上的本年度项目金额（年度资金总额），等于自评表或执行监控表上的全年预算数（执行
    监控表没有全年预算数时，比年初预算数）。不同时在两个单元格上各报告一次。

    为什么：申报表批复的金额就是当年的预算；两张表对不上，要么有一张填错了，要么年中调整了
    预算而没有说明。

    例子：申报表年度资金总额 190 万元，执行监控表年初预算数 180 万元 → PX510（两处各一条）。

    怎么改：核对两张表的金额；年中调整过预算的，在偏差原因中说明。
    """

    code = "PX510"
    name = "declared-amount"
    severity = Severity.WARNING
    summary = "申报表的本年度项目金额与自评表或执行监控表的全年预算数不同"
    message = "{sheet}的{field} {here} 万元，与{other}（{cell}）的{other_field} {there} 万元不同"

    def check(self, ctx):
        declarations = ctx.wb.declarations
        if not declarations:
            return
        tol = ctx.framework.money_tolerance
        for forms, kind in ((ctx.wb.projects, "自评表"), (ctx.wb.monitorings, "执行监控表")):
            for form in forms:
                budget = _budget(form)
                if budget is None or budget.value is None:
                    continue
                for d in same_project(declarations, form, len(forms)):
                    declared = d.year_amount
                    if declared.value is None or not differs(declared.value, budget.value, tol):
                        continue
                    field = "全年预算数" if budget is _full_year(form) else "年初预算数"
                    yield from self._both(d, declared, form, budget, kind, field)

    def _both(self, d, declared, form, budget, kind, field):
        name = str(d.name.value or form.name.value or d.sheet)
        for here, there, sheet, what, other, other_field in (
                (declared, budget, d.sheet, "本年度项目金额", kind, field),
                (budget, declared, form.sheet, field, "申报表", "本年度项目金额")):
            loc = there.loc
            yield self.finding(here.loc, expected=num(there.value), actual=num(here.value),
                               project=name, sheet=sheet, field=what, here=num(here.value),
                               other=loc.sheet if loc else other, cell=loc.cell if loc else "",
                               other_field=other_field, there=num(there.value))


def _full_year(form):
    total = form.total_funds
    return total.budget if total is not None else None


def _budget(form):
    """全年预算数 of a 自评表 or 执行监控表, else its 年初预算数."""
    total = form.total_funds
    if total is None:
        return None
    return total.budget if total.budget.value is not None else total.initial_budget
