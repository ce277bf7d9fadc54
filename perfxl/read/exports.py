"""What the forms exported by the 预算管理一体化 system share, and the pass that finishes an export.

An export holds one project: 项目基本信息 … 项目支出绩效目标申报表 · 项目支出绩效目标执行监控 ·
项目支出绩效自评表 · review sheets. The three performance forms are recognised by their title
in the first rows (never by sheet name); their quirks are handled here:

- the year line ``( 2020年度)`` (half-width brackets, spaces), which may differ between sheets;
- merged ranges that repeat their value in every covered cell (``项目名称 | 项目名称 | 值 | 值``):
  a value is looked for right of the label, skipping cells that only repeat the label;
- labels with colons and leading spaces (``中期资金总额：``, ``    其中：财政拨款``): compared after
  :func:`perfxl.values.normalize_label`, which drops both;
- numbers and percents stored as text (``190.00``, ``0.00%``): that is how the system writes
  them, staff cannot change it (the number-as-text rule folds them into one note per sheet);
- a 自评表 exported before year end is blank (title, headers, 总分 0): set aside as not yet
  filled like any unfilled form (:mod:`perfxl.read.unfilled`).
"""

from __future__ import annotations

import re

from perfxl.model import Loc, Val, Workbook
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.grid import Grid
from perfxl.values import month_range, normalize_label, year_of_title

TITLE_ROWS = 6

DECLARATION = "declaration"
MONITORING = "monitoring"


# --------------------------------------------------------------------------- recognising


def find_title(grid: Grid) -> tuple[int, int] | None:
    """The export's title cell (申报表 / 执行监控表) in its first TITLE_ROWS rows, or None."""
    for r, c in grid.find(_is_export_title, rows=range(TITLE_ROWS)):
        if is_export_title_at(grid, r, c, grid.label(r, c)):
            return r, c
    return None


def is_export_title_at(grid: Grid, r: int, c: int, text: str) -> bool:
    """Is the text cell (r, c) an export's title: its own cell, leading its row?"""
    return _is_export_title(text) and grid.origin(r, c) == (r, c) and leads_its_row(grid, r, c)


def kind_of_title(text: str) -> str:
    return MONITORING if "执行监控" in text else DECLARATION


_EXPORT_TITLE = re.compile(r"(绩效目标执行监控表?|绩效执行监控表?|绩效目标申报表|绩效目标表)"
                           r"(\(\d{4}年度?\))?$")


def _is_export_title(text: str) -> bool:
    """``项目支出绩效目标申报表``, ``XX项目绩效目标表``, ``项目支出绩效目标执行监控(表)``
    (each holds 绩效: most texts are passed over by that one test)."""
    return ("绩效" in text and "自评" not in text and len(text) <= 60
            and bool(_EXPORT_TITLE.search(text)))


def leads_its_row(grid: Grid, r: int, c: int) -> bool:
    """A title is the first thing in its row: a cell that merely names a form in a table (the
    工作表 column of perfxl's own 校验结果 / 评分结果 sheets) has other cells before it."""
    return not any(grid.has_content(r, cc) and grid.origin(r, cc) != grid.origin(r, c)
                   for cc in range(c))


def title_year(grid: Grid, title: tuple[int, int] | None) -> Val[int]:
    """The year of ``( 2020年度)``: in the title or the rows right below it."""
    start = title[0] if title else 0
    for r in range(start, min(start + 4, grid.height)):
        for c, text in grid.row_labels(r):  # only text cells can say 年度
            if c >= 30:
                break
            if grid.origin(r, c) != (r, c):
                continue
            year = year_of_title(text)
            if year is not None:
                return Val(year, Loc(grid.name, grid.ref(r, c)), grid.own(r, c))
    return Val(None)


def title_loc(grid: Grid, title) -> Loc | None:
    return Loc(grid.name, grid.ref(*title)) if title else None


# --------------------------------------------------------------------------- labels and values


def first_label(grid: Grid, names, rows: range | None = None) -> tuple[int, int] | None:
    """The first own cell (top-left of its merge) whose label's base is one of ``names``."""
    # a Names is looked up in the grid's label index (by L.key, which strips 其中 and the
    # unit): one dict lookup per name, not a predicate called on every label of the window
    for r, c in grid.find(L.is_one_of(*names), rows):
        if grid.origin(r, c) == (r, c):
            return r, c
    return None


