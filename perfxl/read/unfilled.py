"""Forms not filled in yet (未填写): set aside, never graded, one note each.

A 自评表 is 未填写 when nothing that could be graded was written: no 实际完成值 in its indicator
table, no 执行数 other than 0, a 总分 that is empty or 0 — and either no amount at all (the blank
form of ``perfxl template``, a blank export) or an empty indicator table (no indicator row with a
name or target). Such a form is moved from ``Workbook.projects`` to ``Workbook.blank_forms``:
scoring and the rules never see it, and the reader records one ``form_not_filled`` observation
on its title cell instead of an observation per empty cell (the rules word it once).

A form copied but not filled is 未填写 too, whatever its amounts: its indicator rows were laid out
— 一级/二级 and 分值 present — but no row has a 三级指标, a 年度指标值, a 实际完成值 or a 得分.

A 申报表 is 未填写 when nothing of it was written: no indicator row with a 三级指标 or 指标值, no
goal text and no amount other than 0. It is moved to ``Workbook.blank_declarations`` (no review,
no 审核等级, counted in no summary) with the same one note.

A 项目清单 with nothing written (no 单位名称, 评价年度, 项目个数, 预算总金额, no project row) is
未填写 too: one note, not a missing-field finding per header field.
"""

from __future__ import annotations

from perfxl.model import Declaration, Indicator, Observation, Project, Unit, Val, Workbook
from perfxl.read.exports import is_export

FORM_FILLED, LIST_FILLED = "填写完成的自评表", "填写完成的项目清单"  # what the note expects
DECLARATION_FILLED = "填写完成的申报表"


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
    if p.indicators and not any(_filled_row(i) for i in p.indicators):
        return True  # rows laid out (categories, 分值) and nothing in them: copied, not filled
    if any(_nonzero(f.executed) for f in p.funds.values()):
        return False
    if _nonzero(p.total_score):
        return False
    no_amounts = not any(_nonzero(f.budget) or _nonzero(f.initial_budget)
                         for f in p.funds.values())
    no_indicators = not any(written(i.name) or written(i.target) for i in p.indicators)
    return no_amounts or no_indicators


def _filled_row(i: Indicator) -> bool:
    """An indicator row someone filled: a 三级指标, a target, an actual or a 得分 written."""
    return written(i.name) or written(i.target) or written(i.actual) or _nonzero(i.score)


def is_unfilled_declaration(d: Declaration) -> bool:
    """A 申报表 with nothing written (see the module docstring)."""
    rows = (*d.year_indicators, *d.medium_indicators)
    if any(written(i.name) or written(i.target) for i in rows):
        return False
    if written(d.goal_year) or written(d.goal_medium):
        return False
    return not any(_nonzero(v) for v in (*d.year_funds.values(), *d.medium_funds.values()))


def _note(form: Project | Declaration, expected: str, context: str, why: str) -> Observation:
    """The one 未填写 note of a form, on its title cell; ``why`` (raw) says what is empty."""
    return Observation("form_not_filled", form.sheet,
                       form.title_loc.cell if form.title_loc else None,
                       field=form.name.value or form.sheet, expected=expected, context=context,
                       raw=why, project=form.name.value)


def _why(p: Project) -> str:
    """What makes a 自评表 unfilled, in the note's words."""
    if p.indicators and any(_nonzero(f.budget) or _nonzero(f.executed) for f in p.funds.values()):
        return "指标表只列了一级、二级指标和分值，没有三级指标，也没有实际完成值"
    return "没有金额，也没有实际完成值"


def is_unfilled_list(u: Unit) -> bool:
    """A 项目清单 with no header field and no project row written."""
    fields = (u.name, u.year, u.as_of_month, u.declared_count, u.declared_total)
    return not u.rows and not any(written(v) for v in fields)


def set_aside_unfilled(wb: Workbook) -> None:
    """After every sheet is read: move the unfilled 自评表 to ``blank_forms`` and the unfilled
    申报表 to ``blank_declarations``, and note each unfilled form once (``form_not_filled``, on
    its title cell)."""
    normal = "年末前从系统导出的空自评表属正常；" if is_export(wb) else ""
    for project in list(wb.projects):
        if is_unfilled_form(project):
            project.blank = True
            wb.projects.remove(project)
            wb.blank_forms.append(project)
            wb.observations.append(_note(project, FORM_FILLED, normal, _why(project)))
    for declaration in list(wb.declarations):
        if is_unfilled_declaration(declaration):
            wb.declarations.remove(declaration)
            wb.blank_declarations.append(declaration)
            wb.observations.append(_note(declaration, DECLARATION_FILLED, "",
                                         "没有三级指标和指标值，也没有绩效目标和金额"))
    if wb.unit is not None and is_unfilled_list(wb.unit):
        title = wb.unit.title_loc
        wb.observations.append(Observation("form_not_filled", wb.unit.sheet,
                                           title.cell if title else None, field="项目清单",
                                           expected=LIST_FILLED))
