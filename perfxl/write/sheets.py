"""The two result sheets — 校验结果 and 评分结果 — as data, and that data as worksheet XML.

:func:`result_sheets` turns a :class:`~perfxl.api.WorkbookResult` into :class:`SheetSpec` s
(rows of typed cells with style names, column widths, internal hyperlinks); :func:`sheet_xml`
renders one spec as a worksheet part once the styles have been given ``s=`` indices.

Text is always an inline string (``t="inlineStr"``): it never touches sharedStrings and can never
become a formula, whatever it starts with (``=``, ``+``, ``-``, ``@``). Amounts and scores are
written from their exact Decimal text, never through float.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from perfxl.result import WorkbookResult
from perfxl.cellref import col_letters
from perfxl.findings import (DECISION_HEADER, DECISIONS, FINDINGS_MARKER, SEVERITY_ORDER, Finding,
                             Severity)
from perfxl.model import Loc, Val
from perfxl.scoring.types import IndicatorScore, ProjectScore
from perfxl.values import fmt_decimal
from perfxl.write import page
from perfxl.write import xmltext as xt
from perfxl.write.page import display_width
from perfxl.write.styles_part import CellStyle

FINDINGS_SHEET = "校验结果"
SCORES_SHEET = "评分结果"
MAX_CELL_CHARS = 32767
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# The marker: a hidden, workbook-scoped defined name per result sheet whose value is a
# reference to that sheet (``'校验结果'!$A$1``). Excel and WPS keep hidden names on save and
# rewrite the reference when a sheet is renamed or moved, so the marker follows our sheet
# wherever the user drags it; it is invisible in the Name Manager's normal view, and a
# same-named sheet the user made himself never carries it. (A sheet codeName would clash with
# VBA projects in .xlsm; custom document properties are dropped by some WPS versions.)
MARKER_FINDINGS = FINDINGS_MARKER  # read back too: staff decisions (perfxl/read/decisions.py)
MARKER_SCORES = "_perfxl_scores"

STYLES: dict[str, CellStyle] = {s.name: s for s in (
    CellStyle("header", bold=True, fill="FFD9E1F2", wrap=True, border_bottom=True),
    CellStyle("text", wrap=True),  # long text wraps inside its cell (the row is made tall)
    CellStyle("wrap", wrap=True),
    CellStyle("title", bold=True),
    CellStyle("link", link=True),
    CellStyle("money", num_fmt="0.0000"),
    CellStyle("score", num_fmt="0.00"),
    CellStyle("rate", num_fmt="0.00%"),
    CellStyle("error", fill="FFFFC7CE", font_color="FF9C0006"),
    CellStyle("warning", fill="FFFFEB9C", font_color="FF9C5700"),
    CellStyle("info", fill="FFDDEBF7", font_color="FF1F4E78"),
    CellStyle("decision", unlocked=True),  # 处理意见: staff edit it, also on a protected sheet
)}


class Cell(NamedTuple):
    """One cell of a result sheet: its value, style name and internal link."""

    value: str | Decimal | int | None
    style: str = "text"
    link: str | None = None  # internal location, e.g. ``'自评表05'!B3``


@dataclass
class SheetSpec:
    name: str  # the preferred sheet name; the splicer may pick a free variant
    marker: str  # the hidden defined name that identifies the sheet as perfxl's
    rows: list[list[Cell]] = field(default_factory=list)  # row 1 is the header
    filter_rows: int = 0  # rows (after the header) covered by the autofilter
    max_widths: dict[int, float] = field(default_factory=dict)
    # column → the values of its dropdown, on every row the autofilter covers (a list
    # data validation staff pick from in Excel, WPS or LibreOffice)
    choices: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # rows repeated on every printed page and frozen on screen (0: a sheet without a header
    # row, such as 审核意见); and the 0-based rows that start a new printed page
    header_rows: int = 1
    row_breaks: list[int] = field(default_factory=list)

    @property
    def styles(self) -> set[str]:
        return {c.style for row in self.rows for c in row}


# --------------------------------------------------------------------------- data → specs


def result_sheets(result: WorkbookResult) -> list[SheetSpec]:
    sheets = set(result.workbook.sheet_names) if result.workbook else None
    return [findings_sheet(result.findings, sheets),
            scores_sheet(result.scores, sheets, unfilled=result.unfilled)]


def location(sheet: str, cell: str) -> str:
    """An internal hyperlink location: ``'自评表05'!B3`` (quotes doubled inside the name)."""
    return "'" + sheet.replace("'", "''") + "'!" + cell.replace("$", "")


def _link(loc: Loc | None, sheets: set[str] | None) -> str | None:
    if loc is None or not loc.sheet or not loc.cell:
        return None
    if sheets is not None and loc.sheet not in sheets:
        return None
    return location(loc.sheet, loc.cell)


FINDING_HEADERS = ("严重程度", "规则", "工作表", "单元格", "说明", "应为", "实为", "项目",
                   DECISION_HEADER)
DECISION_COLUMN = FINDING_HEADERS.index(DECISION_HEADER)
# Widest each column gets: together about one A4 landscape page, so a finding's code and its
# message always print side by side (longer text wraps).
FINDING_WIDTHS = {0: 10, 1: 8, 2: 12, 3: 8, 4: 60, 5: 14, 6: 14, 7: 18, DECISION_COLUMN: 12}


def findings_sheet(findings: list[Finding], sheets: set[str] | None = None) -> SheetSpec:
    """One row per finding, errors first; the last column, 处理意见, is each finding's staff
    decision (a dropdown), read back and carried over by the next run."""
    spec = SheetSpec(FINDINGS_SHEET, MARKER_FINDINGS, max_widths=dict(FINDING_WIDTHS))
    spec.rows.append([Cell(h, "header") for h in FINDING_HEADERS])
    ordered = sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), *f.sort_key()))
    for f in ordered:
        link = _link(Loc(f.sheet, f.cell) if f.sheet and f.cell else None, sheets)
        spec.rows.append([
            Cell(f.severity.label, f.severity.value if f.severity in Severity else "text"),
            Cell(f.code), Cell(f.sheet), Cell(f.cell, "link" if link else "text", link),
            Cell(f.message, "wrap"), Cell(f.expected), Cell(f.actual), Cell(f.project),
            Cell(f.decision, "decision"),
        ])
    if not findings:
        spec.rows.append([Cell(None), Cell(None), Cell(None), Cell(None), Cell("未发现问题。")])
    else:
        spec.choices[DECISION_COLUMN] = DECISIONS
    spec.filter_rows = len(spec.rows) - 1
    return spec


def scores_sheet(scores: list[ProjectScore], sheets: set[str] | None = None,
                 unfilled=()) -> SheetSpec:
    """Per project one summary row; below, a second table with one row per indicator.
    ``unfilled``: the 自评表 not filled in, listed as 未填写 (never graded)."""
    categories: list[str] = []
    for ps in scores:
        categories += [c for c in ps.categories if c not in categories]
    head = ["项目名称", "工作表", "全年预算数（万元）", "全年执行数（万元）", "执行率", "执行率得分",
            *[f"{c}得分" for c in categories], "总分", "等级"]
    spec = SheetSpec(SCORES_SHEET, MARKER_SCORES, max_widths=dict(SCORE_WIDTHS))
    spec.rows.append([Cell(h, "header") for h in head])
    for ps in scores:
        spec.rows.append(_project_row(ps, categories, sheets))
    for p in unfilled:
        spec.rows.append([Cell(p.name.value), _sheet_cell(p.sheet, sheets),
                          *[Cell(None)] * (len(head) - 3), Cell("未填写")])
    spec.filter_rows = len(scores) + len(unfilled)
    if any(ps.indicators for ps in scores):
        spec.rows += [[], [Cell("指标明细", "title")], [Cell(h, "header") for h in INDICATOR_HEADERS]]
        for ps in scores:
            spec.rows += [_indicator_row(ps, s, sheets) for s in ps.indicators]
    return spec


def _sheet_cell(sheet: str, sheets) -> Cell:
    """A form's sheet name, linked to the sheet when it is there."""
    if sheets is None or sheet in sheets:
        return Cell(sheet, "link", location(sheet, "A1"))
    return Cell(sheet)


