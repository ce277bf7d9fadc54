"""A 绩效目标申报表 laid out as a form → :class:`~perfxl.model.Declaration`.

Two layouts (declaration.md "The layouts perfxl must read"), told apart by their tables:

- **one form per sheet** (``二级项目支出绩效目标申报表``; perfxl's own blank too): header fields
  in label/value pairs (``项目编码 | … | 项目名称 | …``), 项目总金额（中期规划，万元） and
  本年度项目金额（万元）, 政策依据 … 长期目标 one per row, then one indicator table
  ``一级指标 · 二级指标 · 三级指标 · 目标值 · 指标解释`` with its pre-printed 二级 rows;
- **the 一体化 export** (``XX项目绩效目标表``): two money columns side by side (``中期资金总额：``
  and ``年度资金总额：``, each with its ``其中：财政拨款 · 上年结转资金 · 其他资金`` rows below) and
  two indicator column groups, medium term and year (:mod:`perfxl.read.declaration_table`).

The third layout, a flat target list, is :mod:`perfxl.read.declaration_list`. Every field is
found by its label (the label table's ``[declaration.fields]``); what cannot be read is an
observation, never a finding.
"""

from __future__ import annotations

import re
from dataclasses import replace

from perfxl.model import FUND_KEYS, Declaration, Loc, Observation, Val
from perfxl.read import declaration_labels as D
from perfxl.read import exports as X
from perfxl.read import labels as L
from perfxl.read.cells import CellReader, as_text
from perfxl.read.declaration_table import find_table, read_indicators
from perfxl.read.grid import Grid

MEDIUM_TOTAL = ("中期资金总额", "中期资金")  # the export's money labels
YEAR_TOTAL = ("年度资金总额", "资金总额")

EXCEL_DIGITS = 15
"""Excel keeps 15 significant digits of a number: a longer 项目编码 typed as a number is lost."""
_SCIENTIFIC = re.compile(r"^[+-]?\d(?:\.\d+)?[eE][+-]?\d+$")


def read_declaration(grid: Grid, observations: list[Observation]) -> Declaration:
    title = X.find_title(grid)
    d = Declaration(sheet=grid.name, title_loc=X.title_loc(grid, title))
    local: list[Observation] = []
    cells = CellReader(grid, local)
    table = find_table(grid)
    d.layout = "export" if _is_export(grid, table) else "sheet"
    d.title_year = X.title_year(grid, title)
    d.name = _text(grid, cells, D.field("project_name"), "项目名称", required=True)
    cells.project = d.name.value
    d.code, d.code_lost = read_code(grid, cells, X.first_label(grid, D.field("code")))
    d.department = _text(grid, cells, D.field("department"), "主管部门")
    d.implementer = _text(grid, cells, D.field("applicant"), "申请单位")
    d.period = _text(grid, cells, D.field("period"), "实施期限")
    d.policy_basis = _text(grid, cells, D.field("policy"), "政策依据")
    d.calc_basis = _text(grid, cells, D.field("calc"), "测算依据")
    if d.layout == "export":
        d.medium_funds = _funds(grid, cells, MEDIUM_TOTAL, "中期资金总额")
        d.year_funds = _funds(grid, cells, YEAR_TOTAL, "年度资金总额")
        d.goal_medium = _goal_below(grid, cells, ("中期目标",), "总体目标·中期目标")
        d.goal_year = _goal_below(grid, cells, ("年度目标",), "总体目标·年度目标")
    else:
        d.medium_funds = _funds(grid, cells, D.field("total"), "项目总金额")
        d.year_funds = _funds(grid, cells, D.field("year"), "本年度项目金额")
        d.goal_medium = _goal(grid, cells, D.field("goal_long"), "长期目标")
        d.goal_year = _goal(grid, cells, D.field("goal_year"), "年度目标")
    read_indicators(grid, cells, d, table)
    observations.extend(replace(o, project=o.project or d.name.value) for o in local)
    return d


