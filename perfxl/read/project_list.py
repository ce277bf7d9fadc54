"""The 项目清单 sheet → :class:`~perfxl.model.Unit`: header fields and the project table."""

from __future__ import annotations

from perfxl.model import ListRow, Observation, Unit, Val
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.grid import Grid

MAX_LIST_ROWS = 20_000


def find_list_header(grid: Grid, words: L.Words) -> tuple[int, dict] | None:
    """The project table's header row: 项目名称 with a budget column in the same row."""
    for r, c in grid.find(L.is_one_of("项目名称")):
        cols = L.header_map(grid, r, words.LIST_HEADERS)
        if "budget" in cols and "name" in cols and "area" not in L.header_map(
                grid, r, {"area": ("面积",)}):
            return r, cols
    return None


ListLayout = tuple[tuple[int, int] | None, tuple[int, dict] | None]
"""(title cell, (header row, field → column)) of a 项目清单; one of the two may be None."""


def list_layout(grid: Grid, words: L.Words) -> ListLayout | None:
    """Where a 项目清单's title and project table are; None when the sheet has neither (it is
    no 项目清单). Found once: the classifier asks, the reader reads from it."""
    title = grid.first(L.is_one_of(*words.LIST_TITLE))
    header = find_list_header(grid, words)
    return None if title is None and header is None else (title, header)


def read_project_list(grid: Grid, observations: list[Observation], layout: ListLayout,
                      words: L.Words) -> Unit:
    """The 项目清单 laid out as ``layout`` (:func:`list_layout`)."""
    cells = CellReader(grid, observations)
    unit = Unit(sheet=grid.name)
    title, found = layout
    unit.title_loc = grid.loc(*title) if title is not None else None
    header_row = found[0] if found else None
    above = range(0, header_row) if header_row is not None else None

    def field(names, what: str, kind: str) -> Val:
        return _header_field(grid, cells, words, names, what, above, kind)

    unit.name = field(words.UNIT_NAME, "单位名称", "text")
    unit.year = field(words.EVAL_YEAR, "评价年度", "integer")
    unit.as_of_year, unit.as_of_month = _as_of(grid, cells, words, above)
    unit.declared_count = field(words.DECLARED_COUNT, "项目个数", "integer")
    unit.declared_total = field(words.DECLARED_TOTAL, "预算总金额", "money")
    if found is None:
        cells.saw("missing_block", field="项目表", expected="项目名称 / 全年预算数",
                  context="项目清单中")
        return unit
    unit.header_row = header_row + 1
    _rows(grid, cells, words, unit, header_row, found[1])
    return unit


def _header_field(grid: Grid, cells: CellReader, words: L.Words, names, field: str, rows,
                  kind: str) -> Val:
    at = grid.first(L.is_one_of(*names), rows)
    if at is None:
        inline = grid.inline(L.is_one_of(*names), rows)
        if inline is None:
            cells.missing(field, None, "（项目清单中没有写着“" + field + "”的单元格）")
            return Val(None)
        at = value_at = cells.inline(*inline)
    else:
        value_at = grid.value_cell(*at, is_label=words.is_known_label)
    if value_at is None:
        cells.missing(field, grid.ref(*grid.empty_value_cell(*at)))
        return Val(None, grid.loc(*grid.empty_value_cell(*at)), None)
    if kind == "money":
        unit = L.unit_of(grid.label(*at).partition(":")[0])  # also for 预算总金额(万元):144.9552
        return cells.money(value_at, field, unit or "万元", required=True)
    if kind == "integer":
        return cells.integer(value_at, field, required=True)
    return cells.text(value_at, field, required=True)


def _as_of(grid: Grid, cells: CellReader, words: L.Words, rows) -> tuple[Val[int], Val[int]]:
    at = grid.first(L.is_one_of(*words.AS_OF), rows)
    if at is None:
        inline = grid.inline(L.is_one_of(*words.AS_OF), rows)
        if inline is None:
            return Val(None), Val(None)  # optional: a workbook that does not say is year-end
        value_at = cells.inline(*inline)
    else:
        value_at = grid.value_cell(*at, is_label=words.is_known_label)
    if value_at is None:
        return Val(None), Val(None)
    return cells.year_month(value_at, "数据截至")


def _rows(grid: Grid, cells: CellReader, words: L.Words, unit: Unit, header_row: int,
          cols: dict) -> None:
    def at(r: int, field: str):
        return (r, cols[field]) if field in cols else None

    first_col = min(c for k, c in cols.items() if isinstance(k, str))
    for r in range(header_row + 1, min(grid.height, header_row + 1 + MAX_LIST_ROWS)):
        if _is_total(grid, words, r, first_col, cols):
            unit.total_row = _list_row(grid, cells, r, cols, at, total=True)
            return
        amounts = any(grid.has_content(r, cols[f]) for f in
                      ("budget", "executed", "initial_budget") if f in cols)
        if not amounts and (not grid.has_content(r, cols["name"]) or any(
                words.is_note(grid.label(r, c)) for c in range(first_col, cols["name"] + 1))):
            continue  # blank rows and notes below the table (注：…, 填表人：) are not projects
        unit.rows.append(_list_row(grid, cells, r, cols, at, total=False))


def _is_total(grid: Grid, words: L.Words, r: int, first_col: int, cols) -> bool:
    last = cols.get("name", first_col)
    return any(L.base(grid.label(r, c)) in words.LIST_TOTAL for c in range(first_col, last + 1))


def _list_row(grid: Grid, cells: CellReader, r: int, cols, at, total: bool) -> ListRow:
    row = ListRow(row=r + 1)
    row.seq = cells.text(at(r, "seq"), "序号")
    row.name = cells.text(at(r, "name"), "项目名称", required=not total)
    where = "合计行" if total else (f"“{row.name.value}”" if row.name.value else f"第 {r + 1} 行")
    cells.project = None if total else row.name.value
    row.fund_level = cells.text(at(r, "fund_level"), "资金级次")

    def money(field: str, title: str, required: bool = False):
        unit = cols.get((field, "unit")) or "万元"
        return cells.money(at(r, field), f"{where}的{title}", unit, required)

    row.initial_budget = money("initial_budget", "年初预算数")
    row.budget = money("budget", "全年预算数", required=True)
    row.executed = money("executed", "全年执行数")
    row.summary = cells.text(at(r, "summary"), "项目概况")
    cells.project = None
    return row