def _project_row(ps: ProjectScore, categories: list[str], sheets) -> list[Cell]:
    p = ps.project
    total = p.total_funds
    return [
        Cell(p.name.value), _sheet_cell(p.sheet, sheets),
        Cell(total.budget.value if total else None, "money"),
        Cell(total.executed.value if total else None, "money"),
        Cell(ps.execution_rate, "rate"), Cell(ps.execution_score, "score"),
        *[Cell(ps.categories.get(c), "score") for c in categories],
        Cell(ps.total, "score"), Cell(ps.grade),
    ]


# Widest each column gets (numbers are never narrowed below their digits): the indicator table's
# twelve columns then fit about one A4 landscape page.
SCORE_WIDTHS = {0: 20, 1: 10, 2: 10, 3: 12, 4: 20, 5: 12, 6: 12, 7: 8, 8: 14, 9: 8, 10: 10,
                11: 20}
INDICATOR_HEADERS = ("项目名称", "工作表", "一级指标", "二级指标", "三级指标", "年度指标值",
                     "实际完成值", "分值", "评分方法", "得分", "填报得分", "说明")
_PROBLEMS = {"unit-mismatch": "指标值与完成值单位不一致", "no-actual": "未填实际完成值",
             "no-weight": "未填分值", "qualitative-out-of-band": "定性得分超出档位"}


