"""PX601–PX609: a written 自评工作报告 checked against its workbook.

These rules run from :func:`perfxl.report.check.check_report` (``perfxl report --check``), not
in the workbook pipeline: ``check`` yields nothing there. They live in the catalogue so that
``perfxl rules PX601`` documents them and ``--select``/``--ignore`` work on them as on any rule.
This module only defines classes: importing it is cheap.
"""

from __future__ import annotations

from perfxl.findings import Severity
from perfxl.rules.base import Rule


class _ReportRule(Rule):
    """Runs on a report (``perfxl report --check``), not on a workbook."""

    def check(self, ctx):
        return ()


class ReportYear(_ReportRule):
    """报告中写的年度不是工作簿的评价年度。

    检查什么：报告的标题、开头和说明项目个数、预算总金额、“所有项目”的句子里出现的年份，
    必须是工作簿“评价年度”（错误）；其他句子里的“XXXX年度”不是评价年度、又不是在与往年比较
    或说以后的安排时，也提示（警告）。带月日的日期（2009年4月30日）和“2016年建成”这类历史
    叙述不检查。

    为什么：报告常常照着去年的改，年份漏改一处，整段话说的就是别的年度。

    例子：2023年度的报告写“本单位2022年度共15个项目” → PX601。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：把年份改成评价年度。
    """

    code = "PX601"
    name = "report-year"
    severity = Severity.ERROR
    minor_severity = Severity.WARNING  # a year in a sentence that does not state the scope
    summary = "报告中写的年度不是评价年度（如2023年度报告写“2022年度15个项目”）"
    message = "报告写“{text}”，但工作簿的评价年度是{year}年：“{quote}”"


class ReportProjectCount(_ReportRule):
    """报告写的项目个数与工作簿不一致。

    检查什么：“项目共计N个”“共N个项目”“2023年度N个项目中”等说明项目总数的地方，N 必须等于
    工作簿中的项目数（项目清单的项目行数；没有项目清单时为自评表张数）。

    为什么：项目增减后报告没跟着改，是报告与报表对不上的常见原因。

    例子：工作簿有15个项目，报告写“项目共计14个” → PX602。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：按工作簿改正项目个数，或补齐工作簿中漏填的项目。
    """

    code = "PX602"
    name = "report-project-count"
    severity = Severity.ERROR
    summary = "报告写的项目个数与工作簿不一致"
    message = "报告写“{text}”，工作簿中有{count}个项目：“{quote}”"


class ReportTotal(_ReportRule):
    """报告写的预算总金额与工作簿不一致。

    检查什么：“预算总金额为X万元”等说明总金额的地方，X 必须等于工作簿各项目全年预算数之和
    （按 Decimal 精确比较；写成“元”的先除以10000）。

    为什么：总金额是审核首先核对的数字。

    例子：各项目合计144.9552万元，报告写“预算总金额为144.96万元” → PX603。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：按工作簿的合计改正，金额照工作簿的位数写全。
    """

    code = "PX603"
    name = "report-total"
    severity = Severity.ERROR
    summary = "报告写的预算总金额与工作簿各项目预算之和不一致"
    message = "报告写“{text}”，工作簿各项目全年预算数合计{total}万元：“{quote}”"


class ReportProjectAmount(_ReportRule):
    """项目概况中某个项目的预算金额与工作簿不一致。

    检查什么：“（三）项目概况”中每个项目写的预算金额（“预算金额2万元”，写成“元”的先除以
    10000），必须等于工作簿中该项目的全年预算数。报告中的项目按名称相似度与工作簿对应
    （“防火经费项目”对应“涞源镇防火经费”）。

    为什么：逐项金额对不上，合计对上了也说明报告有误。

    例子：工作簿“涞源镇防汛经费”全年预算数1万元，报告写“预算金额1.5万元” → PX604。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：按工作簿改正该项目的金额。
    """

    code = "PX604"
    name = "report-project-amount"
    severity = Severity.ERROR
    summary = "报告的项目概况中某项目的预算金额与工作簿不一致"
    message = "“{name}”报告写“{text}”，工作簿中全年预算数为{budget}万元：“{quote}”"


