"""PX701–PX705: 完整性 of a 申报表's indicator table."""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.rules.base import Rule
from perfxl.rules.common import is_empty
from perfxl.rules.declaration.forms import (
    category, form_name, indicators, name_of, row_loc,
)


def empty_table(ctx, d) -> bool:
    """The form has its table but no real indicator in it (PX701; the other table checks then
    say nothing more)."""
    return d.table_loc is not None and not ctx.real(d)


class EmptyTable(Rule):
    """申报表的绩效指标表是空的。

    检查什么：申报表有绩效指标表（表头“一级指标 · 二级指标 · 三级指标 · 目标值”），但表中没有
    一条三级指标——只有预印的二级指标行，或每行都写“不适用”。位置在指标表的表头行。

    为什么：没有绩效指标，就无从审核目标是否相关、适当、可行，项目不具备进入预算的条件
    （审核等级为“差”）。

    例子：“3.社区饭堂经费（XX社区）”的指标表只有预印的“数量指标 · 质量指标 …”，三级指标、
    目标值全空 → PX701。

    怎么改：按项目的产出和效益填写三级指标和目标值，不适用的二级指标写“不适用”。
    """

    code = "PX701"
    name = "declaration-empty-table"
    severity = Severity.ERROR
    summary = "申报表的绩效指标表为空（没有任何三级指标）"
    message = "{sheet}“{name}”的绩效指标表没有填写任何三级指标"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            if empty_table(ctx, d):
                yield self.finding(d.table_loc, expected="至少一条三级指标", actual="（空）",
                                   project=form_name(d), sheet=d.sheet, name=form_name(d))


class MissingCategory(Rule):
    """申报表缺少必需的二级指标类别。

    检查什么：申报表在申报表审核框架要求的每个二级指标（默认：数量 · 质量 · 时效 · 成本 ·
    社会效益）下至少有一条真正的三级指标（不是空行，也不是“不适用”）。按财预〔2021〕101号
    把“成本指标”列为一级指标（二级：经济成本 · 社会成本 · 生态环境成本）的，也算有成本指标。
    位置在该二级指标所在的行；表上没有这一行时，在它所属一级指标（产出、效益）的最后一行
    （应在其下补上），一级指标也没有时在指标表的表头。指标表整个为空时只报 PX701。

    为什么：产出的数量、质量、时效、成本和社会效益是审核目标是否完整的基本维度；缺了成本
    指标，就看不出钱花在哪里、花多少。

    例子：成本指标一行写“不适用” → PX702：缺少成本指标。

    怎么改：在该二级指标下补上三级指标和目标值（如“饭堂运营成本 ≤13.7584万元”）。
    """

    code = "PX702"
    name = "declaration-missing-category"
    severity = Severity.ERROR
    summary = "申报表缺少必需的二级指标（默认：数量、质量、时效、成本、社会效益）"
    message = "{sheet}“{name}”的绩效指标中没有{category}（{why}）"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            if d.table_loc is None or empty_table(ctx, d):
                continue
            for wanted, want in ctx.missing_categories(d):
                rows = [i for i in d.year_indicators if want in ctx.categories_of(i)]
                why = ("该行写的是“不适用”" if any(i.not_applicable for i in rows) else
                       "该行未填写" if rows else "表中没有这一行")
                loc = row_loc(d, rows[0], rows[0].level2) if rows else _first_level_loc(d, wanted)
                yield self.finding(loc, expected=wanted, actual="无", project=form_name(d),
                                   sheet=d.sheet, name=form_name(d), category=wanted, why=why)


FIRST_LEVEL = {"数量": "产出", "质量": "产出", "时效": "产出", "成本": "产出", "经济效益": "效益",
               "社会效益": "效益", "生态效益": "效益", "可持续影响": "效益"}
"""The 一级 each 二级 belongs under (where a missing 二级 row would go)."""