def _indicator_row(ps: ProjectScore, s: IndicatorScore, sheets) -> list[Cell]:
    i = s.indicator
    link = _link(i.name.loc, sheets)
    note = _PROBLEMS.get(s.problem, s.problem) if s.problem else None
    if s.band and not note:
        note = f"定性：{s.band}" + ("（未填得分，按档位默认分）" if s.used_default else "")
    return [
        Cell(ps.project.name.value), Cell(ps.project.sheet), Cell(_plain(i.level1)),
        Cell(_plain(i.level2)), Cell(_plain(i.name), "link" if link else "text", link),
        Cell(_measure(i.target)), Cell(_measure(i.actual)), Cell(s.weight, "score"),
        Cell(s.method), Cell(s.score, "score"), Cell(i.score.value, "score"), Cell(note),
    ]


def _plain(v: Val) -> str | None:
    return None if v.value is None else str(v.value)


def _measure(v: Val) -> str | None:
    if v.value is None:
        return None
    return getattr(v.value, "text", None) or str(v.value)


# --------------------------------------------------------------------------- spec → XML


col_letter = col_letters  # 0 → A, 25 → Z, 26 → AA


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return fmt_decimal(value) if value.is_finite() else str(value)
    return str(value)


_NUMERIC_STYLES = frozenset(("money", "score", "rate"))


DEFAULT_MAX_WIDTH = 30


def _widths(spec: SheetSpec) -> list[float]:
    """Column widths from the longest line in each column (CJK counts double): text columns
    capped (:attr:`SheetSpec.max_widths`, else 30 — longer text wraps), numbers as wide as
    their digits. One width per column that has cells."""
    widths = _narrowest(spec)
    for row in spec.rows:
        for ci, c in enumerate(row):
            if c.value is not None:
                _widen(widths, ci, c.style, _cell_text(c.value), spec.max_widths)
    return widths


def _narrowest(spec: SheetSpec) -> list[float]:
    return [6.0] * max((len(r) for r in spec.rows), default=0)


def _widen(widths: list[float], ci: int, style: str, text: str,
           max_widths: dict[int, float]) -> None:
    """Widen column ``ci`` to show ``text`` (see :func:`_widths`)."""
    numeric = style in _NUMERIC_STYLES
    cap = math.inf if numeric else max_widths.get(ci, DEFAULT_MAX_WIDTH)
    # a column as wide as it gets, or a text too short to widen it, changes nothing
    if widths[ci] < cap and 2 * len(text) + 5 > widths[ci]:
        w = _text_width(text) + (3 if numeric else 0)
        widths[ci] = max(widths[ci], min(w + 2, cap))


def row_heights(spec: SheetSpec, widths: list[float]) -> list[float | None]:
    """Per row, the height its wrapped text needs (None: the default height will do)."""
    return [page.row_height([(_cell_text(c.value), widths[ci]) for ci, c in enumerate(row)
                             if c.value is not None and STYLES[c.style].wrap])
            for row in spec.rows]


def _text_width(text: str) -> float:
    """The display width of the longest line."""
    if "\n" not in text:
        return display_width(text)
    return max(display_width(line) for line in text.split("\n"))


def _cell_xml(ref: str, value, text: str, s: int) -> str:
    """The ``<c>`` element of a cell with a value; ``text`` is :func:`_cell_text` of it."""
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, int) or isinstance(value, Decimal) and value.is_finite():
        return f'<c r="{ref}" s="{s}"><v>{text}</v></c>'
    return (f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">'
            f"{xt.excel_text(text[:MAX_CELL_CHARS])}</t></is></c>")


_SELECTED = ' tabSelected="1"'