def _is_export(grid: Grid, table) -> bool:
    """The export: two indicator groups, or its 中期资金总额 money block."""
    return (table is not None and len(table.groups) > 1) or \
        X.first_label(grid, MEDIUM_TOTAL) is not None


# --------------------------------------------------------------------------- fields


def _text(grid: Grid, cells: CellReader, names, field: str, required: bool = False) -> Val[str]:
    at = X.first_label(grid, names)
    if at is None:
        if required:
            cells.missing(field, None, f"（没有找到写着“{field}”的单元格）")
        return Val(None)
    value_at = X.value_right(grid, *at, is_label=D.is_label)
    if value_at is None:
        if required:
            cells.missing(field, grid.ref(*grid.empty_value_cell(*at)))
        return Val(None, _empty_loc(grid, at))
    return cells.text(value_at, field, required)


def _empty_loc(grid: Grid, at):
    """Where an empty field's value belongs (a finding about the field points there)."""
    return Loc(grid.name, grid.ref(*grid.empty_value_cell(*at)))


def read_code(grid: Grid, cells: CellReader, at) -> tuple[Val[str], bool]:
    """项目编码 as text, and whether Excel lost it: a number of more than 15 digits is stored
    rounded (``4.403062313915e+20``) — the code is then kept as shown, never with digits made up."""
    if at is None:
        return Val(None), False
    value_at = X.value_right(grid, *at, is_label=D.is_label)
    if value_at is None:
        return Val(None, _empty_loc(grid, at)), False
    return code_of(cells.text(value_at, "项目编码"))


def code_of(v: Val[str]) -> tuple[Val[str], bool]:
    """The code a cell holds (text; a number as its digits) and whether it is a rounded number."""
    raw = v.raw
    if isinstance(raw, bool) or v.value is None:
        return v, False
    if isinstance(raw, (int, float)):
        if abs(raw) >= 10 ** EXCEL_DIGITS:
            return Val(repr(float(raw)), v.loc, raw), True
        return Val(as_text(raw), v.loc, raw), False
    text = str(v.value).strip()
    return Val(text, v.loc, raw), bool(_SCIENTIFIC.match(text))


def _goal(grid: Grid, cells: CellReader, names, field: str) -> Val[str]:
    """A goal right of its label (sheet form), else below it."""
    at = X.first_label(grid, names)
    if at is None:
        return Val(None)
    value_at = X.value_right(grid, *at, is_label=D.is_label) or X.value_below(grid, *at)
    if value_at is None or D.is_label(grid.label(*value_at)):
        return Val(None, _empty_loc(grid, at))  # left empty: the next row's label is no goal
    return cells.text(value_at, field)


def _goal_below(grid: Grid, cells: CellReader, names, field: str) -> Val[str]:
    at = X.first_label(grid, names)
    if at is None:
        return Val(None)
    below = X.value_below(grid, *at)
    return cells.text(below, field) if below else Val(None)


# --------------------------------------------------------------------------- money


def _funds(grid: Grid, cells: CellReader, total_names, title: str) -> dict[str, Val]:
    """The total right of its label and the ``其中`` rows below it, in 万元 (a label saying
    ``（元）`` is in 元). An empty total is kept with the cell it belongs in (a finding on it points there)."""
    at = X.first_label(grid, total_names)
    if at is None:
        return {}
    r, c = at
    unit = L.unit_of(grid.label(r, c)) or "万元"
    out = {"total": cells.money(_slot(grid, r, c), title, unit)}
    for rr in range(r + 1, min(r + 6, grid.height)):
        label = L.strip_qizhong(grid.label(rr, c))
        for key in FUND_KEYS[1:]:
            if key not in out and label in L.FUND_ROWS[key]:
                out[key] = cells.money(_slot(grid, rr, c), f"{title}中的{label}")
    return out


def _slot(grid: Grid, r: int, c: int) -> tuple[int, int]:
    """The value cell right of a money label, or where it should be when left empty."""
    return X.value_right(grid, r, c, is_label=D.is_label) or grid.empty_value_cell(r, c)
