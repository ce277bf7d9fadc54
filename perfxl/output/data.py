"""Results as plain data (dicts of str/int/None): the JSON contract, shared by every emitter.

Amounts and scores are strings of their exact Decimal value ("144.9552"), never floats.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.api import WorkbookResult
from perfxl.model import Parcel, Val
from perfxl.scoring.types import IndicatorScore, ProjectScore
from perfxl.values import fmt_decimal


def _s(v) -> str | None:
    if isinstance(v, Val):
        v = v.value
    if v is None:
        return None
    if isinstance(v, Decimal):
        return fmt_decimal(v)
    return str(v)


def _text(v: Val) -> str | None:
    if v.value is None:
        return None
    return getattr(v.value, "text", None) or str(v.value)


def result_to_dict(r: WorkbookResult) -> dict:
    wb = r.workbook
    out: dict = {"path": str(r.path), "error": r.error, "unit": None, "findings": [],
                 "projects": [], "parcels": []}
    if wb is None:
        return out
    u = wb.unit
    out["unit"] = None if u is None else {
        "sheet": u.sheet, "name": _s(u.name), "year": u.year.value,
        "as_of_month": wb.month, "declared_count": u.declared_count.value,
        "declared_total": _s(u.declared_total), "listed_count": len(u.rows),
        "listed_total": _s(sum((row.budget.value for row in u.rows if row.budget.value is not None),
                               Decimal(0))),
    }
    out["findings"] = [f.to_dict() for f in sorted(r.findings, key=lambda f: f.sort_key())]
    out["projects"] = [project_to_dict(ps, wb.parcels) for ps in r.scores]
    out["parcels"] = [parcel_to_dict(p) for p in wb.parcels]
    return out


def project_to_dict(ps: ProjectScore, parcels: list[Parcel]) -> dict:
    p = ps.project
    total = p.total_funds
    name = p.name.value
    return {
        "name": name,
        "sheet": p.sheet,
        "year": p.title_year.value,
        "budget": _s(total.budget) if total else None,
        "initial_budget": _s(total.initial_budget) if total else None,
        "executed": _s(total.executed) if total else None,
        "execution_rate": _s(ps.execution_rate),
        "execution_score": _s(ps.execution_score),
        "categories": {k: _s(v) for k, v in ps.categories.items()},
        "total_score": _s(ps.total),
        "grade": ps.grade,
        "framework": ps.framework,
        "indicators": [indicator_to_dict(s) for s in ps.indicators],
        "parcels": [parcel_to_dict(x) for x in parcels if x.project_name.value == name],
    }


def indicator_to_dict(s: IndicatorScore) -> dict:
    i = s.indicator
    return {
        "row": i.row, "level1": _s(i.level1), "level2": _s(i.level2), "name": _s(i.name),
        "category": s.category, "target": _text(i.target), "actual": _text(i.actual),
        "weight": _s(s.weight), "method": s.method, "score": _s(s.score),
        "staff_score": _s(i.score), "problem": s.problem, "band": s.band,
    }


def parcel_to_dict(p: Parcel) -> dict:
    return {"sheet": p.sheet, "row": p.row, "project": _s(p.project_name), "village": _s(p.village),
            "area": _s(p.area), "rate": _s(p.rate), "amount_yuan": _s(p.amount),
            "subtotal": p.is_subtotal}