class ReportProjectMissing(_ReportRule):
    """工作簿中的项目在报告中没有写到。

    检查什么：工作簿中的每个项目都应在“（三）项目概况”中列出，并在“二、绩效目标实现情况”中
    有自己的一节。

    为什么：报告漏写项目，等于这个项目的资金和绩效没有说明。

    例子：工作簿有“涞源镇信访维稳经费”，报告的项目概况里没有这一项 → PX605。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：在报告相应部分补写该项目。
    """

    code = "PX605"
    name = "report-project-missing"
    severity = Severity.ERROR
    summary = "工作簿中的项目在报告的项目概况或绩效目标实现情况中没有写到"
    message = "工作簿中的项目“{name}”在报告的“{part}”中没有写到"


class ReportProjectUnknown(_ReportRule):
    """报告中写了工作簿里没有的项目。

    检查什么：“（三）项目概况”的每一项和“二、绩效目标实现情况”的每一节，都应能按名称对应到
    工作簿中的一个项目（名称相近即可）。

    为什么：可能是照抄了去年的项目，或工作簿漏填了项目。

    例子：报告写“16. 涞源镇老旧小区改造经费”，工作簿中没有这个项目 → PX606。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：删去不属于本年度的项目，或在工作簿中补上该项目。
    """

    code = "PX606"
    name = "report-project-unknown"
    severity = Severity.ERROR
    summary = "报告中写了工作簿中没有的项目"
    message = "报告中的项目“{name}”在工作簿中找不到对应的项目：“{quote}”"


class ReportRepeatedItem(_ReportRule):
    """同一部分中编号重复的条目。

    检查什么：同一节里的编号条目（1、2、……或（一）（二）……）出现两个相同编号，或同一句话
    写了两遍。

    为什么：多半是复制粘贴时多留了一行，读起来像漏改。

    例子：“（三）计划生育经费”下出现两条“5、项目效益：……” → PX607。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：删去多余的一条，或把编号改连续。
    """

    code = "PX607"
    name = "report-repeated-item"
    severity = Severity.WARNING
    summary = "报告中同一部分的编号条目重复"
    message = "“{part}”下的第{number}项重复：“{quote}”"


class ReportNoBenefit(_ReportRule):
    """“二、绩效目标实现情况”中某个项目没有写项目效益。

    检查什么：二中每个项目的一节都应有一条写“效益”的条目（如“项目效益：……”）。

    为什么：效益是绩效目标的核心内容，只写产出不写效益，说明不了资金花得值不值。

    例子：“（五）农村环境卫生整治项目”只写了立项、资金、管理和产出 → PX608。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：按自评表的效益指标补写该项目的效益完成情况；自评表也没有效益指标的，先补设指标。
    """

    code = "PX608"
    name = "report-no-benefit"
    severity = Severity.WARNING
    summary = "报告的绩效目标实现情况中某项目没有写项目效益"
    message = "“{title}”一节没有写项目效益{detail}"


class ReportEstimateWording(_ReportRule):
    """项目概况中把“预算金额”写成了“预计金额”。

    检查什么：“（三）项目概况”中项目金额前写的是“预计金额”。

    为什么：自评报告说的是已批复的预算，“预计”容易让人误以为金额未定。

    例子：“6. 人大主席团工作经费：预计金额1万元” → PX609。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：改为“预算金额”。
    """

    code = "PX609"
    name = "report-estimate-wording"
    severity = Severity.WARNING
    summary = "报告的项目概况中写“预计金额”，应为“预算金额”"
    message = "“{name}”写的是“{word}”，应为“预算金额”：“{quote}”"


class ReportFigure(_ReportRule):
    """报告中写的某个数字与工作簿不一致。

    检查什么：报告中每个项目一节写的全年预算数、全年执行数、执行率、预算执行得分、各指标的实际完成值、得分
    和分值、自评总分、评价等级，以及全部项目的平均得分和各等级项目个数，都与工作簿（评分后）
    对照。数字按报告写到的位数比较（写“96分”而工作簿为 95.5 分，是四舍五入，不算错）；金额精确
    比较，写成“元”的先换算为万元。

    为什么：报告是照着报表写的，改了报表而报告没跟着改，或抄错一个数，送审时对不上。

    例子：自评表全年执行数 2 万元，报告写“全年执行数2.5万元” → PX610；自评表总分 100 分，报告写
    “自评总分95分” → PX610。

    由 ``perfxl report --check 报告.docx 工作簿.xlsx`` 检查。

    怎么改：按工作簿改正报告中的数字；若报告是对的，先改正工作簿再核对。
    """

    code = "PX610"
    name = "report-figure"
    severity = Severity.ERROR
    summary = "报告中项目的金额、执行率、得分、等级或平均分、等级个数与工作簿不一致"
    message = "{where}报告写{what}{written}，工作簿为{figure}：“{quote}”"
