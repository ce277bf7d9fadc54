"""Other provinces' 自评表 built cell by cell, as ``regions.md`` prints them.

- :func:`sichuan_form` — the Sichuan 部门预算项目支出绩效自评表: 报表编号 line, title with the year,
  项目名称 with the project code, 项目基本情况 block, money block ``预算执行情况(10分)`` with
  ``年初预算 · 调整后预算数 · 预算执行数 · 预算执行率 · 权重 · 得分 · 原因`` and rows ``总额 ·
  其中:财政资金 · 财政专户管理资金 · 单位资金 · 其他资金``, indicators ``绩效指标(90分)`` with
  ``一级 · 二级 · 三级 · 指标性质 · 指标值 · 度量单位 · 完成值 · 权重 · 得分 · 未完成原因分析``
  closed by ``合计``, then ``评价结论 · 存在问题 · 改进措施`` and a signature line.
- :func:`anhui_form` — the national layout with the money rows of an Anhui form
  (``其中:本年财政拨款``), and ``/`` where a cell does not apply.
"""

from __future__ import annotations

from tests.helpers.readfix.build import SheetSpec, standard_form

SICHUAN_NAME = "51000021R000000019951-工资性支出"

SICHUAN_INDICATORS = [
    # 一级 (with its points), 二级, 三级, 指标性质, 指标值, 度量单位, 完成值, 权重, 得分
    ("产出指标(40分)", "数量指标", "保障在职人数", "≥", "35", "人", "36", 20, 20),
    ("产出指标(40分)", "质量指标", "工资发放准确率", "=", "100", "%", "100", 10, 10),
    ("产出指标(40分)", "时效指标", "工资按月发放率", "≥", "100", "%", "100", 10, 10),
    ("效益指标(40分)", "社会效益指标", "保障单位正常运转", "定性", "有效保障", "", "有效保障",
     40, 40),
    ("满意度指标(10分)", "服务对象满意度指标", "职工满意度", "≥", "90", "%", "95", 10, 10),
]

SICHUAN_FUNDS = {
    # row label: 年初预算, 调整后预算数, 预算执行数
    "总额": (100, 120, 120),
    "其中:财政资金": (100, 110, 110),
    "财政专户管理资金": (0, 0, 0),
    "单位资金": (0, 10, 10),
    "其他资金": (0, 0, 0),
}


def sichuan_form(*, funds: dict | None = None, indicators=None, rate=None,
                 reason: str = "", score=10) -> SheetSpec:
    """The Sichuan form; ``rate`` is what staff typed as 预算执行率 (default: the true one)."""
    funds = funds if funds is not None else SICHUAN_FUNDS
    rows = indicators if indicators is not None else SICHUAN_INDICATORS
    s = SheetSpec()
    s.set(0, 0, "报表编号:")
    s.merge(1, 0, 1, 10, "部门预算项目支出绩效自评表(2023年度)")
    s.set(2, 0, "项目名称").merge(2, 1, 2, 10, SICHUAN_NAME)
    s.set(3, 0, "主管部门").merge(3, 1, 3, 4, "某县教育局")
    s.set(3, 5, "实施单位 (盖章)").merge(3, 6, 3, 10, "某县第一中学")
    s.merge(4, 0, 6, 0, "项目基本情况")
    s.set(4, 1, "项目年度目标").merge(4, 2, 4, 10, "保障在职教职工工资按时足额发放")
    s.set(5, 1, "年度目标完成情况").merge(5, 2, 5, 10, "全年按时足额发放工资")
    s.set(6, 1, "项目实施内容及过程概述").merge(6, 2, 6, 10, "按月核定、按月发放")
    last_fund = 7 + len(funds)
    s.merge(7, 0, last_fund, 0, "预算执行情况(10分)")
    for c, h in enumerate(["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重",
                           "得分", "原因"], 2):
        s.set(7, c, h)
    for r, (label, (initial, budget, executed)) in enumerate(funds.items(), 8):
        s.set(r, 1, label).set(r, 2, initial).set(r, 3, budget).set(r, 4, executed)
        s.set(r, 5, "/").set(r, 6, "/").set(r, 7, "/").set(r, 8, "/")
    total_budget, total_executed = next(iter(funds.values()))[1:]
    s.set(8, 5, rate if rate is not None else f"{total_executed / total_budget * 100:.2f}%")
    s.set(8, 6, 10).set(8, 7, score).set(8, 8, reason)
    header = last_fund + 1
    heads = ["一级", "二级", "三级", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分",
             "未完成原因分析"]
    for c, h in enumerate(heads, 1):
        s.set(header, c, h)
    first = header + 1
    for i, (l1, l2, l3, op, target, unit, actual, weight, got) in enumerate(rows):
        r = first + i
        for c, v in enumerate((l1, l2, l3, op, target, unit, actual, weight, got), 1):
            s.set(r, c, v)
    total = first + len(rows)
    s.merge(header, 0, total - 1, 0, "绩效指标(90分)")
    s.merge(total, 0, total, 7, "合计")
    s.set(total, 8, sum(row[7] for row in rows)).set(total, 9, sum(row[8] or 0 for row in rows))
    s.set(total + 1, 0, "评价结论").merge(total + 1, 1, total + 1, 10, "项目完成较好")
    s.set(total + 2, 0, "存在问题").merge(total + 2, 1, total + 2, 10, "无")
    s.set(total + 3, 0, "改进措施").merge(total + 3, 1, total + 3, 10, "继续做好工资保障")
    s.set(total + 4, 0, "项目负责人:张三").set(total + 4, 5, "财务负责人:李四")
    return s


ANHUI_INDICATORS = [
    ("产出指标", "数量指标", "改造农村道路", "≥10公里", "10公里", 20, 20),
    ("产出指标", "质量指标", "验收合格率", "100%", "100%", 15, 15),
    ("产出指标", "时效指标", "资金支付及时率", "100%", "100%", 15, 15),
    ("效益指标", "社会效益指标", "群众出行条件改善", "明显改善", "明显改善", 30, 30),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10),
]


def anhui_form(*, total=(0, 0, 0), fiscal=(90, 89.974, 89.974), indicators=None) -> SheetSpec:
    """An Anhui 自评表: the national layout, money rows ``年度资金总额: · 其中:本年财政拨款 ·
    上年结转资金 · 其他资金``; ``/`` in the money cells that do not apply."""
    money = {"年度资金总额:": total, "其中:本年财政拨款": fiscal, "上年结转资金": ("/", "/", "/"),
             "其他资金": ("/", "/", "/")}
    s = standard_form("农村道路改造", year="(2023年度)", funds=money,
                      indicators=indicators if indicators is not None else ANHUI_INDICATORS)
    s.cells[s.find("项目资金（万元）")] = "项目资金(万元)"
    for r in range(6, 9):  # 执行率 · 分值 · 得分 belong to the total row only
        s.set(r, 5, "/").set(r, 6, "/").set(r, 7, "/")
    return s
