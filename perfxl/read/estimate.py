"""项目支出明细 of a 一体化 export → :class:`~perfxl.model_estimate.EstimateDetail`.

The sheet is found by its header row (``分项支出 · 数量/频率 · 价格/标准 · 支出计划（万元）``,
the words of ``[estimate.detail_headers]`` in the label table), wherever the used range starts.
The row under the header holds only the total (in the 支出计划 column); every further row with an
item, a quantity, a price or an amount is a line (a footnote row has none). 项目活动 and 子活动
are merged (or repeated) over their lines and are filled down.

A quantity is a number with the unit counted (``20集``, ``　15辑``); a price a number with its money
unit and the unit counted (``7.5万元/集``, ``1000元/人次``). What cannot be read so stays in the
line as the cell's text with no value (``Val(None, loc, raw)``): the estimate rules list it, the
reader never guesses.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.model import Loc, Observation, Val
from perfxl.model_estimate import EstimateDetail, EstimateLine, Price, Quantity
from perfxl.read import exports as X
from perfxl.read import labels as L
from perfxl.read.cells import CellReader, as_text
from perfxl.read.grid import Grid
from perfxl.values import ValueError_, is_placeholder, to_decimal
from perfxl.values.quantity import Quantity as ValueQuantity
from perfxl.values.quantity import money_factor
from perfxl.values.quantity import parse_quantity as parse_value_quantity

REQUIRED = ("quantity", "price", "amount")
MONEY_UNITS = ("万元", "元")  # the money a price may be in (the grammar writes 万 as 万元)
MAX_LINES = 500


def find_detail_header(grid: Grid) -> tuple[int, dict] | None:
    """(header row, field → column) when the sheet is a 项目支出明细, else None."""
    headers = L.ESTIMATE_HEADERS  # the words of the label table in use ([estimate.detail_headers])
    for r, _ in grid.find(L.is_one_of(*headers["quantity"])):
        cols = L.header_map(grid, r, headers)
        if all(k in cols for k in REQUIRED) and ("item" in cols or "activity" in cols):
            return r, cols
    return None


def read_detail(grid: Grid, header: tuple[int, dict],
                observations: list[Observation]) -> EstimateDetail:
    header_row, cols = header
    cells = CellReader(grid, observations)
    detail = EstimateDetail(sheet=grid.name, year=X.title_year(grid, (0, 0)))
    first = _below_header(grid, header_row, cols)
    if first is None:
        return detail
    amount_unit = cols.get(("amount", "unit")) or "万元"
    detail.total = cells.money((first, cols["amount"]), "项目支出明细的合计", amount_unit)
    filled: dict[str, Val] = {}
    for r in range(first + 1, min(grid.height, first + 1 + MAX_LINES)):
        if grid.row_is_empty(r):
            continue
        line = _line(grid, cells, r, cols, amount_unit, filled)
        if line is not None:
            detail.lines.append(line)
    return detail


def _below_header(grid: Grid, header_row: int, cols: dict) -> int | None:
    """The total row: the first row under the header (and under its merges) with an amount."""
    r = header_row + 1
    while r < grid.height and grid.same_merge((header_row, cols["amount"]), (r, cols["amount"])):
        r += 1
    return r if r < grid.height else None


def _line(grid: Grid, cells: CellReader, r: int, cols: dict, amount_unit: str,
          filled: dict[str, Val]) -> EstimateLine | None:
    def at(key):
        return (r, cols[key]) if key in cols else None

    line = EstimateLine(row=r + 1)
    for key in ("activity", "sub_activity"):
        v = cells.text(at(key), _FIELD[key])
        if v.value:
            filled[key] = v
        setattr(line, key, filled.get(key, v))
    line.item = cells.text(at("item"), "分项支出")
    line.note = cells.text(at("note"), "备注")
    line.quantity = _read(grid, at("quantity"), parse_quantity)
    line.price = _read(grid, at("price"), parse_price)
    line.amount = cells.money(at("amount"), f"项目支出明细第{r + 1}行的支出计划", amount_unit)
    if not (line.item.value or line.quantity.raw or line.price.raw
            or line.amount.raw not in (None, "")):
        return None  # a heading or footnote row (项目活动 alone, 注：…), not a line
    return line


_FIELD = {"activity": "项目活动", "sub_activity": "子活动"}


def _read(grid: Grid, rc, parse) -> Val:
    """The quantity or price at ``rc``: parsed, or its text with no value when it cannot be
    (an empty cell and a placeholder are blanks: raw '')."""
    if rc is None:
        return Val(None)
    at = grid.origin(*rc)
    raw = grid.own(*at)
    loc = Loc(grid.name, grid.origin_ref(*at))
    if raw is None or (isinstance(raw, str) and not raw.strip()) or is_placeholder(raw):
        return Val(None, loc, "")
    return Val(parse(raw), loc, as_text(raw))


def parse_quantity(raw) -> Quantity | None:
    """``20集`` → Quantity(20, '集'); a bare number has no unit; None when it is no quantity."""
    q = _quantity(raw)
    if q is None or (q.unit and money_factor(q.unit.partition("/")[0]) is not None):
        return None
    return Quantity(q.number, q.unit or "")


def parse_price(raw) -> Price | None:
    """``7.5万元/集`` → Price(7.5, '万元', '集'); ``100元/亩·年`` counts 亩/年; None without 元 or
    万元, or when it is no quantity."""
    q = _quantity(raw.replace("·", "/") if isinstance(raw, str) else raw)
    if q is None or not q.unit:
        return None
    money, _, per = q.unit.partition("/")
    if money not in MONEY_UNITS:
        return None
    return Price(q.number, money, per)


def _quantity(raw):
    """A cell as one number with its unit, by the grammar every reader shares."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float, Decimal)):
        try:
            return ValueQuantity(to_decimal(raw), None)
        except ValueError_:
            return None
    return parse_value_quantity(str(raw))
