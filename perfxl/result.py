"""The one result contract: what a run found in each workbook, and the run's exit code.

Every output is made from it: the terminal text, ``check FILE`` JSON, ``check DIR`` JSON lines,
the batch record that the manifest stores and the summary workbook and history read (see
:func:`WorkbookResult.to_dict`, the JSON Schema ``perfxl/schema/result.schema.json`` and
``docs/results.md``). The per-workbook object is plain JSON — str/int/bool/None, amounts as
exact Decimal strings ("144.9552"), never floats — so a batch sends it between processes and
keeps it on disk without the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from perfxl.findings import Finding, Severity
from perfxl.model import Project, Workbook
from perfxl.rules.common import norm_text
from perfxl.scoring.declaration import DeclarationReview
from perfxl.scoring.types import ProjectScore
from perfxl.result_parts import (  # noqa: F401  (dec: summary's; the rest: this contract's parts)
    MONITORED, SCORED, UNFILLED, dec, declaration_dict, finding_dict, monitoring_dict,
    parcel_dict, project_dict, project_list_dict, statement_dict, unfilled_dict)

SCHEMA = "perfxl-result/1"
"""The version of the contract, in every JSON document (``"schema"``): a consumer checks it."""

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2

PERIOD_UNKNOWN = "期间不明"
"""``period_source`` of a workbook that was read but says no year anywhere: it has no period
(``period`` null) and is never dated by the clock."""

CHECKED = "checked"
UNRECOGNISED = "unrecognised"
"""A workbook in which no form was recognised (a salary table …): read, but not ours — never
written into, no findings, not a unit, exit code 0 (``"unrecognised"`` says why)."""
# Statuses of a file that was processed. Anything else (error, skipped-…) means "not processed".
OK_STATUSES = frozenset({CHECKED, "written", "written-copy", "written-beside", "unchanged",
                         "up-to-date", UNRECOGNISED})

"""A project's ``status``: a graded 自评表; a 自评表 not filled in (未填写: never graded nor
averaged); an 执行监控表 (its month's figures, not graded)."""


@dataclass
class WorkbookResult:
    """One workbook's result: the model read, its findings and scores, and what the run did."""

    path: Path
    error: str | None = None  # file-level error: the workbook could not be read (or processed)
    workbook: Workbook | None = None
    findings: list[Finding] = field(default_factory=list)
    scores: list[ProjectScore] = field(default_factory=list)
    status: str = CHECKED  # checked (check) · written (run) · unrecognised · error / skipped-…
    output: Path | None = None  # the file the results were written to (run)
    message: str | None = None  # one Chinese sentence on what the run did (run)
    # staff decisions of the last 校验结果 whose finding is gone (dropped when written again)
    stale_decisions: int = 0
    modified: str | None = None  # the file's modification time when it was read (ISO, local)
    reviews: list[DeclarationReview] = field(default_factory=list)  # each 申报表 with its 审核等级

    def count(self, severity: Severity) -> int:
        """The findings of this severity that count: the one definition behind ``counts``, the
        exit code and every error count (a finding staff marked 已核实无误 or 不适用 is listed
        but does not count)."""
        return sum(1 for f in self.findings if f.severity == severity and not f.waived)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in Severity}

    @property
    def failed(self) -> bool:
        """The file could not be processed (unreadable, locked, crashed …)."""
        return bool(self.error) or self.status not in OK_STATUSES

    @property
    def period(self) -> str | None:
        """数据截至 as ``YYYY-MM`` (the 项目清单's 数据截至, else the year and month the forms
        say; see :attr:`Workbook.month`), or None when no year is known."""
        year = self.year
        return f"{year:04d}-{self.workbook.month:02d}" if year else None

    @property
    def period_source(self) -> str | None:
        """Where :attr:`period` was read (:func:`period_source`)."""
        return period_source(self.workbook)

    @property
    def year(self) -> int | None:
        wb = self.workbook
        if wb is None:
            return None
        return (wb.unit.as_of_year.value if wb.unit is not None else None) or wb.year

    @property
    def unrecognised(self) -> str | None:
        """Why no form was recognised in the workbook (Chinese), None when one was."""
        return self.workbook.unrecognised if self.workbook is not None else None

    @property
    def unfilled(self) -> list[Project]:
        """The 自评表 not filled in (未填写), listed with the projects; those of a system export
        are not (its project is its 执行监控表's row; a blank 自评表 is normal before year end)."""
        wb = self.workbook
        if wb is None or wb.declarations or wb.monitorings:
            return []
        return list(wb.blank_forms)

    @property
    def exit_code(self) -> int:
        return file_exit_code(failed=self.failed, errors=self.count(Severity.ERROR))

    def to_dict(self) -> dict:
        """The one per-workbook JSON object (:func:`workbook_dict`)."""
        return workbook_dict(self)


# --------------------------------------------------------------------------- the period


def period_source(wb: Workbook | None) -> str | None:
    """Where a workbook's period was read, in Chinese (None when nothing was read).

    The year and the month follow :attr:`Workbook.year` and :attr:`Workbook.month`: the
    项目清单's 数据截至 when it names a year (``数据截至``); else the year from 评价年度 or the first
    form's title — ``（YYYY年度）`` of a 自评表 or 执行监控表, a 申报表's budget year — with the
    month from 数据截至, from an 执行监控表's ``1-N月``, or, when the file names none, the year
    end (``（年末）``: a 自评表 or 申报表 is a year's form). A workbook naming no year is
    :data:`PERIOD_UNKNOWN`: never dated by the clock. An unrecognised workbook is not ours:
    it has no period to tell (None)."""
    if wb is None or wb.unrecognised:
        return None
    unit = wb.unit
    if unit is not None and unit.as_of_year.value:
        return "数据截至"
    year = _year_source(wb)
    if year is None:
        return PERIOD_UNKNOWN
    if unit is not None and unit.as_of_month.value:
        return f"{year}+数据截至"
    if not wb.projects and any(m.month.value for m in wb.monitorings):
        return f"{year}+1-N月"
    return f"{year}（年末）"


