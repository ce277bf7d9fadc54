"""Results as pandas tables, for analysts: ``perfxl.frames(paths)``.

The tables are made from the one result contract (:meth:`perfxl.result.WorkbookResult.to_dict`),
so they say exactly what ``perfxl check --format json`` says. Money stays exact: the money
columns hold :class:`decimal.Decimal` objects (pandas dtype ``object``), so
``frames(...).projects["budget"].sum()`` is ``Decimal('144.9552')``, never a binary float.
pandas is imported only here, when a caller asks for tables (the command line never does).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from perfxl.config import resolve_config
from perfxl.discover import discover
from perfxl.pipeline import check_file

if TYPE_CHECKING:  # pragma: no cover
    import pandas

PROJECT_MONEY = ("budget", "initial_budget", "executed")
"""Project columns in 万元, as Decimal."""
PROJECT_NUMBERS = ("execution_rate", "execution_score", "total_score")
"""Project columns that are exact decimals (a rate as a fraction, points)."""
INDICATOR_NUMBERS = ("weight", "score", "staff_score")


@dataclass
class Frames:
    """The tables of one or more workbooks.

    - ``projects``: one row per form scored or read (workbook, unit, period, form, project, sheet,
      status, 全年预算数 ``budget`` / 年初预算数 ``initial_budget`` / 全年执行数 ``executed`` in 万元,
      ``execution_rate`` as a fraction, ``execution_score``, ``total_score``, ``grade``, ``framework``).
    - ``indicators``: one row per indicator (workbook, project, sheet, row, 一级/二级 ``level1``/
      ``level2``, ``name``, ``category``, ``target`` and its parsed ``target_op``/``target_value``/
      ``target_unit``, ``actual``, ``weight``, ``score``, ``staff_score``, ``method``, ``band``).
    - ``findings``: one row per finding (workbook, project, code, severity, sheet, cell,
      message, ``expected`` 应为, ``actual`` 实际, ``decision`` 处理意见).
    - ``workbooks``: one row per workbook (path, status, unit, period, counts, error).
    """

    workbooks: pandas.DataFrame
    projects: pandas.DataFrame
    indicators: pandas.DataFrame
    findings: pandas.DataFrame


def frames(paths: str | Path | Iterable[str | Path], *, config_file: Path | None = None
           ) -> Frames:
    """Check the workbooks at ``paths`` (files or folders, as ``perfxl check`` takes them) and
    return their results as pandas DataFrames (see :class:`Frames`). Nothing is written."""
    import pandas as pd

    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, missing = discover([Path(p) for p in paths])
    if missing:
        raise FileNotFoundError(f"文件或文件夹不存在：{'、'.join(str(p) for p in missing)}")
    docs = [check_file(f, resolve_config(f, config_file=config_file)).to_dict() for f in files]
    rows = _Rows()
    for doc in docs:
        rows.add(doc)
    return Frames(workbooks=pd.DataFrame(rows.workbooks, columns=_WORKBOOK_COLUMNS),
                  projects=pd.DataFrame(rows.projects, columns=_PROJECT_COLUMNS),
                  indicators=pd.DataFrame(rows.indicators, columns=_INDICATOR_COLUMNS),
                  findings=pd.DataFrame(rows.findings, columns=_FINDING_COLUMNS))


_WORKBOOK_COLUMNS = ["workbook", "status", "unit", "department", "period", "projects", "errors",
                     "warnings", "error"]
_PROJECT_COLUMNS = ["workbook", "unit", "period", "form", "project", "sheet", "status", "year",
                    "month", *PROJECT_MONEY, *PROJECT_NUMBERS, "grade", "framework"]
_INDICATOR_COLUMNS = ["workbook", "project", "sheet", "row", "level1", "level2", "name",
                      "category", "target", "target_op", "target_value", "target_unit", "actual",
                      "method", *INDICATOR_NUMBERS, "band", "problem"]
_FINDING_COLUMNS = ["workbook", "project", "code", "severity", "sheet", "cell", "message",
                    "expected", "actual", "decision"]


def _exact(value) -> Decimal | None:
    """A number of the result contract (a decimal string there) as Decimal; None stays None."""
    if value is None or value == "":
        return None
    return Decimal(str(value))


class _Rows:
    def __init__(self) -> None:
        self.workbooks: list[dict] = []
        self.projects: list[dict] = []
        self.indicators: list[dict] = []
        self.findings: list[dict] = []

    def add(self, doc: dict) -> None:
        workbook = doc.get("rel") or doc["path"]
        counts = doc.get("counts") or {}
        self.workbooks.append({
            "workbook": workbook, "status": doc.get("status"), "unit": doc.get("unit"),
            "department": doc.get("department"), "period": doc.get("period"),
            "projects": len(doc.get("projects") or []), "errors": counts.get("error", 0),
            "warnings": counts.get("warning", 0), "error": doc.get("error")})
        for p in doc.get("projects") or []:
            self.projects.append({
                "workbook": workbook, "unit": doc.get("unit"), "period": doc.get("period"),
                "form": p.get("form"), "project": p.get("name"), "sheet": p.get("sheet"),
                "status": p.get("status"), "year": p.get("year"), "month": p.get("month"),
                **{k: _exact(p.get(k)) for k in PROJECT_MONEY + PROJECT_NUMBERS},
                "grade": p.get("grade"), "framework": p.get("framework")})
            for i in p.get("indicators") or []:
                target = i.get("parsed_target") or {}
                self.indicators.append({
                    "workbook": workbook, "project": p.get("name"), "sheet": p.get("sheet"),
                    "row": i.get("row"), "level1": i.get("level1"), "level2": i.get("level2"),
                    "name": i.get("name"), "category": i.get("category"),
                    "target": i.get("target"), "target_op": target.get("op"),
                    "target_value": _exact(target.get("number")),
                    "target_unit": target.get("unit"), "actual": i.get("actual"),
                    "method": i.get("method"),
                    **{k: _exact(i.get(k)) for k in INDICATOR_NUMBERS},
                    "band": i.get("band"), "problem": i.get("problem")})
        for f in doc.get("findings") or []:
            self.findings.append({
                "workbook": workbook, "project": f.get("project"), "code": f.get("code"),
                "severity": f.get("severity"), "sheet": f.get("sheet"), "cell": f.get("cell"),
                "message": f.get("message"), "expected": f.get("expected"),
                "actual": f.get("actual"), "decision": f.get("decision")})
