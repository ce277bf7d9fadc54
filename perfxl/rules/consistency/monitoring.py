"""PX506–PX508: the 申报表 (targets) and 执行监控表 (monthly monitoring) forms of a budget
system export (Workbook.declarations / Workbook.monitorings).
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.findings import Severity
from perfxl.model import Loc
from perfxl.rules.base import Rule
from perfxl.rules.consistency.progress import ExecutionLag
from perfxl.rules.common import (
    first_loc, ind_name, is_blank, norm_text, num, pct, project_name, row_loc,
)
from perfxl.values import Op, direction_of_name


class TargetChanged(Rule):
    """自评表的年度指标值与申报表不同（年末不得修改目标）。

    检查什么：同一三级指标，自评表上的年度指标值与绩效目标申报表上的指标值相同。

    为什么：绩效目标在申报时批复，年末自评时改目标等于改考核标准。

    例子：申报表“日常巡查次数 ≥100次”，自评表写“≥80次” → PX506（自评表和申报表的单元格上
    各一条）。

    怎么改：自评表按申报表的目标填写，差距在偏差原因中说明。

    对应方法：三级指标名称规范化后相同（全角转半角、去空白和标点）；工作簿有多张申报表时只与
    同名项目的申报表比较。目标相同指：定量目标的方向（≥ 与不写符号同为正向）、数值和单位相同，
    定性目标文字相同。只比较申报表的年度目标，不比较中期目标。执行监控表的年度指标值也同样与
    申报表比较（监控中同样不得改目标）。不同时在两个单元格上各报告一次：自评表（或执行监控表）
    的年度指标值，和申报表的指标值。
    """

    code = "PX506"
    name = "target-changed"
    severity = Severity.WARNING
    summary = "自评表或执行监控表的年度指标值与申报表的目标不同（不得改目标）"
    message = ("{sheet}“{name}”的年度指标值写为 {got}，而{decl}（{cell}）申报的年度目标是 {want}；"
               "绩效目标批复后不得自行修改")

    def check(self, ctx):
        if not ctx.wb.declarations:
            return  # nothing declared, nothing changed (the usual workbook)
        for forms in (ctx.wb.projects, ctx.wb.monitorings):
            for proj in forms:
                yield from self._form(ctx, proj, len(forms))

    def _form(self, ctx, proj, n_forms: int):
        declared = self._declared(ctx.wb.declarations, proj, n_forms)
        if declared:
            for ind in proj.indicators:
                hit = declared.get(norm_text(ind.name.value))
                if hit is None or not ind.target.present or self.same(hit.target.value,
                                                                      ind.target.value):
                    continue
                want, got = hit.target.value.text, ind.target.value.text
                here = row_loc(proj, ind, ind.target)
                yield self.finding(here, expected=want, actual=got,
                                   project=project_name(proj), sheet=proj.sheet,
                                   name=ind_name(ind), got=got, want=want,
                                   decl=hit.target.loc.sheet if hit.target.loc else "申报表",
                                   cell=hit.target.loc.cell if hit.target.loc else "")
                if hit.target.loc is not None:  # and on the 申报表's cell (issue 16 item 7)
                    yield self.finding(hit.target.loc, expected=got, actual=want,
                                       project=project_name(proj), message=(
                                           f"{hit.target.loc.sheet}申报的年度目标“{ind_name(ind)}”"
                                           f"为 {want}，而{proj.sheet}（{here.cell}）写为 {got}；"
                                           "请核对是哪一张表改动了目标"))

    @staticmethod
    def _declared(declarations, proj, n_forms: int) -> dict:
        """三级指标 key → the 申报表's year indicator, from the same project's 申报表 (or the only
        one, in a one-project workbook). ``proj`` is a 自评表 or an 执行监控表."""
        same = [d for d in declarations if norm_text(d.name.value) == norm_text(proj.name.value)]
        if not same and len(declarations) == 1 and n_forms == 1:
            same = declarations
        out: dict = {}
        for d in same:
            for i in d.year_indicators:
                key = norm_text(i.name.value)
                if key and i.target.present:
                    out.setdefault(key, i)
        return out

    @staticmethod
    def same(a, b) -> bool:
        if a.qualitative or b.qualitative:
            return a.qualitative and b.qualitative and norm_text(a.text) == norm_text(b.text)
        direction = (a.op or Op.GE).direction, (b.op or Op.GE).direction
        units_agree = a.unit == b.unit or a.unit is None or b.unit is None
        return direction[0] == direction[1] and a.number == b.number and units_agree


class MonitorLagUnexplained(Rule):
    """执行监控表：指标或资金进度滞后，却没有勾选或说明偏差原因。

    检查什么：执行监控表中，执行数落后于序时进度（资金）或全年预计执行数达不到年度指标值
    （指标）的行，偏差原因分析（经费保障、制度保障、人员保障、硬件条件保障、其他）至少勾选
    一项或写有原因说明。

    为什么：监控的目的就是找出滞后的原因并纠偏。

    例子：1-7月执行率 20%，偏差原因各栏均空 → PX507。

    怎么改：勾选偏差原因并写明原因说明。

    “滞后”的含义（监控到第 N 月，N < 12；lag_points 为框架设置，默认 20）：

    - 资金：1-N月执行率（执行数 ÷ 全年预算数，没有全年预算数时 ÷ 年初预算数）比序时进度 N/12
      低超过 lag_points 个百分点（与 PX504 相同）；资金行自己有偏差原因栏时须在该行说明，
      没有时任何一条指标勾选或说明了原因即可；
    - 指标（年度指标值是数字时）：全年预计执行数达不到年度指标值（正向低于、反向高于、等于型
      不等），或正向、非百分比的指标 1-N月执行数 ÷ 年度指标值 比 N/12 低超过 lag_points 个
      百分点（百分比指标是比率，不按月累计，不做此项比较）。
    """

    code = "PX507"
    name = "monitor-lag-unexplained"
    severity = Severity.WARNING
    summary = "执行监控表：指标或资金滞后，但未勾选或说明偏差原因"
    message = "{sheet}中{what}，但{missing}"

    def check(self, ctx):
        lag = ctx.framework.lag_points
        for mon in ctx.wb.monitorings:
            n = mon.month.value
            if not n or n >= 12:
                continue
            yield from self._money(mon, n, lag)
            for ind in mon.indicators:
                what = self._indicator_lag(ind, n, lag)
                if what and not self.explained(ind):
                    yield self._f(first_loc(ind.executed, ind.projected, ind.name), mon,
                                  f"“{ind.name.value or ind.row}”{what}", ind)

    def _money(self, mon, n, lag):
        total = mon.total_funds
        rate = ExecutionLag.monitoring_rate(mon)
        if total is None or not ExecutionLag.monitoring_lags(mon, n, lag):
            return
        has_own = bool(total.reasons) or total.reason_text.loc is not None
        ok = self.explained(total) if has_own else any(self.explained(i) for i in mon.indicators)
        if not ok:
            progress = pct(Decimal(n) / 12)
            yield self._f(first_loc(total.rate, total.executed), mon,
                          f"资金1-{n}月执行率 {pct(rate)}，落后序时进度 {progress} 超过 "
                          f"{num(lag)} 个百分点", total)

    @staticmethod
    def explained(row) -> bool:
        return bool(row.ticked_reasons) or not is_blank(row.reason_text.value)

    @staticmethod
    def _indicator_lag(ind, n: int, lag: Decimal) -> str | None:
        t = ind.target.value
        if t is None or t.qualitative:
            return None
        direction = (t.op or _op_from_name(ind.name.value)).direction
        p = ind.projected.value
        if p is not None and not p.qualitative and (p.unit in (None, t.unit) or t.unit is None):
            short = (p.number < t.number if direction == "positive" else
                     p.number > t.number if direction == "negative" else p.number != t.number)
            if short:
                return f"全年预计执行数 {p.text} 达不到年度指标值 {t.text}"
        x = ind.executed.value
        if (x is not None and not x.qualitative and direction == "positive" and t.number > 0
                and t.unit != "%" and x.unit in (None, t.unit)
                and x.number * 1200 < t.number * (Decimal(100 * n) - 12 * lag)):
            return (f"1-{n}月执行数 {x.text} 仅为年度指标值 {t.text} 的 "
                    f"{pct(x.number / t.number)}，落后序时进度 {pct(Decimal(n) / 12)} 超过 "
                    f"{num(lag)} 个百分点")
        return None

    def _f(self, loc, mon, what, row):
        missing = (f"偏差原因分析（{'、'.join(row.reasons)}）没有勾选，原因说明也为空"
                   if row.reasons else "偏差原因分析为空")
        return self.finding(loc, expected="勾选偏差原因或填写原因说明", actual="未说明",
                            project=str(mon.name.value or mon.sheet), sheet=mon.sheet, what=what,
                            missing=missing)


class MonitorLikelihood(Rule):
    """执行监控表：“完成目标可能性”未勾选或勾选了多项。

    检查什么：执行监控表每条指标的“完成目标可能性”（确定能 · 有可能 · 完全不可能）恰好勾选一项。

    为什么：不勾或多勾都无法判断该指标能否完成。

    例子：某指标“确定能”和“有可能”都打了 ✔ → PX508。

    怎么改：只保留一项勾选。

    勾选指单元格里是 ✔ ✓ √ ☑ 之类的勾（或“是”）；空白、“×”“否”等不算勾选。表上没有
    “完成目标可能性”栏时不检查。
    """

    code = "PX508"
    name = "monitor-likelihood"
    severity = Severity.ERROR
    summary = "执行监控表：完成目标可能性未勾选或勾选多项"
    message = "{sheet}中指标“{name}”的完成目标可能性{what}，应在 确定能、有可能、完全不可能 中恰好勾选一项"

    def check(self, ctx):
        for mon in ctx.wb.monitorings:
            for ind in mon.indicators:
                if not ind.likelihood:
                    continue
                ticked = ind.ticked_likelihood
                if len(ticked) == 1:
                    continue
                cells = [v.loc for v in ind.likelihood.values() if v.loc is not None]
                loc = (Loc(cells[0].sheet, f"{cells[0].cell}:{cells[-1].cell}")
                       if len(cells) > 1 else (cells[0] if cells else None))
                what = "没有勾选" if not ticked else f"勾选了{len(ticked)}项（{'、'.join(ticked)}）"
                yield self.finding(loc, expected="恰好一项",
                                   actual="、".join(ticked) if ticked else "（未勾选）",
                                   project=str(mon.name.value or mon.sheet), sheet=mon.sheet,
                                   name=ind.name.value or f"第{ind.row}行", what=what)


def _op_from_name(name: object) -> Op:
    """A target without an operator: ≤ when the indicator's name says 反向 (``培训成本``), else ≥."""
    return Op.LE if direction_of_name(name) == "反向" else Op.GE
