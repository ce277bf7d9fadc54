"""Which form a sheet holds, decided once per sheet from its content (never its name).

The first kind that fits wins, in this order:

1. perfxl's own 校验结果 / 评分结果 of an earlier run: never data;
2. a flat 申报表 target list: a 三级指标 cell and the project's 项目名称 / 项目编码 in one row of
   the first 20 (:func:`~perfxl.read.declaration_list.find_list_header`);
3. a 申报表 or 执行监控表 of a system export: its title in the first 6 rows, leading its row
   (:func:`~perfxl.read.exports.is_export_title_at`);
4. a 自评表: its title in the first 10 rows, leading its row (:func:`~perfxl.read.form.find_title`);
5. a 项目支出明细, 6. a 项目支出计划, 7. a 土地流转明细: by their header rows;
8. the 项目清单 (the first one only): by its title or its header row.

Kind 2 is two look-ups in the label index of the first 20 rows; 3 and 4 are told apart by one
walk over the text cells of the first rows, which stops once the kind is known; the header rows
of 5–8 are looked for only on the sheets left over. What was found (a title, a header row) is
handed to the sheet's reader, which does not look again.
"""

from __future__ import annotations

from typing import NamedTuple

from perfxl.read import exports as X
from perfxl.read import form as F
from perfxl.read import labels as L
from perfxl.read.declaration_list import find_list_header
from perfxl.read.estimate import find_detail_header
from perfxl.read.estimate_plan import find_plan_header
from perfxl.read.grid import LABEL_ROWS, Grid
from perfxl.read.land import find_land_header
from perfxl.read.project_list import list_layout

RESULT, TARGET_LIST, DECLARATION, MONITORING, SELF_EVALUATION = (
    "result", "target_list", X.DECLARATION, X.MONITORING, "self_evaluation")
ESTIMATE_DETAIL, ESTIMATE_PLAN, LAND, PROJECT_LIST = (
    "estimate_detail", "estimate_plan", "land", "project_list")


class SheetKind(NamedTuple):
    kind: str
    found: object  # what recognised it, for the reader: a title cell, a header row …


def classify(grid: Grid, words: L.Words, want_project_list: bool) -> SheetKind | None:
    """The sheet's kind, None when it holds none of them. ``want_project_list``: the workbook
    has no 项目清单 yet (only the first one is read)."""
    if X.is_result_sheet(grid):
        return SheetKind(RESULT, None)
    first = _by_first_rows(grid, words)
    if first is not None:
        return first
    if (detail := find_detail_header(grid)) is not None:
        return SheetKind(ESTIMATE_DETAIL, detail)
    if (plan := find_plan_header(grid)) is not None:
        return SheetKind(ESTIMATE_PLAN, plan)
    if (land := find_land_header(grid, words)) is not None:
        return SheetKind(LAND, land)
    if want_project_list and (layout := list_layout(grid, words)) is not None:
        return SheetKind(PROJECT_LIST, layout)
    return None


def _by_first_rows(grid: Grid, words: L.Words) -> SheetKind | None:
    """Kinds 2–4: a target list's header row wins wherever it is in its rows, then an export's
    title, then a 自评表's — both titles looked for in one walk over the first rows' text
    cells. Only the first text cell that may be a 自评表 title counts, as
    :func:`~perfxl.read.form.find_title` has it."""
    if (header := find_list_header(grid)) is not None:
        return SheetKind(TARGET_LIST, header)
    self_title = None
    for r in range(min(grid.height, LABEL_ROWS, F.TITLE_ROWS)):
        for c, text in grid.row_labels(r):
            if r < X.TITLE_ROWS and X.is_export_title_at(grid, r, c, text):
                return SheetKind(X.kind_of_title(text), (r, c))  # wins over a 自评表's title
            if self_title is None and words.is_form_title(text):
                self_title = (r, c)
        if self_title is not None and r + 1 >= X.TITLE_ROWS:
            break  # no export title can follow
    if self_title is not None and X.leads_its_row(grid, *self_title):
        return SheetKind(SELF_EVALUATION, self_title)
    return None
