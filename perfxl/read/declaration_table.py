"""The indicator table of a 申报表: ``一级指标 · 二级指标 · 三级指标 · 目标值 · 指标解释``, in one
column group (a sheet form, perfxl's blank) or two side by side (the 一体化 export: medium term
and year, see :mod:`perfxl.read.declaration`).

Some forms add ``指标性质`` and ``计量单位`` columns: read into the target like the 自评表's.
A pre-printed 二级 row with nothing filled in is kept as a ``printed`` indicator (the review asks
about it); a row written ``不适用`` is read as written. The table ends at the first empty row,
at ``总分``, at a footnote (``备注：…``) or at a header field's row (``测算依据``).
"""

from __future__ import annotations

from dataclasses import dataclass

from perfxl.model import DeclaredIndicator, Declaration, Loc, Val, missing
from perfxl.values import Target, parse_op, parse_target
from perfxl.values.targets import for_name
from perfxl.read import declaration_labels as D
from perfxl.read import exports as X
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.grid import Grid, Row

MAX_ROWS = 300



def _column_keys() -> dict[str, str]:
    """Header label → column key (level1, level2, name, target, explanation, op, unit)."""
    return {word: key for key, words in D.headers().items() for word in words}


@dataclass
class Table:
    """Where the table is: its header row (0-based) and column groups (field → column)."""

    header: int
    groups: list[dict]


def find_table(grid: Grid) -> Table | None:
    """The first header row with a 三级指标 column (a merge counted at its top row)."""
    for r, c in grid.find(L.is_one_of("三级指标")):
        if grid.origin(r, c)[0] != r:
            continue
        groups = _groups(X.header_cells(grid, r), _column_keys())
        if groups:
            return Table(r, groups)
    return None


def _groups(header: list[tuple[int, str]], keys: dict[str, str]) -> list[dict]:
    groups, current = [], {}
    for c, text in header:
        key = keys.get(text)
        if key is None:
            continue
        if key in current or (key in ("level1", "level2") and "name" in current):
            groups.append(current)
            current = {}
        current[key] = c
    if current:
        groups.append(current)
    return [g for g in groups if "name" in g]


def _which(grid: Grid, r: int, groups: list[dict]) -> tuple[dict, dict | None]:
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


def read_indicators(grid: Grid, cells: CellReader, d: Declaration, table: Table | None) -> None:
    """Fill ``d``'s indicators (and where its table is) from ``table``; no table is an
    observation (a 申报表 without its indicator table cannot be reviewed)."""
    if table is None:
        cells.saw("missing_block", field="绩效指标表",
                  expected="一级指标 / 二级指标 / 三级指标 / 目标值", context="申报表中")
        return
    header = table.header
    year, medium = _which(grid, header, table.groups)
    cols = [c for g in table.groups for c in g.values()]
    d.table_loc = Loc(grid.name, f"{grid.ref(header, min(cols)).split(':')[0]}:"
                                 f"{grid.ref(header, max(cols)).split(':')[-1]}")
    d.explanation_column = "explanation" in year
    level1_col = (medium or year).get("level1")
    keep_printed = medium is None  # the export has no pre-printed rows
    ends = _Ends(grid, table.groups, level1_col, year)
    first = header + 1
    carry = {"l1": Val(None), "y2": Val(None), "m2": Val(None)}
    for r in range(first, min(grid.height, first + MAX_ROWS)):
        row = grid.row(r)
        if ends.stops(row):
            break
        if _is_repeat_header(grid, r, table.groups):
            continue
        carry["l1"] = _level(grid, cells, r, level1_col, "一级指标", first) or carry["l1"]
        if medium is not None:
            carry["m2"] = _level(grid, cells, r, medium.get("level2"), "二级指标", first) or carry["m2"]
            ind = _row(grid, cells, r, medium, carry["l1"], carry["m2"], "中期")
            if ind:
                d.medium_indicators.append(ind)
        carry["y2"] = _level(grid, cells, r, year.get("level2"), "二级指标", first) or carry["y2"]
        ind = _row(grid, cells, r, year, carry["l1"], carry["y2"], "年度" if medium else "")
        if ind is None and keep_printed and _printed(row, year):
            ind = DeclaredIndicator(row=r + 1, level1=carry["l1"], level2=carry["y2"],
                                    printed=True)
        if ind:
            d.year_indicators.append(ind)


