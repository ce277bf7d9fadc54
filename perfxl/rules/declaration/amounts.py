"""PX711–PX714, PX718, PX720: 适当性 of a 申报表's money — the amount is there, in 万元, not
above the project's total, above its cost ceilings, with enough quantified targets — and its
项目编码 not lost."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfxl.findings import Severity
from perfxl.rules.base import Rule
from perfxl.rules.common import num
from perfxl.rules.declaration import wording as W
from perfxl.rules.declaration.completeness import empty_table
from perfxl.rules.declaration.forms import form_loc, form_name, level2_of, name_of, real, row_loc, text_of
from perfxl.values import wan_from_yuan

SLIP_FROM = Decimal(1000)
"""An amount typed in 元 is at least this many 万元 (1000 元 would be a very small project)."""


@dataclass(frozen=True)
class Slip:
    """An amount that looks typed in 元 in a 万元 field: which, the amount meant and why."""

    field: str  # 本年度项目金额 / 项目总金额
    typed: Decimal
    meant: Decimal
    evidence: str


def slips(d) -> list[Slip]:
    """The form's amounts that look typed in 元 (PX712), each with its evidence."""
    out = []
    year, total = d.year_amount.value, d.total_amount.value
    if year is not None and year >= SLIP_FROM:
        evidence = _evidence(d, year, total)
        if evidence:
            out.append(Slip("本年度项目金额", year, wan_from_yuan(year), evidence))
    if total is not None and total >= SLIP_FROM:
        meant = wan_from_yuan(total)
        evidence = _evidence(d, total, None)
        if not evidence and year is not None and 0 < year and total > year * 100 and \
                not any(s.field == "本年度项目金额" for s in out):
            evidence = f"项目总金额是本年度项目金额 {num(year)} 万元的 {num((total / year).quantize(Decimal(1)))} 倍"
        if evidence:
            out.append(Slip("项目总金额", total, meant, evidence))
    return out


def _evidence(d, typed: Decimal, total: Decimal | None) -> str | None:
    """Why ``typed`` 万元 is 元: a 成本 target in 万元 or a 测算依据 total that equals it ÷ 10000,
    a figure in 元 equal to it, or the 项目总金额 it exceeds while ÷ 10000 fits."""
    meant = wan_from_yuan(typed)
    for i in real(d):
        if level2_of(i) == "成本" and i.reading is not None and W.in_wan(i.reading) == meant:
            return f"同表成本指标“{name_of(i)}”的目标值为“{text_of(i.target)}”"
    for number, unit in W.money_in(text_of(d.calc_basis)):
        if W.as_wan(number, unit) == meant:
            return f"测算依据中的合计为 {number}{unit}"
    if total is not None and 0 < total < typed and meant <= total:
        return f"它比项目总金额 {num(total)} 万元还大，按元折算为 {num(meant)} 万元才不超过总金额"
    return None


class MissingAmount(Rule):
    """本年度项目金额为 0 或未填写。

    检查什么：申报表的本年度项目金额（年度资金总额）填了大于 0 的数。位置在金额单元格；
    表上没有这一栏时在表头标题。

    为什么：没有金额的项目无法安排预算，也无法判断目标与资金是否匹配（审核等级为“差”）。

    例子：“社区饭堂经费”本年度项目金额填 0 → PX711。

    怎么改：按测算依据填写本年度申请的金额（万元）。
    """

    code = "PX711"
    name = "declaration-missing-amount"
    severity = Severity.ERROR
    summary = "本年度项目金额为 0 或未填写"
    message = "{sheet}“{name}”的本年度项目金额{what}"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            v = d.year_amount
            if v.value is not None and v.value > 0:
                continue
            if v.value is None and v.raw not in (None, "") and not str(v.raw).strip() == "":
                what = f"写的是“{v.raw}”，不是金额"
            else:
                what = "为 0" if v.value is not None else "未填写"
            yield self.finding(v.loc or form_loc(d), expected="大于 0 的金额（万元）",
                               actual=num(v.value) if v.value is not None else "（空）",
                               project=form_name(d), sheet=d.sheet, name=form_name(d), what=what)


class AmountInYuan(Rule):
    """金额疑似按元填在万元栏。

    检查什么：本年度项目金额（或项目总金额）不少于 1000 万元，而且有证据表明填的是元：
    同表成本指标的目标值（万元）正好是它的万分之一，测算依据中的合计是它的万分之一（或同数
    的元），或它比项目总金额还大、折算成万元后才合理；项目总金额则还看它是不是本年度项目
    金额的上百倍。发现写出应填的金额和依据。

    为什么：元和万元差一万倍，这样的金额进入预算就错了一万倍。

    例子：本年度项目金额填 137584，同表成本指标写“不超过13.7584万元” → PX712：应为
    13.7584 万元。

    怎么改：把金额改为万元数（137584 元 = 13.7584 万元）。
    """

    code = "PX712"
    name = "declaration-yuan-in-wan"
    severity = Severity.ERROR
    summary = "本年度项目金额（或项目总金额）疑似按元填在万元栏"
    message = ("{sheet}“{name}”的{field}填为 {typed}（万元），疑似按元填写，应为 {meant} 万元："
               "{evidence}")

    def check(self, ctx):
        for d in ctx.wb.declarations:
            for s in ctx.slips(d):
                v = d.year_amount if s.field == "本年度项目金额" else d.total_amount
                yield self.finding(v.loc or form_loc(d), expected=f"{num(s.meant)} 万元",
                                   actual=f"{num(s.typed)} 万元", project=form_name(d),
                                   sheet=d.sheet, name=form_name(d), field=s.field,
                                   typed=num(s.typed), meant=num(s.meant), evidence=s.evidence)


