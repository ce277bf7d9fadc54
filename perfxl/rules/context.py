"""What every rule sees: the workbook, the framework, the computed scores, the list↔form
matching and the configuration — computed once per run and shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from perfxl.config import Config
from perfxl.model import Indicator, ListRow, Project, Workbook
from perfxl.rules.common import norm_text
from perfxl.rules.matching import Match, match_projects, unit_places
from perfxl.scoring.framework import Category, Framework
from perfxl.scoring.types import IndicatorScore, ProjectScore


@dataclass
class CheckContext:
    wb: Workbook
    framework: Framework
    scores: list[ProjectScore] = field(default_factory=list)
    config: Config = field(default_factory=Config)

    # ------------------------------------------------------------------ scores

    @cached_property
    def _score_by_project(self) -> dict[int, ProjectScore]:
        return {id(s.project): s for s in self.scores}

    @cached_property
    def _score_by_indicator(self) -> dict[int, IndicatorScore]:
        return {id(i.indicator): i for s in self.scores for i in s.indicators}

    def score_of(self, project: Project) -> ProjectScore | None:
        return self._score_by_project.get(id(project))

    def indicator_score(self, ind: Indicator) -> IndicatorScore | None:
        return self._score_by_indicator.get(id(ind))

    @cached_property
    def scored(self) -> list[tuple[Project, Indicator, IndicatorScore | None]]:
        """(form, indicator, its score or None) for every indicator of every form, in order:
        a dozen indicator rules walk it, so it is built once."""
        by_ind = self._score_by_indicator
        return [(proj, ind, by_ind.get(id(ind))) for proj in self.wb.projects
                for ind in proj.indicators]

    @cached_property
    def by_problem(self) -> dict[str, list[tuple[Project, Indicator, IndicatorScore]]]:
        """The entries of :attr:`scored` whose score names a problem, by problem code, in
        order (the rules for one problem need not look at every indicator)."""
        out: dict[str, list] = {}
        for entry in self.scored:
            s = entry[2]
            if s is not None and s.problem is not None:
                out.setdefault(s.problem, []).append(entry)
        return out

    # ------------------------------------------------------------------ matching

    @cached_property
    def places(self) -> list[str]:
        """Place names of the unit (涞源县, 涞源镇) that prefix project names."""
        return unit_places(self.wb.unit.name.value) if self.wb.unit else []

    @cached_property
    def list_rows(self) -> list[ListRow]:
        return list(self.wb.unit.rows) if self.wb.unit else []

    @cached_property
    def matches(self) -> list[Match]:
        """Every list row and form, paired (see :mod:`perfxl.rules.matching`)."""
        return match_projects(self.list_rows, self.wb.projects, self.places)

    @cached_property
    def _row_of_project(self) -> dict[int, ListRow]:
        return {id(m.project): m.row for m in self._paired}

    @cached_property
    def _paired(self) -> list[Match]:
        return [m for m in self.matches if m.project is not None and m.row is not None]

    @cached_property
    def form_index(self) -> dict[str, int]:
        """Normalised form name → index of the first form with that name (for the land rules'
        name lookups, which mostly find an equal name)."""
        out: dict[str, int] = {}
        for k, p in enumerate(self.wb.projects):
            out.setdefault(norm_text(p.name.value), k)
        return out

    @cached_property
    def row_index(self) -> dict[str, int]:
        """Normalised list-row name → index of the first row with that name."""
        out: dict[str, int] = {}
        for k, r in enumerate(self.list_rows):
            out.setdefault(norm_text(r.name.value), k)
        return out

    def row_of(self, project: Project) -> ListRow | None:
        """The 项目清单 row matched to a form."""
        return self._row_of_project.get(id(project))

    @cached_property
    def _project_of_row(self) -> dict[int, Project]:
        return {id(m.row): m.project for m in self._paired}

    def project_of(self, row: ListRow) -> Project | None:
        """The form matched to a 项目清单 row."""
        return self._project_of_row.get(id(row))

    @cached_property
    def memo(self) -> dict:
        """Results several rules need from this workbook (e.g. the owner of a land project,
        found by name similarity), computed once per run: ``ctx.memo.setdefault(key, …)``."""
        return {}

    # ------------------------------------------------------------------ framework

    def categorised(self, proj: Project) -> list[tuple[Indicator, Category | None]]:
        """Each indicator of a form with its category; a row with empty 一级 and 二级 cells
        continues the category above it (as a merged cell would). Kept per form: several
        rules ask."""
        memo = self._categorised
        out = memo.get(id(proj))
        if out is None:
            out = memo[id(proj)] = []
            fw = self.framework
            last: Category | None = None
            for ind in proj.indicators:
                # category_of, spelled out: this runs for every indicator
                level1, level2 = ind.level1.value, ind.level2.value
                cat = fw.category_of(level1) if level1 else None
                if cat is None:
                    if level2:
                        cat = fw.category_of_level2(str(level2))
                    elif not level1:
                        cat = last
                out.append((ind, cat))
                last = cat
        return out

    def category_names(self, proj: Project) -> set[str]:
        """The names of the categories a form has indicators in (PX401 and PX402 ask)."""
        memo = self._category_names
        names = memo.get(id(proj))
        if names is None:
            names = memo[id(proj)] = {cat.name for _, cat in self.categorised(proj)
                                      if cat is not None}
        return names

    @cached_property
    def _category_names(self) -> dict[int, set[str]]:
        return {}

    @cached_property
    def _categorised(self) -> dict[int, list[tuple[Indicator, Category | None]]]:
        return {}

    def category_of(self, ind: Indicator) -> Category | None:
        """The framework category (一级指标) an indicator counts toward: by its 一级指标 text,
        else by its 二级指标 (a form that left the 一级 cell empty)."""
        fw = self.framework
        cat = fw.category_of(ind.level1.value) if ind.level1.value else None
        if cat is None and ind.level2.value:
            cat = fw.category_of_level2(str(ind.level2.value))
        return cat

    def enabled(self, code: str) -> bool:
        known = self._enabled
        if code not in known:
            known[code] = self.config.is_enabled(code)
        return known[code]

    @cached_property
    def _enabled(self) -> dict[str, bool]:
        return {}

