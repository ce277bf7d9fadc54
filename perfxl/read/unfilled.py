"""Forms not filled in yet (未填写): set aside, never graded, one note each.

A 自评表 is 未填写 when nothing that could be graded was written: no 实际完成值 in its indicator
table, no 执行数 other than 0, a 总分 that is empty or 0 — and either no amount at all (the blank
form of ``perfxl template``, a blank export) or an empty indicator table (no indicator row with a
name or target). Such a form is moved from ``Workbook.projects`` to ``Workbook.blank_forms``:
scoring and the rules never see it, and the reader records one ``form_not_filled`` observation
on its title cell instead of an observation per empty cell (the rules word it once).

A 项目清单 with nothing written (no 单位名称, 评价年度, 项目个数, 预算总金额, no project row) is
未填写 too: one note, not a missing-field finding per header field.
"""

from __future__ import annotations

from perfxl.model import Observation, Project, Unit, Val, Workbook
from perfxl.read.exports import is_export

FORM_FILLED, LIST_FILLED = "填写完成的自评表", "填写完成的项目清单"  # what the note expects


def written(v: Val) -> bool:
    """Something is in the cell: a value, or text that could not be read as one (``约2万``)."""
    return v.present or (v.raw is not None and str(v.raw).strip() != "")


def _nonzero(v: Val) -> bool:
    """Written and not 0 (a blank export shows 0.00 in its money cells)."""
    return written(v) and not (v.present and v.value == 0)


def is_unfilled_form(p: Project) -> bool:
    """Nothing gradable written (see the module docstring)."""
    if any(written(i.actual) for i in p.indicators):
        return False
    if any(_nonzero(f.executed) for f in p.funds.values()):
        return False
    if _nonzero(p.total_score):
        return False
    no_amounts = not any(_nonzero(f.budget) or _nonzero(f.initial_budget)
                         for f in p.funds.values())
    no_indicators = not any(written(i.name) or written(i.target) for i in p.indicators)
    return no_amounts or no_indicators


def is_unfilled_list(u: Unit) -> bool:
    """A 项目清单 with no header field and no project row written."""
    fields = (u.name, u.year, u.as_of_month, u.declared_count, u.declared_total)
    return not u.rows and not any(written(v) for v in fields)


def set_aside_unfilled(wb: Workbook) -> None:
    """After every sheet is read: move the unfilled 自评表 to ``blank_forms`` and note each
    unfilled form once (``form_not_filled``, on its title cell)."""
    normal = "年末前从系统导出的空自评表属正常；" if is_export(wb) else ""
    for project in list(wb.projects):
        if is_unfilled_form(project):
            project.blank = True
            wb.projects.remove(project)
            wb.blank_forms.append(project)
            wb.observations.append(Observation(
                "form_not_filled", project.sheet,
                project.title_loc.cell if project.title_loc else None,
                field=project.name.value or project.sheet, expected=FORM_FILLED,
                context=normal, project=project.name.value))
    if wb.unit is not None and is_unfilled_list(wb.unit):
        title = wb.unit.title_loc
        wb.observations.append(Observation("form_not_filled", wb.unit.sheet,
                                           title.cell if title else None, field="项目清单",
                                           expected=LIST_FILLED))