def _year_source(wb: Workbook) -> str | None:
    """Which part of the file gave :attr:`Workbook.year` (the same order)."""
    if wb.unit is not None and wb.unit.year.value is not None:
        return "评价年度"
    for label, forms in (("自评表年度", wb.projects), ("执行监控表年度", wb.monitorings),
                         ("申报表预算年度", wb.declarations), ("自评表年度", wb.blank_forms)):
        if any(f.title_year.value is not None for f in forms):
            return label
    return None


# --------------------------------------------------------------------------- the plain object


def empty_record(path: Path, *, status: str, error: str | None = None,
                 message: str | None = None) -> dict:
    """The per-workbook object of a file of which nothing was read (unusable config, timed
    out, its worker crashed …)."""
    return WorkbookResult(path=Path(path), error=error, status=status, message=message).to_dict()


def is_failed(doc: dict) -> bool:
    """The per-workbook object of a file that could not be processed."""
    return doc["status"] not in OK_STATUSES


def is_unrecognised(doc: dict) -> bool:
    """The per-workbook object of a workbook that is not ours (no form recognised): listed
    apart (未识别文件), never a unit, a project or a period."""
    return doc["status"] == UNRECOGNISED


# --------------------------------------------------------------------------- exit codes
# The one place exit codes are decided: a file's, and a run's as the worst of its files'.


def file_exit_code(*, failed: bool, errors: int) -> int:
    """2 the file could not be processed, 1 it has error findings, 0 clean. ``errors``: the
    error findings that count (:meth:`WorkbookResult.count`, as in ``counts``: not waived)."""
    if failed:
        return EXIT_TROUBLE
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def doc_exit_code(doc: dict) -> int:
    """:func:`file_exit_code` of a per-workbook object (its ``counts`` leave waived findings
    out, like :meth:`WorkbookResult.count`)."""
    return file_exit_code(failed=is_failed(doc), errors=doc["counts"].get("error", 0))


def run_exit_code(file_codes: Iterable[int], *, trouble: bool = False) -> int:
    """A run's exit code: the worst of its files'; 2 when nothing was found or something
    outside the files went wrong (``trouble``: a path missing, a folder unlistable, the
    summary not written)."""
    codes = list(file_codes)
    if trouble or not codes:
        return EXIT_TROUBLE
    return max(codes)


def stale_decisions_note(n: int) -> str:
    """The sentence that reports, once, the decisions dropped with the findings they were on."""
    return f"{n} 条处理意见对应的问题已不存在，已删除"


# --------------------------------------------------------------------------- to_dict


def workbook_dict(r: WorkbookResult) -> dict:
    """The per-workbook JSON object: what the file is, what the run did, the 项目清单, the
    projects (自评表 with scores and indicators; 执行监控表 with their month), the land
    parcels and the findings (in sheet/cell order). ``rel``, ``fingerprint`` and ``reused`` are
    filled in by a batch (the path relative to its folder; bookkeeping for the manifest), and
    ``duplicate_of``/``duplicate_reason`` when the batch finds the workbook is an older copy of
    another one's submission (:mod:`perfxl.summary.duplicates`)."""
    wb = r.workbook
    doc: dict = {
        "schema": SCHEMA, "path": str(r.path), "rel": Path(r.path).name,
        "status": "error" if r.error and r.status in OK_STATUSES else r.status,
        "error": r.error, "message": r.message, "output": str(r.output) if r.output else None,
        "unit": None, "department": None, "year": r.year, "month": None, "period": r.period,
        "period_source": r.period_source, "modified": r.modified,
        "duplicate_of": None, "duplicate_reason": None, "counts": r.counts,
        "project_list": None, "projects": [], "parcels": [],
        "findings": [finding_dict(f) for f in sorted(r.findings, key=Finding.sort_key)],
        "export": False, "fingerprint": None, "reused": False,
        "stale_decisions": r.stale_decisions,
        "forms": [], "unrecognised": r.unrecognised, "declarations": [], "statements": [],
    }
    if wb is None:
        return doc
    doc["forms"] = wb.forms
    if r.unrecognised:
        return doc
    doc["month"] = wb.month if r.period else None  # 期间不明: no month made up either
    if wb.unit is not None:
        doc["unit"] = wb.unit.name.value
        doc["project_list"] = project_list_dict(wb)
    doc["projects"] = [project_dict(ps, wb.parcels) for ps in r.scores]
    doc["projects"] += [unfilled_dict(p) for p in r.unfilled]
    doc["parcels"] = [parcel_dict(p) for p in wb.parcels]
    doc["declarations"] = [declaration_dict(rv) for rv in r.reviews]
    doc["statements"] = [statement_dict(ws) for ws in wb.statements]
    if wb.declarations or wb.monitorings:  # a system export: one project, named by its unit
        forms = [*wb.projects, *wb.monitorings, *wb.declarations, *wb.blank_forms]
        implementer = next((f.implementer.value for f in forms if f.implementer.value), None)
        department = next((f.department.value for f in forms if f.department.value), None)
        doc["export"], doc["department"] = True, department
        doc["unit"] = doc["unit"] or implementer or department
        scored = {norm_text(p["name"]) for p in doc["projects"]}
        doc["projects"] += [monitoring_dict(m) for m in wb.monitorings
                            if norm_text(m.name.value or m.sheet) not in scored]
    return doc
