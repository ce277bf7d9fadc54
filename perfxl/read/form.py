"""One 自评表 (项目支出绩效自评表) sheet → :class:`~perfxl.model.Project`.

Every field is found by its label (see ``labels.py``), so inserted rows/columns, moved blocks and
vertical layouts read the same as the canonical A–I form of the spec.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from perfxl.model import FundRow, Indicator, Observation, Project, Val, missing
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.form_funds import block_points, read_funds
from perfxl.read.grid import LABEL_COLS, LABEL_ROWS, Grid
from perfxl.values import normalize_label, year_of_title

TITLE_ROWS = 10  # the title sits in the first rows of a form
MAX_INDICATOR_ROWS = 500
_WEIGHT_SUFFIX = re.compile(r"^(.*?)\((\d+(?:\.\d+)?)分?\)$")


def find_title(grid: Grid, words: L.Words) -> tuple[int, int] | None:
    """The title cell ``项目支出绩效自评表`` (or ``XX项目绩效自评表``) in the first rows."""
    return grid.first(words.is_form_title, rows=range(TITLE_ROWS))


def read_form(grid: Grid, observations: list[Observation], title: tuple[int, int] | None,
              words: L.Words) -> Project:
    """Read the 自评表 whose title is at ``title`` (:func:`find_title`, found once by the
    caller that recognised the sheet), by the ``words`` of the label table in use."""
    project = Project(sheet=grid.name, title_loc=grid.loc(*title) if title else None)
    local: list[Observation] = []
    cells = CellReader(grid, local)
    project.title_year = _title_year(grid, title)
    project.name = _field(grid, cells, words, words.PROJECT_NAME, "项目名称", required=True)
    cells.project = project.name.value
    project.department = _field(grid, cells, words, words.DEPARTMENT, "主管部门")
    project.implementer = _field(grid, cells, words, words.IMPLEMENTER, "实施单位")
    read_funds(grid, cells, project, words)
    project.goal_expected, project.goal_actual = _goals(grid, cells, words)
    project.block_points = {block: points for block in words.BLOCKS
                            if (points := block_points(grid, words, block)) is not None}
    end = _indicators(grid, cells, project, words)
    if end is not None:
        _closing(grid, cells, project, words, end + 1)
        _report_further_copies(grid, cells, words, end + 1)
    # what was seen before the name was known belongs to the project too
    observations.extend(replace(o, project=o.project or project.name.value) for o in local)
    return project


def _title_year(grid: Grid, title) -> Val[int]:
    """The year of ``（2023年度）`` / ``( 2020年度)``: in the title or the rows right below it."""
    start = title[0] if title else 0
    for r in range(start, min(start + 4, grid.height)):
        for c, text in grid.row_labels(r):  # only text cells can hold the year
            if c >= 20:
                break
            if grid.origin(r, c) != (r, c):
                continue
            year = year_of_title(text)
            if year is not None:
                return Val(year, grid.loc(r, c), grid.own(r, c))
    return Val(None)


def _field(grid: Grid, cells: CellReader, words: L.Words, names, field: str,
           required: bool = False, rows: range | None = None) -> Val[str]:
    return _field_at(grid, cells, words, grid.first(L.is_one_of(*names), rows), names, field,
                     required, rows)


def _field_at(grid: Grid, cells: CellReader, words: L.Words, at: tuple[int, int] | None,
              names, field: str, required: bool = False, rows: range | None = None) -> Val[str]:
    """:func:`_field` of a label already looked for (``at``: its cell, None when absent)."""
    if at is None:
        inline = grid.inline(L.is_one_of(*names), rows)
        if inline is not None:  # 项目名称：某项目 in one cell
            return cells.text(cells.inline(*inline), field, required)
        if required:
            cells.missing(field, None, "（没有找到写着“" + field + "”的单元格）")
        return Val(None)
    value_at = grid.value_cell(*at, is_label=words.is_known_label)
    if value_at is None:
        if required:
            cells.missing(field, grid.ref(*grid.empty_value_cell(*at)))
        return Val(None, grid.loc(*grid.empty_value_cell(*at)), None)
    return cells.text(value_at, field, required)


# --------------------------------------------------------------------------- 年度总体目标


def _goals(grid: Grid, cells: CellReader, words: L.Words) -> tuple[Val[str], Val[str]]:
    goal = grid.first(L.is_one_of(*words.GOAL))
    if goal is None:
        return Val(None), Val(None)
    rows = range(goal[0], goal[0] + 4)
    expected_at = grid.first(L.is_one_of(*words.GOAL_EXPECTED), rows)
    expected = _field_at(grid, cells, words, expected_at, words.GOAL_EXPECTED,
                         "年度总体目标·预期目标", rows=rows)
    actual = _field(grid, cells, words, words.GOAL_ACTUAL, "年度总体目标·实际完成情况", rows=rows)
    if expected_at is None:
        # a form without the two sub-headers: the text sits right of the 年度总体目标 label
        at = grid.value_cell(*goal, is_label=words.is_known_label)
        expected = cells.text(at, "年度总体目标") if at else Val(None)
    return expected, actual


# --------------------------------------------------------------------------- 绩效指标


def _indicator_header(grid: Grid, words: L.Words):
    for r, c in grid.find(L.is_one_of(*words.IND_HEADERS["name"])):
        cols = L.header_map(grid, r, words.IND_HEADERS)
        if "level1" in cols or "level2" in cols:
            dev = next((cc for cc in range(grid.width)
                        if L.base(grid.label(r, cc)).startswith(words.DEVIATION_PREFIX)), None)
            if dev is not None:
                cols["deviation"] = dev
            return r, cols
    return None, {}


def _indicators(grid: Grid, cells: CellReader, project: Project, words: L.Words) -> int | None:
    """Read the indicator table; returns the row where it ends (its 总分 row, else its last
    row), None without a table."""
    header, cols = _indicator_header(grid, words)
    if header is None:
        cells.saw("missing_block", field="绩效指标表", expected="一级指标 / 二级指标 / 三级指标")
        return None
    project.indicator_header_row = header + 1
    first = header + 1
    # a two-row header (e.g. 偏差原因 sub-columns): skip rows that only continue the header
    while first < grid.height and _is_header_continuation(grid, words, first, cols):
        first += 1
    table = _Table(grid, words, cols)
    level1 = level2 = level1_weight = missing()
    level1_at = level2_at = None  # the cells they were read from
    last = min(grid.height, first + MAX_INDICATOR_ROWS)
    for r in range(first, last):
        row = grid.row(r)
        if table.is_total_row(r):
            _total_row(cells, project, r, cols)
            return r
        has_content = table.has_content(row)
        if not has_content and row.empty and not table.under_merge(r):
            total = _total_after_blank_rows(grid, table, r)
            if total is not None:  # empty spare rows just above 总分: still the table
                _total_row(cells, project, total, cols)
                return total
            return r - 1
        # a merged 一级/二级 cell counts on every row it covers and is read on its first row
        # only; a blank cell carries the value from above
        new_level1 = False
        at = _level_cell(grid, r, table.level1)
        if at is not None and at != level1_at:
            l1 = cells.text((r, table.level1), "一级指标")
            if l1.value is not None:
                name, weight = _split_weight(l1.value)
                level1, level1_at, new_level1 = Val(name, l1.loc, l1.raw), at, True
                level1_weight = Val(weight, l1.loc, l1.raw) if weight is not None else missing()
        at = _level_cell(grid, r, table.level2)
        if at is None or at != level2_at:
            l2 = cells.text((r, table.level2), "二级指标") if at is not None else missing()
            if l2.value is not None:
                level2, level2_at = Val(normalize_label(l2.value), l2.loc, l2.raw), at
            elif new_level1:  # a new 一级 starts without a 二级: do not carry the old one
                level2, level2_at = missing(), None
        if not has_content:
            continue  # a spare row the form offers (一级 merged over it), left empty
        project.indicators.append(_indicator_row(grid, cells, r, table, level1, level2,
                                                 level1_weight))
    return last - 1


INDICATOR_FIELDS = ("name", "target", "actual", "weight", "score", "deviation", "op", "unit")


class _Table:
    """The indicator table's columns, worked out once for all its rows, and the tests each row
    is put to (is it the 总分 row? does it hold an indicator?), from the row's own pass
    (:meth:`Grid.row`)."""

    def __init__(self, grid: Grid, words: L.Words, cols: dict):
        self.grid = grid
        self.total_words = words.TOTAL_ROW
        self.level1, self.level2 = cols.get("level1"), cols.get("level2")
        # the cells read for an indicator (None: the form has no such column)
        self.name, self.target, self.actual, self.weight, self.score, self.deviation, \
            self.op, self.unit = (cols.get(f) for f in INDICATOR_FIELDS)
        self.content_cols = [cols[f] for f in INDICATOR_FIELDS if f in cols]
        self.value_cols = [cols[f] for f in ("target", "actual", "weight") if f in cols]
        self.level_cols = [cols[f] for f in ("level1", "level2", "name") if f in cols]
        self.label_cols = range(cols.get("name", 3) + 1)  # where a 总分 label may sit

    def is_total_row(self, r: int) -> bool:
        """A 总分 / 合计 label in the row's first columns (up to 三级指标); a cell under a merge
        shows its merge's label."""
        label, total = self.grid.label, self.total_words
        return any(L.base(label(r, c)) in total for c in self.label_cols)

    def has_content(self, row) -> bool:
        """Anything typed in the row's own 三级指标…偏差原因 cells (merges from above do not
        count)."""
        return any(map(row.has_own, self.content_cols))

    def under_merge(self, r: int) -> bool:
        """A row whose own cells are empty but that a merge from above still covers in the
        一级/二级/三级 columns: a spare row of the form, inside the table."""
        origin = self.grid.origin
        return any(origin(r, c)[0] < r for c in self.level_cols)

    def has_values(self, r: int) -> bool:
        """Anything shown in the row's 年度指标值 / 实际完成值 / 分值 cells."""
        content = self.grid.has_content
        return any(content(r, c) for c in self.value_cols)


