"""A flat target list → one :class:`~perfxl.model.Declaration` per project.

What budget systems export for a whole department: one row per indicator, the project repeated
on every row — ``项目编码 · 项目名称 · 一级指标 · 二级指标 · 三级指标 · 指标值 · 指标解释``, maybe
申请单位, 年度目标 and the amounts as further columns. Recognised by its header row (a 三级指标
column and the project's 项目名称 or 项目编码 in the same row), never by the sheet's name. Rows
belong to the project of their 项目编码 (else 项目名称); an empty project cell (a merge, or a
value written once) continues the project above.
"""

from __future__ import annotations

import re


from perfxl.model import DeclaredIndicator, Declaration, Loc, Observation, Val
from perfxl.read import declaration_labels as D
from perfxl.read import exports as X
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.declaration import code_of
from perfxl.read.declaration_table import read_target
from perfxl.read.grid import Grid

HEADER_ROWS = 20
TITLES = ("绩效目标申报表", "绩效目标表", "绩效目标清单")  # a list's own title: its year
MAX_ROWS = 20_000

LIST_PROJECT = ("code", "project_name")  # the fields that name a row's project
_FIELD_COLUMNS = ("code", "project_name", "applicant", "department", "period", "total", "year",
                  "policy", "calc", "goal_year", "goal_long")


def columns() -> dict[str, tuple[str, ...]]:
    """Column key → its labels: the header fields of a form and the indicator table's columns
    (``name`` is the project's name, ``indicator`` the 三级指标)."""
    out = {("name" if k == "project_name" else k): D.field(k) for k in _FIELD_COLUMNS}
    for key, words in D.headers().items():
        out["indicator" if key == "name" else key] = words
    return out


def find_list_header(grid: Grid) -> int | None:
    """The header row of a flat target list: 三级指标 and 项目名称/项目编码 side by side (the
    first row of the first HEADER_ROWS holding both; each looked up in the label index)."""
    rows = range(HEADER_ROWS)
    indicator = {r for r, _ in grid.find(L.is_one_of("三级指标"), rows)}
    if not indicator:
        return None
    project = L.is_one_of(*(w for k in LIST_PROJECT for w in D.field(k)))
    return min(indicator.intersection(r for r, _ in grid.find(project, rows)), default=None)


def read_target_list(grid: Grid, header: int, observations: list[Observation]
                     ) -> list[Declaration]:
    cols = L.header_map(grid, header, columns())
    year = X.title_year(grid, (0, 0))
    if year.value is None:
        year = _title_year(grid, header)
    forms: dict[str, Declaration] = {}
    carry: dict[str, Val] = {}
    local: list[Observation] = []
    cells = CellReader(grid, local)
    for r in range(header + 1, min(grid.height, header + 1 + MAX_ROWS)):
        if grid.row_is_empty(r):
            break
        first = grid.label(r, min(c for k, c in cols.items() if isinstance(k, str)))
        if L.base(first) in L.TOTAL_ROW or L.is_note(first):
            break
        key = _project_key(grid, r, cols)
        if key is None:
            key = carry.get("key")
            if key is None:
                continue
        else:
            carry = {"key": key}
        d = forms.get(key)
        if d is None:
            d = forms[key] = _new_form(grid, header, cols, key, year)
        cells.project = d.name.value or _name_in(grid, r, cols) or d.project_key
        _fill_fields(grid, cells, r, cols, d)
        ind = _indicator(grid, cells, r, cols, carry)
        if ind is not None:
            d.year_indicators.append(ind)
    observations.extend(local)
    return list(forms.values())


_YEAR_TITLE = re.compile(r"^(\d{4})年")


def _title_year(grid: Grid, header: int) -> Val[int]:
    """``2024年项目支出绩效目标表``: a title above the header that starts with its year."""
    for r in range(header):
        for c, text in grid.row_labels(r):
            m = _YEAR_TITLE.match(text)
            if m and text.endswith(TITLES):
                return Val(int(m.group(1)), Loc(grid.name, grid.ref(r, c)), grid.own(r, c))
    return Val(None)