def sheet_xml(spec: SheetSpec, xf: dict[str, int], *, selected: bool = False) -> bytes:
    """The worksheet part: frozen header, widths, row heights for wrapped text, autofilter,
    internal hyperlinks, the print setup of :mod:`perfxl.write.page` (its print titles are a
    defined name in workbook.xml, see :mod:`~perfxl.write.workbook_part`). Not selected,
    unless it replaces an earlier result sheet the workbook was saved on (``selected``)."""
    ncols = max((len(r) for r in spec.rows), default=1) or 1
    nrows = max(len(spec.rows), 1)
    letters = [col_letter(i) for i in range(ncols)]
    frozen = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
              '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
              if spec.header_rows else "")
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{page.sheet_pr_xml()}'
           f'<dimension ref="A1:{letters[-1]}{nrows}"/>'
           f'<sheetViews><sheetView{_SELECTED if selected else ""} workbookViewId="0">'
           f'{frozen}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>']
    # One walk over the cells: each cell's text is worked out once, for its XML, its column's
    # width and (when it wraps) its row's height; a row's height waits for the final widths.
    widths = _narrowest(spec)
    rows: list[tuple[int, list[str], list[tuple[str, int]]]] = []
    links: list[tuple[str, Cell]] = []
    for ri, row in enumerate(spec.rows, start=1):
        cells, wrapped = [], []
        for ci, c in enumerate(row):
            ref = letters[ci] + str(ri)
            if c.value is None:  # an empty cell in the plain text style is left out
                if c.style != "text":
                    cells.append(f'<c r="{ref}" s="{xf[c.style]}"/>')
                continue
            text = _cell_text(c.value)
            _widen(widths, ci, c.style, text, spec.max_widths)
            if STYLES[c.style].wrap:
                wrapped.append((text, ci))
            cells.append(_cell_xml(ref, c.value, text, xf[c.style]))
            if c.link:
                links.append((ref, c))
        if cells:  # a row of empty text cells is left out
            rows.append((ri, cells, wrapped))
    if widths:  # an empty <cols/> is invalid
        out.append("<cols>" + "".join(
            f'<col min="{ci + 1}" max="{ci + 1}" width="{w:.2f}" customWidth="1"/>'
            for ci, w in enumerate(widths)) + "</cols>")
    out.append("<sheetData>")
    for ri, cells, wrapped in rows:
        height = page.row_height([(text, widths[ci]) for text, ci in wrapped])
        tall = f' ht="{height:g}" customHeight="1"' if height else ""
        out.append(f'<row r="{ri}"{tall}>{"".join(cells)}</row>')
    out.append("</sheetData>")
    if spec.filter_rows:
        out.append(f'<autoFilter ref="{filter_ref(spec)}"/>')
    out.append(_validations_xml(spec))
    if links:
        out.append("<hyperlinks>")
        for ref, c in links:
            out.append(f'<hyperlink ref="{ref}" location="{xt.escape(c.link, attr=True)}" '
                       f'display="{xt.escape(str(c.value)[:255], attr=True)}"/>')
        out.append("</hyperlinks>")
    out.append(page.page_xml())  # A4 landscape, one page wide, numbered
    out.append(page.row_breaks_xml(spec.row_breaks) + "</worksheet>")
    return "".join(out).encode("utf-8")


def _validations_xml(spec: SheetSpec) -> str:
    """``<dataValidations>`` (after autoFilter, before hyperlinks in the schema's order): a
    dropdown list per column of :attr:`SheetSpec.choices`, over the rows of the table. The
    list is given inline (``"a,b"``, at most 255 characters), so it needs no helper sheet."""
    if not spec.choices or not spec.filter_rows:
        return ""
    items = []
    for ci, values in sorted(spec.choices.items()):
        column = col_letter(ci)
        listed = xt.escape('"' + ",".join(values) + '"')
        title = xt.escape(str(spec.rows[0][ci].value), attr=True)
        items.append(f'<dataValidation type="list" allowBlank="1" showInputMessage="1" '
                     f'showErrorMessage="1" errorTitle="{title}" error="请从下拉列表中选择" '
                     f'sqref="{column}2:{column}{spec.filter_rows + 1}">'
                     f"<formula1>{listed}</formula1></dataValidation>")
    return f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'


def filter_ref(spec: SheetSpec) -> str:
    ncols = len(spec.rows[0]) if spec.rows else 1
    return f"A1:{col_letter(ncols - 1)}{spec.filter_rows + 1}"
