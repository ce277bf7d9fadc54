"""PX504–PX505: money against time and against staff's own figures — execution behind the
序时进度, and the 执行率/得分 staff wrote against the ones perfxl computes.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.findings import Severity
from perfxl.model import FUND_KEYS, Project
from perfxl.rules.base import Rule
from perfxl.rules.common import (
    HUNDRED, differs, first_loc, ind_name, num, pct, project_name, row_loc,
)
from perfxl.rules.money import FUND_LABELS, rate_loc, rate_of
from perfxl.rules.root_cause import CONSEQUENCE
from perfxl.rules.verdicts import consequence_note
from perfxl.scoring.rates import execution_rate


class ExecutionLag(Rule):
    """执行率落后于序时进度超过 20 个百分点（月度监控）。

    检查什么：数据截至第 m 月（m < 12）时，序时进度为 m/12；执行率（全年执行数 ÷ 全年预算数）
    比序时进度低超过框架设置 ``lag_points``（默认 20 个百分点）即报告。12 月的执行率由 PX209 检查。

    为什么：执行监控要求资金按序时进度支出，落后太多年底很可能完不成。

    例子：数据截至 7 月，序时进度 58.33%，执行率 30% → 落后 28.33 个百分点 → PX504，
    期望 ≥38.33%，实际 30%。

    怎么改：加快支出；确有原因的，在偏差原因中说明。

    执行监控表（预算管理一体化系统导出）按它自己的“1-N月”检查，不论工作簿的其他部分：
    资金执行率 = 1-N月执行数 ÷ 全年预算数（没有时 ÷ 年初预算数），都没有时用表上填写的执行率。
    """

    code = "PX504"
    name = "execution-lag"
    severity = Severity.WARNING
    summary = "执行率落后序时进度（月份/12）超过20个百分点（月度监控）"
    message = "数据截至{month}月，序时进度 {progress}，{sheet}的执行率 {rate} 落后超过 {lag} 个百分点"

    def check(self, ctx):
        month = ctx.wb.month
        lag = ctx.framework.lag_points
        if month < 12:
            for proj in ctx.wb.projects:
                rate = rate_of(ctx, proj)
                if self.lags(rate, month, lag):
                    yield self._f(rate_loc(proj), rate, month, lag, proj.sheet,
                                  project_name(proj))
        # an 执行监控表 is as of its own 1-N月, whatever the rest of the workbook says
        for mon in ctx.wb.monitorings:
            m, total = mon.month.value, mon.total_funds
            if m and m < 12 and self.monitoring_lags(mon, m, lag):
                yield self._f(first_loc(total.rate, total.executed), self.monitoring_rate(mon),
                              m, lag, mon.sheet, str(mon.name.value or mon.sheet))

    @staticmethod
    def lags(rate: Decimal | None, month: int, lag: Decimal, of: Decimal = Decimal(1)) -> bool:
        """``rate ÷ of`` below month/12 by more than ``lag`` points, compared exactly as
        rate·1200 < of·(100·m − 12·lag): no rounded m/12 or quotient in the comparison."""
        return rate is not None and rate * 1200 < of * (Decimal(100 * month) - 12 * lag)

    @classmethod
    def monitoring_lags(cls, mon, month: int, lag: Decimal) -> bool:
        executed, budget = cls._monitoring_figures(mon)
        return cls.lags(executed, month, lag, budget)

    @classmethod
    def monitoring_rate(cls, mon) -> Decimal | None:
        """An 执行监控表's 1-N月执行率: 执行数 ÷ 全年预算数 (else 年初预算数), else as typed."""
        executed, budget = cls._monitoring_figures(mon)
        return execution_rate(budget, executed)

    @staticmethod
    def _monitoring_figures(mon) -> tuple[Decimal | None, Decimal]:
        """(执行数, 预算数), or (typed rate, 1) when the amounts cannot give the rate."""
        f = mon.total_funds
        if f is None:
            return None, Decimal(1)
        budget = next((b.value for b in (f.budget, f.initial_budget)
                       if b.present and b.value > 0), None)
        if budget is not None and f.executed.present:
            return f.executed.value, budget
        return f.rate.value, Decimal(1)

    def _f(self, loc, rate, month, lag, sheet, project):
        progress = Decimal(month) / Decimal(12)
        return self.finding(loc, expected=f"≥{pct(progress - lag / HUNDRED)}", actual=pct(rate),
                            project=project, month=month, progress=pct(progress), sheet=sheet,
                            rate=pct(rate), lag=num(lag))


