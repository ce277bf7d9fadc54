"""Batch records as the summary reads them, made by hand for the summary tests."""

from __future__ import annotations

from decimal import Decimal


def rec(path, unit, *, period="2023-07", projects=(), findings=(), status="written", error=None):
    year, month = period.split("-")
    return {"path": str(path), "rel": path.name, "status": status, "error": error,
            "message": None, "output": None, "unit": unit, "year": int(year), "month": int(month),
            "period": period,
            "counts": {"error": sum(1 for f in findings if f["severity"] == "error"),
                       "warning": sum(1 for f in findings if f["severity"] == "warning"),
                       "info": 0},
            "projects": list(projects), "findings": list(findings), "fingerprint": None,
            "reused": False}


def proj(name, budget, executed, score, grade):
    rate = str(Decimal(executed) / Decimal(budget))
    return {"name": name, "sheet": "自评表01", "budget": budget, "executed": executed,
            "execution_rate": rate, "total_score": score, "grade": grade}


def finding(message, severity="error", cell="D6", actual="=SUM(A1)"):
    return {"code": "PX201", "severity": severity, "message": message, "sheet": "自评表01",
            "cell": cell, "expected": "144.9552", "actual": actual, "project": "防火"}


# texts that break naive XML writers: control characters, escapes that look like Excel's own, markup
TRICKY = ["plain", " lead", "trail ", "a\x01b", "_x0041_", "a&b<c>d\"e'", "\ufffe", "tab\tin",
          "line\nbreak", "中文 空格", "=1+1", "x" * 40000, "😀" * 20000, "_x005F_x0001_"]
