"""The JSON of each part of a workbook's result: a finding, a project and its indicators, a
parcel, an 执行监控表, a 申报表 and its review, a written statement.

:func:`perfxl.result.workbook_dict` puts them together into the one per-workbook object (the
result contract, ``perfxl/schema/result.schema.json``); amounts are exact Decimal strings.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.findings import Finding, Severity
from perfxl.model import Monitoring, Parcel, Project, Val, Workbook
from perfxl.scoring.declaration import DeclarationReview
from perfxl.scoring.rates import execution_rate
from perfxl.scoring.types import IndicatorScore, ProjectScore
from perfxl.values import fmt_decimal

SCORED, UNFILLED, MONITORED = "scored", "unfilled", "monitoring"  # a project's status in the result


def statement_dict(ws) -> dict:
    """A sum written in a text field (:class:`~perfxl.model_estimate.WrittenStatement`): where,
    what was written, and its exact evaluation."""
    s = ws.statement
    return {"sheet": ws.loc.sheet if ws.loc else None, "cell": ws.loc.cell if ws.loc else None,
            "field": ws.field, "project": ws.project, "text": s.text,
            "computed": fmt_decimal(s.computed), "written": fmt_decimal(s.written),
            "unit": s.unit, "holds": s.holds, "rounded_up": s.rounded_up_last_digit}


def dec(v) -> str | None:
    """An exact decimal string ("144.9552") of a Decimal or a :class:`Val`, or None."""
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


def finding_dict(f: Finding) -> dict:
    return {"code": f.code, "severity": f.severity.value, "message": f.message, "sheet": f.sheet,
            "cell": f.cell, "expected": f.expected, "actual": f.actual, "project": f.project,
            "decision": f.decision, "consequence_of": f.consequence_of}


def project_list_dict(wb: Workbook) -> dict:
    u = wb.unit
    budgets = [row.budget.value for row in u.rows if row.budget.value is not None]
    return {
        "sheet": u.sheet, "name": dec(u.name), "year": u.year.value, "as_of_month": wb.month,
        "declared_count": u.declared_count.value, "declared_total": dec(u.declared_total),
        "listed_count": len(u.rows), "listed_total": dec(sum(budgets, Decimal(0))),
        "rows": [{"name": row.name.value, "budget": dec(row.budget)} for row in u.rows],
    }


def project_dict(ps: ProjectScore, parcels: list[Parcel]) -> dict:
    """A scored 自评表."""
    p = ps.project
    total = p.total_funds
    name = p.name.value
    return {
        "form": "自评表", "status": SCORED, "name": name or p.sheet, "sheet": p.sheet,
        "year": p.title_year.value, "budget": dec(total.budget) if total else None,
        "initial_budget": dec(total.initial_budget) if total else None,
        "executed": dec(total.executed) if total else None,
        "execution_rate": dec(ps.execution_rate), "execution_score": dec(ps.execution_score),
        "categories": {k: dec(v) for k, v in ps.categories.items()},
        "total_score": dec(ps.total), "grade": ps.grade, "framework": ps.framework,
        "month": None, "progress": None,
        "indicators": [indicator_dict(s) for s in ps.indicators],
        "parcels": [parcel_dict(x) for x in parcels if x.project_name.value == name],
    }


def unfilled_dict(p: Project) -> dict:
    """A 自评表 not filled in (未填写): named, never graded — no amounts, score or grade."""
    return {
        "form": "自评表", "status": UNFILLED, "name": p.name.value or p.sheet, "sheet": p.sheet,
        "year": p.title_year.value, "budget": None, "initial_budget": None, "executed": None,
        "execution_rate": None, "execution_score": None, "categories": {}, "total_score": None,
        "grade": None, "framework": None, "month": None, "progress": None, "indicators": [],
        "parcels": [],
    }


def monitoring_dict(mon: Monitoring) -> dict:
    """An 执行监控表: its month's figures, no score yet (执行率 against 全年预算数, else
    年初预算数; 序时进度 = month ÷ 12)."""
    f = mon.total_funds
    budget = executed = rate = initial = None
    if f is not None:
        budget = next((b.value for b in (f.budget, f.initial_budget) if b.present), None)
        initial, executed = f.initial_budget.value, f.executed.value
        rate = execution_rate(budget, executed)
        if rate is None and f.rate.present:
            rate = f.rate.value
    month = mon.month.value
    return {
        "form": "执行监控表", "status": MONITORED, "name": mon.name.value or mon.sheet,
        "sheet": mon.sheet,
        "year": mon.title_year.value, "budget": dec(budget), "initial_budget": dec(initial),
        "executed": dec(executed), "execution_rate": dec(rate), "execution_score": None,
        "categories": {}, "total_score": None, "grade": None, "framework": None,
        "month": month, "progress": dec(Decimal(month) / 12) if month else None,
        "indicators": [], "parcels": [],
    }


def indicator_dict(s: IndicatorScore) -> dict:
    i = s.indicator
    return {
        "row": i.row, "level1": dec(i.level1), "level2": dec(i.level2), "name": dec(i.name),
        "category": s.category, "target": _text(i.target), "actual": _text(i.actual),
        "weight": dec(s.weight), "method": s.method, "score": dec(s.score),
        "staff_score": dec(i.score), "problem": s.problem, "band": s.band,
        "target_reading": _reading(i.target),
    }


def _reading(v: Val) -> dict | None:
    """How the target grammar read a target text (None for a number cell or no target)."""
    reading = getattr(v.value, "reading", None)
    return None if reading is None else reading.as_dict()


def parcel_dict(p: Parcel) -> dict:
    return {"sheet": p.sheet, "row": p.row, "project": dec(p.project_name),
            "village": dec(p.village), "area": dec(p.area), "rate": dec(p.rate),
            "amount_yuan": dec(p.amount), "subtotal": p.is_subtotal}


def declaration_dict(rv: DeclarationReview) -> dict:
    """A 绩效目标申报表 read, with its 审核等级 (listed even when it has no finding)."""
    d = rv.declaration
    year, total = d.year_amount, d.total_amount
    return {
        "form": "申报表", "sheet": d.sheet, "layout": d.layout, "code": d.code.value,
        "code_lost": d.code_lost, "name": d.name.value or d.project_key or d.sheet,
        "applicant": d.implementer.value, "department": d.department.value,
        "year": d.title_year.value, "amount": dec(year), "amount_cell": _cell(year),
        "total_amount": dec(total),
        "funds": {k: dec(v) for k, v in d.year_funds.items() if k != "total"},
        "grade": rv.grade, "framework": rv.framework,
        "counts": {s.value: rv.count(s) for s in Severity},
        "indicators": [declared_indicator_dict(i) for i in d.year_indicators if not i.printed],
    }


def _cell(v: Val) -> str | None:
    return str(v.loc) if v.loc is not None else None


def declared_indicator_dict(i) -> dict:
    """One 三级指标 of a 申报表 with its target as the target grammar reads it."""
    t = i.reading
    return {"row": i.row, "level1": i.level1.value, "level2": i.level2.value,
            "name": i.name.value, "target": _text(i.target),
            "kind": t.kind if t else None, "op": t.op.value if t and t.op else None,
            "number": dec(t.number) if t and t.number is not None else None,
            "unit": t.unit if t else None, "explanation": i.explanation.value}
