"""PX501–PX509: consistency across sheets — years, names, duplicates, progress, staff figures.

PX506–PX508 check the 申报表 (targets) and 执行监控表 (monthly monitoring) forms of a budget
system export. The model does not hold those forms yet (a later issue adds them), so those
rules are registered with their documentation and find nothing until that data exists.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.findings import Severity
from perfxl.model import FUND_KEYS, Project
from perfxl.rules.base import Rule
from perfxl.rules.common import (
    HUNDRED, differs, first_loc, ind_name, norm_text, num, pct, project_name, row_loc,
)
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

    例子：项目清单第6行“涞源镇农村环境治理费”与自评表05“农村环境卫生整治项目”应为同一项目
    （相似度 71%）→ PX502。

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
    """

    code = "PX504"
    name = "execution-lag"
    severity = Severity.WARNING
    summary = "执行率落后序时进度（月份/12）超过20个百分点（月度监控）"
    message = "数据截至{month}月，序时进度 {progress}，{sheet}的执行率 {rate} 落后超过 {lag} 个百分点"

    def check(self, ctx):
        month = ctx.wb.month
        if month >= 12:
            return
        lag = ctx.framework.lag_points
        progress = Decimal(month) / Decimal(12)
        floor = progress - lag / HUNDRED
        for proj in ctx.wb.projects:
            rate = execution_rate(ctx, proj)
            # rate·1200 < 100·m − 12·lag, kept exact: no rounded m/12 in the comparison
            if rate is None or rate * 1200 >= Decimal(100 * month) - 12 * lag:
                continue
            yield self.finding(rate_loc(proj), expected=f"≥{pct(floor)}", actual=pct(rate),
                               project=project_name(proj), month=month, progress=pct(progress),
                               sheet=proj.sheet, rate=pct(rate), lag=num(lag))


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
        for proj in ctx.wb.projects:
            yield from self._rates(ctx, proj)
            score = ctx.score_of(proj)
            if score is None:
                continue
            yield from self._scores(ctx, proj, score)

    def _rates(self, ctx, proj: Project):
        for key in FUND_KEYS:
            f = proj.funds.get(key)
            if f is None or not f.rate.present:
                continue
            rate = execution_rate(ctx, proj) if key == "total" else (
                f.executed.value / f.budget.value
                if f.budget.present and f.executed.present and f.budget.value > 0 else None)
            if rate is None:
                continue
            # as percentages to 0.01 points
            if differs(f.rate.value * HUNDRED, rate * HUNDRED, Decimal("0.01")):
                yield self._f(f.rate.loc, proj, f"{FUND_LABELS[key]}的执行率",
                              pct(f.rate.value), pct(rate))

    def _scores(self, ctx, proj: Project, score):
        tol = ctx.framework.score_tolerance
        total = proj.total_funds
        if total and total.score.present and score.execution_score is not None and differs(
                total.score.value, score.execution_score, tol):
            yield self._f(total.score.loc, proj, "执行率得分", num(total.score.value),
                          num(score.execution_score))
        for s in score.indicators:
            ind = s.indicator
            if s.score is None or not ind.score.present or s.problem == "qualitative-out-of-band":
                continue
            if differs(ind.score.value, s.score, tol):
                yield self._f(row_loc(proj, ind, ind.score), proj, f"“{ind_name(ind)}”的得分",
                              num(ind.score.value), num(s.score))
        if proj.total_score.present and differs(proj.total_score.value, score.total, tol):
            yield self._f(proj.total_score.loc, proj, "总分", num(proj.total_score.value),
                          num(score.total))

    def _f(self, loc, proj, what, got, want):
        return self.finding(loc, expected=want, actual=got, project=project_name(proj),
                            sheet=proj.sheet, what=what, got=got, want=want)


class ProjectUnmatched(Rule):
    """项目清单中的项目没有自评表，或自评表的项目不在项目清单中。

    检查什么：按 PX502 的方法把项目清单各行与自评表一一对应后，仍有清单行没有自评表，
    或有自评表对应不到清单行（两边数目不同时才会出现）。

    为什么：每个列入清单的项目都要自评；清单外的自评表则说明清单漏列了项目。

    例子：项目清单 15 行、自评表 14 张，第 16 行“涞源镇金家井乡黑木耳基地土地流转费”没有
    自评表 → PX509。

    怎么改：补上缺少的自评表，或把漏列的项目加入项目清单。
    """

    code = "PX509"
    name = "project-unmatched"
    severity = Severity.WARNING
    summary = "项目清单中的项目没有自评表，或自评表的项目不在项目清单中"
    message = "{what}"

    def check(self, ctx):
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


class _PendingRule(Rule):
    """A rule whose data (申报表 / 执行监控表) the model does not hold yet: finds nothing."""

    def check(self, ctx):
        return ()


class TargetChanged(_PendingRule):
    """自评表的年度指标值与申报表不同（年末不得修改目标）。

    检查什么：同一三级指标，自评表上的年度指标值与绩效目标申报表上的指标值相同。

    为什么：绩效目标在申报时批复，年末自评时改目标等于改考核标准。

    例子：申报表“日常巡查次数 ≥100次”，自评表写“≥80次” → PX506。

    怎么改：自评表按申报表的目标填写，差距在偏差原因中说明。

    说明：需要预算管理一体化系统导出的申报表；在工作簿模型包含申报表之前，本规则不报告任何问题。
    """

    code = "PX506"
    name = "target-changed"
    severity = Severity.WARNING
    summary = "自评表的年度指标值与申报表的目标不同（年末不得改目标）"


class MonitorLagUnexplained(_PendingRule):
    """执行监控表：指标或资金进度滞后，却没有勾选或说明偏差原因。

    检查什么：执行监控表中，执行数落后于序时进度（资金）或全年预计执行数达不到年度指标值
    （指标）的行，偏差原因分析（经费保障、制度保障、人员保障、硬件条件保障、其他）至少勾选
    一项或写有原因说明。

    为什么：监控的目的就是找出滞后的原因并纠偏。

    例子：1-7月执行率 20%，偏差原因各栏均空 → PX507。

    怎么改：勾选偏差原因并写明原因说明。

    说明：需要执行监控表数据；在工作簿模型包含执行监控表之前，本规则不报告任何问题。
    """

    code = "PX507"
    name = "monitor-lag-unexplained"
    severity = Severity.WARNING
    summary = "执行监控表：指标或资金滞后，但未勾选或说明偏差原因"


class MonitorLikelihood(_PendingRule):
    """执行监控表：“完成目标可能性”未勾选或勾选了多项。

    检查什么：执行监控表每条指标的“完成目标可能性”（确定能 · 有可能 · 完全不可能）恰好勾选一项。

    为什么：不勾或多勾都无法判断该指标能否完成。

    例子：某指标“确定能”和“有可能”都打了 ✔ → PX508。

    怎么改：只保留一项勾选。

    说明：需要执行监控表数据；在工作簿模型包含执行监控表之前，本规则不报告任何问题。
    """

    code = "PX508"
    name = "monitor-likelihood"
    severity = Severity.ERROR
    summary = "执行监控表：完成目标可能性未勾选或勾选多项"
