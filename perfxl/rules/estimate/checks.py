"""The PX311–PX316 rule classes: each words what the root-cause verdict says about its relations
(:mod:`.relations`), plus what a line says on its own (:mod:`.lines`)."""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.rules.base import Rule
from perfxl.rules.common import num
from perfxl.rules.estimate.lines import unreadable, units_differ
from perfxl.rules.root_cause import ROOT, UNDECIDED, UNEXPLAINED, Outcome, Relation


def _project(ctx) -> str | None:
    decls = ctx.wb.declarations
    return decls[0].name.value if len(decls) == 1 else None


def _lines(ctx):
    """(明细, line) for every line of every 项目支出明细 of the workbook."""
    return [(detail, line) for detail in ctx.wb.estimates for line in detail.lines]


class _VerdictRule(Rule):
    """Reports this rule's relations that disagree: the root on its own cell with its 应为; a
    consequence of a root reported elsewhere not at all (one wrong cell, one finding); cells the
    evidence cannot tell apart named together, without 应为."""

    def check(self, ctx):
        for relation, outcome in ctx.verdict.disagreeing(self.code):
            finding = self.word(relation, outcome)
            if finding is not None:
                yield finding

    def word(self, relation: Relation, outcome: Outcome):
        kind = outcome.kind
        if kind not in (ROOT, UNDECIDED, UNEXPLAINED):
            return None  # agrees once a root is corrected, or its consequence: said there
        d = relation.derived
        want = relation.implied()
        if kind == ROOT:
            fig, root = outcome.root.figure, outcome.root
            labels = [r.label for r in root.evidence]
            agree = "；".join(labels[:3]) + (f" 等 {len(labels)} 处" if len(labels) > 3 else "")
            return self.finding(
                fig.val.loc, expected=num(root.meant), actual=num(fig.value),
                project=relation.project,
                message=(f"{fig.what}为 {num(fig.value)} 万元，应为 {num(root.meant)} 万元："
                         f"改正后，{agree} 均相符"))
        said = f"{d.what}为 {num(d.value)} 万元，而{relation.basis}为 {num(want)} 万元"
        figures = outcome.cells if kind == UNDECIDED else relation.figures
        cells = "、".join(f"{f.what}（{f.place}）" for f in figures[:4])
        tail = f"；无法判断是哪一处填错，请核对：{cells}{'等' if len(figures) > 4 else ''}"
        return self.finding(d.val.loc, actual=num(d.value), project=relation.project,
                            message=said + tail)


class EstimateLine(_VerdictRule):
    """测算明细的一行：数量 × 单价 ≠ 金额。

    检查什么：项目支出明细每一行的“数量/频率” × “价格/标准”（元与万元换算）等于该行的
    “支出计划（万元）”。数量或单价写成无法读成“数字 + 单位”的文字（“约10人次”“按实际”）时，
    该行列为提示（info），不猜测、不核对。

    为什么：金额是测算的结果；数量、单价和金额对不上，预算就没有依据，财政评审会退回。

    例子：“劳务费 | 20集 | 7.5万元/集 | 15.0” → PX311，应为 150（20 × 7.5）。这一行错了时，
    明细合计和支出计划不再因它重复报告。金额恰好是乘积的一万倍（按元填写，如差旅费 10000
    应为 1.0）由 PX206 报告，并给出应填的数。

    怎么改：核对数量、单价和金额，改正填错的那一个。
    """

    code = "PX311"
    name = "estimate-line"
    severity = Severity.ERROR
    minor_severity = Severity.INFO
    summary = "测算明细某行数量 × 单价 ≠ 金额（无法读取的行列为提示）"

    def check(self, ctx):
        project = _project(ctx)
        for detail, line in _lines(ctx):
            for name, v in unreadable(line):
                yield self.finding(
                    v.loc, severity=Severity.INFO, project=project, actual=v.raw,
                    message=(f"{detail.sheet}{line.label}的{name}“{v.raw}”无法读成"
                             "“数字 + 单位”，未核对该行的金额"))
        yield from super().check(ctx)


