"""The estimate's figures and the sums they must satisfy, as relations for the root-cause vote.

Each builder turns one check into :class:`~perfxl.rules.root_cause.Relation`\\ s between typed
cells: a line's 金额 = 数量 × 单价 (PX311), the 明细 total = its lines (PX313), a 支出计划 row's
own sums and the 明细 total = the plan of its year (PX314), the 细化经济分类 (PX315), the
申报表's 年度资金总额 = the plan's 全年预算 (PX316). ``CheckContext.verdict`` decides them
together with the money and land relations (:func:`perfxl.rules.root_cause.decide`): one
wrong cell, one finding, and a 元/万元 slip is PX206 with the amount meant.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.model import Val
from perfxl.model_estimate import (
    CLASS_COLUMNS, PLAN_GROUPS, PLAN_PARTS, REMAINDER_GROUPS, REMAINDER_PARTS, EstimateDetail,
    EstimatePlan, PlanYear,
)
from perfxl.rules.root_cause import PRODUCT, Figure, Relation


def estimate_relations(ctx) -> list[Relation]:
    """Every relation of the workbook's estimate, in report order (a root is reported by the
    relation on its own cell, else by the first it fixes)."""
    wb, tol = ctx.wb, ctx.framework.money_tolerance
    project = wb.declarations[0].name.value if len(wb.declarations) == 1 else None
    out: list[Relation] = []
    totals: list[tuple[Figure, int | None]] = []
    for detail in wb.estimates:
        out += line_relations(detail, tol, project)
        total = _fig(detail.total, f"{detail.sheet}的合计（支出计划）", tol)
        rel = total_relation(detail, total, tol, project)
        if rel is not None:
            out.append(rel)
        if total is not None:
            totals.append((total, detail.year.value))
    declared_year = next((d.title_year.value for d in wb.declarations
                          if d.title_year.value is not None), None)
    for plan in wb.plans:
        budgets: dict[int | None, Figure | None] = {}
        for row in plan.years:
            figs = plan_year_figures(plan, row, tol)
            out += plan_relations(figs, row, project)
            budgets[row.year.value] = figs.get(("全年预算", "小计"))
        default_year = declared_year if declared_year in budgets else (
            plan.years[0].year.value if plan.years else None)
        for total, year in totals:
            out += detail_vs_plan(plan, total, year if year in budgets else default_year,
                                  budgets, tol, project)
        out += class_relations(plan, budgets.get(plan.class_year.value or default_year), tol,
                               project)
        out += declaration_relations(wb, budgets, tol)
    return out


def _fig(val: Val, what: str, tol: Decimal, unit: str = "万元") -> Figure | None:
    return Figure(val, what, unit, tol) if val is not None and val.value is not None else None


# --------------------------------------------------------------------------- 明细


def line_what(detail: EstimateDetail, line) -> str:
    return f"{detail.sheet}{line.label}的支出计划"


def line_relations(detail: EstimateDetail, tol: Decimal, project) -> list[Relation]:
    """金额 = 数量 × 单价 (in 万元) on each readable line. Only the amount is worked out from
    it: a mistyped line is reported on its amount, never by guessing its quantity or price."""
    out = []
    for line in detail.lines:
        q, p, amount = line.quantity, line.price, line.amount
        if q.value is None or p.value is None or amount.value is None:
            continue
        quantity = Figure(Val(q.value.number, q.loc, q.raw), f"{line.label}的数量", q.value.unit,
                          tol)
        price = Figure(Val(p.value.wan, p.loc, p.raw), f"{line.label}的单价", "万元", tol)
        what = line_what(detail, line)
        out.append(Relation(
            "PX311", Figure(amount, what, "万元", tol), (quantity, price), kind=PRODUCT,
            label=f"{what} = 数量 {q.raw} × 单价 {p.raw}", basis=f"数量 {q.raw} × 单价 {p.raw}",
            project=project, prefer_derived=True, solve_inputs=False))
    return out


def total_relation(detail: EstimateDetail, total: Figure | None, tol: Decimal,
                   project) -> Relation | None:
    """The 明细 total = Σ its lines' amounts (PX313); only when every line has an amount."""
    amounts = [line.amount for line in detail.lines]
    if total is None or not amounts or any(a.value is None for a in amounts):
        return None
    parts = tuple(Figure(a, line_what(detail, line), "万元", tol)
                  for a, line in zip(amounts, detail.lines))
    return Relation("PX313", total, parts, label=f"{total.what} = 各行支出计划之和",
                    basis="各行支出计划之和", project=project, follows=True)


# --------------------------------------------------------------------------- 支出计划


def plan_year_figures(plan: EstimatePlan, row: PlanYear, tol) -> dict[tuple[str, str], Figure]:
    out = {}
    for group, parts in row.groups.items():
        for part, val in parts.items():
            f = _fig(val, f"{plan.sheet}{row.year.value}年{group}·{part}", tol)
            if f is not None:
                out[(group, part)] = f
    return out


def _sum(code, derived, inputs, label, basis, project, **kw) -> list[Relation]:
    """A relation when every figure was read."""
    if derived is None or not inputs or any(f is None for f in inputs):
        return []
    return [Relation(code, derived, tuple(inputs), label=label, basis=basis, project=project,
                     **kw)]


