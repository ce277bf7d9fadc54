"""The money figures of a workbook and how they must agree, as relations for the root-cause vote.

Each function below turns one kind of check into :class:`~perfxl.rules.root_cause.Relation`\\ s
between typed cells — 预算总金额 against the list (PX201), a list amount against its 自评表
(PX203), a 自评表 total against its fund sources (PX204), a typed 合计 against its rows (PX207), a
typed 执行率 against 执行数 ÷ 预算数 (PX505). ``CheckContext.verdict`` puts them together with
the land parcels' (:mod:`perfxl.rules.parcels`) and decides once per workbook which cell is
wrong (:func:`perfxl.rules.root_cause.decide`); the rules only word what the verdict says. A new
family whose figures must agree with these (the 支出明细 estimate) adds its builder there.
"""

from __future__ import annotations

import operator
from decimal import Decimal

from perfxl.model import FUND_KEYS, Val
from perfxl.rules.common import TEN_THOUSAND, project_name
from perfxl.rules.root_cause import RATIO, Figure, Relation, figure_key
from perfxl.rules.slips import (  # noqa: F401  (the slip test, importable from here as before)
    SLIP_RATIO, ten_thousand_times, typed_in_other_unit, unit_slip,
)

LIST_COLUMNS = (("initial_budget", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数"))
BUDGET = 1  # 全年预算数: its place in LIST_COLUMNS
money_columns = operator.attrgetter(*(attr for attr, _ in LIST_COLUMNS))
"""The three amount Vals of a list row or fund row, in LIST_COLUMNS order (one C-level call:
the money rules read them for every row)."""

FUND_LABELS = {"total": "年度资金总额", "fiscal": "当年财政拨款", "carryover": "上年结转资金",
               "other": "其他资金"}
RATE_TOLERANCE = Decimal("0.0001")  # 执行率 as a fraction: 0.01 percentage points (PX505)


def yuan_tolerance(ctx) -> Decimal:
    """The money tolerance in 元 (0.0001 万元 → 1 元), for the land sheet's 元 columns."""
    return ctx.framework.money_tolerance * TEN_THOUSAND


def wan(ctx, val: Val, what: str) -> Figure:
    """A 万元 figure, compared to the framework's money tolerance (1 元)."""
    return Figure(val, what, "万元", ctx.framework.money_tolerance)


def yuan(ctx, val: Val, what: str) -> Figure:
    """A 元 figure (the land sheet's 金额), compared to 1 元."""
    return Figure(val, what, "元", yuan_tolerance(ctx))


def list_cell(row, label: str) -> str:
    """What a 项目清单 amount is, the same words in every relation it takes part in."""
    return f"项目清单第{row.row}行“{row.name.value or ''}”的{label}"


def money_relations(ctx) -> list[Relation]:
    """Every relation between the workbook's money figures except the land sheet's, in report
    order (a root is reported by the first relation it fixes when none is on its own cell)."""
    listed = list_figures(ctx)
    return [*declared_total_relations(ctx, listed), *list_form_relations(ctx, listed),
            *fund_relations(ctx), *list_total_relations(ctx, listed), *rate_relations(ctx)]


ListFigures = dict[tuple[int, int], Figure]
"""The 项目清单's amounts as figures, by (``id`` of the row, column in LIST_COLUMNS order)."""


def list_figures(ctx) -> ListFigures:
    """Each amount typed on 项目清单 as a figure, made once: PX201, PX207 and PX203 take part in
    the same cell with the same words (:func:`list_cell`)."""
    unit = ctx.wb.unit
    if unit is None:
        return {}
    return {(id(row), col): wan(ctx, val, list_cell(row, label))
            for row in unit.rows
            for col, ((_, label), val) in enumerate(zip(LIST_COLUMNS, money_columns(row)))
            if val.present}


# --------------------------------------------------------------------------- 项目清单 totals


def declared_total_relations(ctx, listed: ListFigures) -> list[Relation]:
    """预算总金额 = Σ the list's 全年预算数 (PX201). The header total is added up from the list
    (``follows``): when a row is corrected it is recomputed, but where it agrees with a
    correction it is evidence for it."""
    unit = ctx.wb.unit
    if unit is None or not unit.declared_total.present:
        return []
    parts = [listed[id(r), BUDGET] for r in unit.rows if r.budget.present]
    if not parts:
        return []
    return [Relation("PX201", wan(ctx, unit.declared_total, "预算总金额"), tuple(parts),
                     label="预算总金额 = 项目清单各项目全年预算数之和",
                     basis="项目清单各项目全年预算数之和", follows=True)]


def list_total_relations(ctx, listed: ListFigures) -> list[Relation]:
    """The typed 合计 row of 项目清单 = Σ its rows, per column (PX207)."""
    unit = ctx.wb.unit
    if unit is None or unit.total_row is None:
        return []
    out = []
    for col, (attr, label) in enumerate(LIST_COLUMNS):
        tv = getattr(unit.total_row, attr)
        parts = [listed[id(r), col] for r in unit.rows if (id(r), col) in listed]
        if tv.present and parts:
            what = f"项目清单合计行的{label}"
            out.append(Relation("PX207", wan(ctx, tv, what), tuple(parts),
                                label=f"{what} = 其上各行之和", basis="其上各行之和", follows=True))
    return out


# --------------------------------------------------------------------------- list vs form


def list_form_relations(ctx, listed: ListFigures) -> list[Relation]:
    """Each matched list row's amount = its form's 年度资金总额 row, per column (PX203). The
    list copies the form: in a tie the list amount is the one to correct."""
    out = []
    for m in ctx.matches:
        if m.row is None or m.project is None or m.project.blank or m.project.total_funds is None:
            continue  # an unfilled form (未填写) is not checked
        fund = m.project.total_funds
        for col, ((_, label), fv) in enumerate(zip(LIST_COLUMNS, money_columns(fund))):
            listed_fig = listed.get((id(m.row), col))
            if listed_fig is None or fv.value is None:
                continue
            basis = f"{m.project.sheet}的{label}"
            out.append(Relation("PX203", listed_fig, (wan(ctx, fv, basis),),
                                label=f"{listed_fig.what} = {basis}", basis=basis,
                                project=project_name(m.project)))
    return out


# --------------------------------------------------------------------------- a form's funds


def fund_relations(ctx) -> list[Relation]:
    """年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金 on each form, per column (PX204);
    only the sources written count (a form without any source row is not checked)."""
    out = []
    for proj in ctx.wb.projects:
        funds = proj.funds
        total = funds.get("total")
        sources = [funds[k] for k in FUND_KEYS[1:] if k in funds]
        sources += proj.more_funds  # further source rows (单位资金 …): all count towards the total
        if total is None or not sources:
            continue
        # each source's amounts and name, and the rows without money, once per form
        named = [(money_columns(f), f"{proj.sheet}的{_source_name(proj, f)}") for f in sources]
        # a row with no amount other than 0 in any column (上年结转资金 0 / 0 / 0, or blank)
        # states the project has no such source
        without_money = [amounts for amounts, _ in named if not any(v.value for v in amounts)]
        project = project_name(proj)
        for col, ((_, label), tv) in enumerate(zip(LIST_COLUMNS, money_columns(total))):
            parts = tuple(wan(ctx, amounts[col], f"{name}（{label}）")
                          for amounts, name in named if amounts[col].present)
            if tv.value is None or not parts:
                continue
            what = f"{proj.sheet}的年度资金总额（{label}）"
            empty = frozenset(figure_key(amounts[col]) for amounts in without_money)
            out.append(Relation("PX204", wan(ctx, tv, what), parts,
                                label=f"{what} = 当年财政拨款 + 上年结转资金 + 其他资金",
                                basis="当年财政拨款、上年结转资金、其他资金之和",
                                project=project,
                                context={"sheet": proj.sheet, "column": label,
                                         "unread": proj.unread_fund_rows},
                                empty_inputs=empty, complete=not proj.unread_fund_rows))
    return out


def _source_name(proj, fund) -> str:
    """A source row as named in messages: 当年财政拨款 …, or a further row by its own label."""
    if any(fund is row for row in proj.more_funds):
        return str(fund.label.value)
    return FUND_LABELS[fund.key]


def rate_relations(ctx) -> list[Relation]:
    """A typed 执行率 = 全年执行数 ÷ 全年预算数 on each fund row (PX505). Only the rate is
    worked out from it: a typed rate is rounded, so it never corrects an amount — but an
    amount corrected elsewhere that makes it agree is evidence for that correction."""
    out = []
    for proj in ctx.wb.projects:
        for key in FUND_KEYS:
            f = proj.funds.get(key)
            if f is None or not (f.rate.present and f.budget.present and f.executed.present):
                continue
            what = f"{proj.sheet}{FUND_LABELS[key]}的执行率"
            out.append(Relation(
                "PX505", Figure(f.rate, what, "", RATE_TOLERANCE),
                (wan(ctx, f.executed, f"{proj.sheet}{FUND_LABELS[key]}的全年执行数"),
                 wan(ctx, f.budget, f"{proj.sheet}{FUND_LABELS[key]}的全年预算数")),
                kind=RATIO, label=f"{what} = 全年执行数 ÷ 全年预算数",
                basis="全年执行数 ÷ 全年预算数", project=project_name(proj), follows=True))
    return out
