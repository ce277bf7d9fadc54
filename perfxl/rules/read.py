"""PX101–PX105 and PX110: what the reader saw, as findings.

The reader (:mod:`perfxl.read`) records what it could not read as the form asks as
:class:`~perfxl.model.Observation` data in ``Workbook.observations`` (only it knows which cell
it could not read). The rules here decide what each observation means: its code, its Chinese
message and — through :meth:`Rule.finding` — the rule's own severity, so ``perfxl rules CODE``
and the user's configuration hold for these codes as for every other.

Two decisions are made here rather than in the reader: the numbers stored as text of a system
export (the system writes them so, staff cannot change it) are one note per sheet, and the
blank 自评表 of an export is one PX110 note instead of a finding per empty field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from perfxl.findings import Finding, Severity
from perfxl.model import Loc, Observation, Workbook
from perfxl.read.exports import is_export
from perfxl.read.unfilled import DECLARATION_FILLED, LIST_FILLED
from perfxl.rules.base import Rule

# what stays reported on the sheet of an unfilled form: the note itself, formulas whose result
# is unknown (the form may not be blank at all) and what was not read of the sheet
_KEPT_ON_BLANK_FORMS = frozenset({"form_not_filled", "formula_without_value", "sheet_truncated",
                                  "extra_form"})


def observations(wb: Workbook, kinds: frozenset[str]) -> Iterator[Observation]:
    """The workbook's observations of ``kinds``, without what was seen on an unfilled form (a
    form not filled yet has every field empty: that is one PX110 note, not a finding per field)."""
    blank = {o.sheet for o in wb.observations if o.kind == "form_not_filled"}
    for o in wb.observations:
        if o.kind in kinds and (o.sheet not in blank or o.kind in _KEPT_ON_BLANK_FORMS):
            yield o


class _ReadRule(Rule):
    """Turns the observations of ``kinds`` into this rule's findings."""

    kinds: ClassVar[frozenset[str]]

    def check(self, ctx) -> list[Finding]:
        return self.findings_for(ctx.wb)

    def findings_for(self, wb: Workbook) -> list[Finding]:
        return [self.word(o) for o in observations(wb, self.kinds)]

    def word(self, o: Observation) -> Finding:
        """This rule's finding for one observation."""
        raise NotImplementedError

    def _finding(self, o: Observation, message: str, expected=None, actual=None) -> Finding:
        loc = Loc(o.sheet, o.cell) if o.sheet is not None else None
        return self.finding(loc, message=message, expected=expected, actual=actual,
                            project=o.project)


class MissingBlock(_ReadRule):
    """缺少必需的工作表或表块。

    检查什么：工作簿里找不到必需的部分——没有任何一张自评表（按标题“项目支出绩效自评表”识别，
    不看工作表名），或自评表中没有绩效指标表、项目资金表等；也包括无法读取的工作表（已损坏、
    数据范围过大、超过行数上限）和同一工作表中重复粘贴的第二张自评表。

    为什么：缺了这些，后面的金额核对和评分都无从谈起。

    例子：工作簿只有“项目清单”和“土地流转明细”两张表，没有自评表 → PX101。

    怎么改：补上缺少的自评表或表块；可用 ``perfxl template`` 生成标准格式对照。
    """

    code = "PX101"
    name = "missing-block"
    severity = Severity.ERROR
    summary = "缺少必需的工作表或表块（没有自评表、没有绩效指标表等）"
    kinds = frozenset({"no_form", "missing_block", "extra_form", "sheet_unreadable",
                       "sheet_corrupt", "sheet_too_large", "sheet_truncated"})

    def word(self, o: Observation) -> Finding:
        sheet = o.sheet
        if o.kind == "no_form":
            return self._finding(o, "工作簿中没有找到任何自评表（标题为“项目支出绩效自评表”的工作表）",
                                 "至少一张自评表", "（没有）")
        if o.kind == "missing_block":
            return self._finding(o, f"{o.context}未找到{o.field}（应有“{o.expected}”表头）",
                                 o.field, "（没有）")
        if o.kind == "extra_form":
            named = f"项目名称“{o.context}”" if o.context else ""
            return self._finding(
                o, f"工作表“{sheet}”第{o.row}行起又有一张自评表（{named + '，' if named else ''}"
                   "可能是重复粘贴），只读取了第一张；请把每张自评表放在单独的工作表中",
                "每个工作表只有一张自评表",
                f"第{o.row}行起还有一张自评表" + (f"（{named}）" if named else ""))
        if o.kind == "sheet_unreadable":
            return self._finding(o, f"工作表“{sheet}”无法读取（{o.raw}）")
        if o.kind == "sheet_corrupt":
            return self._finding(o, f"工作表“{sheet}”已损坏，无法读取（{o.raw}）",
                                 "可读取的工作表", "已损坏")
        if o.kind == "sheet_too_large":
            rows, cols = o.size
            return self._finding(
                o, f"工作表“{sheet}”的数据范围过大（最远的单元格在 {o.raw}，共 {rows} 行 × "
                   f"{cols} 列），无法读取；请删除表格以外多余的行和列后再检查",
                f"不超过 {o.limit} 个单元格", f"{rows * cols} 个单元格")
        # sheet_truncated
        return self._finding(o, f"工作表“{sheet}”超过 {o.limit} 行，只读取了前 {o.limit} 行；"
                                "请删除表格下方多余的行后再检查",
                             f"不超过 {o.limit} 行", f"超过 {o.limit} 行")


