"""PX101–PX105: problems found while reading.

The reader (:mod:`perfxl.read`) emits these findings into ``Workbook.findings`` as it goes, since
only it knows which cell it could not read. The rules here hold their documentation and pass the
findings through, so they are selected and ignored like every other rule.
"""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.rules.base import Rule


class _ReadRule(Rule):
    """Passes through the reader's findings with this rule's code."""

    def check(self, ctx):
        return [f for f in ctx.wb.findings if f.code == self.code]


class MissingBlock(_ReadRule):
    """缺少必需的工作表或表块。

    检查什么：工作簿里找不到必需的部分——没有任何一张自评表（按标题“项目支出绩效自评表”识别，
    不看工作表名），或自评表中没有绩效指标表、项目资金表等。

    为什么：缺了这些，后面的金额核对和评分都无从谈起。

    例子：工作簿只有“项目清单”和“土地流转明细”两张表，没有自评表 → PX101。

    怎么改：补上缺少的自评表或表块；可用 ``perfxl template`` 生成标准格式对照。
    """

    code = "PX101"
    name = "missing-block"
    severity = Severity.ERROR
    summary = "缺少必需的工作表或表块（没有自评表、没有绩效指标表等）"


class MissingField(_ReadRule):
    """必填项为空或缺失。

    检查什么：项目名称、全年预算数、全年执行数等必填项找不到或为空。

    为什么：没有预算数就算不出执行率；没有项目名称就无法与项目清单对应。

    例子：自评表03 的“全年预算数”（D6）为空 → PX102。

    怎么改：在所示单元格填上该项的值。
    """

    code = "PX102"
    name = "missing-field"
    severity = Severity.ERROR
    summary = "必填项为空或缺失（项目名称、全年预算数等）"


class NotANumber(_ReadRule):
    """应为数字的单元格无法读成数字。

    检查什么：金额、分值、执行数等需要数字的单元格里写了 ``约2万``、``两万元`` 之类的文字。

    为什么：这样的值无法参与计算，不能猜测其含义。

    例子：项目清单 F8 写“约2万” → PX103，期望一个数字。

    怎么改：改为纯数字（如 ``2``，单位按列标题，一般为万元）。
    """

    code = "PX103"
    name = "not-a-number"
    severity = Severity.ERROR
    summary = "应为数字的单元格无法读成数字（如“约2万”“两万元”）"


class NumberAsText(_ReadRule):
    """数字以文本形式保存（仍按数字读取）。

    检查什么：单元格内容是数字，但被存成了文本（常见于从系统导出或前面加了撇号的单元格）。

    为什么：Excel 的求和公式会忽略文本数字，表上的合计可能因此算少；perfxl 仍按数字读取。

    例子：自评表01 D6 为文本 ``"2.00"`` → PX104。

    怎么改：选中单元格，用“转换为数字”把它改回数字格式。
    """

    code = "PX104"
    name = "number-as-text"
    severity = Severity.WARNING
    summary = "数字以文本形式保存（仍按数字读取）"


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
