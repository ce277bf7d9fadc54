"""What every rule sees: the workbook, the framework, the computed scores, the configuration,
and the facts several rules use (the list↔form matching, the land sheet's project groups and
their owners), each worked out once per workbook as a plain cached attribute."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from perfxl.config import Config
from perfxl.model import Declaration, DeclaredIndicator, Indicator, ListRow, Project, Workbook
from perfxl.rules.amounts import money_relations
from perfxl.rules.declaration.amounts import Slip, slips
from perfxl.rules.declaration.forms import category, level2_categories, real
from perfxl.rules.estimate.relations import estimate_relations
from perfxl.rules.matching import Match, match_projects, unit_places
from perfxl.rules.parcels import ParcelGroup, find_group_owner, land_relations, parcel_groups
from perfxl.rules.root_cause import Verdict, decide
from perfxl.scoring.declaration import DeclarationFramework, load_declaration_framework
from perfxl.scoring.framework import Category, Framework
from perfxl.scoring.types import IndicatorScore, ProjectScore


@dataclass
class CheckContext:
    wb: Workbook
    framework: Framework
    scores: list[ProjectScore] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    declaration: DeclarationFramework | None = None  # already loaded by the caller, if it was

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
        """Every list row and form, paired (see :mod:`perfxl.rules.matching`). The forms not
        filled in (未填写) take part: their rows have a form, and the others pair as laid out."""
        return match_projects(self.list_rows, [*self.wb.projects, *self.wb.blank_forms],
                              self.places)

    @cached_property
    def _row_of_project(self) -> dict[int, ListRow]:
        return {id(m.project): m.row for m in self._paired}

    @cached_property
    def _paired(self) -> list[Match]:
        """Rows with a filled form: a row whose form is 未填写 is checked on its own figures,
        as a row without a form (the rules never look into an unfilled form)."""
        return [m for m in self.matches
                if m.project is not None and not m.project.blank and m.row is not None]

    def row_of(self, project: Project) -> ListRow | None:
        """The 项目清单 row matched to a form."""
        return self._row_of_project.get(id(project))

    @cached_property
    def _project_of_row(self) -> dict[int, Project]:
        return {id(m.row): m.project for m in self._paired}

    def project_of(self, row: ListRow) -> Project | None:
        """The form matched to a 项目清单 row."""
        return self._project_of_row.get(id(row))

    # ------------------------------------------------------------------ land

    @cached_property
    def parcel_groups(self) -> list[ParcelGroup]:
        """The 土地流转明细 parcels by project (four rules ask)."""
        return parcel_groups(self.wb.parcels)

    @cached_property
    def group_owners(self) -> dict[str, Project | ListRow | None]:
        """Land project name → the form its parcels belong to, else its 项目清单 row (found by
        name similarity: PX302, PX206 and PX509 ask)."""
        return {g.name: find_group_owner(self, g) for g in self.parcel_groups}

    # ------------------------------------------------------------------ root causes

    @cached_property
    def verdict(self) -> Verdict:
        """Which cell is wrong when figures disagree (:mod:`perfxl.rules.root_cause`), decided
        once over every relation of the money and land figures; PX206 reports the 元/万元
        slips. A family with figures that must agree with these adds its relations here."""
        return decide([*money_relations(self), *land_relations(self), *estimate_relations(self)],
                      self.enabled, slip_code="PX206")

    # ------------------------------------------------------------------ framework

    @cached_property
    def _categorised(self) -> dict[int, list[tuple[Indicator, Category | None]]]:
        fw = self.framework
        return {id(proj): [(ind, fw.category_of_row(ind.level1.value, ind.level2.value))
                           for ind in proj.indicators] for proj in self.wb.projects}

    def categorised(self, proj: Project) -> list[tuple[Indicator, Category | None]]:
        """Each indicator of a form with its category (:meth:`Framework.category_of_row`, the
        answer scoring uses too); worked out once for every form, as four rules ask."""
        return self._categorised[id(proj)]

    def category_names(self, proj: Project) -> set[str]:
        """The names of the categories a form has indicators in (PX401 and PX402 ask)."""
        return {cat.name for _, cat in self.categorised(proj) if cat is not None}

    @cached_property
    def _real(self) -> dict[int, list[DeclaredIndicator]]:
        return {id(d): real(d) for d in self.wb.declarations}

    def real(self, d: Declaration) -> list[DeclaredIndicator]:
        """A 申报表's real indicators (:func:`~perfxl.rules.declaration.forms.real`), picked
        out once per form, not once by each of the dozen PX7xx rules that walk them."""
        return self._real[id(d)]

    @cached_property
    def _level2(self) -> dict[int, tuple[str, str]]:
        return {id(i): level2_categories(i) for d in self.wb.declarations
                for i in d.year_indicators}

    def level2_of(self, ind: DeclaredIndicator) -> str:
        """A 申报表 row's 二级 category (:func:`~perfxl.rules.declaration.forms.level2_of`),
        its text normalised once per row, not once per rule."""
        return self._level2[id(ind)][1]

    def level2_written(self, ind: DeclaredIndicator) -> str:
        """A 申报表 row's 二级 as written (:func:`~perfxl.rules.declaration.forms.category`),
        from the same one pass."""
        return self._level2[id(ind)][0]

    def categories_of(self, ind: DeclaredIndicator) -> tuple[str, str]:
        """The categories a row counts under (its 二级 as written and its 二级 category,
        :func:`~perfxl.rules.declaration.forms.level2_categories`), from the same one pass."""
        return self._level2[id(ind)]

    @cached_property
    def _missing(self) -> dict[int, list[tuple[str, str]]]:
        required = [(w, category(w)) for w in self.declaration_framework.required]
        out = {}
        for d in self.wb.declarations:
            present = {c for i in self.real(d) for c in self.categories_of(i)}
            out[id(d)] = [(w, want) for w, want in required if want not in present]
        return out

    def missing_categories(self, d: Declaration) -> list[tuple[str, str]]:
        """The required 二级 categories without a real indicator on a 申报表, each as the
        declaration framework writes it and as compared (:func:`~perfxl.rules.declaration.
        forms.category`): worked out once per form, for PX702 that reports them and PX703
        that leaves their rows to it."""
        return self._missing[id(d)]

    @cached_property
    def _slips(self) -> dict[int, list[Slip]]:
        return {id(d): slips(d) for d in self.wb.declarations}

    def slips(self, d: Declaration) -> list[Slip]:
        """A 申报表's amounts that look typed in 元 (:func:`~perfxl.rules.declaration.amounts.
        slips`), worked out once per form: PX712 reports them, three rules stay silent."""
        return self._slips[id(d)]

    @cached_property
    def declaration_framework(self) -> DeclarationFramework:
        """The 申报表 review's settings (PX7xx), from the file ``perfxl.toml`` names (the one
        the pipeline loaded for the 审核等级 too: its TOML is parsed once per workbook). The
        PX7xx rules ask for it only for a 申报表 they check: a workbook without one never
        parses it."""
        if self.declaration is not None:
            return self.declaration
        return load_declaration_framework(self.config.declaration_framework)

    def enabled(self, code: str) -> bool:
        return self.config.is_enabled(code)