def plan_relations(figs: dict[tuple[str, str], Figure], row: PlanYear, project) -> list[Relation]:
    """PX314 within one year's row: 小计 = 财政拨款 + 结转资金 (结转资金 + 结余资金 for the
    remainders); 全年预算 = 年初预算 + 执行调整 (each part); 全年预算 = 预计支出 + 预计年度剩余;
    = 实际支出 + 实际年度剩余 once 实际支出 is reported (before year end all 实际 are 0)."""
    get, year = figs.get, row.year.value
    out = []
    for group in PLAN_GROUPS + REMAINDER_GROUPS:
        parts = PLAN_PARTS if group in PLAN_GROUPS else REMAINDER_PARTS
        out += _sum("PX314", get((group, "小计")), [get((group, p)) for p in parts[1:]],
                    f"{year}年{group}的小计 = {parts[1]} + {parts[2]}", f"{parts[1]} + {parts[2]}",
                    project, follows=True)
    for part in PLAN_PARTS:
        out += _sum("PX314", get(("全年预算", part)), [get(("年初预算", part)), get(("执行调整", part))],
                    f"{year}年全年预算（{part}）= 年初预算 + 执行调整", "年初预算 + 执行调整",
                    project, prefer_derived=False)
    for spent, rest in (("预计支出", "预计年度剩余"), ("实际支出", "实际年度剩余")):
        spent_fig = get((spent, "小计"))
        if spent == "实际支出" and (spent_fig is None or spent_fig.value == 0):
            continue  # not reported yet: not a mistake
        out += _sum("PX314", get(("全年预算", "小计")), [spent_fig, get((rest, "小计"))],
                    f"{year}年全年预算 = {spent} + {rest}", f"{spent} + {rest}", project,
                    prefer_derived=False)
    return out


def detail_vs_plan(plan: EstimatePlan, total: Figure, year, budgets, tol, project) -> list[Relation]:
    """The 明细 total = the 支出计划 of its year (the row's 支出计划 column, which is its
    全年预算 too, else its 全年预算). Neither copies the other: where nothing else decides,
    both are named."""
    row, budget = plan.year(year), budgets.get(year)
    if row is None:
        return []
    out = []
    planned = budget
    if row.planned.present:
        planned = Figure(row.planned, f"{plan.sheet}{year}年的支出计划", "万元", tol)
        if budget is not None:
            out += _sum("PX314", planned, [budget], f"{planned.what} = {budget.what}",
                        budget.what, project, prefer_derived=False)
    if planned is not None:
        out += _sum("PX314", total, [planned], f"{total.what} = {planned.what}", planned.what,
                    project, prefer_derived=False)
    return out


# --------------------------------------------------------------------------- 细化经济分类


def class_relations(plan: EstimatePlan, year_budget: Figure | None, tol, project) -> list[Relation]:
    """PX315: each row's 合计 = 财政拨款 + 结转资金 and 财政拨款 = 年初数 + 已调整数; each
    column's 科目 rows add up to the 合计 row; the year's 全年预算 = 合计 + 剩余支出计划金额."""
    def fig(row, column):
        return _fig(row.amount(column), f"{plan.sheet}细化经济分类“{row.name.value}”的{column}",
                    tol)

    figs = {id(r): {c: fig(r, c) for c in CLASS_COLUMNS} for r in plan.classes}
    out = []
    for row in plan.classes:
        f = figs[id(row)]
        for target, a, b in (("合计", "财政拨款", "结转资金"), ("财政拨款", "年初数", "已调整数")):
            out += _sum("PX315", f[target], [f[a], f[b]],
                        f"“{row.name.value}”的{target} = {a} + {b}", f"{a} + {b}", project,
                        follows=True)
    totals = [r for r in plan.classes if r.kind == "total"]
    items = [r for r in plan.classes if r.kind == "item"]
    if len(totals) != 1 or not items:
        return out
    total = figs[id(totals[0])]
    for column in CLASS_COLUMNS:
        out += _sum("PX315", total[column], [figs[id(r)][column] for r in items],
                    f"细化经济分类合计行的{column} = 各科目之和", f"各科目的{column}之和", project,
                    follows=True)
    remainder = [figs[id(r)]["合计"] for r in plan.classes if r.kind == "remainder"]
    out += _sum("PX315", year_budget, [total["合计"], *remainder],
                f"{year_budget.what if year_budget else ''} = 细化经济分类的合计（含剩余支出计划金额）",
                "细化经济分类的合计（含剩余支出计划金额）", project, prefer_derived=False)
    return out


# --------------------------------------------------------------------------- 申报表


def declaration_relations(wb, budgets: dict, tol) -> list[Relation]:
    """PX316: the 申报表's 年度资金总额 = the plan's 全年预算 of the 申报表's year."""
    out = []
    for d in wb.declarations:
        budget = budgets.get(d.title_year.value)
        total = d.year_funds.get("total")
        figure = _fig(total, f"{d.sheet}的年度资金总额", tol) if total is not None else None
        out += _sum("PX316", figure, [budget], f"{d.sheet}的年度资金总额 = "
                    f"{budget.what if budget else ''}", budget.what if budget else "",
                    d.name.value, prefer_derived=False)
    return out
