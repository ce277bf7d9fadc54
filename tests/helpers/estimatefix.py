"""The estimate example's sheets (perfxl.example_export) written as .xlsx or .xls, moved anywhere
on the sheet, or put into the full one-project export of :mod:`tests.helpers.exportfix`."""

from __future__ import annotations

from pathlib import Path

from perfxl.example_export import SheetData, export_sheets
from tests.helpers.exportfix import Export, sheets as export_form_sheets, write_xls, write_xlsx

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def shifted(sheet: SheetData, rows: int, cols: int) -> SheetData:
    """The same sheet with its used range starting ``rows`` down and ``cols`` right."""
    out = SheetData(sheet.name)
    out.cells = {(r + rows, c + cols): v for (r, c), v in sheet.cells.items()}
    out.merges = [(r0 + rows, c0 + cols, r1 + rows, c1 + cols) for r0, c0, r1, c1 in sheet.merges]
    return out


def write(path: Path, sheet_list) -> Path:
    """``sheet_list`` as .xls (xlwt) or .xlsx (xlsxwriter), by the path's suffix."""
    path = Path(path)
    return (write_xls if path.suffix.lower() == ".xls" else write_xlsx)(path, list(sheet_list))


def estimate_export(path: Path, mistakes: tuple[str, ...] = (), edit=None) -> Path:
    """The example's sheets, with ``mistakes`` planted and ``edit(sheets)`` applied."""
    sheet_list = export_sheets(mistakes)
    if edit is not None:
        edit({s.name: s for s in sheet_list})
    return write(path, sheet_list)


def full_export(path: Path, mistakes: tuple[str, ...] = ()) -> Path:
    """A whole one-project export (申报表, 监控表, filled 自评表 …) whose 项目支出计划 and
    项目支出明细 are the example's (same project, 190 万元, 2020)."""
    estimate = {s.name: s for s in export_sheets(mistakes)}
    sheet_list = [estimate.get(s.name, s) for s in export_form_sheets(Export(selfeval="filled"))]
    return write(path, sheet_list)


def declaration_says(amount: str):
    """An ``edit`` for :func:`estimate_export`: the 申报表's 年度资金总额 (and 财政拨款) set to ``amount``."""
    def edit(sheets):
        decl = sheets["项目支出绩效目标申报表"]
        for c in (6, 7):
            decl.cells[(4, c)] = decl.cells[(5, c)] = amount
    return edit


def odd_lines(sheets) -> None:
    """An ``edit``: one quantity unreadable (约10人次), one counted in another unit (15本)."""
    detail = sheets["项目支出明细"]
    detail.cells[(4, 6)] = "约10人次"
    detail.cells[(3, 6)] = "15本"


def rule_walk_workbooks(folder: Path) -> list[Path]:
    """Estimates that raise every PX31x code (and PX206), for the rule-table walk."""
    from perfxl.example_export import MISTAKES
    return [estimate_export(folder / "estimate-all.xlsx", MISTAKES),
            estimate_export(folder / "estimate-total.xlsx", ("total",)),
            estimate_export(folder / "estimate-decl.xlsx", edit=declaration_says("200.00")),
            estimate_export(folder / "estimate-odd.xls", edit=odd_lines)]
