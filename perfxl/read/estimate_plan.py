"""项目支出计划 of a 一体化 export → :class:`~perfxl.model_estimate.EstimatePlan`.

Two blocks, each found by its labels wherever it starts:

- the plan by year, under a two-row header: ``预算年度 · 支出计划`` then the groups ``年初预算 ·
  执行调整 · 全年预算 · 预计支出 · 实际支出`` (each ``小计 · 财政拨款 · 结转资金``) and ``预计年度剩余 ·
  实际年度剩余`` (each ``小计 · 结转资金 · 结余资金``); one row per 预算年度;
- ``细化经济分类`` below it: a ``剩余支出计划金额`` row, a ``合计`` row and one row per 科目
  (``[30202]印刷费``), in the columns ``合计 · 财政拨款 (小计 · 年初数 · 已调整数) · 结转资金 ·
  对应的政府预算支出经济分类科目``.

A group is recognised by its label over its parts (merged or repeated over them), a part by the
label under it, so columns may be in any order and groups may be missing.
"""

from __future__ import annotations

from perfxl.model import Observation
from perfxl.model_estimate import (
    PLAN_GROUPS, PLAN_PARTS, REMAINDER_GROUPS, REMAINDER_PARTS, ClassRow, EstimatePlan, PlanYear,
)
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.grid import Grid
from perfxl.values import ValueError_, parse_int

# the label table's meanings ([estimate.plan_groups], [estimate.plan_parts] …) → the model's names
GROUP_NAMES = {"initial": "年初预算", "adjusted": "执行调整", "budget": "全年预算",
               "expected": "预计支出", "actual": "实际支出", "expected_rest": "预计年度剩余",
               "actual_rest": "实际年度剩余"}
PART_NAMES = {"subtotal": "小计", "fiscal": "财政拨款", "carryover": "结转资金", "balance": "结余资金"}
CLASS_NAMES = {"total": "合计", "fiscal": "财政拨款", "carryover": "结转资金"}
CLASS_PART_NAMES = {"subtotal": "财政拨款", "initial": "年初数", "adjusted": "已调整数"}
MAX_ROWS = 300


def find_plan_header(grid: Grid) -> int | None:
    """The first header row of the plan by year (the row naming the groups), else None."""
    groups = L.PLAN_GROUPS
    initial = set(groups["initial"])
    for r, _ in grid.find(L.is_one_of(*groups["budget"])):
        labels = {L.base(text) for _, text in grid.row_labels(r)}
        if labels & initial and r + 1 < grid.height:
            return r
    return None


def read_plan(grid: Grid, header_row: int, observations: list[Observation]) -> EstimatePlan:
    cells = CellReader(grid, observations)
    plan = EstimatePlan(sheet=grid.name)
    columns = _group_columns(grid, header_row)
    words = L.ESTIMATE_PLAN
    year_col = _column(grid, header_row, words["year"])
    planned_col = _column(grid, header_row, words["planned"])
    block = grid.first(L.is_one_of(*words["class_block"]), range(header_row + 2, grid.height))
    end = block[0] if block else min(grid.height, header_row + 2 + MAX_ROWS)
    for r in range(header_row + 2, end):
        if grid.row_is_empty(r):
            continue
        if year_col is None or not _is_year(grid.value(r, year_col)):
            continue  # a 合计 row or a note under the years: no year of the plan
        year = cells.integer((r, year_col), "预算年度")
        row = PlanYear(row=r + 1, year=year)
        if planned_col is not None:
            row.planned = cells.money((r, planned_col), f"{year.value}年的支出计划")
        for (group, part), c in columns.items():
            row.groups.setdefault(group, {})[part] = cells.money(
                (r, c), f"{year.value}年的{group}·{part}")
        plan.years.append(row)
    if block is not None:
        _read_classes(grid, cells, block, plan)
    return plan


