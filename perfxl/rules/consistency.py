"""PX501–PX509: consistency across sheets — years, names, duplicates, progress, staff figures.

PX506–PX508 check the 申报表 (targets) and 执行监控表 (monthly monitoring) forms of a budget
system export (``Workbook.declarations`` / ``Workbook.monitorings``); PX504 also takes each
执行监控表 at its own ``1-N月``.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.findings import Severity
from perfxl.model import FUND_KEYS, Loc, Project
from perfxl.rules.amounts import group_owner, groups_of
from perfxl.rules.base import Rule
from perfxl.rules.common import (
    HUNDRED, differs, first_loc, ind_name, is_blank, norm_text, num, pct, project_name, row_loc,
)
from perfxl.values import Op
from perfxl.rules.money import FUND_LABELS, execution_rate, rate_loc


class YearMismatch(Rule):
    """年度不一致：评价年度、自评表标题年度、数据截至年份。

    检查什么：项目清单的“评价年度”、每张自评表标题下的“（YYYY年度）”、“数据截至”中的年份
    三者相同。以评价年度为准（没有评价年度时以第一张自评表的年度为准），不同的逐一报告。

    为什么：复制上年表格后忘改年度很常见；年度不对，整份自评就对应错了预算年度。

    例子：评价年度 2023，自评表07 标题写“（2022年度）” → PX501，期望 2023，实际 2022。

    怎么改：把年度改为本次评价的年度。
    """

    code = "PX501"
    name = "year-mismatch"
    severity = Severity.ERROR
    summary = "年度不一致（评价年度、自评表标题年度、数据截至年份）"
    message = "{what}为 {got} 年，与评价年度 {want} 年不一致"

    def check(self, ctx):
        wb, unit = ctx.wb, ctx.wb.unit
        year = wb.year
        if year is None:
            return
        if unit is not None and unit.as_of_year.present and unit.as_of_year.value != year:
            yield self._f(unit.as_of_year.loc, "数据截至的年份", unit.as_of_year.value, year)
        for proj in wb.projects:
            ty = proj.title_year
            if ty.present and ty.value != year:
                yield self._f(first_loc(ty) or proj.title_loc, f"{proj.sheet}标题中的年度",
                              ty.value, year, project_name(proj))

    def _f(self, loc, what, got, want, project=None):
        return self.finding(loc, expected=want, actual=got, project=project, what=what,
                            got=got, want=want)


class NameMismatch(Rule):
    """项目名称在项目清单和自评表中不一致（给出对应的一对）。

    检查什么：项目清单的每一行与一张自评表对应（匹配方法见下），名称不完全相同时报告，
    并指出是哪一对。

    匹配：先按规范化后的名称（全角转半角、去空白和标点）完全相同配对；其余的按名称相似度
    （去掉“涞源镇”等地名前缀和“经费、项目、资金、费”等通用词尾后，逐字比较的相似度，
    一方包含另一方时另计包含度）做整体最优的一一配对，相似度 ≥ 0.6 才算；仍未配上的按顺序
    配对。

    为什么：名称不一致时无法确认自评表评的是清单里的哪个项目，金额核对（PX203）也依赖这个对应。

    例子：项目清单第12行（序号5）“涞源镇农村环境治理费”与自评表05“农村环境卫生整治项目”
    应为同一项目（名称相似度 71%）→ PX502。

    怎么改：统一两处的项目名称（以预算批复的名称为准）。
    """

    code = "PX502"
    name = "name-mismatch"
    severity = Severity.WARNING
    summary = "项目名称在项目清单和自评表中不一致（给出最相近的一对）"
    message = "项目清单第{row}行{seq}“{list_name}”与{sheet}“{form_name}”应为同一项目（{how}），但名称不一致"

    def check(self, ctx):
        for m in ctx.matches:
            if not m.names_differ or m.row is None or m.project is None:
                continue
            if not norm_text(m.row.name.value) or not norm_text(m.project.name.value):
                continue  # a missing name is PX102, not a different one
            how = (f"名称相似度 {round(m.similarity * 100)}%" if m.method == "similar"
                   else "名称差别较大，按顺序对应")
            list_name = str(m.row.name.value or "")
            form_name = str(m.project.name.value or "")
            yield self.finding(first_loc(m.row.name, m.row.seq), expected=list_name,
                               actual=form_name, project=form_name or list_name, row=m.row.row,
                               seq=f"（序号{m.row.seq.value}）" if m.row.seq.present else "",
                               list_name=list_name, sheet=m.project.sheet, form_name=form_name,
                               how=how)


class DuplicateProject(Rule):
    """同一项目出现两次。

    检查什么：项目清单中两行的项目名称（规范化后）相同，或两张自评表的项目名称相同。

    为什么：重复列项会让预算总额和项目个数都多算一次。

    例子：项目清单第 4 行和第 12 行都是“涞源镇防火经费” → PX503，报告在第 12 行。

    怎么改：删除重复的一行或一张表；如确是两个项目，改用能区分的名称。
    """

    code = "PX503"
    name = "duplicate-project"
    severity = Severity.ERROR
    summary = "同一项目出现两次（项目清单或自评表）"
    message = "“{name}”重复出现：{second}与{first}是同一个项目名称"

    def check(self, ctx):
        seen: dict[str, str] = {}
        for r in ctx.list_rows:
            key = norm_text(r.name.value)
            here = f"项目清单第{r.row}行"
            if key and key in seen:
                yield self._f(r.name.loc, r.name.value, here, seen[key])
            elif key:
                seen[key] = here
        seen = {}
        for p in ctx.wb.projects:
            key = norm_text(p.name.value)
            if key and key in seen:
                yield self._f(first_loc(p.name) or p.title_loc, p.name.value, p.sheet, seen[key])
            elif key:
                seen[key] = p.sheet

    def _f(self, loc, name, second, first):
        return self.finding(loc, expected="不重复", actual=str(name), project=str(name),
                            name=name, second=second, first=first)


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
                rate = execution_rate(ctx, proj)
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
        return None if executed is None else executed / budget

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

    怎么改：按所示的计算值改正，或核对预算数、执行数是否填错。
    """

    code = "PX505"
    name = "staff-figures"
    severity = Severity.ERROR
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
                # execution_rate(ctx, proj), with the score already at hand
                rate = (score.execution_rate if score is not None
                        and score.execution_rate is not None else execution_rate(ctx, proj))
            else:
                budget, executed = f.budget.value, f.executed.value
                rate = (executed / budget if budget is not None and executed is not None
                        and budget > 0 else None)
            if rate is None:
                continue
            # as percentages to 0.01 points
            if differs(f.rate.value * HUNDRED, rate * HUNDRED, RATE_POINTS):
                found.append(self._f(f.rate.loc, proj, f"{FUND_LABELS[key]}的执行率",
                                     pct(f.rate.value), pct(rate)))

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
        staff = proj.total_score.value
        if staff is not None and differs(staff, score.total, tol):
            found.append(self._f(proj.total_score.loc, proj, "总分", num(staff),
                                 num(score.total)))

    def _f(self, loc, proj, what, got, want):
        return self.finding(loc, expected=want, actual=got, project=project_name(proj),
                            sheet=proj.sheet, what=what, got=got, want=want)


