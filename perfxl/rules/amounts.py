"""Amount comparisons shared by the money and land rules, and 元/万元 slip detection (PX206).

Each :class:`Comparison` is one typed figure against what the other figures imply (预算总金额 vs
the sum of the list, a list amount vs its form, a parcel's 金额 vs 面积 × 单价, a project's
parcels vs its budget). When the gap is exactly a factor of 10,000 the comparison carries a
:class:`Slip`: the figure was typed in 元 where 万元 belongs (or the reverse). PX206 reports the
slip with the amount probably meant, and the plain mismatch rule (PX201/PX203/PX207/PX301/PX302)
stays silent for that pair — one mistake, one finding.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.model import ListRow, Parcel, Project, Val
from perfxl.rules.common import TEN_THOUSAND, differs, norm_text, num, project_name
from perfxl.rules.matching import best_match


def yuan_tolerance(ctx) -> Decimal:
    """The money tolerance in 元 (0.0001 万元 → 1 元), for the land sheet's 元 columns."""
    return ctx.framework.money_tolerance * TEN_THOUSAND


LIST_COLUMNS = (("initial_budget", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数"))
money_columns = operator.attrgetter(*(attr for attr, _ in LIST_COLUMNS))
"""The three amount Vals of a list row or fund row, in LIST_COLUMNS order (one C-level call:
the money rules read them for every row)."""


@dataclass(frozen=True)
class Slip:
    """A figure that looks typed in the wrong unit, and what it probably meant."""

    val: Val  # the cell in the wrong unit
    meant: Decimal  # the amount probably meant, in ``unit``
    unit: str  # the unit the cell is in by its column: "万元" or "元"
    typed: str  # the unit it seems to have been typed in
    what: str  # what the cell holds, e.g. "预算总金额"
    reason: str  # why, e.g. "是项目清单各项目全年预算数之和 144.9552 万元的一万倍"
    project: str | None = None


@dataclass(frozen=True)
class Comparison:
    """A typed figure against the value the other figures imply (same unit)."""

    val: Val  # the typed figure (where a plain mismatch is reported)
    expected: Decimal
    tolerance: Decimal
    unit: str
    what: str
    basis: str  # where ``expected`` comes from, in Chinese
    project: str | None = None
    slip: Slip | None = None

    @property
    def actual(self) -> Decimal:
        return self.val.value

    @property
    def mismatch(self) -> bool:
        return differs(self.actual, self.expected, self.tolerance)


# How far from 10,000 the ratio of two amounts may be and still read as a 元/万元 slip.
SLIP_RATIO = (Decimal(9000), Decimal(11000))


def ten_thousand_times(big: Decimal, small: Decimal, tolerance: Decimal) -> bool:
    """``big`` is ``small`` × 10,000 (compared in ``small``'s unit to its tolerance).

    Near the tolerance the scaled comparison alone says nothing (0.0002 ÷ 10000 and 0.0001 are
    "equal" to 1 元), so the ratio itself must be close to 10,000 too, and an amount below the
    tolerance in ``small``'s unit (under 1 元) is never taken for the amount meant.
    """
    if small == 0 or min(abs(small), abs(big) / TEN_THOUSAND) < tolerance:
        return False
    return (not differs(big / TEN_THOUSAND, small, tolerance)
            and SLIP_RATIO[0] <= big / small <= SLIP_RATIO[1])


def typed_in_other_unit(typed: Decimal, meant: Decimal, unit: str, tolerance: Decimal) -> bool:
    """``typed``, in a ``unit`` column ("万元" or "元", tolerance in that unit), is the amount
    ``meant`` written in the other unit: 10,000× it in a 万元 column, 1/10,000 in a 元 column."""
    if unit == "万元":
        return ten_thousand_times(typed, meant, tolerance)
    return ten_thousand_times(meant, typed, tolerance / TEN_THOUSAND)


def report_slip(cmp: Comparison, ctx) -> bool:
    """True when this mismatch is left to PX206 (it is a unit slip and PX206 is on)."""
    return cmp.slip is not None and ctx.enabled("PX206")


# --------------------------------------------------------------------------- 项目清单 totals


def total_comparison(total: Val, parts: list[tuple[Val, str]], unit: str, what: str,
                     basis: str, tol: Decimal, project: str | None = None) -> Comparison:
    """A typed total against the sum of its parts (each part: value and what it is).

    A slip is named when the total itself is 10,000× off from the sum, or when exactly one
    part, read in the other unit, makes the sum equal the total. In a 万元 column the slip is
    an amount typed in 元 (÷ 10000); in a 元 column an amount typed in 万元 (× 10000).
    """
    s = sum((v.value for v, _ in parts), Decimal(0))
    to_unit = (lambda x: x / TEN_THOUSAND) if unit == "万元" else (lambda x: x * TEN_THOUSAND)
    typed = "元" if unit == "万元" else "万元"
    slip = None
    if differs(total.value, s, tol):
        if typed_in_other_unit(total.value, s, unit, tol):
            ratio = "一万倍" if unit == "万元" else "万分之一"
            slip = Slip(total, to_unit(total.value), unit, typed, what,
                        f"是{basis} {num(s)} {unit}的{ratio}", project)
        else:
            # the one part that, read in the other unit, makes the sum agree: it is that
            # unit's reading of the amount the total needs it to be
            hits = [(v, w) for v, w in parts
                    if typed_in_other_unit(v.value, total.value - (s - v.value), unit, tol)]
            if len(hits) == 1:
                v, w = hits[0]
                slip = Slip(v, to_unit(v.value), unit, typed, w,
                            f"按 {num(to_unit(v.value))} {unit} 计，各项之和正好等于{what} "
                            f"{num(total.value)} {unit}", project)
    return Comparison(total, s, tol, unit, what, basis, project, slip)


def declared_total_comparison(ctx) -> Comparison | None:
    """预算总金额 against the sum of the list's 全年预算数 (PX201); None when there is nothing
    to compare or the two agree."""
    unit = ctx.wb.unit
    if unit is None or not unit.declared_total.present:
        return None
    parts = [(r.budget, f"项目清单第{r.row}行的全年预算数") for r in unit.rows if r.budget.present]
    if not parts:
        return None
    cmp = total_comparison(unit.declared_total, parts, "万元", "预算总金额",
                           "项目清单各项目全年预算数之和", ctx.framework.money_tolerance)
    return cmp if cmp.mismatch else None


def list_total_comparisons(ctx) -> Iterator[tuple[str, Comparison]]:
    """The typed 合计 row of 项目清单 against its rows, per column (PX207): the mismatches."""
    unit = ctx.wb.unit
    if unit is None or unit.total_row is None:
        return
    tol = ctx.framework.money_tolerance
    for attr, label in LIST_COLUMNS:
        tv = getattr(unit.total_row, attr)
        if not tv.present:
            continue
        parts = [(getattr(r, attr), f"项目清单第{r.row}行的{label}") for r in unit.rows
                 if getattr(r, attr).present]
        if parts:
            cmp = total_comparison(tv, parts, "万元", f"项目清单合计行的{label}", "其上各行之和",
                                   tol)
            if cmp.mismatch:
                yield label, cmp


def subtotal_comparisons(ctx) -> Iterator[tuple["ParcelGroup", Comparison]]:
    """Each 土地流转明细 小计 row's 金额 against its parcels, in 元 (PX207): the mismatches."""
    for g in ctx.parcel_groups:
        sub = g.subtotal
        if sub is None or not sub.amount.present:
            continue
        parts = [(p.amount, f"第{p.row}行地块的金额") for p in g.parcels if p.amount.present]
        if parts:
            cmp = total_comparison(sub.amount, parts, "元", f"“{g.name}”小计行的金额",
                                   "其上各地块金额之和", yuan_tolerance(ctx), g.name or None)
            if cmp.mismatch:
                yield g, cmp


# --------------------------------------------------------------------------- list vs form


def list_form_comparisons(ctx) -> Iterator[Comparison]:
    """Each matched list row's amounts against its form's 年度资金总额 row (PX203): the
    mismatches."""
    tol = ctx.framework.money_tolerance
    for m in ctx.matches:
        if m.row is None or m.project is None or m.project.total_funds is None:
            continue
        fund = m.project.total_funds
        for (_, label), lv, fv in zip(LIST_COLUMNS, money_columns(m.row), money_columns(fund)):
            if lv.value is None or fv.value is None or not differs(lv.value, fv.value, tol):
                continue
            what = f"项目清单第{m.row.row}行“{m.row.name.value or ''}”的{label}"
            basis = f"{m.project.sheet}的{label}"
            slip = None
            if ten_thousand_times(lv.value, fv.value, tol):
                slip = Slip(lv, lv.value / TEN_THOUSAND, "万元", "元", what,
                            f"是{basis} {num(fv.value)} 万元的一万倍", project_name(m.project))
            elif ten_thousand_times(fv.value, lv.value, tol):
                slip = Slip(fv, fv.value / TEN_THOUSAND, "万元", "元", basis,
                            f"是{what} {num(lv.value)} 万元的一万倍", project_name(m.project))
            yield Comparison(lv, fv.value, tol, "万元", what, basis, project_name(m.project), slip)


# --------------------------------------------------------------------------- land parcels


@dataclass
class ParcelGroup:
    """The parcels of one project on 土地流转明细, with its 小计 row if there is one."""

    name: str
    parcels: list[Parcel] = field(default_factory=list)
    subtotal: Parcel | None = None

    @property
    def sheet(self) -> str:
        return (self.subtotal or self.parcels[0]).sheet


def parcel_groups(parcels: list[Parcel]) -> list[ParcelGroup]:
    """Consecutive parcels of the same project (a blank name continues the one above, as in a
    merged cell); a 小计 row closes the group above it."""
    groups: list[ParcelGroup] = []
    current: ParcelGroup | None = None
    for p in parcels:
        if p.is_subtotal:
            if current is not None and current.subtotal is None:
                current.subtotal = p
            current = None
            continue
        key = norm_text(p.project_name.value)
        if current is not None and (not key or key == norm_text(current.name)):
            current.parcels.append(p)
        else:
            current = ParcelGroup(str(p.project_name.value or "").strip(), [p])
            groups.append(current)
    return groups


def parcel_rate_comparisons(ctx) -> Iterator[tuple[Parcel, Comparison]]:
    """Each parcel's 金额 against 面积 × 单价, in 元 (PX301): the mismatches."""
    for p in ctx.wb.parcels:
        if p.is_subtotal or not (p.area.present and p.rate.present and p.amount.present):
            continue
        expected = p.area.value * p.rate.value
        if not differs(p.amount.value, expected, yuan_tolerance(ctx)):
            continue
        what = f"第{p.row}行地块的金额"
        slip = None
        if ten_thousand_times(expected, p.amount.value, ctx.framework.money_tolerance):
            slip = Slip(p.amount, p.amount.value * TEN_THOUSAND, "元", "万元", what,
                        f"是面积 × 单价 = {num(expected)} 元的万分之一",
                        p.project_name.value or None)
        yield p, Comparison(p.amount, expected, yuan_tolerance(ctx), "元", what,
                            f"面积 {num(p.area.value)} 亩 × 单价 {num(p.rate.value)} 元/亩",
                            p.project_name.value or None, slip)


def find_group_owner(ctx, group: ParcelGroup) -> Project | ListRow | None:
    """The form a land project's parcels belong to, else its 项目清单 row (names matched by
    similarity as in PX502: the land sheet often shortens them). Rules ask
    ``ctx.group_owners``, which holds this for every group."""
    hit = best_match(group.name, [p.name.value for p in ctx.wb.projects], ctx.places)
    if hit is not None:
        return ctx.wb.projects[hit[0]]
    rows = ctx.list_rows
    hit = best_match(group.name, [r.name.value for r in rows], ctx.places)
    return rows[hit[0]] if hit is not None else None


def group_budget(ctx, group: ParcelGroup) -> tuple[Val, str, Project | ListRow] | None:
    """The budget a land project's parcels must add up to: its form's 全年预算数, else its list
    row's. Returns (budget value, where it is written, the form or row)."""
    owner = ctx.group_owners[group.name]
    if isinstance(owner, Project):
        fund = owner.total_funds
        if fund is not None and fund.budget.present:
            return fund.budget, f"{owner.sheet}的全年预算数", owner
        owner = ctx.row_of(owner)
    if isinstance(owner, ListRow) and owner.budget.present:
        return owner.budget, f"项目清单第{owner.row}行的全年预算数", owner
    return None


def parcel_budget_comparisons(ctx) -> Iterator[tuple[ParcelGroup, Comparison]]:
    """Each land project's parcel amounts (元 ÷ 10000) against its budget in 万元 (PX302):
    the mismatches."""
    tol = ctx.framework.money_tolerance
    for g in ctx.parcel_groups:
        amounts = [p.amount for p in g.parcels if p.amount.present]
        found = group_budget(ctx, g)
        if not amounts or found is None:
            continue
        budget, where, _ = found
        total_yuan = sum((a.value for a in amounts), Decimal(0))
        expected = total_yuan / TEN_THOUSAND
        if not differs(budget.value, expected, tol):
            continue
        basis = f"土地流转明细中该项目各地块金额之和 {num(total_yuan)} 元"
        slip = None
        if ten_thousand_times(budget.value, expected, tol):
            slip = Slip(budget, budget.value / TEN_THOUSAND, "万元", "元", where,
                        f"是{basis}（即 {num(expected)} 万元）的一万倍", g.name or None)
        else:
            slip = _parcel_slip_in_sum(g, total_yuan, budget.value, yuan_tolerance(ctx))
        yield g, Comparison(budget, expected, tol, "万元", where, basis, g.name or None, slip)


def _parcel_slip_in_sum(g: ParcelGroup, total_yuan: Decimal, budget: Decimal,
                        tol: Decimal) -> Slip | None:
    """The one parcel whose 金额, read as 万元, makes the parcels equal the budget."""
    hits = [p for p in g.parcels if p.amount.value and typed_in_other_unit(
        p.amount.value, budget * TEN_THOUSAND - (total_yuan - p.amount.value), "元", tol)]
    if len(hits) != 1:
        return None
    p = hits[0]
    return Slip(p.amount, p.amount.value * TEN_THOUSAND, "元", "万元", f"第{p.row}行地块的金额",
                f"按 {num(p.amount.value * TEN_THOUSAND)} 元计，该项目各地块之和正好等于"
                f"全年预算数 {num(budget)} 万元",
                g.name or None)
