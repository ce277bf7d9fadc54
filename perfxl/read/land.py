"""The 土地流转明细 sheet → :class:`~perfxl.model.Parcel` rows (amounts in 元)."""

from __future__ import annotations

from perfxl.model import Observation, Parcel, Val
from perfxl.read import labels as L
from perfxl.read.cells import CellReader
from perfxl.read.grid import Grid
from perfxl.values import normalize_label

MAX_PARCEL_ROWS = 20_000


def find_land_header(grid: Grid, words: L.Words) -> tuple[int, dict] | None:
    """A header row with 面积（亩）, 单价 and 金额; None on any other sheet."""
    for r, c in grid.find(L.starts_with("面积")):
        cols = L.header_map(grid, r, {k: v for k, v in words.LAND_HEADERS.items()
                                      if k not in ("area", "rate", "amount")})
        for c2 in range(grid.width):
            b = L.base(grid.label(r, c2))
            for key, prefix in (("area", "面积"), ("rate", "单价"), ("amount", "金额")):
                if key not in cols and b.startswith(prefix):
                    cols[key] = c2
                    cols[(key, "unit")] = L.unit_of(grid.label(r, c2))
        if all(k in cols for k in ("area", "rate", "amount")):
            return r, cols
    return None


def read_parcels(grid: Grid, header: tuple[int, dict], observations: list[Observation],
                 words: L.Words) -> list[Parcel]:
    """The parcels under ``header`` (what :func:`find_land_header` found)."""
    header_row, cols = header
    cells = CellReader(grid, observations)
    parcels: list[Parcel] = []
    current: Val = Val(None)  # the project of the block being read
    for r in range(header_row + 1, min(grid.height, header_row + 1 + MAX_PARCEL_ROWS)):
        if not any(grid.has_content(r, c) for k, c in cols.items() if isinstance(k, str)):
            continue
        if _is_note_row(grid, words, r, cols):
            continue
        kind = _row_kind(grid, words, r, cols)
        if kind == "total":
            break  # the sheet's 合计 row is not a parcel
        name = cells.text((r, cols["project_name"]), "项目名称") if "project_name" in cols \
            else Val(None)
        if kind == "subtotal":
            names_subtotal = name.value is not None and _says_subtotal(words, name.value)
            owner = current if name.value is None or names_subtotal else name
        else:
            if name.value is not None:
                current = name
            owner = current
        parcel = _parcel(grid, cells, words, r, cols, owner, subtotal=kind == "subtotal")
        parcels.append(parcel)
        if kind == "subtotal":
            current = Val(None)  # the block ends; the next parcel names its project again
    return parcels


def _is_note_row(grid: Grid, words: L.Words, r: int, cols) -> bool:
    """``注：单价按县文件执行`` under the table: text in the first column, no figures."""
    first = min(c for k, c in cols.items() if isinstance(k, str))
    return words.is_note(grid.label(r, first)) and not any(
        grid.has_content(r, cols[k]) for k in ("area", "rate", "amount") if k in cols)


def _says_subtotal(words: L.Words, text: str) -> bool:
    return L.base(normalize_label(text)).startswith(words.SUBTOTAL)


def _row_kind(grid: Grid, words: L.Words, r: int, cols) -> str:
    for key in ("project_name", "village", "note"):
        if key in cols:
            b = L.base(grid.label(r, cols[key]))
            if b.startswith(words.SUBTOTAL):
                return "subtotal"
            if b.startswith(("合计", "总计")):
                return "total"
    return "parcel"


def _parcel(grid: Grid, cells: CellReader, words: L.Words, r: int, cols, name: Val,
            subtotal: bool) -> Parcel:
    def at(field: str):
        return (r, cols[field]) if field in cols else None

    if name.value is None and not subtotal:
        cells.missing(f"第 {r + 1} 行地块的项目名称",
                      grid.ref(*at("project_name")) if at("project_name") else None)
    project_name = name
    cells.project = project_name.value
    village = cells.text(at("village"), "地块（村）")
    where = "小计行" if subtotal else (f"“{village.value}”地块" if village.value else f"第 {r + 1} 行地块")
    parcel = Parcel(sheet=grid.name, row=r + 1, project_name=project_name,
                    village=Val(None, village.loc, village.raw)
                    if village.value and _says_subtotal(words, village.value) else village,
                    is_subtotal=subtotal)
    parcel.area = cells.number(at("area"), f"{where}的面积（亩）", suffixes=("亩",),
                               required=not subtotal, expected="数字（亩）")
    parcel.rate = cells.number(at("rate"), f"{where}的单价", suffixes=("元/亩·年", "元/亩", "元"),
                               required=not subtotal, expected="数字（元/亩·年）")
    parcel.amount = cells.yuan(at("amount"), f"{where}的金额",
                               cols.get(("amount", "unit")) or "元", required=True)
    parcel.note = cells.text(at("note"), "备注")
    cells.project = None
    return parcel
