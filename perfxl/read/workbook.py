"""The reader's entry point: a file → :class:`~perfxl.model.Workbook`.

Each sheet is read once (calamine), classified once by its content — a 自评表 by its title, the
项目清单 by its title or header row, the land sheet by its header row, never by sheet name
(:mod:`perfxl.read.sheetkind`) — and parsed by the module for its kind from what recognised it.
A sheet named 填报说明 (instructions) is never read as data.
"""

from __future__ import annotations

from pathlib import Path

from perfxl.labeltable import LabelTable
from perfxl.read.errors import UnreadableWorkbook
from perfxl.model import Observation, Workbook
from perfxl.read import labels as L
from perfxl.read import sheetkind as K
from perfxl.read.form import read_form
from perfxl.read.decisions import read_decisions
from perfxl.read.estimate import read_detail
from perfxl.read.estimate_plan import read_plan
from perfxl.read.declaration import read_declaration
from perfxl.read.declaration_list import read_target_list
from perfxl.read.exports import is_result_sheet
from perfxl.read.monitoring import read_monitoring
from perfxl.read.grid import MAX_ROWS, Grid, load_grid
from perfxl.read.xlsxmeta import MAX_CELLS
from perfxl.read.land import read_parcels
from perfxl.read.package import open_workbook
from perfxl.read.project_list import read_project_list
from perfxl.read.sheetkind import classify
from perfxl.read.statements import read_statements
from perfxl.read.unfilled import set_aside_unfilled
from perfxl.values import normalize_label


def read_workbook(path: Path, data: bytes | None = None,
                  labels: LabelTable | None = None) -> Workbook:
    """Read one workbook. Raises :class:`perfxl.api.UnreadableWorkbook` when the file is not a
    workbook at all; every problem inside a readable workbook is an observation in
    ``.observations``.
    ``data``: the file's bytes, when the caller has already read them (the file is then not read
    again for its metadata).
    ``labels``: the label table to read by (the shipped one when None; ``Config.labels``)."""
    path = Path(path)
    try:
        with L.using(labels) as words:
            return _read(path, data, words)
    except UnreadableWorkbook:
        raise
    except Exception as e:  # never a traceback for the user: a file-level error instead
        raise UnreadableWorkbook(
            f"读取“{path.name}”时出现意外错误，无法完成（{type(e).__name__}: {e}）。") from e


def _read(path: Path, data: bytes | None, words: L.Words) -> Workbook:
    opened = open_workbook(path, data)
    wb = Workbook(path=path, sheet_names=list(opened.sheet_names))
    try:
        for name in opened.sheet_names:
            _read_sheet(opened, name, wb, words)
    finally:
        try:
            opened.calamine.close()
        except Exception:  # closing is best effort; the data is already read
            pass
    set_aside_unfilled(wb)  # blank forms: one note each, never graded
    wb.statements = read_statements(wb)  # sums written in texts (测算依据 …), as data
    wb.unrecognised = unrecognised_reason(wb)
    if wb.unrecognised is None and not (wb.projects or wb.blank_forms or wb.declarations
                                        or wb.blank_declarations
                                        or wb.monitorings):
        wb.observations.append(Observation("no_form"))
    return wb


UNREAD_SHEET_KINDS = frozenset({"sheet_unreadable", "sheet_corrupt", "sheet_too_large"})


def unrecognised_reason(wb: Workbook) -> str | None:
    """Why the workbook is not one perfxl fills (Chinese), or None when it is: it holds none of
    the forms (自评表, 申报表, 执行监控表) nor the standard workbook's 项目清单 / 土地流转明细.
    A workbook with a sheet that could not be read is not judged: that sheet may be the form
    (a finding says so)."""
    if wb.forms or any(o.kind in UNREAD_SHEET_KINDS for o in wb.observations):
        return None
    sheets = [n for n in wb.sheet_names if L.INSTRUCTIONS_SHEET not in normalize_label(n)]
    looked = "、".join(f"“{n}”" for n in sheets[:5]) + ("等" if len(sheets) > 5 else "")
    where = f"（工作表 {looked}）" if looked else "（工作簿中没有工作表）"
    return ("未找到自评表（标题“项目支出绩效自评表”）、申报表、执行监控表或项目清单" + where
            + "，不是绩效工作簿")


def _read_sheet(opened, name: str, wb: Workbook, words: L.Words) -> None:
    if L.INSTRUCTIONS_SHEET in normalize_label(name):
        return  # 填报说明: instructions for staff, never data
    grid = _load(opened, name, wb)
    if grid is None:
        return
    try:
        if name == opened.findings_sheet and is_result_sheet(grid):
            wb.decisions = read_decisions(grid)  # our 校验结果: staff decisions, never data
        _dispatch(grid, wb, words)
    except Exception as e:  # a bug must not lose the other sheets: report it on this sheet
        wb.observations.append(Observation("sheet_unreadable", name, raw=f"{type(e).__name__}: {e}"))


def _load(opened, name: str, wb: Workbook) -> Grid | None:
    meta = opened.meta.get(name) if opened.meta is not None else None
    if meta is not None and meta.extent[0] * meta.extent[1] > MAX_CELLS:
        # calamine would allocate every cell of this range (gigabytes): refuse the sheet only
        wb.observations.append(Observation(
            "sheet_too_large", name, meta.last_cell or None, raw=meta.last_cell,
            size=tuple(meta.extent), limit=MAX_CELLS))
        return None
    try:
        sheet = opened.calamine.get_sheet_by_name(name)
        grid = load_grid(sheet, name, meta)
    except Exception as e:  # calamine errors for one sheet: the other sheets still count
        wb.observations.append(Observation("sheet_corrupt", name, raw=type(e).__name__))
        return None
    if grid.truncated:
        wb.observations.append(Observation("sheet_truncated", name, f"A{MAX_ROWS + 1}",
                                           limit=MAX_ROWS))
    return grid


def _dispatch(grid: Grid, wb: Workbook, words: L.Words) -> None:
    """Read the sheet by its kind (:mod:`perfxl.read.sheetkind`), from what recognised it."""
    sheet = classify(grid, words, want_project_list=wb.unit is None)
    if sheet is None or sheet.kind == K.RESULT:
        return  # no form; or perfxl's own 校验结果 / 评分结果 from an earlier run
    kind, found, seen = sheet.kind, sheet.found, wb.observations
    if kind == K.TARGET_LIST:
        wb.declarations.extend(read_target_list(grid, found, seen))
    elif kind == K.DECLARATION:
        wb.declarations.append(read_declaration(grid, seen, title=found))
    elif kind == K.MONITORING:
        wb.monitorings.append(read_monitoring(grid, seen, title=found))
    elif kind == K.SELF_EVALUATION:
        wb.projects.append(read_form(grid, seen, found, words))
    elif kind == K.ESTIMATE_DETAIL:
        wb.estimates.append(read_detail(grid, found, seen))
    elif kind == K.ESTIMATE_PLAN:
        wb.plans.append(read_plan(grid, found, seen))
    elif kind == K.LAND:
        wb.parcels.extend(read_parcels(grid, found, seen, words))
        wb.land_sheet = wb.land_sheet or grid.name
    elif kind == K.PROJECT_LIST:
        wb.unit = read_project_list(grid, seen, found, words)