def _first_level_loc(d, wanted: str):
    """A 二级 with no row at all: the last row of the 一级 it belongs under (the new row goes
    below it), else the table's header."""
    level1 = FIRST_LEVEL.get(category(wanted))
    rows = [i for i in d.year_indicators if category(i.level1.value) == level1]
    return row_loc(d, rows[-1], rows[-1].level2) if rows else d.table_loc


class BlankPrintedRow(Rule):
    """预印的二级指标行留空，没有写“不适用”。

    检查什么：申报表上预印的二级指标行（如“生态效益指标”），其下没有任何三级指标，且三级指标、
    目标值、指标解释都空着。应写“不适用”。只报这一条，不再报缺目标值（PX704）或缺指标解释
    （PX705）；该类别是必需的（PX702 已报告）时也不重复报告。申报表审核框架中
    ``require_not_applicable = false`` 时不检查（这是部分地区的要求，不是全国统一要求）。

    为什么：留空看不出是漏填还是不适用；写明“不适用”，审核时一眼可知。

    例子：“生态效益指标”一行的三级指标、目标值、指标解释都是空的 → PX703。

    怎么改：在该行的三级指标、目标值和指标解释中填写“不适用”，或补上真正的指标。
    """

    code = "PX703"
    name = "declaration-blank-row"
    severity = Severity.WARNING
    summary = "预印的二级指标行留空，未填写“不适用”（可在申报表审核框架中关闭）"
    message = "{sheet}第 {row} 行“{category}”下没有填写任何内容，不适用时应填写“不适用”"

    def check(self, ctx):
        if not ctx.wb.declarations or not ctx.declaration_framework.require_not_applicable:
            return
        for d in ctx.wb.declarations:
            if empty_table(ctx, d):
                continue
            reported = {want for _, want in ctx.missing_categories(d)}
            filled = {ctx.level2_written(i) for i in indicators(d)}
            for i in d.year_indicators:
                level2 = ctx.level2_written(i)
                if not i.printed or level2 in filled or level2 in reported:
                    continue
                yield self.finding(row_loc(d, i, i.level2), expected="不适用", actual="（空）",
                                   project=form_name(d), sheet=d.sheet, row=i.row,
                                   category=i.level2.value or "该二级指标")


class MissingTarget(Rule):
    """三级指标没有目标值。

    检查什么：申报表中写了三级指标名称的每一行都填了目标值。写“不适用”的行不算缺。

    为什么：没有目标值的指标无法考核，年末自评也无从对照。

    例子：“保障长者就餐人数”一行目标值为空 → PX704。

    怎么改：填写可衡量的目标值，如“≥120人”。
    """

    code = "PX704"
    name = "declaration-missing-target"
    severity = Severity.ERROR
    summary = "三级指标没有目标值"
    message = "{sheet}第 {row} 行指标“{name}”没有填写目标值"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            for i in ctx.real(d):
                if i.target.value is None:
                    yield self.finding(row_loc(d, i, i.target), expected="目标值", actual="（空）",
                                       project=form_name(d), sheet=d.sheet, row=i.row,
                                       name=name_of(i))


class MissingExplanation(Rule):
    """三级指标没有指标解释。

    检查什么：表上有“指标解释”一栏时，每条三级指标都写了指标解释。写“不适用”的行不算缺；
    表上没有这一栏（如一体化导出的申报表）时不检查。

    为什么：指标解释说明指标怎么计算、数据从哪里来，审核和年末自评都靠它对口径。

    例子：“食品安全检查合格率”的指标解释为空 → PX705。

    怎么改：写明指标的含义和计算方法，如“市场监管部门抽检合格的批次 ÷ 抽检批次”。
    """

    code = "PX705"
    name = "declaration-missing-explanation"
    severity = Severity.WARNING
    summary = "三级指标没有指标解释（表上有该栏时）"
    message = "{sheet}第 {row} 行指标“{name}”没有填写指标解释"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            if not d.explanation_column:
                continue
            for i in ctx.real(d):
                if is_empty(i.explanation.value):
                    yield self.finding(row_loc(d, i, i.explanation), expected="指标解释",
                                       actual="（空）", project=form_name(d), sheet=d.sheet,
                                       row=i.row, name=name_of(i))