RATE_POINTS = Decimal("0.01")  # 执行率 as percentages are compared to 0.01 points (PX505)


class StaffFigures(Rule):
    """填写的执行率、得分或总分与按规则计算的不同（以计算值为准）。

    检查什么：perfxl 按框架重新计算每张自评表的执行率（各资金行：执行数 ÷ 预算数）、执行率得分、
    每条指标的得分和总分，与表上填写的比较：执行率按百分数比较到 0.01 个百分点，得分比较到
    0.01 分。相差达到该精度即报告；perfxl 的输出以计算值为准。

    为什么：手算的执行率、得分常有算错、四舍五入错或复制上年未改的情况。

    例子：全年预算数 2，执行数 1.85，执行率应为 92.5%，表上写 95% → PX505，期望 92.5%，实际 95%；
    执行率得分应为 9.25，表上写 9.5 → PX505。

    执行率与执行数 ÷ 预算数不符，而改正另一处填错的金额（如当年财政拨款 35.7 应为 37.5）后即相符
    时，填错的是那个金额（由 PX204 等报告），这里只作提示，不给应为。

    怎么改：按所示的计算值改正，或核对预算数、执行数是否填错。
    """

    code = "PX505"
    name = "staff-figures"
    severity = Severity.ERROR
    minor_severity = Severity.INFO  # a consequence of a mistyped amount: a note
    summary = "填写的执行率、得分或总分与按规则计算的不同（以计算值为准）"
    message = "{sheet}{what}填写为 {got}，按规则计算为 {want}；perfxl 以计算值 {want} 为准"

    def check(self, ctx):
        found: list = []  # the helpers append: no generator per form (this runs for every form)
        for proj in ctx.wb.projects:
            score = ctx.score_of(proj)
            self._rates(ctx, proj, score, found)
            if score is not None:
                self._scores(ctx, proj, score, found)
        return found

    def _rates(self, ctx, proj: Project, score, found: list) -> None:
        funds = proj.funds
        for key in FUND_KEYS:
            f = funds.get(key)
            if f is None or f.rate.value is None:
                continue
            if key == "total":
                rate = rate_of(ctx, proj)
            else:
                rate = execution_rate(f.budget.value, f.executed.value)
            if rate is None:
                continue
            # as percentages to 0.01 points
            if not differs(f.rate.value * HUNDRED, rate * HUNDRED, RATE_POINTS):
                continue
            what = f"{FUND_LABELS[key]}的执行率"
            decided = ctx.verdict.find(self.code, f.rate.loc)
            if decided is not None and decided[1].kind == CONSEQUENCE:
                # the rate is right for the amounts meant: an amount was mistyped (root cause)
                if not decided[1].same_cell:
                    found.append(consequence_note(self, decided[0], decided[1], lambda _r: dict(
                        loc=f.rate.loc, actual=pct(f.rate.value), project=project_name(proj),
                        message=f"{proj.sheet}{what}填写为 {pct(f.rate.value)}，"
                                f"按表上的金额计算为 {pct(rate)}")))
                continue
            found.append(self._f(f.rate.loc, proj, what, pct(f.rate.value), pct(rate)))

    def _scores(self, ctx, proj: Project, score, found: list) -> None:
        tol = ctx.framework.score_tolerance
        total = proj.total_funds
        staff = total.score.value if total else None
        if staff is not None and score.execution_score is not None and differs(
                staff, score.execution_score, tol):
            found.append(self._f(total.score.loc, proj, "执行率得分", num(staff),
                                 num(score.execution_score)))
        for s in score.indicators:
            if s.score is None or s.problem == "qualitative-out-of-band":
                continue
            ind = s.indicator
            staff = ind.score.value
            if staff is not None and differs(staff, s.score, tol):
                found.append(self._f(row_loc(proj, ind, ind.score), proj,
                                     f"“{ind_name(ind)}”的得分", num(staff), num(s.score)))
        staff, want = proj.total_score.value, score.total
        if ctx.framework.total_row_is_indicators_only:  # 四川 合计: 预算执行 is outside it
            want = want - (score.execution_score or 0)
        if staff is not None and differs(staff, want, tol):
            found.append(self._f(proj.total_score.loc, proj, "总分", num(staff), num(want)))

    def _f(self, loc, proj, what, got, want):
        return self.finding(loc, expected=want, actual=got, project=project_name(proj),
                            sheet=proj.sheet, what=what, got=got, want=want)