class EstimateUnits(Rule):
    """测算明细的一行：数量的单位与单价所计的单位不同。

    检查什么：“数量/频率”的单位（本、人次）与“价格/标准”斜杠后的单位（万元/辑、元/人天）
    相同；“亩”与“元/亩·年”这类按年计价的视为相同。

    为什么：单位不同，乘积就没有意义（15本 × 2.3万元/辑），多半是其中一个写错了。

    例子：“印刷费 | 15本 | 2.3万元/辑” → PX312。

    怎么改：把数量或单价的单位改为同一个计量单位。
    """

    code = "PX312"
    name = "estimate-units"
    severity = Severity.WARNING
    summary = "测算明细某行数量的单位与单价所计的单位不同"

    def check(self, ctx):
        project = _project(ctx)
        for detail, line in _lines(ctx):
            units = units_differ(line)
            if units:
                yield self.finding(
                    line.quantity.loc, expected=f"以“{units[1]}”计的数量",
                    actual=line.quantity.raw, project=project,
                    message=(f"{detail.sheet}{line.label}：数量以“{units[0]}”计，"
                             f"单价却是每“{units[1]}”的价格"))


class EstimateTotal(_VerdictRule):
    """测算明细各行之和 ≠ 明细的合计行。

    检查什么：项目支出明细表头下的合计（支出计划列）等于其下各行支出计划之和。

    为什么：合计是报给财政的数；各行之和与它不符，说明漏了一行或合计填错了。

    例子：六行之和 190.0，合计填 180.0，而支出计划也是 190.0 → PX313，应为 190。
    某一行的数量 × 单价与金额不符时，由 PX311 报告那一行，合计不再重复报告。

    怎么改：改正合计，或补上漏填的行。
    """

    code = "PX313"
    name = "estimate-total"
    severity = Severity.ERROR
    summary = "测算明细各行之和 ≠ 明细的合计"


class EstimatePlan(_VerdictRule):
    """支出计划与明细不符，或支出计划某行自身的加总不成立。

    检查什么：明细的合计等于支出计划中该年度的支出计划；支出计划每个年度行：小计 = 财政拨款
    + 结转资金（预计/实际年度剩余：小计 = 结转资金 + 结余资金）；全年预算 = 年初预算 + 执行调整；
    预计年度剩余 = 全年预算 − 预计支出；实际年度剩余 = 全年预算 − 实际支出（实际支出已填报时；
    年末前实际各项为 0，不算错误）。

    为什么：支出计划是预算指标下达的依据，与明细或自身加总不符，指标就无法对上。

    例子：全年预算填 195，而年初预算 190 + 执行调整 0、细化经济分类合计 190、申报表 190
    → PX314 报在全年预算这一格，应为 190；由它引起的其他不符不再重复报告。只有明细合计与
    支出计划两处不符、没有别的依据时，两处都列出，不给应为。

    怎么改：改正所示单元格；两处都列出时，核对哪一处是对的。
    """

    code = "PX314"
    name = "estimate-plan"
    severity = Severity.ERROR
    summary = "支出计划与明细合计不符，或支出计划的小计、全年预算、年度剩余加总不成立"


class EstimateClasses(_VerdictRule):
    """细化经济分类的加总不成立，或与全年预算不符。

    检查什么：细化经济分类各科目行之和等于合计行（每一列）；每一行 合计 = 财政拨款 + 结转资金、
    财政拨款（小计）= 年初数 + 已调整数；合计（加上剩余支出计划金额）等于该年度的全年预算。

    为什么：经济分类决定资金从哪个科目支出；加总不符，指标和支付就会对不上。

    例子：“[30299]其他商品和服务支出”合计填 40，其财政拨款为 4、各科目之和应为合计 190
    → PX315，应为 4。

    怎么改：改正所示科目的金额。
    """

    code = "PX315"
    name = "estimate-classes"
    severity = Severity.ERROR
    summary = "细化经济分类各科目之和 ≠ 合计、行内加总不成立或合计 ≠ 全年预算"