def _closing(grid: Grid, cells: CellReader, project: Project, words: L.Words,
             start: int) -> None:
    """评价结论 · 存在问题 · 改进措施, in the rows under the indicator table (a form that has them)."""
    rows = range(start, min(grid.height, start + TITLE_ROWS))
    if not any(grid.row_labels(r) for r in rows if r < LABEL_ROWS):
        return  # no text under the table (labels are searched in the label window only)
    project.conclusion = _field(grid, cells, words, words.CONCLUSION, "评价结论", rows=rows)
    project.problems = _field(grid, cells, words, words.PROBLEMS, "存在问题", rows=rows)
    project.measures = _field(grid, cells, words, words.MEASURES, "改进措施", rows=rows)


def _total_after_blank_rows(grid: Grid, table: _Table, r: int,
                            lookahead: int = 50) -> int | None:
    """The 总分 row, if only empty rows lie between ``r`` and it."""
    for rr in range(r + 1, min(grid.height, r + 1 + lookahead)):
        row = grid.row(rr)
        if table.is_total_row(rr):
            return rr
        if not row.empty:
            return None
    return None


def _is_header_continuation(grid: Grid, words: L.Words, r: int, cols) -> bool:
    c = cols.get("name")
    return (c is not None and grid.origin(r, c)[0] < r
            and L.base(grid.label(r, c)) in words.IND_HEADERS["name"])


