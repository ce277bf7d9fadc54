"""项目支出绩效目标申报表 (``XX项目绩效目标表``) → :class:`~perfxl.model.Declaration`.

The form has two money columns side by side (``中期资金总额：`` and ``年度资金总额：``, each with
its ``其中：财政拨款 · 上年结转资金 · 其他资金`` rows below) and two indicator column groups:
``一级指标 · 二级指标 · 三级指标 · 指标值`` for the medium term and ``二级指标 · 三级指标 · 指标值``
for the year. A group row above (``中期指标`` / ``年度指标``) names them when present; otherwise
the group with a 一级指标 column is the medium-term one. A form with a single group holds the year
targets. The year group's rows take their 一级指标 from the medium-term column of the same row.
"""

from __future__ import annotations

from dataclasses import replace

from perfxl.model import FUND_KEYS, DeclaredIndicator, Declaration, Observation, Val
from perfxl.read import exports as X
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.grid import Grid

MAX_ROWS = 300
MEDIUM_TOTAL = ("中期资金总额", "中期资金")
YEAR_TOTAL = ("年度资金总额", "资金总额")
TARGET = ("指标值", "年度指标值", "中期指标值", "目标值")


def read_declaration(grid: Grid, observations: list[Observation]) -> Declaration:
    title = X.find_title(grid)
    d = Declaration(sheet=grid.name, title_loc=X.title_loc(grid, title))
    local: list[Observation] = []
    cells = CellReader(grid, local)
    d.title_year = X.title_year(grid, title)
    d.name = X.text_field(grid, cells, L.PROJECT_NAME, "项目名称", required=True)
    cells.project = d.name.value
    d.department = X.text_field(grid, cells, L.DEPARTMENT, "主管部门")
    d.implementer = X.text_field(grid, cells, L.IMPLEMENTER, "实施单位")
    d.medium_funds = _funds(grid, cells, MEDIUM_TOTAL, "中期资金总额")
    d.year_funds = _funds(grid, cells, YEAR_TOTAL, "年度资金总额")
    d.goal_medium = _goal(grid, cells, ("中期目标",), "总体目标·中期目标")
    d.goal_year = _goal(grid, cells, ("年度目标",), "总体目标·年度目标")
    _indicators(grid, cells, d)
    observations.extend(replace(o, project=o.project or d.name.value) for o in local)
    return d


# --------------------------------------------------------------------------- money


def _funds(grid: Grid, cells: CellReader, total_names, title: str) -> dict[str, Val]:
    at = X.first_label(grid, total_names)
    if at is None:
        return {}
    r, c = at
    out = {"total": cells.money(_slot(grid, r, c), f"{title}")}
    for rr in range(r + 1, min(r + 6, grid.height)):
        label = L.strip_qizhong(grid.label(rr, c))
        for key in FUND_KEYS[1:]:
            if key not in out and label in L.FUND_ROWS[key]:
                out[key] = cells.money(_slot(grid, rr, c), f"{title}中的{label}")
    return out


def _slot(grid: Grid, r: int, c: int) -> tuple[int, int]:
    """The value cell right of a money label, or where it should be when left empty."""
    return X.value_right(grid, r, c) or grid.empty_value_cell(r, c)


def _goal(grid: Grid, cells: CellReader, names, field: str) -> Val[str]:
    at = X.first_label(grid, names)
    if at is None:
        return Val(None)
    below = X.value_below(grid, *at)
    return cells.text(below, field) if below else Val(None)


# --------------------------------------------------------------------------- indicators


def _header(grid: Grid):
    """(header row, [group columns]) where a group is a dict level1/level2/name/target → col."""
    for r, c in grid.find(L.is_one_of("三级指标")):
        if grid.origin(r, c)[0] != r:
            continue
        groups = _groups(X.header_cells(grid, r))
        if groups:
            return r, groups
    return None, []


def _groups(header: list[tuple[int, str]]) -> list[dict]:
    groups, current = [], {}
    for c, text in header:
        key = ("level1" if text == "一级指标" else "level2" if text == "二级指标" else
               "name" if text == "三级指标" else "target" if text in TARGET else None)
        if key is None:
            continue
        if key in current or (key in ("level1", "level2") and "name" in current):
            groups.append(current)
            current = {}
        current[key] = c
    if current:
        groups.append(current)
    return [g for g in groups if "name" in g]


def _which(grid: Grid, r: int, groups: list[dict]) -> tuple[dict | None, dict | None]:
    """(year group, medium-term group): by the group row above, else by the 一级 column."""
    if len(groups) == 1:
        return groups[0], None
    year = medium = None
    if r > 0:
        for g in groups:
            above = grid.label(r - 1, g["name"])
            if "中期" in above:
                medium = g
            elif "年度" in above:
                year = g
    if year is None or medium is None:
        with_l1 = [g for g in groups if "level1" in g]
        medium = with_l1[0] if with_l1 else groups[0]
        year = next(g for g in groups if g is not medium)
    return year, medium


def _indicators(grid: Grid, cells: CellReader, d: Declaration) -> None:
    header, groups = _header(grid)
    if header is None:
        cells.saw("missing_block", field="绩效指标表",
                  expected="一级指标 / 二级指标 / 三级指标 / 指标值", context="申报表中")
        return
    year, medium = _which(grid, header, groups)
    level1_col = (medium or year).get("level1")
    first = header + 1
    carry = {"l1": Val(None), "y2": Val(None), "m2": Val(None)}
    for r in range(first, min(grid.height, first + MAX_ROWS)):
        if grid.row_is_empty(r) and not _covered(grid, r, groups):
            break
        if _is_repeat_header(grid, r, groups):
            continue
        carry["l1"] = X.level_text(grid, cells, r, level1_col, "一级指标") or carry["l1"]
        if medium is not None:
            carry["m2"] = X.level_text(grid, cells, r, medium.get("level2"), "二级指标") or carry["m2"]
            ind = _row(grid, cells, r, medium, carry["l1"], carry["m2"], "中期")
            if ind:
                d.medium_indicators.append(ind)
        carry["y2"] = X.level_text(grid, cells, r, year.get("level2"), "二级指标") or carry["y2"]
        ind = _row(grid, cells, r, year, carry["l1"], carry["y2"], "年度")
        if ind:
            d.year_indicators.append(ind)


def _covered(grid: Grid, r: int, groups) -> bool:
    return any(grid.origin(r, g["name"])[0] < r for g in groups)


def _is_repeat_header(grid: Grid, r: int, groups) -> bool:
    return any(grid.label(r, g["name"]) == "三级指标" for g in groups)


def _row(grid: Grid, cells: CellReader, r: int, g: dict, level1, level2,
         which: str) -> DeclaredIndicator | None:
    name_at = (r, g["name"])
    target_at = (r, g["target"]) if "target" in g else None
    if not grid.has_content(*name_at) and not (target_at and grid.has_content(*target_at)):
        return None
    ind = DeclaredIndicator(row=r + 1, level1=level1, level2=level2)
    ind.name = cells.text(name_at, f"{which}三级指标")
    label = f"{which}指标“{ind.name.value}”" if ind.name.value else f"第 {r + 1} 行{which}指标"
    if ind.name.value is None:
        cells.missing(f"{label}的三级指标名称", grid.ref(*name_at))
    ind.target = cells.measure(target_at, f"{label}的指标值")
    return ind