def _is_year(raw) -> bool:
    """``2020``, ``"2020"`` or ``2020年``: a 预算年度 cell."""
    try:
        year, _ = parse_int(raw)
    except ValueError_:
        return False
    return 1900 <= year <= 2200


def _column(grid: Grid, r: int, names) -> int | None:
    for c, text in grid.row_labels(r):
        if L.base(text) in names:
            return c
    return None


def _group_columns(grid: Grid, r: int) -> dict[tuple[str, str], int]:
    """(group, part) → column: the group's label in row ``r``, the part's in the row below."""
    parts_of = {**{g: PLAN_PARTS for g in PLAN_GROUPS},
                **{g: REMAINDER_PARTS for g in REMAINDER_GROUPS}}
    group_of = _meaning(L.PLAN_GROUPS, GROUP_NAMES)
    part_of = _meaning(L.PLAN_PARTS, PART_NAMES)
    out: dict[tuple[str, str], int] = {}
    for c in range(grid.width):
        group = group_of.get(L.base(grid.label(r, c)))
        part = part_of.get(L.base(grid.label(r + 1, c)))
        if group in parts_of and part in parts_of[group]:
            out.setdefault((group, part), c)
    return out


def _meaning(group: dict[str, tuple[str, ...]], names: dict[str, str]) -> dict[str, str]:
    """word → the model's name of its meaning, for one group of the label table."""
    return {word: names[key] for key, words in group.items() for word in words}


# --------------------------------------------------------------------------- 细化经济分类


def _read_classes(grid: Grid, cells: CellReader, block: tuple[int, int],
                  plan: EstimatePlan) -> None:
    head = _class_header(grid, block[0])
    if head is None:
        cells.saw("missing_block", grid.ref(*block), field="细化经济分类的表头",
                  expected="合计 / 财政拨款 / 结转资金")
        return
    first_row, cols, subject_col, year_col = head
    name_col = block[1]
    for r in range(first_row, min(grid.height, first_row + MAX_ROWS)):
        name = cells.text((r, name_col), "细化经济分类")
        if not name.value:
            if grid.row_is_empty(r):
                break
            continue
        label = L.base(grid.label(r, name_col))
        if L.is_note(label):
            break
        words = L.ESTIMATE_PLAN
        kind = ("total" if label in words["class_total"] else
                "remainder" if label.startswith(words["class_remainder"]) else "item")
        row = ClassRow(row=r + 1, kind=kind, name=name)
        for column, c in cols.items():
            row.amounts[column] = cells.money((r, c), f"细化经济分类“{name.value}”的{column}")
        if subject_col is not None:
            row.subject = cells.text((r, subject_col), "对应的政府预算支出经济分类科目")
        if year_col is not None and plan.class_year.value is None:
            plan.class_year = cells.integer((r, year_col), "预算年度")
        plan.classes.append(row)


def _class_header(grid: Grid, start: int):
    """(first data row, column name → column, subject column, year column) of the block."""
    words = L.ESTIMATE_PLAN
    column_of = _meaning(L.CLASS_HEADERS, CLASS_NAMES)
    part_of = _meaning(L.CLASS_PARTS, CLASS_PART_NAMES)
    for r in range(start, min(grid.height, start + 4)):
        cols: dict[str, int] = {}
        subject = year = None
        for c, text in grid.row_labels(r):
            b = L.base(text)
            if b.startswith(words["class_subject"]):
                subject = c
            elif b in words["year"]:
                year = c
            elif b in column_of and column_of[b] not in cols:
                cols[column_of[b]] = c
        if "合计" not in cols or "财政拨款" not in cols:
            continue
        below = r + 1
        parts = {part_of[L.base(t)]: c for c, t in grid.row_labels(below)
                 if L.base(t) in part_of}
        if parts:
            cols.update(parts)  # 财政拨款 is then its 小计 column
            return below + 1, cols, subject, year
        return below, cols, subject, year
    return None