def _total_row(cells: CellReader, project: Project, r: int, cols) -> None:
    if "weight" in cols:
        project.total_weight = cells.number((r, cols["weight"]), "总分行的分值", suffixes=("分",))
    if "score" in cols:
        project.total_score = cells.number((r, cols["score"]), "总分行的得分", suffixes=("分",))


def _level_cell(grid: Grid, r: int, c: int | None) -> tuple[int, int] | None:
    """Where the 一级/二级 value shown at (r, c) is (a merge's top-left), None when the cell
    shows nothing."""
    if c is None or not grid.has_content(r, c):
        return None
    return grid.origin(r, c)


def _split_weight(text: str) -> tuple[str, Decimal | None]:
    """``产出指标（50分）`` → (``产出指标``, 50)."""
    folded = normalize_label(text)
    m = _WEIGHT_SUFFIX.match(folded)
    if m:
        return m.group(1), Decimal(m.group(2))
    return folded, None


def _indicator_row(grid: Grid, cells: CellReader, r: int, table: _Table, level1, level2,
                   level1_weight) -> Indicator:
    """One indicator row, each of its cells read once."""
    def at(c: int | None) -> tuple[int, int] | None:
        return None if c is None else (r, c)

    name = cells.text(at(table.name), "三级指标")
    label = f"指标“{name.value}”" if name.value else f"第 {r + 1} 行指标"
    if name.value is None and table.name is not None and table.has_values(r):
        cells.missing(f"{label}的三级指标名称", grid.ref(r, table.name))
    op_hint = cells.text(at(table.op), "指标性质").value
    unit_hint = cells.text(at(table.unit), "计量单位").value
    target = cells.measure(at(table.target), f"{label}的年度指标值", op_hint=op_hint,
                           unit_hint=unit_hint)
    actual = cells.measure(at(table.actual), f"{label}的实际完成值", op_hint=op_hint,
                           unit_hint=unit_hint, context=target.value)
    weight = cells.number(at(table.weight), f"{label}的分值", suffixes=("分",))
    score = cells.number(at(table.score), f"{label}的得分", suffixes=("分",))
    deviation = cells.text(at(table.deviation), f"{label}的偏差原因分析及改进措施")
    # built in one call once every cell is read (observations keep the reading order)
    return Indicator(row=r + 1, level1=level1, level2=level2, name=name, target=target,
                     actual=actual, weight=weight, score=score, deviation=deviation,
                     level1_weight=level1_weight)


