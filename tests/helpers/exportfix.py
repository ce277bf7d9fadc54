"""Build one-project exports of the 预算管理一体化 system, as .xlsx (xlsxwriter) and .xls (xlwt).

The layout follows workbook.md "Workbooks exported by the 预算管理一体化 system", with every quirk
it lists: the sheet order (项目基本信息 … 项目支出绩效自评表 · review sheets), ``( 2020年度)``
year lines that differ between sheets, merged ranges that repeat their value in every cell,
labels with colons and leading spaces, numbers and percents stored as text, the 申报表's two
column groups, the 执行监控表's two-row header with ✔ ticks, a freely named 满意度 二级指标,
qualitative and bare targets, ``一般`` where a number belongs, and a blank 自评表.

A sheet is first drawn as a list of cells and merges (:class:`Sheet`), then rendered by either
writer, so the .xlsx and the .xls hold exactly the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import xlsxwriter
import xlwt

from perfxl.example_export import SheetData as Sheet  # one sheet-of-cells type: the example's

TICK = "✔"
REASONS = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOOD = ("确定能", "有可能", "完全不可能")


@dataclass
class Ind:
    level1: str
    level2: str
    name: str
    year_target: str  # 申报表 year group 指标值 (also the 监控表 年度指标值)
    medium_target: str = ""  # 申报表 medium-term group 指标值
    executed: str = ""  # 监控表 1-N月执行数
    projected: str = ""  # 监控表 全年预计执行数
    reasons: tuple[str, ...] = ()  # ticked 偏差原因
    reason_text: str = ""  # 原因说明
    likelihood: tuple[str, ...] = ("确定能",)  # ticked 完成目标可能性
    note: str = ""
    self_target: str | None = None  # 自评表 年度指标值 (None: as declared)
    monitor_target: str | None = None  # 监控表 年度指标值 (None: as declared)
    actual: str = ""  # 自评表 实际完成值
    weight: str = ""  # 自评表 分值
    score: str = ""  # 自评表 得分
    in_year: bool = True  # False: a medium-term-only row (year group left empty)


def default_indicators() -> list[Ind]:
    return [
        Ind("产出指标", "数量指标", "安全巡查次数", "≥100次", "≥300次", "40", "100",
            weight="20", actual="120次", score="20"),
        Ind("产出指标", "数量指标", "安全教育片", "20集", "60集", "5", "20",
            weight="10", actual="20集", score="10"),
        Ind("产出指标", "数量指标", "应急演练", "5次", "15次", "1", "4",
            reasons=("经费保障", "其他"), reason_text="上半年疫情停课，演练推迟",
            likelihood=("有可能",), weight="10", actual="5次", score="10"),
        Ind("产出指标", "质量指标", "安全事故数", "≥0", "≥0", "0", "0",
            weight="10", actual="0", score="10"),
        Ind("产出指标", "时效指标", "设备更新完成", "1", "3", "0", "1", likelihood=(),
            weight="0", actual="1", score="0"),
        Ind("效益指标", "社会效益指标", "校园安全水平", "优秀", "优秀", "良好", "优秀",
            weight="30", actual="优秀", score="30"),
        Ind("效益指标", "可持续影响指标", "安全管理长效机制", "", "逐步建立", in_year=False),
        Ind("满意度指标", "校园用户满意度", "师生满意度", "≥90%", "≥90%", "一般", "90%",
            likelihood=("确定能", "有可能"), weight="10", actual="95%", score="10"),
    ]


@dataclass
class Export:
    project: str = "城关镇中心小学校园安全管理项目"
    department: str = "某县教育和体育局"
    implementer: str = "某县城关镇中心小学"
    declaration_year: int = 2020
    monitoring_year: int = 2020
    selfeval_year: int = 2021  # the year line differs between sheets of one export
    budget: str = "190.00"
    fiscal: str = "190.00"
    carryover: str = "0.00"
    other: str = "0.00"
    medium_budget: str = "570.00"
    month: int | None = 7  # None: no 执行监控表
    executed: str = "50.00"
    rate: str = "26.32%"
    projected: str = "190.00"
    money_reason: str = ""  # the money rows' 偏差原因分析 text
    goal_year: str = "保障校园安全，全年无重大安全事故"
    goal_medium: str = "三年内建成校园安全管理长效机制"
    goal_progress: str = "已开展巡查40次"
    selfeval: str = "blank"  # "blank", "filled" or "none"
    self_executed: str = "185.00"
    self_rate: str = "97.37%"
    self_exec_score: str = "9.74"
    total_score: str = ""
    indicators: list[Ind] = field(default_factory=default_indicators)
    monitor_title: str = "项目支出绩效目标执行监控表"
    dash: str = "-"  # the export may write 1-7月, 1—7月 or １－７月
    declare_merges: bool = True  # False: values repeated over ranges the file does not merge
    blank_zeros: bool = False  # the blank 自评表 shows 0.00 / 0.00% in its money cells

    def with_(self, **kw) -> "Export":
        return replace(self, **kw)


# --------------------------------------------------------------------------- drawing


def _head(s: Sheet, title: str, year: int, last: int, split: tuple[int, int, int]) -> None:
    """Title, year line, 项目名称 and 主管部门/实施单位 rows (rows 1–4)."""
    a, b, c = split
    s.merge(0, 0, 0, last, title)
    s.merge(1, 0, 1, last, f"( {year}年度)")
    s.merge(2, 0, 2, 1, "项目名称")
    s.merge(3, 0, 3, 1, "主管部门")
    s.merge(3, a, 3, b, "实施单位")


def _names(s: Sheet, e: Export, last: int, split: tuple[int, int, int]) -> None:
    a, b, c = split
    s.merge(2, 2, 2, last, e.project)
    s.merge(3, 2, 3, a - 1, e.department)
    s.merge(3, b + 1, 3, last, e.implementer)


FUND_LABELS = ("    其中：财政拨款", "   上年结转资金", "   其他资金")


def declaration_sheet(e: Export) -> Sheet:
    """项目支出绩效目标申报表, titled ``XX项目绩效目标表``; columns A–H."""
    s = Sheet("项目支出绩效目标申报表")
    last = 7
    _head(s, f"{e.project}绩效目标表", e.declaration_year, last, (4, 5, 0))
    _names(s, e, last, (4, 5, 0))
    s.merge(4, 0, 7, 0, "项目资金\n（万元）")
    money = [("中期资金总额：", e.medium_budget, "年度资金总额：", e.budget)] + [
        (lab, "0.00" if i else e.medium_budget, lab, v)
        for i, (lab, v) in enumerate(zip(FUND_LABELS, (e.fiscal, e.carryover, e.other)))]
    for i, (ml, mv, yl, yv) in enumerate(money):
        r = 4 + i
        s.merge(r, 1, r, 2, ml)
        s.put(r, 3, mv)
        s.merge(r, 4, r, 5, yl)
        s.merge(r, 6, r, 7, yv)
    s.merge(8, 0, 9, 0, "总体目标")
    s.merge(8, 1, 8, 3, "中期目标")
    s.merge(8, 4, 8, 7, "年度目标")
    s.merge(9, 1, 9, 3, e.goal_medium)
    s.merge(9, 4, 9, 7, e.goal_year)
    first, rows = 12, len(e.indicators)
    s.merge(10, 0, first + rows - 1, 0, "绩效指标")
    s.merge(10, 1, 10, 4, "中期指标")
    s.merge(10, 5, 10, 7, "年度指标")
    for c, h in enumerate(("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标",
                           "指标值"), start=1):
        s.put(11, c, h)
    _levels(s, e.indicators, first, 1, 2)
    for i, ind in enumerate(e.indicators):
        r = first + i
        s.put(r, 3, ind.name)
        s.put(r, 4, ind.medium_target)
        if ind.in_year:
            s.put(r, 5, ind.level2)
            s.put(r, 6, ind.name)
            s.put(r, 7, ind.year_target)
    return s


def _levels(s: Sheet, inds: list[Ind], first: int, c1: int, c2: int) -> None:
    """一级 and 二级 columns merged down over their runs, repeating the value."""
    for col, key in ((c1, lambda i: i.level1), (c2, lambda i: (i.level1, i.level2))):
        start = 0
        for i in range(1, len(inds) + 1):
            if i == len(inds) or key(inds[i]) != key(inds[start]):
                text = inds[start].level1 if col == c1 else inds[start].level2
                s.merge(first + start, col, first + i - 1, col, text)
                start = i


def monitoring_sheet(e: Export) -> Sheet:
    """项目支出绩效目标执行监控表; columns A–Q, two-row indicator header with ✔ ticks."""
    s = Sheet("项目支出绩效目标执行监控")
    last, n = 16, f"{e.month}"
    dash = e.dash
    _head(s, e.monitor_title, e.monitoring_year, last, (8, 9, 0))
    _names(s, e, last, (8, 9, 0))
    s.merge(4, 0, 8, 0, "项目资金（万元）")
    s.merge(4, 1, 4, 3, "")
    for c, h in zip(range(4, 8), ("年初预算数", f"1{dash}{n}月执行数", f"1{dash}{n}月执行率",
                                   "全年预计执行数")):
        s.put(4, c, h)
    s.merge(4, 8, 4, 15, "偏差原因分析")
    s.put(4, 16, "备注")
    budget_rows = [("年度资金总额：", e.budget, e.executed, e.rate, e.projected)] + [
        (lab, v, "0.00", "0.00%", v)
        for lab, v in zip(FUND_LABELS, (e.fiscal, e.carryover, e.other))]
    budget_rows[1] = (FUND_LABELS[0], e.fiscal, e.executed, e.rate, e.projected)
    for i, (lab, b, x, rate, proj) in enumerate(budget_rows):
        r = 5 + i
        s.merge(r, 1, r, 3, lab)
        for c, v in zip(range(4, 8), (b, x, rate, proj)):
            s.put(r, c, v)
        s.merge(r, 8, r, 15, e.money_reason if i == 0 else "")
    s.merge(9, 0, 10, 0, "年度总体目标")
    s.merge(9, 1, 9, 7, "年度目标")
    s.merge(9, 8, 9, last, f"1{dash}{n}月执行情况")
    s.merge(10, 1, 10, 7, e.goal_year)
    s.merge(10, 8, 10, last, e.goal_progress)
    inds = [i for i in e.indicators if i.in_year]
    first = 13
    s.merge(11, 0, first + len(inds) - 1, 0, "绩效指标")
    for c, h in enumerate(("一级指标", "二级指标", "三级指标", "年度指标值", f"1{dash}{n}月执行数",
                           "全年预计执行数"), start=1):
        s.merge(11, c, 12, c, h)
    s.merge(11, 7, 11, 12, "偏差原因分析")
    s.merge(11, 13, 11, 15, "完成目标可能性")
    s.merge(11, 16, 12, 16, "备注")
    for c, h in enumerate((*REASONS, "原因说明", *LIKELIHOOD), start=7):
        s.put(12, c, h)
    _levels(s, inds, first, 1, 2)
    for i, ind in enumerate(inds):
        r = first + i
        target = ind.year_target if ind.monitor_target is None else ind.monitor_target
        for c, v in ((3, ind.name), (4, target), (5, ind.executed), (6, ind.projected),
                     (12, ind.reason_text), (16, ind.note)):
            s.put(r, c, v)
        for k, reason in enumerate(REASONS):
            s.put(r, 7 + k, TICK if reason in ind.reasons else "")
        for k, like in enumerate(LIKELIHOOD):
            s.put(r, 13 + k, TICK if like in ind.likelihood else "")
    return s


def selfeval_sheet(e: Export) -> Sheet:
    """项目支出绩效自评表 (A–I); blank: headers only, no indicator rows, 总分 0."""
    s = Sheet("项目支出绩效自评表")
    last, blank = 8, e.selfeval == "blank"
    _head(s, "项目支出绩效自评表", e.selfeval_year, last, (5, 5, 0))
    s.merge(2, 2, 2, last, e.project)
    s.merge(3, 2, 3, 4, e.department)
    s.merge(3, 6, 3, last, e.implementer)
    s.merge(4, 0, 8, 0, "项目资金（万元）")
    for c, h in zip(range(2, 8), ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        s.put(4, c, h)
    money = [("年度资金总额：", e.budget, e.self_executed, "10", e.self_rate, e.self_exec_score),
             ("    其中：当年财政拨款", e.fiscal, e.self_executed, "", e.self_rate, ""),
             (FUND_LABELS[1], e.carryover, "0.00", "", "0.00%", ""),
             (FUND_LABELS[2], e.other, "0.00", "", "0.00%", "")]
    for i, (lab, b, x, w, rate, sc) in enumerate(money):
        r = 5 + i
        s.put(r, 1, lab)
        if blank and e.blank_zeros:
            b = x = "0.00"
            w, rate, sc = ("10" if i == 0 else ""), "0.00%", ("0" if i == 0 else "")
        if not blank or e.blank_zeros:
            for c, v in zip(range(2, 8), (b, b, x, w, rate, sc)):
                s.put(r, c, v)
    s.merge(9, 0, 10, 0, "年度总体目标")
    s.merge(9, 1, 9, 4, "预期目标")
    s.merge(9, 5, 9, 8, "实际完成情况")
    if not blank:
        s.merge(10, 1, 10, 4, e.goal_year)
        s.merge(10, 5, 10, 8, "全年无安全事故")
    inds = [] if blank else [i for i in e.indicators if i.in_year]
    first = 12
    s.merge(11, 0, first + max(len(inds), 1) - 1, 0, "绩效指标")
    for c, h in enumerate(("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                           "得分", "偏差原因分析及改进措施"), start=1):
        s.put(11, c, h)
    if inds:
        _levels(s, inds, first, 1, 2)
    for i, ind in enumerate(inds):
        r = first + i
        target = ind.year_target if ind.self_target is None else ind.self_target
        for c, v in ((3, ind.name), (4, target), (5, ind.actual), (6, ind.weight), (7, ind.score)):
            s.put(r, c, v)
    total_row = first + max(len(inds), 1)
    s.merge(total_row, 0, total_row, 5, "总分")
    s.put(total_row, 6, "100")
    s.put(total_row, 7, "0" if blank else e.total_score)
    return s


def info_sheets(e: Export) -> list[Sheet]:
    """The sheets before the performance forms, and a review sheet after them."""
    basic = Sheet("项目基本信息")
    for r, (k, v) in enumerate((("项目代码", "130630200000000001"), ("项目名称：", e.project),
                                ("主管部门：", e.department), ("实施单位：", e.implementer),
                                ("项目类别", "其他运转类"))):
        basic.put(r, 0, k)
        basic.merge(r, 1, r, 3, v)
    basis = Sheet("项目支出立项依据")
    basis.put(0, 0, "立项依据")
    basis.put(1, 0, "依据《中小学幼儿园安全管理办法》")
    plan = Sheet("项目支出实施方案")
    plan.put(0, 0, "实施方案")
    plan.put(1, 0, "分学期开展安全巡查和演练")
    money = Sheet("项目支出计划")
    for c, h in enumerate(("年度", "资金来源", "金额（万元）")):
        money.put(0, c, h)
    for c, v in enumerate((str(e.declaration_year), "一般公共预算", e.budget)):
        money.put(1, c, v)
    detail = Sheet("项目支出明细")
    for c, h in enumerate(("支出内容", "经济分类", "金额（万元）")):
        detail.put(0, c, h)
    for c, v in enumerate(("安全巡查", "30299 其他商品和服务支出", e.budget)):
        detail.put(1, c, v)
    review = Sheet("审核情况")
    for c, h in enumerate(("审核环节", "审核人", "审核意见", "审核时间")):
        review.put(0, c, h)
    for c, v in enumerate(("财政审核", "张三", "同意", "2020-03-01")):
        review.put(1, c, v)
    return [basic, basis, plan, money, detail, review]


def sheets(e: Export) -> list[Sheet]:
    basic, basis, plan, money, detail, review = info_sheets(e)
    out = [basic, basis, plan, money, detail, declaration_sheet(e)]
    if e.month is not None:
        out.append(monitoring_sheet(e))
    if e.selfeval != "none":
        out.append(selfeval_sheet(e))
    out.append(review)
    if not e.declare_merges:
        for s in out:
            s.merges = []
    return out


# --------------------------------------------------------------------------- rendering


def write_xlsx(path: Path, sheet_list: list[Sheet]) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    for s in sheet_list:
        ws = wb.add_worksheet(s.name)
        for r0, c0, r1, c1 in s.merges:
            ws.merge_range(r0, c0, r1, c1, "")
        for (r, c), v in s.cells.items():  # after the merges: every covered cell repeats the value
            if isinstance(v, str):
                ws.write_string(r, c, v)
            else:
                ws.write_number(r, c, v)
    wb.close()
    return path


def write_xls(path: Path, sheet_list: list[Sheet]) -> Path:
    wb = xlwt.Workbook(encoding="utf-8")
    for s in sheet_list:
        ws = wb.add_sheet(s.name, cell_overwrite_ok=True)
        for r0, c0, r1, c1 in s.merges:
            ws.merge(r0, r1, c0, c1)
        for (r, c), v in s.cells.items():
            ws.write(r, c, v)
    wb.save(str(path))
    return path


def write_export(path: Path, e: Export | None = None) -> Path:
    """Write ``e`` (default: every quirk) as .xlsx or .xls, by the path's suffix."""
    e = e or Export()
    path = Path(path)
    return (write_xls if path.suffix.lower() == ".xls" else write_xlsx)(path, sheets(e))
