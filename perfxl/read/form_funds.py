"""The money block of a 自评表 (项目资金 / 预算执行情况) → :class:`~perfxl.model.FundRow` s.

Columns and rows are found by the words of the label table (``form.money_headers``,
``form.money_rows``): the national ``年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 · 得分``
and its variants (``调整后预算数 · 预算执行数 · 预算执行率 · 权重 · 原因``), rows ``年度资金总额``
or ``总额`` / ``合计``, ``其中：当年财政拨款`` or ``本年财政拨款`` / ``财政资金`` …. Several rows of
one meaning (``财政专户管理资金 · 单位资金 · 其他资金``: all other sources) are each read; the
first is ``funds["other"]``, the next ones ``Project.more_funds``.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.model import FundRow, Project, Val
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.grid import Grid

FUND_ROWS_BELOW_HEADER = 12
"""Money rows are looked for this many rows below the header (the block is 4–6 rows)."""

_FUND_ROW_NAMES = {"total": "年度资金总额", "fiscal": "当年财政拨款", "carryover": "上年结转资金",
                   "other": "其他资金"}


def read_funds(grid: Grid, cells: CellReader, project: Project, words: L.Words) -> None:
    """Fill ``project.funds`` and ``project.more_funds``; a block not found is an observation."""
    header_row, cols = fund_header(grid, words)
    if header_row is None:
        cells.saw("missing_block", field="项目资金表", expected="年初预算数 / 全年预算数 / 全年执行数")
        return
    rows = _fund_rows(grid, words, header_row)  # found once, for both passes below
    hits = _fund_row_labels(grid, words, rows)
    project.unread_fund_rows = _unread_rows(grid, rows, hits, cols)
    for key in words.FUND_ROWS:
        found = hits.get(key)
        if not found:
            if key == "total":
                cells.missing("年度资金总额", None, "（项目资金表中没有“年度资金总额”一行）")
            continue
        project.funds[key] = _fund_row(grid, cells, key, found[0], cols)
        project.more_funds.extend(_fund_row(grid, cells, key, at, cols) for at in found[1:])


def fund_header(grid: Grid, words: L.Words):
    """(row, field → column) of the money block's header row, or (None, {})."""
    for r, c in grid.find(L.is_one_of(*words.FUND_HEADERS["budget"])):
        cols = L.header_map(grid, r, words.FUND_HEADERS)
        if "executed" in cols or "initial_budget" in cols:
            return r, cols
    for r, c in grid.find(lambda s: L.month_field(L.base(s)) == "executed"):
        cols = L.header_map(grid, r, words.FUND_HEADERS)
        if "budget" in cols or "initial_budget" in cols:
            return r, cols
    return None, {}


def _fund_rows(grid: Grid, words: L.Words, header_row: int) -> range:
    """The rows of the money block: below the header up to the next block (the goal or the
    indicator table)."""
    return range(header_row + 1,
                 min(_next_block(grid, words, header_row),
                     header_row + 1 + FUND_ROWS_BELOW_HEADER))


def _unread_rows(grid: Grid, rows: range, hits, cols) -> list[Val]:
    """The label cells of the block's rows that carry an amount but whose label is none of the
    table's (``其中:本级资金``): a source the sums cannot count, so no rule may work out the
    total from the rows it did read."""
    label_cols = {c for found in hits.values() for _, c in found}
    taken = {r for found in hits.values() for r, _ in found}
    amount_cols = [cols[f] for f in ("initial_budget", "budget", "executed") if f in cols]
    out = []
    for r in rows:
        if r in taken or not any(_is_amount(grid.value(r, c)) for c in amount_cols):
            continue
        for c in sorted(label_cols):
            if grid.label(r, c):
                out.append(Val(grid.value(r, c), grid.loc(r, c), grid.own(*grid.origin(r, c))))
                break
    return out


def _is_amount(value) -> bool:
    """A number typed in an amount column (a placeholder or text is none)."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, (int, float, Decimal)):
        return True
    try:
        return bool(str(value).strip()) and Decimal(str(value).replace(",", "").strip()).is_finite()
    except ArithmeticError:
        return False


def _fund_row_labels(grid: Grid, words: L.Words,
                     rows: range) -> dict[str, list[tuple[int, int]]]:
    """Meaning → the label cells of its money rows, in the ``rows`` of the block
    (:func:`_fund_rows`), one label cell per row."""
    hits: dict[str, list[tuple[int, int]]] = {}
    taken: set[int] = set()
    for fund_key, names in words.FUND_ROWS.items():
        for r, c in grid.find(L.is_one_of(*names), rows):
            if r not in taken:
                taken.add(r)
                hits.setdefault(fund_key, []).append((r, c))
    return hits


def _next_block(grid: Grid, words: L.Words, header_row: int) -> int:
    """The first row below the money header that starts another block (goal, indicators)."""
    below = [r for r, _ in grid.find(L.is_one_of(*words.GOAL, *words.IND_HEADERS["name"],
                                                 *words.BLOCKS["indicators"]))
             if r > header_row]
    return min(below, default=grid.height)


def _fund_row(grid: Grid, cells: CellReader, key: str, at, cols) -> FundRow:
    r = at[0]
    label_at = grid.origin(*at)
    text = grid.own(*label_at)
    label = Val(text, grid.origin_loc(*label_at), text)
    total = key == "total"
    fields = _FUND_FIELDS[key]
    amounts = {}
    for field, what in fields[:3]:
        unit = cols.get((field, "unit")) or "万元"
        col = cols.get(field)
        amounts[field] = cells.money(None if col is None else (r, col), what, unit,
                                     required=total and field != "initial_budget")
    col = cols.get("rate")
    amounts["rate"] = cells.percent(None if col is None else (r, col), fields[3][1])
    if total:
        col = cols.get("weight")
        amounts["weight"] = cells.number(None if col is None else (r, col), "执行率分值",
                                         suffixes=("分",))
        col = cols.get("score")
        amounts["score"] = cells.number(None if col is None else (r, col), "执行率得分",
                                        suffixes=("分",))
        col = cols.get("reason")
        amounts["reason"] = cells.text(None if col is None else (r, col), "执行率偏差原因")
    return FundRow(key=key, label=label, **amounts)  # one call once every cell is read


# the field names of each money row's cells (年度资金总额的全年预算数 …), built once
_FUND_FIELDS = {
    key: tuple((field, f"{row_name}的{title}") for field, title in (
        ("initial_budget", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数"),
        ("rate", "执行率")))
    for key, row_name in _FUND_ROW_NAMES.items()}


def block_points(grid: Grid, words: L.Words, block: str) -> Val[Decimal] | None:
    """The points a block's label carries (``预算执行情况(10分)`` → 10), None without."""
    at = grid.first(L.is_one_of(*words.BLOCKS[block]))
    if at is None:
        return None
    inside = L.split_label(grid.label(*at))[1] or ""
    if not inside.endswith("分"):
        return None
    try:
        points = Decimal(inside[:-1])
    except ArithmeticError:
        return None
    return Val(points, grid.loc(*at), grid.own(*grid.origin(*at)))