# --------------------------------------------------------------------------- one form per sheet


def _report_further_copies(grid: Grid, cells: CellReader, words: L.Words, start: int) -> None:
    """An observation for each further 自评表 below the first one's table (the form pasted again into the
    same sheet): only the first is read, and the user must know the others were not."""
    for r, c in _further_titles(grid, words, start):
        name = _name_below(grid, words, r)
        cells.saw("extra_form", grid.ref(r, c), row=r + 1, context=name or "")


def _further_titles(grid: Grid, words: L.Words, start: int) -> list[tuple[int, int]]:
    """Title cells at or below row ``start`` that lead their row and have a 项目名称 under them
    (a note that merely mentions the form is no title)."""
    hits = []
    for r in range(start, grid.height):
        row = grid.rows[r]
        if not any(v.__class__ is str and "表" in v for v in row):
            continue  # cheap: most rows below a form are empty or numbers
        c = next((c for c in range(len(row)) if grid.has_own_content(r, c)), None)
        if (c is not None and words.is_form_title(grid.label(r, c))
                and _name_label_below(grid, words, r)):
            hits.append((r, c))
    return hits


def _name_label_below(grid: Grid, words: L.Words, r: int) -> tuple[int, int] | None:
    for rr in range(r + 1, min(grid.height, r + 1 + TITLE_ROWS)):
        for c in range(min(len(grid.rows[rr]), LABEL_COLS)):
            if grid.has_own_content(rr, c) and L.base(grid.label(rr, c)).startswith(
                    words.PROJECT_NAME):
                return rr, c
    return None


def _name_below(grid: Grid, words: L.Words, r: int) -> str | None:
    """The 项目名称 of a further copy, for the message (inline ``项目名称：…`` or the next cell)."""
    at = _name_label_below(grid, words, r)
    if at is None:
        return None
    head, sep, rest = grid.label(*at).partition(":")
    if sep and rest.strip():
        return str(grid.own(*at)).replace("：", ":", 1).partition(":")[2].strip() or None
    value_at = grid.value_cell(*at, is_label=words.is_known_label)
    text = str(grid.value(*value_at)).strip() if value_at else ""
    return text[:60] or None
