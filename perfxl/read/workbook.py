"""The reader's entry point: a file → :class:`~perfxl.model.Workbook`.

Each sheet is read once (calamine), classified by its content — a 自评表 by its title, the
项目清单 by its title or header row, the land sheet by its header row, never by sheet name — and
parsed by the module for its kind. A sheet named 填报说明 (instructions) is never read as data.
"""

from __future__ import annotations

from pathlib import Path

from perfxl.read.errors import UnreadableWorkbook
from perfxl.findings import Finding, Severity
from perfxl.model import Workbook
from perfxl.read import labels as L
from perfxl.read.form import find_title, is_form, read_form
from perfxl.read.declaration import read_declaration
from perfxl.read.exports import (DECLARATION, MONITORING, finish_export, form_kind,
                                 is_result_sheet, leads_its_row)
from perfxl.read.monitoring import read_monitoring
from perfxl.read.grid import MAX_ROWS, Grid, load_grid
from perfxl.read.xlsxmeta import MAX_CELLS
from perfxl.read.land import is_land_sheet, read_parcels
from perfxl.read.package import open_workbook
from perfxl.read.project_list import is_project_list, read_project_list
from perfxl.values import normalize_label


def read_workbook(path: Path, data: bytes | None = None) -> Workbook:
    """Read one workbook. Raises :class:`perfxl.api.UnreadableWorkbook` when the file is not a
    workbook at all; every problem inside a readable workbook is a finding in ``.findings``.
    ``data``: the file's bytes, when the caller has already read them (the file is then not read
    again for its metadata)."""
    path = Path(path)
    try:
        return _read(path, data)
    except UnreadableWorkbook:
        raise
    except Exception as e:  # never a traceback for the user: a file-level error instead
        raise UnreadableWorkbook(
            f"读取“{path.name}”时出现意外错误，无法完成（{type(e).__name__}: {e}）。") from e


def _read(path: Path, data: bytes | None = None) -> Workbook:
    opened = open_workbook(path, data)
    wb = Workbook(path=path, sheet_names=list(opened.sheet_names))
    try:
        for name in opened.sheet_names:
            _read_sheet(opened, name, wb)
    finally:
        try:
            opened.calamine.close()
        except Exception:  # closing is best effort; the data is already read
            pass
    finish_export(wb)  # blank 自评表 of a system export, its text numbers
    if not (wb.projects or wb.blank_forms or wb.declarations or wb.monitorings):
        wb.findings.append(Finding(
            "PX101", Severity.ERROR, "工作簿中没有找到任何自评表（标题为“项目支出绩效自评表”的工作表）",
            None, None, "至少一张自评表", "（没有）"))
    return wb


def _read_sheet(opened, name: str, wb: Workbook) -> None:
    if L.INSTRUCTIONS_SHEET in normalize_label(name):
        return  # 填报说明: instructions for staff, never data
    grid = _load(opened, name, wb)
    if grid is None:
        return
    try:
        _dispatch(grid, wb)
    except Exception as e:  # a bug must not lose the other sheets: report it on this sheet
        wb.findings.append(Finding(
            "PX101", Severity.ERROR, f"工作表“{name}”无法读取（{type(e).__name__}: {e}）",
            name, None))


def _load(opened, name: str, wb: Workbook) -> Grid | None:
    meta = opened.meta.get(name) if opened.meta is not None else None
    if meta is not None and meta.extent[0] * meta.extent[1] > MAX_CELLS:
        # calamine would allocate every cell of this range (gigabytes): refuse the sheet only
        wb.findings.append(Finding(
            "PX101", Severity.ERROR,
            f"工作表“{name}”的数据范围过大（最远的单元格在 {meta.last_cell}，共 {meta.extent[0]} 行 × "
            f"{meta.extent[1]} 列），无法读取；请删除表格以外多余的行和列后再检查",
            name, meta.last_cell or None, f"不超过 {MAX_CELLS} 个单元格",
            f"{meta.extent[0] * meta.extent[1]} 个单元格"))
        return None
    try:
        sheet = opened.calamine.get_sheet_by_name(name)
        grid = load_grid(sheet, name, meta)
    except Exception as e:  # calamine errors for one sheet: the other sheets still count
        wb.findings.append(Finding(
            "PX101", Severity.ERROR, f"工作表“{name}”已损坏，无法读取（{type(e).__name__}）",
            name, None, "可读取的工作表", "已损坏"))
        return None
    if grid.truncated:
        wb.findings.append(Finding(
            "PX101", Severity.ERROR,  # PX101 is an error by the rule table: rows may be lost
            f"工作表“{name}”超过 {MAX_ROWS} 行，只读取了前 {MAX_ROWS} 行；"
            "请删除表格下方多余的行后再检查", name, f"A{MAX_ROWS + 1}",
            f"不超过 {MAX_ROWS} 行", f"超过 {MAX_ROWS} 行"))
    return grid


def _dispatch(grid: Grid, wb: Workbook) -> None:
    if is_result_sheet(grid):
        return  # perfxl's own 校验结果 / 评分结果 from an earlier run
    kind = form_kind(grid)  # 申报表 / 执行监控表 of a system export, by title
    if kind == DECLARATION:
        wb.declarations.append(read_declaration(grid, wb.findings))
    elif kind == MONITORING:
        wb.monitorings.append(read_monitoring(grid, wb.findings))
    elif is_form(grid) and leads_its_row(grid, *find_title(grid)):  # not a table cell naming it
        wb.projects.append(read_form(grid, wb.findings))
    elif is_land_sheet(grid):
        wb.parcels.extend(read_parcels(grid, wb.findings))
        wb.land_sheet = wb.land_sheet or grid.name
    elif wb.unit is None and is_project_list(grid):
        wb.unit = read_project_list(grid, wb.findings)