def _level(grid: Grid, cells: CellReader, r: int, c: int | None, field: str, first: int):
    """A 一级/二级 cell of row ``r``; None under a merge begun on an earlier row of the table:
    that row read it and the carry holds it (a merged 一级 is read once, not once a row)."""
    if c is not None and first <= grid.origin(r, c)[0] < r:
        return None
    return X.level_text(grid, cells, r, c, field)


class _Ends:
    """Where the table ends: the first empty row (a merge from above still counts), ``总分`` /
    ``合计`` or a footnote (``备注：…``, ``填表人：``) in the row's first column, or a header
    field below the table (``测算依据 | …`` across the row, as exports put it: a field's label
    left of the table's columns). What each row is tested against is worked out once, and a
    row's own cells once (:meth:`Grid.row`)."""

    def __init__(self, grid: Grid, groups: list[dict], level1_col: int | None, g: dict):
        self.grid, self.groups, self.words = grid, groups, L.words()
        self.first_col = level1_col if level1_col is not None else g.get("level2", g["name"])
        self.left = min(c for g in groups for c in g.values())  # columns left of the table

    def stops(self, row: Row) -> bool:
        grid, words, r = self.grid, self.words, row.r
        if row.empty and not any(grid.origin(r, g["name"])[0] < r for g in self.groups):
            return True
        if row.has_own(self.first_col):
            text = grid.label(r, self.first_col)
            if L.base(text) in words.TOTAL_ROW or words.is_note(text):
                return True
        for c in row.own:  # ascending
            if c >= self.left:
                return False
            if D.is_field(grid.label(r, c), words):
                return True
        return False


def _is_repeat_header(grid: Grid, r: int, groups) -> bool:
    return any(grid.label(r, g["name"]) == "三级指标" for g in groups)


def _printed(row: Row, g: dict) -> bool:
    """A pre-printed 二级 row: its 二级 cell written on this very row, nothing else filled."""
    c = g.get("level2")
    return c is not None and row.has_own(c)


def _row(grid: Grid, cells: CellReader, r: int, g: dict, level1, level2,
         which: str) -> DeclaredIndicator | None:
    """The indicator of row ``r`` in group ``g``; None when its 三级指标, 目标值 and 指标解释 are
    all empty. Each cell is read once: a filled 三级指标 already says the row has content."""
    name_at = (r, g["name"])
    target_at = (r, g["target"]) if "target" in g else None
    explain_at = (r, g["explanation"]) if "explanation" in g else None
    name = cells.text(name_at, f"{which}三级指标")
    if name.value is None and not any(at and grid.has_content(*at)
                                      for at in (name_at, target_at, explain_at)):
        return None
    label = f"{which}指标“{name.value}”" if name.value else f"第 {r + 1} 行{which}指标"
    if name.value is None:
        cells.missing(f"{label}的三级指标名称", grid.ref(*name_at))
    op, unit = _hint(grid, r, g.get("op")), _hint(grid, r, g.get("unit"))
    target = cells.measure(target_at, f"{label}的指标值", op_hint=op, unit_hint=unit)
    explanation = (cells.text(explain_at, f"{label}的指标解释") if explain_at is not None
                   else missing())
    ind = DeclaredIndicator(row=r + 1, level1=level1, level2=level2, name=name, target=target,
                            explanation=explanation)
    ind.reading = read_target(ind, op, unit)
    return ind


def read_target(ind: DeclaredIndicator, op: str | None, unit: str | None) -> Target | None:
    """The 目标值 by the target grammar, with the 指标性质 / 计量单位 columns' words around it
    (``≥`` · ``120`` · ``人`` → ``≥120人``); None when there is no target."""
    t = ind.target.value
    if t is None:
        return None
    text = t.text + (unit if unit and not t.text.endswith(unit) else "")
    # the cell's own reading (parse_measure) when nothing was added to its text: parsed once
    reading = (for_name(t.reading, ind.name.value) if t.reading is not None and text == t.text
               else parse_target(text, ind.name.value))
    hint = parse_op(op) if op else None
    if hint is not None and reading.op is None and reading.number is not None:
        reading = parse_target(hint.value + text, ind.name.value)
    return reading


def _hint(grid: Grid, r: int, c: int | None) -> str | None:
    if c is None or not grid.has_content(r, c):
        return None
    return str(grid.value(r, c)).strip() or None
