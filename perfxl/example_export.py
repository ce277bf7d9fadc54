"""The estimate example: one project as the 预算管理一体化 system exports it (examples/测算明细).

A 190 万元 project (城关镇中心小学校园安全管理项目, 2020) with its 项目支出绩效目标申报表, its
项目支出计划 (the plan by year and the 细化经济分类) and its 项目支出明细 (six lines, each 数量 ×
单价 = 金额, adding up to 190.0). The sheets are drawn as cells (:class:`SheetData`) and written by
:func:`write_sheets` (.xlsx); the tests render the same cells as .xls too.

``mistakes`` plants one or more of the mistakes of issue 21, each in its own cell:

- ``line``: 劳务费 typed 15.0 for 150.0 (20集 × 7.5万元/集);
- ``yuan``: 差旅费 typed 10000 (元) for 1.0 (万元);
- ``class``: the 细化经济分类 row 其他商品和服务支出 typed 40 for 4;
- ``budget``: the plan's 全年预算 typed 195 where everything else says 190;
- ``total``: the 明细 total typed 180.0 for 190.0;
- ``statement``: in the 申报表's 测算依据, ``20集×7.5万元/集=105万元`` for 150.

>>> [s.name for s in export_sheets()]
['项目支出绩效目标申报表', '项目支出计划', '项目支出明细']
>>> sum(Decimal(line[5]) for line in LINES)
Decimal('190.0')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal  # noqa: F401  (the doctest above uses it)
from pathlib import Path

import xlsxwriter

PROJECT = "城关镇中心小学校园安全管理项目"
DEPARTMENT = "某县教育和体育局"
IMPLEMENTER = "某县城关镇中心小学"
YEAR = 2020
BUDGET = "190.00"

# 项目活动 · 子活动 · 分项支出 · 数量/频率 · 价格/标准 · 支出计划（万元）, as an export writes them
LINES = (
    ("安全宣传教育", "安全教育片制作", "劳务费", "20集", "7.5万元/集", "150.0"),
    ("安全宣传教育", "安全手册印制", "印刷费", "\u300015辑", "\u30002.3万元/辑", "34.5"),
    ("安全巡查", "外出学习", "差旅费", "  10人次", "1000元/人次", "1.0"),
    ("安全巡查", "巡查用车", "其他交通费", "50人天", "100元/人天", "0.5"),
    ("应急演练", "演练组织", "会议费", "40人天", "500元/人天", "2.0"),
    ("应急演练", "演练器材", "专用材料费", "40套", "500元/套", "2.0"),
)
# 细化经济分类: 科目 → 合计 (all 财政拨款 年初数)
CLASSES = (
    ("[30226]劳务费", "150.0", "30226 劳务费"),
    ("[30202]印刷费", "34.5", "30202 印刷费"),
    ("[30211]差旅费", "1.0", "30211 差旅费"),
    ("[30239]其他交通费用", "0.5", "30239 其他交通费用"),
    ("[30299]其他商品和服务支出", "4.0", "30299 其他商品和服务支出"),
)
# 一级指标 · 二级指标 · 三级指标 · 中期指标值 · 年度指标值
INDICATORS = (
    ("产出指标", "数量指标", "安全教育片", "60集", "20集"),
    ("产出指标", "数量指标", "安全手册", "45辑", "15辑"),
    ("产出指标", "质量指标", "应急演练覆盖率", "100%", "100%"),
    ("产出指标", "时效指标", "安全教育片完成时间", "每年12月底前", "2020年12月底前"),
    ("产出指标", "成本指标", "项目总成本", "≤570万元", "≤190万元"),
    ("效益指标", "社会效益指标", "全年重大安全事故", "0起", "0起"),
    ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", "≥90%"),
)
MISTAKES = ("line", "yuan", "class", "budget", "total", "statement")
# the 申报表's 测算依据, the estimate written as sums in words (each holds)
CALC = ("安全教育片制作20集×7.5万元/集=150万元；安全手册印制15辑*2.3万元/辑=34.5万元；"
        "外出学习10人次*1000元/人次=1万元；巡查用车50人天×100元/人天=0.5万元；"
        "应急演练会议40人天*500元/人天=2万元，演练器材40套*500元/套=2万元。共计190万元。")


@dataclass
class SheetData:
    """A sheet as cells and merges (0-based), the way the export repeats a merged value."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def put(self, r: int, c: int, v) -> None:
        if v is not None and v != "":
            self.cells[(r, c)] = v

    def merge(self, r0: int, c0: int, r1: int, c1: int, v) -> None:
        if (r0, c0) != (r1, c1):
            self.merges.append((r0, c0, r1, c1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                self.put(r, c, v)


def export_sheets(mistakes: tuple[str, ...] = ()) -> list[SheetData]:
    """The example's sheets, with ``mistakes`` (names of :data:`MISTAKES`) planted."""
    unknown = set(mistakes) - set(MISTAKES)
    if unknown:
        raise ValueError(f"unknown mistakes {sorted(unknown)}")
    return [declaration_sheet(mistakes), plan_sheet(mistakes), detail_sheet(mistakes)]


def declaration_sheet(mistakes: tuple[str, ...] = ()) -> SheetData:
    """A short 申报表 (title, year, names, 年度资金总额) so the workbook is a form of ours."""
    s = SheetData("项目支出绩效目标申报表")
    s.merge(0, 0, 0, 7, f"{PROJECT}绩效目标表")
    s.merge(1, 0, 1, 7, f"( {YEAR}年度)")
    s.put(2, 0, "项目名称")
    s.merge(2, 1, 2, 7, PROJECT)
    s.put(3, 0, "主管部门")
    s.merge(3, 1, 3, 3, DEPARTMENT)
    s.put(3, 4, "实施单位")
    s.merge(3, 5, 3, 7, IMPLEMENTER)
    s.merge(4, 0, 7, 0, "项目资金\n（万元）")
    rows = (("中期资金总额：", "570.00", "年度资金总额：", BUDGET),
            ("    其中：财政拨款", "570.00", "    其中：财政拨款", BUDGET),
            ("   上年结转资金", "0.00", "   上年结转资金", "0.00"),
            ("   其他资金", "0.00", "   其他资金", "0.00"))
    for i, (ml, mv, yl, yv) in enumerate(rows):
        s.merge(4 + i, 1, 4 + i, 2, ml)
        s.put(4 + i, 3, mv)
        s.merge(4 + i, 4, 4 + i, 5, yl)
        s.merge(4 + i, 6, 4 + i, 7, yv)
    s.merge(8, 0, 9, 0, "总体目标")
    s.merge(8, 1, 8, 3, "中期目标")
    s.merge(8, 4, 8, 7, "年度目标")
    s.merge(9, 1, 9, 3, "三年内建成校园安全管理长效机制")
    s.merge(9, 4, 9, 7, "保障校园安全，全年无重大安全事故")
    first = 12
    s.merge(10, 0, first + len(INDICATORS) - 1, 0, "绩效指标")
    s.merge(10, 1, 10, 4, "中期指标")
    s.merge(10, 5, 10, 7, "年度指标")
    for c, h in enumerate(("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标",
                           "指标值"), start=1):
        s.put(11, c, h)
    for i, (level1, level2, name, medium, year) in enumerate(INDICATORS):
        for c, v in enumerate((level1, level2, name, medium, level2, name, year), start=1):
            s.put(first + i, c, v)
    r = first + len(INDICATORS)
    s.put(r, 0, "测算依据")
    calc = CALC.replace("=150万元", "=105万元") if "statement" in mistakes else CALC
    s.merge(r, 1, r, 7, calc)
    return s


def detail_sheet(mistakes: tuple[str, ...] = ()) -> SheetData:
    """项目支出明细: the header, the total row, one row per line (activities merged down)."""
    s = SheetData("项目支出明细")
    header = ("序号", "项目活动", "对项目活动的描述", "子活动", "对子活动的描述", "分项支出",
              "数量/频率", "价格/标准", "支出计划（万元）", "备注")
    for c, h in enumerate(header):
        s.put(0, c, h)
    s.put(1, 8, "180.0" if "total" in mistakes else "190.0")
    first = 2
    for i, (activity, sub, item, qty, price, amount) in enumerate(LINES):
        r = first + i
        if item == "劳务费" and "line" in mistakes:
            amount = "15.0"
        if item == "差旅费" and "yuan" in mistakes:
            amount = "10000"
        s.put(r, 0, str(i + 1))
        for c, v in ((3, sub), (4, f"{sub}相关支出"), (5, item), (6, qty), (7, price), (8, amount)):
            s.put(r, c, v)
    start = 0
    for i in range(1, len(LINES) + 1):  # 项目活动 merged over its lines, repeating the value
        if i == len(LINES) or LINES[i][0] != LINES[start][0]:
            s.merge(first + start, 1, first + i - 1, 1, LINES[start][0])
            s.merge(first + start, 2, first + i - 1, 2, f"{LINES[start][0]}活动")
            start = i
    return s


def plan_sheet(mistakes: tuple[str, ...] = ()) -> SheetData:
    """项目支出计划: the plan by year under a two-row header, then 细化经济分类."""
    s = SheetData("项目支出计划")
    s.merge(0, 0, 1, 0, "预算年度")
    s.merge(0, 1, 1, 1, "支出计划")
    groups = (("年初预算", ("小计", "财政拨款", "结转资金")), ("执行调整", ("小计", "财政拨款", "结转资金")),
              ("全年预算", ("小计", "财政拨款", "结转资金")), ("预计支出", ("小计", "财政拨款", "结转资金")),
              ("实际支出", ("小计", "财政拨款", "结转资金")),
              ("预计年度剩余", ("小计", "结转资金", "结余资金")),
              ("实际年度剩余", ("小计", "结转资金", "结余资金")))
    year_values = {"年初预算": (BUDGET, BUDGET, "0.00"), "执行调整": ("0.00",) * 3,
                   "全年预算": ("195.00" if "budget" in mistakes else BUDGET, BUDGET, "0.00"),
                   "预计支出": (BUDGET, BUDGET, "0.00"), "实际支出": ("0.00",) * 3,
                   "预计年度剩余": ("0.00",) * 3, "实际年度剩余": ("0.00",) * 3}
    c = 2
    for group, parts in groups:
        s.merge(0, c, 0, c + len(parts) - 1, group)
        for k, part in enumerate(parts):
            s.put(1, c + k, part)
            s.put(2, c + k, year_values[group][k])
        c += len(parts)
    s.put(2, 0, str(YEAR))
    s.put(2, 1, BUDGET)
    # 细化经济分类
    top = 4
    s.merge(top, 0, top + 1, 0, "细化经济分类")
    s.merge(top, 1, top + 1, 1, "合计")
    s.merge(top, 2, top, 4, "财政拨款")
    for k, part in enumerate(("小计", "年初数", "已调整数")):
        s.put(top + 1, 2 + k, part)
    s.merge(top, 5, top + 1, 5, "结转资金")
    s.merge(top, 6, top + 1, 6, "对应的政府预算支出经济分类科目")
    rows = [("剩余支出计划金额", "0.00", ""), ("合计", "190.00", ""), *CLASSES]
    for i, (name, amount, subject) in enumerate(rows):
        r = top + 2 + i
        total = "40.0" if name.endswith("其他商品和服务支出") and "class" in mistakes else amount
        for col, v in enumerate((name, total, amount, amount, "0.00", "0.00", subject)):
            s.put(r, col, v)
    return s


def write_sheets(path: Path, sheets: list[SheetData], numbers_as_text: bool = True) -> Path:
    """Write the sheets as an .xlsx: every value as the text the export shows, or (for the
    shipped example) a plain number as a number cell, as after 分列/转换为数字 in Excel."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": not numbers_as_text})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        for r0, c0, r1, c1 in sheet.merges:
            ws.merge_range(r0, c0, r1, c1, "")
        for (r, c), v in sheet.cells.items():
            if numbers_as_text and isinstance(v, str):
                ws.write_string(r, c, v)
            else:
                ws.write(r, c, v)  # strings_to_numbers: "190.00" becomes a number cell
    wb.close()
    return path


def write_example(path: Path, mistakes: tuple[str, ...] = (), numbers_as_text: bool = True) -> Path:
    """The example workbook at ``path`` (.xlsx)."""
    return write_sheets(Path(path), export_sheets(mistakes), numbers_as_text)


EXAMPLE_FOLDER = "城关镇中心小学2020测算"
EXAMPLE_FILES = {"原文.xlsx": ("line",), "完整.xlsx": ()}
"""The example's files: 原文 with one mistake (劳务费 typed 15.0 for 150.0), 完整 as it should be."""


def build_estimate_example(out_dir: Path) -> list[Path]:
    """Write 原文.xlsx and 完整.xlsx of the estimate example into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_example(out_dir / name, mistakes, numbers_as_text=False)
            for name, mistakes in EXAMPLE_FILES.items()]