def value_right(grid: Grid, r: int, c: int, is_label=L.is_known_label) -> tuple[int, int] | None:
    """The value cell right of the label at (r, c): the first cell with content outside the
    label's merge that does not merely repeat the label; None when it is another label."""
    own = L.base(grid.label(r, c))
    seen = {grid.origin(r, c)}
    for cc in range(c + 1, grid.width):
        at = grid.origin(r, cc)
        if at in seen:
            continue
        seen.add(at)
        if not grid.has_content(r, cc):
            continue
        text = grid.label(r, cc)
        if text and L.base(text) == own:
            continue  # a repeated label (a merge the file did not declare)
        return None if is_label(text) else at
    return None


def value_below(grid: Grid, r: int, c: int) -> tuple[int, int] | None:
    """The cell below a (possibly merged, possibly repeated) header label, if it has content."""
    own = grid.label(r, c)
    rr = r + 1
    while rr < grid.height and (grid.same_merge((r, c), (rr, c)) or grid.label(rr, c) == own):
        rr += 1
    if rr < grid.height and grid.has_content(rr, c):
        return grid.origin(rr, c)
    return None


def text_field(grid: Grid, cells: CellReader, names, field: str, required: bool = False,
               rows: range | None = None) -> Val[str]:
    at = first_label(grid, names, rows)
    if at is None:
        if required:
            cells.missing(field, None, f"（没有找到写着“{field}”的单元格）")
        return Val(None)
    value_at = value_right(grid, *at)
    if value_at is None:
        if required:
            cells.missing(field, grid.ref(*grid.empty_value_cell(*at)))
        return Val(None)
    return cells.text(value_at, field, required)


def level_text(grid: Grid, cells: CellReader, r: int, c: int | None, field: str) -> Val | None:
    """A 一级/二级指标 cell, normalised; None when empty (the row carries the one above). Read
    once: an empty cell reads as no value (a formula without one is recorded by the reader)."""
    if c is None:
        return None
    v = cells.text((r, c), field)
    return Val(normalize_label(v.value), v.loc, v.raw) if v.value is not None else None


def month_of(label: str) -> int | None:
    """7 for ``1-7月执行数``; None for anything else."""
    month = month_range(L.base(label))
    return month[0] if month else None


def month_label(label: str) -> str | None:
    """``执行数`` for ``1-7月执行数``: what the column holds, without its month."""
    month = month_range(L.base(label))
    return month[1] if month else None


def header_cells(grid: Grid, r: int) -> list[tuple[int, str]]:
    """(column, base label) of each distinct header cell of row ``r`` (a merge counted once, at
    its first column; a cell merged down from the row above counts too, as a two-row header)."""
    out, seen = [], set()
    for c in range(grid.width):
        at = grid.origin(r, c)
        text = grid.label(r, c)
        if not text or (at in seen) or (at[0] == r and at[1] != c and grid.label(r, at[1]) == text):
            continue
        if out and out[-1][1] == text and grid.label(r, c - 1) == text:
            continue  # repeated value of an undeclared horizontal merge
        seen.add(at)
        out.append((c, L.base(text)))
    return out


_RESULT_SHEET = re.compile(r"(校验结果|评分结果)(\(\d+\))?")


def is_result_sheet(grid: Grid) -> bool:
    """perfxl's own 校验结果 / 评分结果 sheet of an earlier run (its name, and a header row that
    names sheets and rules): never data. Its 工作表 column names the export's forms, and its
    评分结果 header (项目名称 · 全年预算数 …) would otherwise look like a 项目清单."""
    if not _RESULT_SHEET.fullmatch(normalize_label(grid.name)):
        return False
    head = {grid.label(0, c) for c in range(min(grid.width, 30))}
    return "工作表" in head and bool(head & {"规则", "执行率得分", "严重程度", "得分"})


# --------------------------------------------------------------------------- exports


def is_export(wb: Workbook) -> bool:
    return bool(wb.declarations or wb.monitorings)
