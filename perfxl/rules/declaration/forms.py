"""What the PX7xx rules share: which rows are real indicators, their categories, names and
where a finding about a form points."""

from __future__ import annotations

from perfxl.model import DeclaredIndicator, Declaration, Loc
from perfxl.rules.common import is_empty, norm_text

OUTPUT_CATEGORIES = ("数量", "质量", "时效", "成本")
"""The 产出 二级 categories whose targets must be measurable (PX706)."""


def form_name(d: Declaration) -> str:
    """The form's project as findings name it (:func:`perfxl.scoring.declaration.findings_of`
    matches a flat list's findings by it)."""
    return str(d.name.value or d.project_key or d.sheet).strip()


def indicators(d: Declaration) -> list[DeclaredIndicator]:
    """The rows staff filled (a pre-printed row left blank is not one)."""
    return [i for i in d.year_indicators if not i.printed]


def real(d: Declaration) -> list[DeclaredIndicator]:
    """The real indicators: filled, named, not ``不适用``."""
    return [i for i in d.year_indicators if is_real(i)]


def is_real(i: DeclaredIndicator) -> bool:
    """A real indicator (see :func:`real`)."""
    return not i.printed and not is_empty(i.name.value) and not i.not_applicable


def category(text: object) -> str:
    """A 二级 (or 一级) as compared: ``社会效益指标`` → ``社会效益``; ``经济成本指标`` → ``经济成本``."""
    word = norm_text(text)
    return word[:-2] if word.endswith("指标") else word


def level2_of(ind: DeclaredIndicator) -> str:
    """The row's 二级 category (``成本`` for every row of a 成本 一级)."""
    return level2_categories(ind)[1]


def level2_categories(ind: DeclaredIndicator) -> tuple[str, str]:
    """The row's 二级 as written (:func:`category`) and its 二级 category (:func:`level2_of`),
    each text normalised once: the categories the row counts under (it sits under
    ``成本指标`` when its 二级 names it, or when a 成本 一级 of 财预〔2021〕101号 — 经济成本 ·
    社会成本 · 生态环境成本 — holds it)."""
    written = category(ind.level2.value)
    return written, "成本" if category(ind.level1.value) == "成本" else written


def name_of(ind: DeclaredIndicator) -> str:
    return str(ind.name.value or f"第{ind.row}行指标").strip()


def row_loc(d: Declaration, ind: DeclaredIndicator, *vals) -> Loc:
    """Where a finding on a row points: the first of ``vals`` read with a cell, else the row's
    三级指标, 二级 or 一级 cell, else the form's table."""
    for v in (*vals, ind.name, ind.level2, ind.level1):
        if v is not None and v.loc is not None:
            return v.loc
    return d.table_loc or Loc(d.sheet, f"C{ind.row}")


def form_loc(d: Declaration) -> Loc | None:
    """A finding about the whole form: its title, else its table."""
    return d.title_loc or d.table_loc


def text_of(v) -> str:
    value = v.value
    if value is None:
        return ""
    return str(getattr(value, "text", value)).strip()