class ProjectUnmatched(Rule):
    """项目清单中的项目没有自评表，自评表的项目不在项目清单中，或土地流转明细的项目找不到。

    检查什么：按 PX502 的方法把项目清单各行与自评表一一对应后，仍有清单行没有自评表，
    或有自评表对应不到清单行（两边数目不同时才会出现）；土地流转明细中某个项目的名称
    与任何自评表、清单行都不相近（相似度低于 0.6），其地块无法与预算核对（PX302）。

    为什么：每个列入清单的项目都要自评；清单外的自评表则说明清单漏列了项目；对不上项目的
    地块就无法核对金额。

    例子：项目清单 15 行、自评表 14 张，第 16 行“涞源镇金家井乡黑木耳基地土地流转费”没有
    自评表 → PX509。

    怎么改：补上缺少的自评表，或把漏列的项目加入项目清单。
    """

    code = "PX509"
    name = "project-unmatched"
    severity = Severity.WARNING
    summary = "项目清单中的项目没有自评表，或自评表、土地流转明细的项目不在项目清单中"
    message = "{what}"

    def check(self, ctx):
        yield from self._land(ctx)
        if ctx.wb.unit is None or not ctx.wb.unit.rows:
            return  # a one-project workbook without a list
        for m in ctx.matches:
            if m.method != "unmatched":
                continue
            if m.row is not None:
                name = str(m.row.name.value or "")
                yield self.finding(first_loc(m.row.name, m.row.seq), expected="对应的自评表",
                                   actual="无", project=name or None,
                                   what=f"项目清单第{m.row.row}行“{name}”没有对应的自评表")
            elif m.project is not None:
                name = project_name(m.project)
                yield self.finding(first_loc(m.project.name) or m.project.title_loc,
                                   expected="项目清单中的一行", actual="无", project=name,
                                   what=f"{m.project.sheet}“{name}”不在项目清单中")

    def _land(self, ctx):
        if not ctx.wb.projects and not ctx.list_rows:
            return
        for g in groups_of(ctx):
            if not norm_text(g.name) or group_owner(ctx, g) is not None:
                continue
            first = g.parcels[0]
            yield self.finding(first_loc(first.project_name, first.village), expected="对应的项目",
                               actual="无", project=g.name,
                               what=f"土地流转明细第{first.row}行的项目“{g.name}”在自评表和"
                                    "项目清单中都找不到，无法核对其金额")


class TargetChanged(Rule):
    """自评表的年度指标值与申报表不同（年末不得修改目标）。

    检查什么：同一三级指标，自评表上的年度指标值与绩效目标申报表上的指标值相同。

    为什么：绩效目标在申报时批复，年末自评时改目标等于改考核标准。

    例子：申报表“日常巡查次数 ≥100次”，自评表写“≥80次” → PX506。

    怎么改：自评表按申报表的目标填写，差距在偏差原因中说明。

    对应方法：三级指标名称规范化后相同（全角转半角、去空白和标点）；工作簿有多张申报表时只与
    同名项目的申报表比较。目标相同指：定量目标的方向（≥ 与不写符号同为正向）、数值和单位相同，
    定性目标文字相同。只比较申报表的年度目标，不比较中期目标。执行监控表的年度指标值也同样与
    申报表比较（监控中同样不得改目标）。
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
                yield self.finding(row_loc(proj, ind, ind.target), expected=want, actual=got,
                                   project=project_name(proj), sheet=proj.sheet,
                                   name=ind_name(ind), got=got, want=want,
                                   decl=hit.target.loc.sheet if hit.target.loc else "申报表",
                                   cell=hit.target.loc.cell if hit.target.loc else "")

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
        direction = (t.op or Op.GE).direction
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