class MissingField(_ReadRule):
    """必填项为空或缺失。

    检查什么：项目名称、全年预算数、全年执行数等必填项找不到或为空；执行监控表中没有
    “1-N月执行数”一类的表头（无法得知监控到几月）。

    为什么：没有预算数就算不出执行率；没有项目名称就无法与项目清单对应。

    例子：自评表03 的“全年预算数”（D6）为空 → PX102；D6 只填了“—”或“/”（表示没有）
    → PX102，说明该单元格填的是占位符。

    怎么改：在所示单元格填上该项的值。占位符（— / 无 不适用）只用于确实没有数的单元格，
    例如年中新增项目的年初预算数。
    """

    code = "PX102"
    name = "missing-field"
    severity = Severity.ERROR
    summary = "必填项为空或缺失（项目名称、全年预算数等）"
    kinds = frozenset({"missing_field", "missing_month", "placeholder_for_required"})

    def word(self, o: Observation) -> Finding:
        if o.kind == "placeholder_for_required":
            return self._finding(o, f"{o.field}填的是占位符“{o.raw}”（表示没有），此处需要填写数字",
                                 f"填写{o.field}", o.raw)
        if o.kind == "missing_month":
            return self._finding(o, "执行监控表中没有找到“1-N月执行数”一类的表头，无法得知监控到几月",
                                 "例如 1-7月执行数", "（没有）")
        message = f"{o.field}为空{o.context}" if o.cell else f"未找到“{o.field}”{o.context}"
        return self._finding(o, message, f"填写{o.field}", "（空）")


class NotANumber(_ReadRule):
    """应为数字的单元格无法读成数字。

    检查什么：金额、分值、执行数等需要数字的单元格里写了 ``约2万``、``两万元`` 之类的文字；
    公式的结果是错误值（``#DIV/0!``）；数据截至写的不是年月；执行监控表中年度指标值是数字、
    执行数却写了文字（``一般``）。

    为什么：这样的值无法参与计算，不能猜测其含义。

    例子：项目清单 F8 写“约2万” → PX103，期望一个数字。

    怎么改：改为纯数字（如 ``2``，单位按列标题，一般为万元）。
    """

    code = "PX103"
    name = "not-a-number"
    severity = Severity.ERROR
    summary = "应为数字的单元格无法读成数字（如“约2万”“两万元”）"
    kinds = frozenset({"not_a_number", "formula_error", "not_a_year_month",
                       "text_against_number"})

    def word(self, o: Observation) -> Finding:
        if o.kind == "formula_error":
            return self._finding(o, f"{o.field}的公式结果是错误值 {o.raw}，无法读取", "数字", o.raw)
        if o.kind == "not_a_year_month":
            return self._finding(o, f"“{o.raw}”不是年月，{o.field}需要填写例如 2023年12月 或 12",
                                 "年月（例如 2023年12月）", o.raw)
        if o.kind == "text_against_number":
            return self._finding(o, f"“{o.raw}”不是数字，{o.field}需要填写数字（年度指标值为 {o.context}）",
                                 f"数字（与 {o.context} 比较）", o.raw)
        return self._finding(o, f"“{o.raw}”不是数字，{o.field}需要填写{o.expected}", o.expected,
                             o.raw)


