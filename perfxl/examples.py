"""The shipped example: 涞源县涞源镇人民政府, 2023 self-evaluation, 15 projects.

Figures (budgets, 亩, 元/亩) are those of the unit's 2023 report; the indicators are the ones its
section 二 lists per project. Two workbooks are built from the same data:

* ``原文`` (:func:`laiyuan_2023` with ``complete=False``) keeps the report's gaps — what perfxl
  must find;
* ``完整`` (``complete=True``) fills them the way a reviewer would require; it checks clean.

Assumptions (also in ``examples/涞源镇2023/README.md``): 全年执行数 = 全年预算数 (the report says
every project was carried out per budget); where the report states an achievement without a
figure (``达到90%以上``) the actual equals the target; ``完成及时率100%`` is the target ``＝100%``
(full-width ＝: a half-width ``=100%`` typed in Excel becomes a formula); staff scores are the
correct ones (actual = target → full weight).

>>> spec = laiyuan_2023(complete=False)
>>> len(spec.projects), spec.unit.declared_total
(15, Decimal('144.9552'))
>>> sum(p["budget"] for p in PROJECTS) == spec.unit.declared_total
True
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal as D
from pathlib import Path

from perfxl.example_declaration import build_donghu_2024
from perfxl.example_export import EXAMPLE_FOLDER, build_estimate_example
from perfxl.write.spec import (
    IndicatorSpec,
    ListRowSpec,
    ParcelSpec,
    ProjectSpec,
    UnitSpec,
    WorkbookSpec,
    funds_all_fiscal,
)

UNIT = "涞源县涞源镇人民政府"
YEAR = 2023
FUND_LEVEL = "县级"

# 一级 / 二级 names, spelled out once so the tables below stay readable.
OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"
QTY, QLT, TIME = "数量指标", "质量指标", "时效指标"
SOC, ECO, SUS = "社会效益指标", "生态效益指标", "可持续影响指标"
SVC = "服务对象满意度指标"

CATEGORY_WEIGHTS = {OUT: D("50"), BEN: D("30"), SAT: D("10")}  # + 预算执行率 10
EXECUTION_WEIGHT = D("10")

# The 15 projects as the report lists them. ``form_name`` is the 自评表 title when it differs
# from the 项目清单 name in the report (project 5). ``summary``: our own short wording.
PROJECTS: list[dict] = [
    {"seq": 1, "name": "涞源镇防火经费", "budget": D("2"),
     "summary": "镇辖区防灭火工作经费，补足镇级防火资金缺口。"},
    {"seq": 2, "name": "涞源镇防汛经费", "budget": D("1"),
     "summary": "汛期安全检查和安全防护保障。"},
    {"seq": 3, "name": "计划生育经费", "budget": D("2.07"),
     "summary": "计划生育基层基础工作和依法管理。"},
    {"seq": 4, "name": "民政统筹经费", "budget": D("1.04"),
     "summary": "拥军优属、救灾扶贫、残疾人就业安置、村委会建设与换届、兵役等民政事务。"},
    {"seq": 5, "name": "涞源镇农村环境治理费", "budget": D("2"),
     "form_name": "农村环境卫生整治项目",
     "summary": "农村垃圾污水治理、饮用水源地保护、生态村创建等农村环境保护支出。"},
    {"seq": 6, "name": "涞源镇人大主席团工作经费", "budget": D("1"),
     "summary": "主席团会议和镇人民代表大会的组织、筹备。"},
    {"seq": 7, "name": "涞源镇卫生补助专项经费", "budget": D("1.04"),
     "summary": "指导协调镇医疗卫生队伍和设施建设。"},
    {"seq": 8, "name": "涞源镇社区服务群众专项经费", "budget": D("37.5"),
     "summary": "社区党建常规工作和专题活动、党员教育培训、表彰先进基层党组织。"},
    {"seq": 9, "name": "涞源镇信访维稳经费", "budget": D("19"),
     "summary": "信访案件办理和矛盾纠纷化解。"},
    {"seq": 10, "name": "涞源镇办公楼租赁费", "budget": D("35"),
     "summary": "镇政府无自有办公用房，租用办公楼一座，年租金35万元，每年一次付清。"},
    {"seq": 11, "name": "建设721片区街头公园土地流转费", "budget": D("5.0452"),
     "summary": "721片区街头公园占用城里村、太平关村土地50.452亩，每亩每年1000元。"},
    {"seq": 12, "name": "涞源镇城里大街修路所需占地款", "budget": D("1.819"),
     "summary": "城里大街修路占地18.19亩的占地款（历史欠付），每亩每年1000元。"},
    {"seq": 13, "name": "涞源镇烟墩山公园土地流转资金", "budget": D("18.688"),
     "summary": "烟墩山公园占用水云乡土地186.88亩，每亩每年1000元。"},
    {"seq": 14, "name": "涞源镇关于旅发大会南关、西关、新街等村土地流转所需资金", "budget": D("17.573"),
     "summary": "省旅发大会占用南关、新街、西关三村旱地175.73亩，每亩每年1000元。"},
    {"seq": 15, "name": "涞源镇金家井乡黑木耳基地土地流转费", "budget": D("0.18"),
     "summary": "金家井乡黑木耳基地占用辛庄村土地1.8亩，每亩每年1000元。"},
]

# Indicators as section 二 of the report lists them: (一级, 二级, 三级, 年度指标值, 实际完成值).
# 达到90%以上 → target ≥90%, actual 90% (actual = target); 完成及时率100% → ＝100%, actual 100%.
_TIMELY_100 = (OUT, TIME, "完成及时率", "＝100%", "100%")
_PUBLIC_VERY_HIGH = (SAT, SVC, "社会公众满意度", "非常高", "非常高")
_FARMERS_VERY_HIGH = (SAT, SVC, "流转土地农户满意度", "非常高", "非常高")

REPORT_INDICATORS: dict[int, list[tuple[str, str, str, str, str]]] = {
    1: [(OUT, QTY, "日常巡查次数", "≥100次", "100次"),
        (OUT, QLT, "日常巡查覆盖率", "≥90%", "90%"),
        (BEN, SOC, "火灾案件查处率", "≥90%", "90%"),
        _PUBLIC_VERY_HIGH],
    2: [(OUT, QLT, "河道洪泛区保护率", "≥90%", "90%"),
        _PUBLIC_VERY_HIGH],
    3: [(OUT, QLT, "计划生育责任目标奖励政策落实率", "≥90%", "90%"),
        (SAT, SVC, "流动人口计划生育服务满意率", "≥90%", "90%"),
        _PUBLIC_VERY_HIGH],
    4: [(OUT, QLT, "优抚对象抚恤和生活补助足额兑现率", "≥90%", "90%"),
        (OUT, QLT, "申请低保人员核实率", "≥90%", "90%"),
        _PUBLIC_VERY_HIGH],
    5: [(OUT, QTY, "项目完成率", "≥90%", "90%"),
        (OUT, TIME, "完成及时率", "≥90%", "90%")],
    6: [_PUBLIC_VERY_HIGH],
    7: [(OUT, QLT, "应急救助率", "≥90%", "90%"),
        _PUBLIC_VERY_HIGH],
    8: [(OUT, TIME, "完成及时率", "≥90%", "90%"),
        _PUBLIC_VERY_HIGH],
    9: [(OUT, QTY, "项目完成率", "≥90%", "90%"),
        (OUT, TIME, "完成及时率", "≥90%", "90%")],
    10: [_TIMELY_100, _PUBLIC_VERY_HIGH],
    11: [_TIMELY_100, _FARMERS_VERY_HIGH],
    12: [_TIMELY_100, _FARMERS_VERY_HIGH],
    13: [_TIMELY_100, _FARMERS_VERY_HIGH],
    14: [_TIMELY_100, _FARMERS_VERY_HIGH],
    15: [_TIMELY_100, _FARMERS_VERY_HIGH],
}

# 完整: what a reviewer adds. Every 满意度 target 非常高 becomes ≥90% (actual 95%), and each
# project gets the categories it lacks. These indicators are ours, not the report's.
SATISFACTION_TARGET, SATISFACTION_ACTUAL = "≥90%", "95%"
_LAND_PAID = (BEN, SOC, "流转农户租金足额兑付率", "＝100%", "100%")
REVIEWER_ADDITIONS: dict[int, list[tuple[str, str, str, str, str]]] = {
    2: [(BEN, SOC, "汛期安全防护保障率", "≥95%", "100%")],
    3: [(BEN, SOC, "计划生育基层服务覆盖率", "≥90%", "92%")],
    4: [(BEN, SOC, "困难群众基本生活保障率", "≥95%", "100%")],
    5: [(BEN, ECO, "农村生活垃圾有效处理率", "≥85%", "90%"),
        (SAT, SVC, "村民满意度", "≥90%", "95%")],
    6: [(OUT, QTY, "主席团会议召开次数", "≥4次", "4次"),
        (OUT, TIME, "人代会筹备按时完成率", "＝100%", "100%"),
        (BEN, SOC, "代表建议按期办复率", "≥95%", "100%")],
    7: [(BEN, SOC, "镇医疗卫生服务覆盖率", "≥90%", "95%")],
    8: [(BEN, SOC, "党员教育培训覆盖率", "≥90%", "95%")],
    9: [(BEN, SOC, "信访案件按期办结率", "≥90%", "95%"),
        (SAT, SVC, "信访群众满意度", "≥90%", "92%")],
    10: [(BEN, SUS, "办公场所保障率", "＝100%", "100%")],
    11: [_LAND_PAID],
    12: [_LAND_PAID],
    13: [_LAND_PAID],
    14: [_LAND_PAID],
    15: [_LAND_PAID],
}

# 土地流转明细: (project seq, 地块（村）, 面积（亩）, 金额（元）, 备注, is 小计); 单价 1000 元/亩·年.
LAND_RATE = 1000
PARCELS: list[tuple[int, str, D, int, str | None, bool]] = [
    (11, "城里村、太平关村", D("50.452"), 50452, "721片区街头公园", False),
    (12, "城里大街（占地）", D("18.19"), 18190, "修路占地", False),
    (13, "水云乡", D("186.88"), 186880, "烟墩山公园", False),
    (14, "南关村", D("75.01"), 75010, "旱地", False),
    (14, "新街村", D("37.5"), 37500, "旱地", False),
    (14, "西关村", D("63.22"), 63220, "旱地", False),
    (14, "小计", D("175.73"), 175730, None, True),
    (15, "辛庄村", D("1.8"), 1800, "金家井乡黑木耳基地", False),
]

GOAL_ACTUAL = "已按预算实施并验收，资金全部支付。"


def laiyuan_2023(complete: bool) -> WorkbookSpec:
    """The example workbook: ``complete=False`` → 原文.xlsx, ``True`` → 完整.xlsx."""
    total = sum((p["budget"] for p in PROJECTS), D("0"))
    unit = UnitSpec(
        name=UNIT, year=YEAR, as_of=f"{YEAR}年12月", declared_count=len(PROJECTS),
        declared_total=total,
        rows=[ListRowSpec(p["seq"], p["name"], FUND_LEVEL, p["budget"], p["budget"], p["budget"],
                          p["summary"]) for p in PROJECTS],
    )
    return WorkbookSpec(unit=unit, projects=[_project(p, complete) for p in PROJECTS],
                        parcels=_parcels())


def indicators_of(seq: int, complete: bool) -> list[tuple[str, str, str, str, str]]:
    """The indicator tuples of project ``seq`` in form order (产出, 效益, 满意度)."""
    rows = list(REPORT_INDICATORS[seq])
    if complete:
        rows = [_measurable(r) for r in rows] + REVIEWER_ADDITIONS.get(seq, [])
    order = list(CATEGORY_WEIGHTS)
    return sorted(rows, key=lambda r: order.index(r[0]))  # stable: keeps the report's order


def _measurable(row: tuple[str, str, str, str, str]) -> tuple[str, str, str, str, str]:
    level1, level2, name, target, actual = row
    if level1 == SAT and target == "非常高":
        return level1, level2, name, SATISFACTION_TARGET, SATISFACTION_ACTUAL
    return row


def weights_of(rows: list[tuple]) -> list[D]:
    """Each category's weight split evenly between its 三级指标 (to 0.01, remainder on the
    first one so the category still adds up)."""
    counts = {c: sum(1 for r in rows if r[0] == c) for c in CATEGORY_WEIGHTS}
    weights, first_seen = [], set()
    for r in rows:
        share = (CATEGORY_WEIGHTS[r[0]] / counts[r[0]]).quantize(D("0.01"), rounding=ROUND_DOWN)
        if r[0] not in first_seen:
            share += CATEGORY_WEIGHTS[r[0]] - share * counts[r[0]]
            first_seen.add(r[0])
        weights.append(share)
    return weights


def _project(p: dict, complete: bool) -> ProjectSpec:
    rows = indicators_of(p["seq"], complete)
    weights = weights_of(rows)
    indicators = [IndicatorSpec(l1, l2, name, target, actual, w, w)  # achieved → full weight
                  for (l1, l2, name, target, actual), w in zip(rows, weights)]
    name = p["name"] if complete else p.get("form_name", p["name"])
    return ProjectSpec(
        name=name, department=UNIT, implementer=UNIT, year=YEAR,
        funds=funds_all_fiscal(p["budget"], p["budget"]),
        execution_weight=EXECUTION_WEIGHT, execution_score=EXECUTION_WEIGHT,
        goal_expected=p["summary"], goal_actual=GOAL_ACTUAL,
        indicators=indicators,
        staff_total=EXECUTION_WEIGHT + sum(weights, D("0")),
    )


def _parcels() -> list[ParcelSpec]:
    names = {p["seq"]: p["name"] for p in PROJECTS}
    return [ParcelSpec(names[seq], village, area, LAND_RATE, amount, note, subtotal)
            for seq, village, area, amount, note, subtotal in PARCELS]


LAIYUAN_FILES = {"原文.xlsx": False, "完整.xlsx": True}  # file name → complete


def build_laiyuan_2023(out_dir: Path) -> list[Path]:
    """Write 原文.xlsx and 完整.xlsx of the 涞源镇 example into ``out_dir``."""
    from perfxl.write.template import write_workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, complete in LAIYUAN_FILES.items():
        path = out_dir / name
        write_workbook(path, laiyuan_2023(complete=complete))
        written.append(path)
    return written


EXAMPLE_SETS: dict[str, Callable[[Path], list[Path]]] = {
    "涞源镇2023": build_laiyuan_2023,
    EXAMPLE_FOLDER: build_estimate_example,  # 测算: a one-project export (perfxl.example_export)
    "东湖街道2024申报": build_donghu_2024,  # 申报表 and 审核口径 (perfxl.example_declaration)
}
"""The examples ``perfxl example DIR`` writes, by folder name: each builder writes its workbooks
into the folder it is given (the repository's examples/ are made by the same builders)."""


def write_examples(dest: Path) -> list[Path]:
    """Write every example set into ``dest/<name>/``."""
    written: list[Path] = []
    for name, build in EXAMPLE_SETS.items():
        written.extend(build(dest / name))
    return written
