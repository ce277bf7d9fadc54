"""审核等级 of a 绩效目标申报表: the declaration framework (a TOML file) and the grade of each form.

The framework holds the review's settings — the required 二级 categories (PX702), whether a
blank pre-printed row must say ``不适用`` (PX703), the thresholds of PX710/PX715/PX718 — and
the mapping from findings to the four grades of 财预〔2015〕88号 (findings across forms, PX5xx,
do not grade: ``not_graded``): **优** no error and no warning
· **良** warnings only · **中** errors the unit can fix · **差** the table is empty (PX701) or the
amount is missing (PX711). ``perfxl.toml`` selects a file with ``declaration_framework``.

A form's grade is decided from the findings on it (:func:`findings_of`: its sheet, and in a
flat target list its project); a finding staff waived in 校验结果 does not count.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from perfxl.config import ConfigError
from perfxl.findings import Finding, Severity
from perfxl.model import Declaration, Workbook

SHIPPED = {"declaration": "declaration", "绩效目标审核": "declaration", "default": "declaration"}
GRADES = ("优", "良", "中", "差")
_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class GradeRule:
    """One grade of the mapping: given when a finding of ``codes`` or of ``severity`` (or a
    worse one) is on the form; neither set: the grade left when no other matched."""

    grade: str
    codes: frozenset[str] = frozenset()
    severity: Severity | None = None
    meaning: str = ""

    def matches(self, findings: list[Finding]) -> bool:
        if not self.codes and self.severity is None:
            return True
        return any(f.code in self.codes or (self.severity is not None
                                            and _RANK[f.severity] >= _RANK[self.severity])
                   for f in findings)


@dataclass(frozen=True)
class DeclarationFramework:
    id: str
    title: str
    required: tuple[str, ...]
    require_not_applicable: bool
    long_name: int
    quantified_min: int
    quantified_from: Decimal
    thin_goal: int
    grades: tuple[GradeRule, ...]
    not_graded: tuple[str, ...] = ()  # code prefixes whose findings do not grade a form

    def grade(self, findings: list[Finding]) -> str:
        """The grade of a form with these findings (waived ones left out)."""
        counted = [f for f in findings if not f.waived and not f.code.startswith(self.not_graded)]
        return next((g.grade for g in self.grades if g.matches(counted)), GRADES[0])

    def meaning(self, grade: str) -> str:
        return next((g.meaning for g in self.grades if g.grade == grade), "")


@dataclass(frozen=True)
class DeclarationReview:
    """One 申报表 with its findings and grade (what the result record of the form shows)."""

    declaration: Declaration
    findings: tuple[Finding, ...]
    grade: str
    framework: str

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity and not f.waived)


# --------------------------------------------------------------------------- loading


def load_declaration_framework(name: str = "declaration") -> DeclarationFramework:
    """The shipped framework (``declaration``, ``绩效目标审核``) or a .toml file; a file leaves
    out what it does not change. A wrong file or entry is a :class:`ConfigError` in Chinese."""
    if str(name).strip() in SHIPPED:
        return _SHIPPED_FRAMEWORK
    try:
        return _build({**_SHIPPED_DATA, **_read(name)})
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"申报表审核框架 {name} 的设置有误：{e}") from e


def _read(name: str) -> dict:
    ident = SHIPPED.get(str(name).strip())
    source = (resources.files("perfxl.scoring") / "frameworks" / f"{ident}.toml" if ident
              else Path(name))
    if ident is None and not source.is_file():
        raise ConfigError(f"未知的申报表审核框架：{name}（可用：declaration（绩效目标审核），"
                          "或一个框架 .toml 文件的路径）")
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
        raise ConfigError(f"申报表审核框架 {name} 无法读取：{e}") from e


def _build(data: dict) -> DeclarationFramework:
    grades = []
    for g in data["grades"]:
        grade = str(g["grade"]).strip()
        if grade not in GRADES:
            raise ValueError(f"等级“{grade}”应是 优、良、中、差 之一")
        severity = Severity(str(g["severity"]).strip()) if g.get("severity") else None
        grades.append(GradeRule(grade, frozenset(str(c).strip().upper() for c in g.get("codes", ())),
                                severity, str(g.get("meaning", ""))))
    return DeclarationFramework(
        id=str(data.get("id", "custom")), title=str(data.get("title", "")),
        required=tuple(str(x).strip() for x in data["required"]),
        require_not_applicable=bool(data["require_not_applicable"]),
        long_name=int(data["long_name"]), quantified_min=int(data["quantified_min"]),
        quantified_from=Decimal(str(data["quantified_from"])), thin_goal=int(data["thin_goal"]),
        grades=tuple(grades),
        not_graded=tuple(str(x).strip().upper() for x in data.get("not_graded", ())))


# a file of the package, never changed while perfxl runs: read once, on import (as units.toml);
# a framework file of one's own is read at every load (it may be edited between runs)
_SHIPPED_DATA = _read(SHIPPED["declaration"])
_SHIPPED_FRAMEWORK = _build(_SHIPPED_DATA)


# --------------------------------------------------------------------------- grading


def findings_of(d: Declaration, findings: list[Finding], wb: Workbook) -> list[Finding]:
    """The findings on one form: on its sheet — and where one sheet holds several forms (a flat
    target list), those naming its project. The 测算 of a one-project export (its 项目支出明细
    and 项目支出计划) is this form's estimate: its findings are the form's too."""
    shared = sum(1 for other in wb.declarations if other.sheet == d.sheet) > 1
    names = {d.name.value, d.project_key} - {None}
    estimate = ({e.sheet for e in (*wb.estimates, *wb.plans)} if len(wb.declarations) == 1
                else set())
    return [f for f in findings if (f.sheet == d.sheet and (not shared or f.project in names))
            or f.sheet in estimate]


def review_declarations(wb: Workbook, findings: list[Finding], fw: DeclarationFramework
                        ) -> list[DeclarationReview]:
    """Every 申报表 of the workbook, in reading order, with its findings and 审核等级."""
    out = []
    for d in wb.declarations:
        mine = findings_of(d, findings, wb)
        out.append(DeclarationReview(d, tuple(mine), fw.grade(mine), fw.id))
    return out