class DeclarationVsPlan(_VerdictRule):
    """申报表的年度资金总额 ≠ 支出计划中该年度的全年预算。

    检查什么：申报表（项目支出绩效目标申报表）的年度资金总额，等于项目支出计划中申报表
    年度的全年预算（小计）；支出计划中没有该年度时不比较。

    为什么：绩效目标是按这笔钱申报的；两处金额不同，目标与预算就对不上。

    例子：申报表年度资金总额 200，支出计划 2020 年全年预算、明细和细化经济分类都是 190
    → PX316，应为 190。

    怎么改：改正填错的一处（申报表或支出计划）。
    """

    code = "PX316"
    name = "declaration-vs-plan"
    severity = Severity.ERROR
    summary = "申报表的年度资金总额 ≠ 支出计划中该年度的全年预算"


class WrittenStatements(Rule):
    """文字中写的算式不成立。

    检查什么：申报表的测算依据、立项依据、目标和指标解释，自评表的目标和偏差原因，项目清单的
    项目概况中写的算式（“巡查电瓶车车辆保险费2000元/辆*30辆=6万元”“550元*200人*3天=33万元”，
    以及结果在前的“199.92万元（200人*700元/人/月*12个月）”），按所写的数和单位精确计算
    （元与万元换算），与所写结果按其小数位比较。每个读到的算式都列在 JSON 的 statements 中。
    不是单纯算式的文字（“按每人每月500元，12人12个月”）不读、不报。

    为什么：测算依据是预算金额的来源；算式的结果写错，金额就没有依据。

    例子：“550元*200人*3天=35万元” → PX317：按算式为 33 万元，写的是 35 万元。
    “每月服务费610万元/12=50.84万元”（50.8333… 在末位向上取整，按月支付的常见写法）→ 提示。
    结果恰好差一万倍（“2000元/辆*30辆=60000万元”，元当作万元写）由 PX206 报告，并给出应写的数
    （PX206 关闭时由本规则报告）。

    怎么改：改正算式的结果（或算式中写错的数）。
    """

    code = "PX317"
    name = "written-statement"
    severity = Severity.ERROR
    minor_severity = Severity.INFO
    summary = "文字中写的算式（测算依据等）不成立；末位向上取整的为提示"

    def check(self, ctx):
        for ws in ctx.wb.statements:
            s = ws.statement
            if s.holds:
                continue
            unit = s.unit or ""
            computed = _shown(s.computed, s.places)
            said = (f"{ws.field}中的算式“{s.text}”按所写的数计算为 {computed}{unit}，"
                    f"写的是 {num(s.written)}{unit}")
            if s.rounded_up_last_digit:
                yield self.finding(ws.loc, expected=computed, actual=num(s.written),
                                   project=ws.project, severity=Severity.INFO,
                                   message=said + "（末位向上取整，请确认是否有意为之）")
                continue
            if s.ten_thousand_off:
                if ctx.enabled("PX206"):
                    continue  # PX206 names the amount meant (statement_slips)
                said += "，相差一万倍：看起来元与万元写混了"
            yield self.finding(ws.loc, expected=computed, actual=num(s.written),
                               project=ws.project, message=said)


def statement_slips(rule: Rule, ctx):
    """PX206's findings for the written statements: a result 10,000× off its statement (元
    typed where 万元 is meant, or the reverse), with the amount meant. ``rule`` is PX206."""
    for ws in ctx.wb.statements:
        s = ws.statement
        if s.holds or not s.ten_thousand_off:
            continue
        unit, typed = s.unit or "", "元" if s.written > s.computed else "万元"
        yield rule.finding(
            ws.loc, expected=num(s.computed), actual=num(s.written), project=ws.project,
            message=(f"{ws.field}中的算式“{s.text}”按所写的数计算为 {num(s.computed)}{unit}，"
                     f"写的是 {num(s.written)}{unit}，相差一万倍：看起来是按“{typed}”填写的，"
                     f"应为 {num(s.computed)}{unit}"))


def _shown(d, places: int) -> str:
    """The computed value for a message: exact when short, else to two more decimals than the
    result written, with … (50.8333…)."""
    exact = num(d)
    if len(exact.partition(".")[2]) <= max(places + 2, 4):
        return exact
    return num(round(d, places + 2)) + "…"
