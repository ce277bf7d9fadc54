"""The compact per-workbook record a batch worker sends back (and the manifest keeps).

Only plain JSON data (str/int/None, amounts as exact Decimal strings), never the model: a batch
over thousands of files must keep inter-process traffic and memory small, and the manifest
stores these records verbatim so a re-run can rebuild the summary without reading the files.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perfxl.findings import SEVERITY_ORDER, Severity

# Statuses of a file that was processed. Anything else (error, skipped-…) means "not processed".
OK_STATUSES = frozenset({"checked", "written", "written-copy", "written-beside", "unchanged",
                         "up-to-date"})


def dec(v) -> str | None:
    """An exact decimal string ("144.9552"), or None."""
    if v is None:
        return None
    if isinstance(v, Decimal):
        from perfxl.values import fmt_decimal

        return fmt_decimal(v)
    return str(v)


def empty_record(path: Path, *, status: str, error: str | None = None,
                 message: str | None = None) -> dict:
    return {
        "path": str(path), "rel": Path(path).name, "status": status, "error": error,
        "message": message, "output": None, "unit": None, "year": None, "month": None,
        "period": None, "counts": {"error": 0, "warning": 0, "info": 0}, "projects": [],
        "findings": [], "fingerprint": None, "reused": False,
    }


def record_from_result(result, *, status: str, output=None, message: str | None = None) -> dict:
    """The compact record of a :class:`~perfxl.api.WorkbookResult`."""
    rec = empty_record(result.path, status=status, error=result.error, message=message)
    rec["output"] = str(output) if output else None
    if result.error and status in OK_STATUSES:
        rec["status"] = "error"
    wb = result.workbook
    if wb is not None:
        unit = wb.unit
        rec["unit"] = unit.name.value if unit is not None else None
        year = (unit.as_of_year.value if unit is not None else None) or wb.year
        rec["year"], rec["month"] = year, wb.month
        rec["period"] = f"{year:04d}-{wb.month:02d}" if year else None
    findings = sorted(result.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.sort_key()))
    rec["findings"] = [finding_dict(f) for f in findings]
    rec["counts"] = {s.value: result.count(s) for s in Severity}
    rec["projects"] = [project_row(ps) for ps in result.scores]
    if wb is not None:
        from perfxl.summary.units import add_export_fields

        add_export_fields(rec, wb)  # system exports: unit, 主管部门, 执行监控表 rows
    return rec


def finding_dict(f) -> dict:
    """``Finding.to_dict()`` without ``dataclasses.asdict`` (which deep-copies; 20× slower)."""
    return {"code": f.code, "severity": f.severity.value, "message": f.message, "sheet": f.sheet,
            "cell": f.cell, "expected": f.expected, "actual": f.actual, "project": f.project}


def project_row(ps) -> dict:
    p = ps.project
    total = p.total_funds
    return {
        "name": p.name.value or p.sheet,
        "sheet": p.sheet,
        "budget": dec(total.budget.value) if total else None,
        "executed": dec(total.executed.value) if total else None,
        "rate": dec(ps.execution_rate),
        "score": dec(ps.total),
        "grade": ps.grade,
    }


def is_failed(rec: dict) -> bool:
    """The file could not be processed (unreadable, locked, crashed …)."""
    return rec["status"] not in OK_STATUSES


def has_error_findings(rec: dict) -> bool:
    return rec["counts"].get("error", 0) > 0
