"""Small factories for rule tests: model objects built directly, at the canonical cells of the
standard form (workbook.md), so a test states only the figures it is about.

自评表 cells: fund rows 6–9 (C 年初预算数 · D 全年预算数 · E 全年执行数 · F 分值 · G 执行率 ·
H 得分), indicator header row 12, indicators from row 13 (B 一级 · C 二级 · D 三级 · E 年度指标值 ·
F 实际完成值 · G 分值 · H 得分 · I 偏差原因), then the 总分 row (G 分值 · H 得分).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from perfxl.config import Config
from perfxl.model import (
    FundRow, Indicator, ListRow, Loc, Parcel, Project, Unit, Val, Workbook,
)
from perfxl.rules import run_rules
from perfxl.scoring import load_framework, score_workbook
from perfxl.scoring.types import IndicatorScore, ProjectScore
from perfxl.values import parse_measure

D = Decimal
FUND_ROWS = {"total": 6, "fiscal": 7, "carryover": 8, "other": 9}
FUND_LABELS = {"total": "年度资金总额", "fiscal": "其中：当年财政拨款", "carryover": "上年结转资金",
               "other": "其他资金"}


def dec(x) -> Decimal | None:
    return None if x is None else D(str(x))


def val(value, sheet: str, cell: str) -> Val:
    """A value at a cell; None gives an empty cell that still has its place."""
    return Val(value, Loc(sheet, cell), value)


def fund(sheet: str, key: str, initial=None, budget=None, executed=None, weight=None, rate=None,
         score=None) -> FundRow:
    r = FUND_ROWS[key]
    return FundRow(key=key, label=val(FUND_LABELS[key], sheet, f"B{r}"),
                   initial_budget=val(dec(initial), sheet, f"C{r}"),
                   budget=val(dec(budget), sheet, f"D{r}"),
                   executed=val(dec(executed), sheet, f"E{r}"),
                   weight=val(dec(weight), sheet, f"F{r}"), rate=val(dec(rate), sheet, f"G{r}"),
                   score=val(dec(score), sheet, f"H{r}"))


def ind(row: int, level1: str, level2: str, name: str, target: str | None, actual: str | None,
        weight, score=None, deviation: str | None = None, sheet: str = "自评表01",
        level1_weight=None) -> Indicator:
    return Indicator(
        row=row, level1=val(level1, sheet, f"B{row}"), level2=val(level2, sheet, f"C{row}"),
        name=val(name, sheet, f"D{row}"),
        target=val(parse_measure(target) if target is not None else None, sheet, f"E{row}"),
        actual=val(parse_measure(actual) if actual is not None else None, sheet, f"F{row}"),
        weight=val(dec(weight), sheet, f"G{row}"), score=val(dec(score), sheet, f"H{row}"),
        deviation=val(deviation, sheet, f"I{row}"),
        level1_weight=val(dec(level1_weight), sheet, f"B{row}") if level1_weight is not None
        else Val(None),
    )


def good_indicators(sheet: str = "自评表01", start: int = 13) -> list[Indicator]:
    """A complete, clean table: 产出 50 + 效益 30 + 满意度 10 (with 执行率 10 → 100)."""
    rows = [
        ("产出指标", "数量指标", "日常巡查次数", "≥100次", "100次", 25),
        ("产出指标", "质量指标", "日常巡查覆盖率", "≥90%", "90%", 25),
        ("效益指标", "社会效益指标", "火灾案件查处率", "≥90%", "90%", 30),
        ("满意度指标", "服务对象满意度指标", "社会公众满意度", "≥90%", "95%", 10),
    ]
    return [ind(start + k, *r, score=r[-1], sheet=sheet) for k, r in enumerate(rows)]


def project(sheet: str = "自评表01", name: str = "涞源镇防火经费", *, budget="2", executed="2",
            initial=None, fiscal=None, carryover=None, other=None, rate=None, exec_score=None,
            indicators: list[Indicator] | None = None, year: int | None = 2023,
            total_weight="100", total_score=None, goal_actual: str | None = None) -> Project:
    """A 自评表. ``fiscal``/``carryover``/``other`` are (initial, budget, executed) triples."""
    inds = good_indicators(sheet) if indicators is None else indicators
    funds = {"total": fund(sheet, "total", initial if initial is not None else budget, budget,
                           executed, weight="10", rate=rate, score=exec_score)}
    for key, triple in (("fiscal", fiscal), ("carryover", carryover), ("other", other)):
        if triple is not None:
            funds[key] = fund(sheet, key, *triple)
    total_row = (inds[-1].row if inds else 12) + 1
    return Project(
        sheet=sheet, title_loc=Loc(sheet, "A1"), title_year=val(year, sheet, "A2"),
        name=val(name, sheet, "B3"), funds=funds,
        goal_actual=val(goal_actual, sheet, "F11"), indicators=inds, indicator_header_row=12,
        total_weight=val(dec(total_weight), sheet, f"G{total_row}"),
        total_score=val(dec(total_score), sheet, f"H{total_row}"),
    )


def list_row(row: int, name: str, budget=None, executed=None, initial=None, seq=None) -> ListRow:
    s = "项目清单"
    return ListRow(row=row, seq=val(str(seq if seq is not None else row - 7), s, f"A{row}"),
                   name=val(name, s, f"B{row}"), initial_budget=val(dec(initial), s, f"D{row}"),
                   budget=val(dec(budget), s, f"E{row}"), executed=val(dec(executed), s, f"F{row}"))


def unit(rows: list[ListRow], *, declared_total=None, declared_count=None, year=2023,
         month=None, as_of_year=None, total_row: ListRow | None = None,
         name="涞源县涞源镇人民政府") -> Unit:
    s = "项目清单"
    return Unit(sheet=s, name=val(name, s, "C3"), year=val(year, s, "C4"),
                as_of_year=val(as_of_year, s, "E4"), as_of_month=val(month, s, "F4"),
                declared_count=val(declared_count, s, "C5"),
                declared_total=val(dec(declared_total), s, "C6"), rows=rows,
                total_row=total_row, header_row=7)


def parcel(row: int, project_name: str | None, village: str | None, area, rate, amount,
           subtotal: bool = False) -> Parcel:
    s = "土地流转明细"
    return Parcel(sheet=s, row=row, project_name=val(project_name, s, f"A{row}"),
                  village=val(village, s, f"B{row}"), area=val(dec(area), s, f"C{row}"),
                  rate=val(dec(rate), s, f"D{row}"), amount=val(dec(amount), s, f"E{row}"),
                  is_subtotal=subtotal)


def workbook(projects=(), unit_=None, parcels=(), observations=()) -> Workbook:
    return Workbook(path=Path("测试.xlsx"), sheet_names=[], unit=unit_, projects=list(projects),
                    parcels=list(parcels), land_sheet="土地流转明细" if parcels else None,
                    observations=list(observations))


def framework(**overrides):
    return load_framework("default", overrides or None)


def simple_score(p: Project, fw=None, indicator_scores: dict | None = None) -> ProjectScore:
    """A hand-made score: 执行率 from the total fund row; each indicator scored as given in
    ``indicator_scores`` (name → (score, extra fields)), else as its staff 得分."""
    fw = fw or framework()
    f = p.total_funds
    rate = (f.executed.value / f.budget.value
            if f and f.budget.value and f.executed.value is not None and f.budget.value > 0
            else None)
    exec_score = (min(rate, D(1)) * fw.execution_weight).quantize(D("0.01"), ROUND_HALF_UP) \
        if rate is not None else None
    given = indicator_scores or {}
    scores = []
    for i in p.indicators:
        score, extra = given.get(i.name.value, (i.score.value, {}))
        scores.append(IndicatorScore(indicator=i, category=i.level1.value, weight=i.weight.value,
                                     method=extra.pop("method", "正向"), score=score, **extra))
    total = (exec_score or D(0)) + sum((s.score or D(0) for s in scores), D(0))
    return ProjectScore(project=p, framework=fw.id, execution_rate=rate,
                        execution_weight=fw.execution_weight, execution_score=exec_score,
                        indicators=scores, total=total)


def run(wb: Workbook, code: str | None = None, *, scores=None, fw=None, ignore=()) -> list:
    """Findings with this code (or code prefix) when every rule runs, as by default.

    All rules run so that rules which defer to each other (PX206 over PX201/PX203/PX301/PX302,
    PX401 over PX402's total) behave as users see them; ``ignore`` turns rules off. Scores are
    perfxl's own (``score_workbook``) unless given."""
    fw = fw or framework()
    if scores is None:
        scores = score_workbook(wb, fw)
    found = run_rules(wb, scores, fw, Config(ignore=tuple(ignore)))
    return [f for f in found if code is None or f.code.startswith(code)]


def acted_on(findings) -> list:
    """The findings to act on: without the notes "因 X 而不一致" (issue 18: a check that
    disagrees only because another cell is wrong is a note without 应为, linked to that cell)."""
    return [f for f in findings if not f.is_consequence]


def notes_to(findings, ref: str) -> list:
    """The consequence notes among ``findings``, each checked to have no 应为, to be a 提示
    and to point at ``ref`` (``项目清单!E9``)."""
    notes = [f for f in findings if f.is_consequence]
    assert all(f.expected is None and f.severity.value == "info" and f.consequence_of == ref
               for f in notes), notes
    return notes


def clean_workbook() -> Workbook:
    """Two projects, list and land sheet that agree everywhere."""
    p1 = project("自评表01", "涞源镇防火经费", budget="2", executed="2")
    p2 = project("自评表02", "建设721片区街头公园土地流转费", budget="5.0452", executed="5.0452")
    rows = [list_row(8, "涞源镇防火经费", "2", "2", "2"),
            list_row(9, "建设721片区街头公园土地流转费", "5.0452", "5.0452", "5.0452")]
    u = unit(rows, declared_total="7.0452", declared_count=2,
             total_row=list_row(10, "合计", "7.0452", "7.0452", "7.0452", seq=""))
    parcels = [parcel(3, "建设721片区街头公园土地流转费", "城里村", "30.452", "1000", "30452"),
               parcel(4, None, "太平关村", "20", "1000", "20000"),
               parcel(5, "小计", None, "50.452", None, "50452", subtotal=True)]
    return workbook([p1, p2], u, parcels)



# --------------------------------------------------------------------------- random models
# Hypothesis strategies of whole workbooks (the rules' robustness tests and the severity walk).

from hypothesis import strategies as st  # noqa: E402

amounts = st.one_of(st.none(), st.sampled_from(["0", "-1", "2", "2.0001", "50452", "144.9552"]))
texts = st.one_of(st.none(), st.sampled_from(
    ["≥90%", "105%", "非常高", "达成年度指标", "较好", "≤2万元", "100次以上", "0.92", "=0起"]))
names = st.one_of(st.none(), st.sampled_from(["涞源镇防火经费", "防火经费项目", "涞源镇防汛经费", ""]))
level1s = st.one_of(st.none(), st.sampled_from(["产出指标", "效益", "满意度指标（10分）", "其他"]))


@st.composite
def models(draw):
    def project_(k):
        inds = [ind(13 + j, draw(level1s) or "", "成本指标", draw(names) or "", draw(texts),
                    draw(texts), draw(amounts), draw(amounts),
                    draw(st.sampled_from([None, "无", "有原因"])),
                    sheet=f"表{k}") for j in range(draw(st.integers(0, 3)))]
        p = project(f"表{k}", draw(names) or "", budget=draw(amounts), executed=draw(amounts),
                    rate=draw(amounts), exec_score=draw(amounts), indicators=inds,
                    total_weight=draw(amounts), total_score=draw(amounts),
                    year=draw(st.sampled_from([None, 2022, 2023])))
        return p

    projects = [project_(k) for k in range(draw(st.integers(0, 3)))]
    rows = [list_row_(8 + k, draw(names), draw(amounts)) for k in range(draw(st.integers(0, 3)))]
    u = unit(rows, declared_total=draw(amounts), declared_count=draw(st.sampled_from([None, 0, 2])),
             month=draw(st.sampled_from([None, 3, 12])))
    parcels = [parcel(3 + k, draw(names), "村", draw(amounts), draw(amounts), draw(amounts),
                      subtotal=draw(st.booleans())) for k in range(draw(st.integers(0, 4)))]
    return workbook(projects, u if draw(st.booleans()) else None, parcels)


def list_row_(row, name, budget):
    return list_row(row, name or "", budget)