class NumberAsText(_ReadRule):
    """数字以文本形式保存（仍按数字读取）。

    检查什么：单元格内容是数字，但被存成了文本（常见于从系统导出或前面加了撇号的单元格）。
    预算管理一体化系统导出的表把数字都存成文本，这时每张表只提示一次。

    为什么：Excel 的求和公式会忽略文本数字，表上的合计可能因此算少；perfxl 仍按数字读取。

    例子：自评表01 D6 为文本 ``"2.00"`` → PX104。

    怎么改：选中单元格，用“转换为数字”把它改回数字格式。
    """

    code = "PX104"
    name = "number-as-text"
    severity = Severity.WARNING
    summary = "数字以文本形式保存（仍按数字读取）"
    kinds = frozenset({"number_as_text"})

    def findings_for(self, wb: Workbook) -> list[Finding]:
        if not is_export(wb):
            return super().findings_for(wb)
        # the system writes its numbers as text and staff cannot change that: one note a sheet
        by_sheet: dict[str | None, list[Observation]] = {}
        for o in observations(wb, self.kinds):
            by_sheet.setdefault(o.sheet, []).append(o)
        return [self._folded(sheet, seen) for sheet, seen in by_sheet.items()]

    def _folded(self, sheet: str | None, seen: list[Observation]) -> Finding:
        cells = "、".join(o.cell for o in seen[:5] if o.cell) + ("等" if len(seen) > 5 else "")
        return self._finding(
            seen[0], f"{sheet}中有 {len(seen)} 个数字以文本形式存储（{cells}），这是预算管理一体化系统导出的"
                     "格式，已按数字读取，无需修改", "数值", f"{len(seen)} 个文本数字")

    def word(self, o: Observation) -> Finding:
        return self._finding(o, f"{o.field}“{o.raw}”是以文本形式存储的数字，已按 {o.read_as} 读取；"
                                "建议把单元格改为数值格式", "数值", o.raw)


class FormulaWithoutValue(_ReadRule):
    """公式单元格没有缓存值，无法得知其结果。

    检查什么：单元格是公式，但文件里没有保存计算结果（文件由程序生成、未在 Excel/WPS 中保存过）。

    为什么：perfxl 不重新计算公式，也不猜测结果。

    例子：项目清单 F18 为 ``=SUM(F3:F17)`` 且无缓存值 → PX105。

    怎么改：用 Excel 或 WPS 打开文件、保存一次，再检查。
    """

    code = "PX105"
    name = "formula-without-value"
    severity = Severity.ERROR
    summary = "公式单元格没有缓存值，无法得知其结果"
    kinds = frozenset({"formula_without_value"})

    def word(self, o: Observation) -> Finding:
        return self._finding(o, f"{o.field}是公式，但文件里没有保存公式的计算结果，无法得知它的值"
                                "（文件可能由程序生成后未经 Excel/WPS 保存）；请在 Excel 或 WPS 中打开并保存后再检查",
                             "公式的计算结果", "无缓存值")


class FormNotFilled(_ReadRule):
    """表格尚未填写（未评分）。

    检查什么：自评表没有填写任何可评分的内容——没有金额（全年预算数、执行数为空或 0）也没有实际
    完成值，或者绩效指标表是空的（没有一行指标），总分为空或 0；例如 ``perfxl template``
    生成后尚未填写的表、年末前从预算管理一体化系统导出的空自评表。从别的表复制过来、只留下一级、
    二级指标和分值而没有填写任何三级指标、指标值、实际完成值的自评表，即使填了金额也算未填写。
    申报表没有三级指标和指标值、也没有绩效目标和金额时同样算未填写（不审核、不计入汇总）。
    项目清单的单位名称、评价年度、项目个数、预算总金额和项目行都空着时也算未填写。

    为什么：空表无从评分，给它打 0 分、评“差”会拉低单位的平均分。这样的表记为“未填写”：
    不评分，不计入等级统计、平均分和历史得分，也不逐项报告空着的必填项，每张表只提示一次；
    同一工作簿中已填写的表照常检查。

    例子：自评表03 只有标题和表头，金额、实际完成值都没有填 → PX110（提示），评分结果中
    该表的等级为“未填写”。

    怎么改：填写完成后再检查，就会评分；多余的空表可以删除。
    """

    code = "PX110"
    name = "form-not-filled"
    severity = Severity.INFO
    summary = "表格尚未填写（未评分）"
    kinds = frozenset({"form_not_filled"})

    def word(self, o: Observation) -> Finding:
        if o.expected == LIST_FILLED:
            return self._finding(o, f"{o.sheet}尚未填写：单位名称、评价年度和项目行都是空的",
                                 o.expected, "空表")
        why = o.raw or "没有金额，也没有实际完成值"
        kept_out = ("不审核、不计入汇总" if o.expected == DECLARATION_FILLED
                    else "不评分、不计入等级和平均分")
        return self._finding(
            o, f"{o.sheet}{f'（{o.project}）' if o.project else ''}尚未填写：{why}，记为“未填写”，"
               f"本次{kept_out}。{o.context}其他表照常检查", o.expected, "空表")


READ_RULES: tuple[type[_ReadRule], ...] = (MissingBlock, MissingField, NotANumber, NumberAsText,
                                          FormulaWithoutValue, FormNotFilled)


def read_findings(wb: Workbook) -> list[Finding]:
    """The findings of the read rules alone, at each rule's own severity (no configuration):
    what a test of the reader compares with."""
    return [f for rule in READ_RULES for f in rule().findings_for(wb)]

