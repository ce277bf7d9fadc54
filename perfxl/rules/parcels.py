"""The 土地流转明细 parcels by project, and how their figures must agree, as relations for the
root-cause vote: 金额 = 面积 × 单价 (PX301), a 小计 row's 金额 and 面积 = Σ its parcels (PX207,
PX303), a project's parcels ÷ 10000 = its budget in 万元 (PX302).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.model import ListRow, Parcel, Project, Val
from perfxl.rules.amounts import wan, yuan
from perfxl.rules.common import TEN_THOUSAND, norm_text, num
from perfxl.rules.matching import best_match
from perfxl.rules.root_cause import PRODUCT, Figure, Relation

AREA_TOLERANCE = Decimal("0.0001")
"""Areas (亩) and rates (元/亩) are compared to 0.0001 (finer than any figure staff type)."""


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


def land_relations(ctx) -> list[Relation]:
    """Every relation of the land sheet, in report order: each parcel's 金额 = 面积 × 单价,
    each project's parcels = its budget, each 小计 row = its parcels."""
    figures = parcel_figures(ctx)
    return [*parcel_rate_relations(ctx, figures), *parcel_budget_relations(ctx, figures),
            *subtotal_relations(ctx, figures)]


@dataclass
class ParcelFigures:
    """Each parcel's 金额 and 面积 as figures, by ``id`` of the parcel, made once: PX301, PX302,
    PX207 and PX303 take part in the same cells with the same words."""

    amount: dict[int, Figure]
    area: dict[int, Figure]


def parcel_figures(ctx) -> ParcelFigures:
    parcels = [p for p in ctx.wb.parcels if not p.is_subtotal]
    return ParcelFigures(
        amount={id(p): yuan(ctx, p.amount, f"第{p.row}行地块的金额")
                for p in parcels if p.amount.present},
        area={id(p): Figure(p.area, f"第{p.row}行地块的面积", "亩", AREA_TOLERANCE)
              for p in parcels if p.area.present})


def parcel_rate_relations(ctx, figures: ParcelFigures) -> list[Relation]:
    """金额（元）= 面积（亩）× 单价（元/亩·年）on each parcel row (PX301)."""
    out = []
    for p in ctx.wb.parcels:
        if p.is_subtotal or not (p.area.present and p.rate.present and p.amount.present):
            continue
        amount = figures.amount[id(p)]
        out.append(Relation(
            "PX301", amount,
            (figures.area[id(p)], Figure(p.rate, f"第{p.row}行地块的单价", "元/亩", AREA_TOLERANCE)),
            kind=PRODUCT, label=f"{amount.what} = 面积 × 单价",
            basis=f"面积 {num(p.area.value)} 亩 × 单价 {num(p.rate.value)} 元/亩",
            project=p.project_name.value or None, context={"parcel": p}))
    return out


def parcel_budget_relations(ctx, figures: ParcelFigures) -> list[Relation]:
    """A land project's budget (万元) = Σ its parcels' 金额 (元) ÷ 10000 (PX302)."""
    out = []
    for g in ctx.parcel_groups:
        amounts = [p for p in g.parcels if p.amount.present]
        found = group_budget(ctx, g)
        if not amounts or found is None:
            continue
        budget, where, _ = found
        total_yuan = sum((p.amount.value for p in amounts), Decimal(0))
        out.append(Relation(
            "PX302", wan(ctx, budget, where), tuple(figures.amount[id(p)] for p in amounts),
            scale=1 / TEN_THOUSAND, label=f"{where} = 土地流转明细中该项目各地块金额之和 ÷ 10000",
            basis=f"土地流转明细中该项目各地块金额之和 {num(total_yuan)} 元",
            project=g.name or None))
    return out


def subtotal_relations(ctx, figures: ParcelFigures) -> list[Relation]:
    """Each 小计 row's 金额 (PX207) and 面积 (PX303) = Σ its parcels'."""
    out = []
    for g in ctx.parcel_groups:
        sub = g.subtotal
        if sub is None:
            continue
        amounts = [figures.amount[id(p)] for p in g.parcels if p.amount.present]
        if sub.amount.present and amounts:
            what = f"“{g.name}”小计行的金额"
            out.append(Relation("PX207", yuan(ctx, sub.amount, what), tuple(amounts),
                                label=f"{what} = 其上各地块金额之和", basis="其上各地块金额之和",
                                project=g.name or None, follows=True))
        areas = [figures.area[id(p)] for p in g.parcels if p.area.present]
        if sub.area.present and areas:
            what = f"“{g.name}”小计行的面积"
            out.append(Relation("PX303", Figure(sub.area, what, "亩", AREA_TOLERANCE),
                                tuple(areas), label=f"{what} = 其上各地块面积之和",
                                basis="其上各地块面积之和", project=g.name or None, follows=True))
    return out