def _cell(cols: dict, r: int, key: str) -> tuple[int, int] | None:
    c = cols.get(key)
    return None if c is None else (r, c)


def _project_key(grid: Grid, r: int, cols: dict) -> str | None:
    for key in ("code", "name"):
        at = _cell(cols, r, key)
        if at is not None and grid.has_own_content(*at):
            return f"{key}:{str(grid.own(*at)).strip()}"
    return None


def _name_in(grid: Grid, r: int, cols: dict) -> str | None:
    at = _cell(cols, r, "name")
    return str(grid.own(*at)).strip() or None if at is not None else None


def _new_form(grid: Grid, header: int, cols: dict, key: str, year: Val[int]) -> Declaration:
    d = Declaration(sheet=grid.name, layout="list", project_key=key.partition(":")[2],
                    title_year=year)
    used = [c for k, c in cols.items() if isinstance(k, str)]
    d.table_loc = Loc(grid.name, f"{grid.ref(header, min(used))}:{grid.ref(header, max(used))}")
    d.explanation_column = "explanation" in cols
    return d


def _fill_fields(grid: Grid, cells: CellReader, r: int, cols: dict, d: Declaration) -> None:
    """The project's fields from the first of its rows that has each."""
    texts = (("name", "name", "项目名称"), ("applicant", "implementer", "申请单位"),
             ("department", "department", "主管部门"), ("period", "period", "实施期限"),
             ("policy", "policy_basis", "政策依据"), ("calc", "calc_basis", "测算依据"),
             ("goal_year", "goal_year", "年度目标"), ("goal_long", "goal_medium", "长期目标"))
    for key, attr, field in texts:
        at = _cell(cols, r, key)
        if at is not None and getattr(d, attr).value is None and grid.has_own_content(*at):
            setattr(d, attr, cells.text(at, field))
    at = _cell(cols, r, "code")
    if at is not None and d.code.value is None and grid.has_own_content(*at):
        d.code, d.code_lost = code_of(cells.text(at, "项目编码"))
    for key, funds, field in (("total", d.medium_funds, "项目总金额"),
                              ("year", d.year_funds, "本年度项目金额")):
        at = _cell(cols, r, key)
        if at is None or (funds.get("total") and funds["total"].value is not None):
            continue
        unit = cols.get((key, "unit")) or "万元"
        if grid.has_own_content(*at) or "total" not in funds:
            funds["total"] = cells.money(at, field, unit)


def _indicator(grid: Grid, cells: CellReader, r: int, cols: dict, carry: dict
               ) -> DeclaredIndicator | None:
    for key, field in (("level1", "一级指标"), ("level2", "二级指标")):
        got = X.level_text(grid, cells, r, cols.get(key), field)
        if got is not None:
            carry[key] = got
    name_at, target_at = _cell(cols, r, "indicator"), _cell(cols, r, "target")
    explain_at = _cell(cols, r, "explanation")
    if not any(at and grid.has_content(*at) for at in (name_at, target_at, explain_at)):
        return None
    ind = DeclaredIndicator(row=r + 1, level1=carry.get("level1", Val(None)),
                            level2=carry.get("level2", Val(None)))
    ind.name = cells.text(name_at, "三级指标")
    label = f"指标“{ind.name.value}”" if ind.name.value else f"第 {r + 1} 行指标"
    op, unit = _hint(grid, _cell(cols, r, "op")), _hint(grid, _cell(cols, r, "unit"))
    ind.target = cells.measure(target_at, f"{label}的指标值", op_hint=op, unit_hint=unit)
    ind.reading = read_target(ind, op, unit)
    if explain_at is not None:
        ind.explanation = cells.text(explain_at, f"{label}的指标解释")
    return ind


def _hint(grid: Grid, at) -> str | None:
    if at is None or not grid.has_content(*at):
        return None
    return str(grid.value(*at)).strip() or None


__all__ = ["find_list_header", "read_target_list"]
