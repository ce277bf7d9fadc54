"""What the report states, taken from a checked workbook: one place both the draft and the
check get their figures from, so the two cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.result import WorkbookResult
from perfxl.findings import Finding
from perfxl.model import ListRow, Project
from perfxl.report.names import match, place_names
from perfxl.scoring.types import ProjectScore


@dataclass
class ProjectFacts:
    seq: int  # 1-based position in the report
    name: str  # as in 项目清单 (else the 自评表)
    names: list[str]  # every name the workbook uses for it (项目清单, 自评表)
    budget: Decimal | None  # 全年预算数（万元）
    executed: Decimal | None
    summary: str | None  # 项目清单 项目概况 (else 年度总体目标·预期目标)
    list_row: ListRow | None = None
    project: Project | None = None
    score: ProjectScore | None = None


@dataclass
class ReportFacts:
    unit: str
    year: int | None
    projects: list[ProjectFacts] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # the workbook's findings

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def total(self) -> Decimal:
        """预算总金额 computed from the projects' budgets (not the declared figure)."""
        return sum((p.budget for p in self.projects if p.budget is not None), Decimal(0))

    @property
    def places(self) -> list[str]:
        return place_names(self.unit)


def collect_facts(result: WorkbookResult) -> ReportFacts:
    wb = result.workbook
    if wb is None:
        raise ValueError(result.error or "工作簿无法读取")
    unit = (wb.unit.name.value if wb.unit else None) or ""
    facts = ReportFacts(unit=unit, year=wb.year, findings=list(result.findings))
    scores = {id(s.project): s for s in result.scores}
    rows = list(wb.unit.rows) if wb.unit else []
    if rows:
        forms = _pair_forms(rows, wb.projects, facts.places)
        for i, row in enumerate(rows):
            facts.projects.append(_from_row(i + 1, row, forms.get(i), scores))
    else:
        for i, p in enumerate(wb.projects):
            facts.projects.append(_from_form(i + 1, p, scores.get(id(p))))
    return facts


def _pair_forms(rows: list[ListRow], forms: list[Project], places) -> dict[int, Project]:
    """项目清单 row index → its 自评表, by name; unnamed leftovers pair by position."""
    paired = match([r.name.value or "" for r in rows], [[p.name.value or ""] for p in forms],
                   places)
    out = {i: forms[j] for i, j in paired.items()}
    free = [p for j, p in enumerate(forms) if j not in paired.values()]
    for i in range(len(rows)):
        if i not in out and free and not (rows[i].name.value or "").strip():
            out[i] = free.pop(0)
    return out


def _from_row(seq: int, row: ListRow, form: Project | None, scores) -> ProjectFacts:
    fund = form.total_funds if form else None
    budget = row.budget.value
    if budget is None:
        budget = row.initial_budget.value
    if budget is None and fund is not None:
        budget = fund.budget.value
    executed = row.executed.value
    if executed is None and fund is not None:
        executed = fund.executed.value
    names = [n for n in (row.name.value, form.name.value if form else None) if n]
    summary = row.summary.value or (form.goal_expected.value if form else None)
    return ProjectFacts(seq=seq, name=(names or [f"项目{seq}"])[0], names=names, budget=budget,
                        executed=executed, summary=summary, list_row=row, project=form,
                        score=scores.get(id(form)) if form else None)


def _from_form(seq: int, p: Project, score: ProjectScore | None) -> ProjectFacts:
    fund = p.total_funds
    name = p.name.value or p.sheet
    return ProjectFacts(seq=seq, name=name, names=[name],
                        budget=fund.budget.value if fund else None,
                        executed=fund.executed.value if fund else None,
                        summary=p.goal_expected.value, project=p, score=score)