class YearAboveTotal(Rule):
    """本年度项目金额大于项目总金额。

    检查什么：本年度项目金额不大于项目总金额（中期规划）。金额疑似按元填写（PX712）时不再
    报告。

    为什么：项目总金额是整个实施期的资金，一年的金额不可能比它多。

    例子：项目总金额 30 万元，本年度项目金额 41.2752 万元 → PX713。

    怎么改：核对两个金额，项目总金额应包括各年金额之和。
    """

    code = "PX713"
    name = "declaration-year-above-total"
    severity = Severity.ERROR
    summary = "本年度项目金额大于项目总金额"
    message = "{sheet}“{name}”的本年度项目金额 {year} 万元大于项目总金额 {total} 万元"

    def check(self, ctx):
        tol = ctx.framework.money_tolerance
        for d in ctx.wb.declarations:
            year, total = d.year_amount.value, d.total_amount.value
            if year is None or total is None or total <= 0 or year - total < tol or ctx.slips(d):
                continue
            yield self.finding(d.year_amount.loc or form_loc(d), expected=f"≤{num(total)}",
                               actual=num(year), project=form_name(d), sheet=d.sheet,
                               name=form_name(d), year=num(year), total=num(total))


class CostAboveAmount(Rule):
    """成本上限超过本年度项目金额。

    检查什么：成本指标写的金额上限（“不超过48万元”“每年成本不超过324000元”，元折算成万元）
    不超过本年度项目金额。金额为 0、缺失或疑似按元填写（PX711、PX712）时不检查。

    为什么：成本上限比项目的钱还多，要么成本目标写错了，要么金额填错了。

    例子：本年度项目金额 13.7584 万元，成本指标“不超过48万元” → PX714。

    怎么改：核对成本目标与本年度项目金额，使成本上限不超过申请的资金。
    """

    code = "PX714"
    name = "declaration-cost-above-amount"
    severity = Severity.WARNING
    summary = "成本指标的金额上限超过本年度项目金额（元、万元已换算）"
    message = "{sheet}第 {row} 行成本指标“{name}”的上限“{ceiling}”，超过本年度项目金额 {amount} 万元"

    def check(self, ctx):
        tol = ctx.framework.money_tolerance
        for d in ctx.wb.declarations:
            amount = d.year_amount.value
            if amount is None or amount <= 0 or ctx.slips(d):
                continue
            for i in ctx.real(d):
                if ctx.level2_of(i) != "成本" or i.reading is None:
                    continue
                ceiling = W.money_ceiling(i.reading)
                if ceiling is None or ceiling - amount < tol:
                    continue
                yield self.finding(row_loc(d, i, i.target), expected=f"≤{num(amount)} 万元",
                                   actual=f"{num(ceiling)} 万元", project=form_name(d),
                                   sheet=d.sheet, row=i.row, name=name_of(i),
                                   ceiling=text_of(i.target), amount=num(amount))


class FewQuantified(Rule):
    """金额较大的项目，量化指标太少。

    检查什么：本年度项目金额不少于申报表审核框架的 ``quantified_from`` 万元（默认 100）时，
    至少有 ``quantified_min`` 条（默认 3）目标值可量化（有数字、区间、期限或频次）的三级指标。金额疑似按元填写时按应填的
    万元数判断。位置在指标表的表头。

    为什么：钱越多，越需要可检查的目标来说明花出去的效果。

    例子：本年度项目金额 300 万元，只有“及时”“良好”两条定性指标 → PX718。

    怎么改：补充数量、质量、成本等可量化的指标。
    """

    code = "PX718"
    name = "declaration-few-quantified"
    severity = Severity.WARNING
    summary = "金额较大（默认 ≥100 万元）而量化指标太少（默认少于 3 条）"
    message = "{sheet}“{name}”本年度项目金额 {amount} 万元，只有 {count} 条量化指标，至少应有 {least} 条"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            fw = ctx.declaration_framework
            amount = d.year_amount.value
            slip = next((s for s in ctx.slips(d) if s.field == "本年度项目金额"), None)
            if slip is not None:
                amount = slip.meant
            if amount is None or amount < fw.quantified_from or d.table_loc is None or empty_table(ctx, d):
                continue
            count = sum(1 for i in ctx.real(d) if i.reading is not None and W.is_measurable(i.reading))
            if count < fw.quantified_min:
                yield self.finding(d.table_loc, expected=f"≥{fw.quantified_min} 条",
                                   actual=f"{count} 条", project=form_name(d), sheet=d.sheet,
                                   name=form_name(d), amount=num(amount), count=count,
                                   least=fw.quantified_min)


class CodeLost(Rule):
    """项目编码被 Excel 存成数字，已经舍入。

    检查什么：项目编码是文本。21 位的项目编码被 Excel 当成数字保存时只保留 15 位有效数字，
    显示为 ``4.403062313915e+20``，后几位已经丢失，perfxl 不会替你补造数字。

    为什么：项目编码用来在预算系统中对应项目；丢了位数的编码对应不上任何项目。

    例子：项目编码单元格显示 4.40306E+20 → PX720。

    怎么改：把单元格设为“文本”格式后重新录入完整的编码（或在编码前加英文单引号 '）。
    """

    code = "PX720"
    name = "declaration-code-lost"
    severity = Severity.WARNING
    summary = "项目编码被 Excel 存成数字并已舍入，编码已丢失"
    message = "{sheet}“{name}”的项目编码存成了数字 {code}，超过 15 位的部分已被 Excel 舍入，编码已丢失"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            if d.code_lost:
                yield self.finding(d.code.loc or form_loc(d), expected="文本格式的完整编码",
                                   actual=d.code.value, project=form_name(d), sheet=d.sheet,
                                   name=form_name(d), code=d.code.value)
