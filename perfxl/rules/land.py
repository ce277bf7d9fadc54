"""PX301–PX304: 土地流转明细 — land transfer parcels.

Parcels are in 元 and 亩: 面积（亩）× 单价（元/亩·年）= 金额（元）, and a project's parcels,
÷ 10000, give its budget in 万元. Money is compared to 1 元.
"""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.rules.base import Rule
from perfxl.rules.common import num
from perfxl.rules.root_cause import Relation
from perfxl.rules.verdicts import loc_of, mismatch, relation_findings


class ParcelAmount(Rule):
    """地块的面积 × 单价 ≠ 金额。

    检查什么：土地流转明细每一个地块行（小计行除外）：面积（亩）× 单价（元/亩·年）= 金额（元），
    精确到 1 元。

    为什么：流转费按亩计算，金额是算出来的；算错或录错会直接错到项目预算。

    例子：南关村 75.01 亩 × 1000 元/亩 = 75010 元；金额若写 75100 → PX301，期望 75010，实际 75100。
    若写 7.501（按万元填写），由 PX206 指出单位问题，本规则不重复报告。金额填错时，该项目地块之和
    与预算不符（PX302）、小计不符（PX207）只是它的后果，只作提示。

    怎么改：按面积 × 单价重算金额，或改正面积、单价。
    """

    code = "PX301"
    name = "parcel-amount"
    severity = Severity.ERROR
    minor_severity = Severity.INFO  # a consequence of another wrong cell: a note
    summary = "地块的面积 × 单价 ≠ 金额"
    message = "“{proj}”第{row}行地块：面积 {area} 亩 × 单价 {rate} 元/亩 = {want} 元，但金额填写为 {got} 元"

    def check(self, ctx):
        return relation_findings(self, ctx, self._plain)

    @staticmethod
    def _plain(relation: Relation) -> dict:
        p = relation.context["parcel"]
        got, want = relation.derived.value, relation.implied()
        return dict(loc=loc_of(relation), expected=num(want), actual=num(got),
                    project=relation.project, proj=relation.project or "", row=p.row,
                    area=num(p.area.value), rate=num(p.rate.value), want=num(want), got=num(got))


class ParcelsVsBudget(Rule):
    """项目各地块金额之和与项目预算不符。

    检查什么：土地流转明细中一个项目所有地块的金额（元）之和 ÷ 10000，等于该项目自评表的
    全年预算数（万元；没有自评表时用项目清单的），精确到 0.0001 万元（1 元）。
    地块表中的项目名按与 PX502 相同的相似度匹配到项目。

    为什么：流转费项目的预算就是各地块流转费之和，两者不符说明漏了地块或预算填错。

    例子：旅发大会项目三个村 75010 + 37500 + 63220 = 175730 元 = 17.573 万元；自评表若写
    17.5 → PX302，期望 17.573，实际 17.5。若自评表写 175730（按元填写），由 PX206 报告。
    若是某一地块的金额与面积 × 单价不符（PX301），填错的是那一地块，本规则只作提示：不会把
    地块之和当作与项目清单相符的预算数的应为。

    怎么改：核对地块是否齐全，改正地块金额或项目预算。
    """

    code = "PX302"
    name = "parcels-vs-budget"
    severity = Severity.ERROR
    minor_severity = Severity.INFO  # a consequence of another wrong cell: a note
    summary = "项目各地块金额之和（元 ÷ 10000）与项目全年预算数（万元）不符"
    message = "{what}为 {got} 万元，而{basis}，折合 {want} 万元（相差 {diff} 万元）"

    def check(self, ctx):
        return relation_findings(self, ctx, mismatch)


class ParcelArea(Rule):
    """地块面积之和与小计行的面积不符。

    检查什么：土地流转明细中每个项目的“小计”行所写面积，等于其上各地块面积之和
    （精确到 0.0001 亩）。

    为什么：小计面积是项目上报的流转总面积，与地块明细不一致说明漏了或多算了地块。

    例子：南关 75.01 + 新街 37.5 + 西关 63.22 = 175.73 亩；小计写 175.37 → PX303，期望 175.73。

    怎么改：核对各地块面积，改正小计或地块。
    """

    code = "PX303"
    name = "parcel-area"
    severity = Severity.ERROR
    minor_severity = Severity.INFO  # a consequence of another wrong cell: a note
    summary = "各地块面积之和与该项目小计行所写的总面积不符"
    message = "“{proj}”小计行面积为 {got} 亩，但各地块面积之和为 {want} 亩"

    def check(self, ctx):
        return relation_findings(self, ctx, self._plain)

    @staticmethod
    def _plain(relation: Relation) -> dict:
        got, want = relation.derived.value, relation.implied()
        return dict(loc=loc_of(relation), expected=num(want), actual=num(got),
                    project=relation.project, proj=relation.project or "", got=num(got),
                    want=num(want))


class ParcelRate(Rule):
    """地块单价与规定的流转标准不同。

    检查什么：每个地块的单价（元/亩·年）等于框架设置 ``land_rate``（默认 1000 元/亩·年；
    可在 perfxl.toml 的 ``[settings]`` 中改）。

    为什么：涞源镇各流转项目都按每亩每年 1000 元计；单价不同可能是录错，也可能确有不同的
    合同标准，需要说明。

    例子：西关村单价写 1100 → PX304，期望 1000，实际 1100。

    怎么改：改正单价；确有不同标准的，在备注中写明依据，或在配置中忽略 PX304。
    """

    code = "PX304"
    name = "parcel-rate"
    severity = Severity.WARNING
    summary = "地块单价与规定的流转标准（默认1000元/亩·年）不同"
    message = "“{proj}”第{row}行地块单价为 {got} 元/亩·年，规定标准为 {want} 元/亩·年"

    def check(self, ctx):
        standard = ctx.framework.land_rate
        for p in ctx.wb.parcels:
            if p.is_subtotal or not p.rate.present or p.rate.value == standard:
                continue
            yield self.finding(p.rate.loc, expected=num(standard), actual=num(p.rate.value),
                               project=p.project_name.value or None,
                               proj=p.project_name.value or "", row=p.row,
                               got=num(p.rate.value), want=num(standard))
