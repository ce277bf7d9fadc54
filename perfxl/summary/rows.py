"""The two large sheets of the summary, 汇总 (a row per project, with a link to its file) and
全部问题 (a row per finding, with a link to its cell), streamed as worksheet XML a record at a
time, in the batch's one pass over the records."""

from __future__ import annotations

from perfxl.discover import XLS_RESULT_SUFFIX
from perfxl.result import PERIOD_UNKNOWN, UNFILLED, is_failed, is_unrecognised
from perfxl.summary.charts import GradeTally, ProgressTally
from perfxl.summary.common import (MAX_ROWS, SEVERITY_TEXT, as_float, by_severity,
                                   height_attrs, progress_of_month, status_text, text_lines,
                                   unit_of)
from perfxl.summary.declarations import DeclarationTally
from perfxl.summary.duplicates import DuplicateTally
from perfxl.summary.history import relative_to
from perfxl.summary.sheetxml import RowSpool, file_link_target
from perfxl.summary.units import UnitTally
from perfxl.write.sheets import location

MAX_LINKS = 65_000  # Excel's hyperlink limit per sheet is 65 530


# --------------------------------------------------------------------------- 汇总

# Column widths add up to about one A4 landscape page (perfxl.write.page); longer text wraps.
SUMMARY_HEADERS = [("单位", 16), ("文件", 24), ("数据期间", 10), ("项目", 24),
                   ("全年预算数（万元）", 12), ("全年执行数（万元）", 12), ("执行率", 10),
                   ("序时进度", 10), ("得分", 8), ("等级", 6), ("错误", 6), ("警告", 6),
                   ("状态", 16)]


# The text columns of a 汇总 row: those of its workbook (单位, 文件, 数据期间, 状态), whose lines are
# worked out once per workbook, and those of its project (项目, 等级).
_WORKBOOK_COLUMNS = [SUMMARY_HEADERS[i] for i in (0, 1, 2, 12)]
_PROJECT_COLUMNS = [SUMMARY_HEADERS[i] for i in (3, 9)]


# --------------------------------------------------------------------------- 全部问题

# A finding's code and its message side by side on one A4 landscape page; longer text wraps.
# 处理意见: the staff decision from the workbook's 校验结果.
FINDING_HEADERS = [("文件", 22), ("单位", 14), ("工作表", 10), ("单元格", 8), ("规则", 8),
                   ("严重程度", 8), ("说明", 44), ("应为", 12), ("实为", 12), ("项目", 18),
                   ("处理意见", 10)]


class Tally:
    """What the small sheets need, gathered during the one pass over the records."""

    def __init__(self, base, every_unit: bool = False) -> None:
        self.base = base
        self.failed: list[tuple[str, str, str]] = []  # 无法处理: (file, status, reason)
        self.unrecognised: list[tuple[str, str]] = []  # 未识别文件: (file, reason)
        self.grades = GradeTally()
        self.progress = ProgressTally()
        self.units = UnitTally(every_unit)  # every_unit: 单位汇总 with 新增/已解决
        self.duplicates = DuplicateTally()
        self.declarations = DeclarationTally()  # 申报表审核: the 申报表 by unit

    def add(self, rec: dict, rel_path: str) -> None:
        if is_failed(rec):
            self.failed.append((rel_path, status_text(rec),
                                rec.get("error") or rec.get("message") or ""))
        else:
            self.grades.add(rec)
            self.progress.add(rec)
            self.declarations.add(rec, rel_path)
        self.units.add(rec)


class SummaryRows:
    """The rows of 汇总 (one per project of every workbook, with a link to the file) and of
    全部问题 (every finding, with a link to its cell), streamed as each record is added, which
    ``tally`` sees too. ``files``: how many records will be added (None: not known)."""

    def __init__(self, summary: RowSpool, findings: RowSpool, xf: dict, base, tally: Tally,
                 files: int | None = None) -> None:
        self.summary, self.findings, self.xf = summary, findings, xf
        self.base, self.tally = base, tally
        self.links = _Links(files)

    def add(self, rec: dict) -> None:
        summary, xf, base, tally = self.summary, self.xf, self.base, self.tally
        number, wrap = summary.number, xf["wrap"]

        def text(value, s=wrap):  # text wraps inside its cell (the row is given its height)
            return summary.text(value, s)

        rel_path = relative_to(rec["path"], base)
        if is_unrecognised(rec):  # not ours: in 未识别文件 only, not a unit, no row here
            tally.unrecognised.append((rel_path, rec.get("unrecognised") or ""))
            return
        if rec.get("duplicate_of"):  # a copy of a submission that counts elsewhere: 重复报送 only
            tally.duplicates.add(rec, rel_path, relative_to(rec["duplicate_of"], base))
            return
        failed = is_failed(rec)
        tally.add(rec, rel_path)
        # the file with the result sheets: the workbook itself, its --output-dir copy, or the
        # NAME.perfxl.xlsx beside an .xls
        rel = relative_to(rec["output"], base) if rec.get("output") else rel_path
        unit = rec.get("unit") if failed else unit_of(rec)
        first = _summary_cells(text, number, xf, rec, unit, failed)
        projects = rec["projects"] or [None]
        linked = self.links.rows_to_link(len(projects), linkable(rel))
        target = file_link_target(rel) if linked else None
        lines = text_lines(_WORKBOOK_COLUMNS, (unit, rel, rec.get("period"), status_text(rec)))
        for i, p in enumerate(projects):
            if summary.rows >= MAX_ROWS:
                break
            r = summary.row_text()
            tall = height_attrs(lines if p is None else max(lines, text_lines(
                _PROJECT_COLUMNS, (p.get("name"), p.get("grade")))))
            cells = ['<row r="', r, '"', tall, '>']
            if first[0]:
                cells += ('<c r="A', r, first[0])
            if i < linked:
                cells += ('<c r="B', r, text(rel, xf["link"]))
                summary.link("B" + r, target)
            else:
                cells += ('<c r="B', r, text(rel))
            if first[1]:
                cells += ('<c r="C', r, first[1])
            if p is not None:
                _project_cells(cells, r, text, number, xf, p, first[2])
            elif first[2]:
                cells += ('<c r="H', r, first[2])
            cells += ('<c r="K', r, first[3], '<c r="L', r, first[4], '<c r="M', r, first[5],
                      "</row>")
            summary.add("".join(cells))
        _finding_rows(self.findings, xf, rec, rel_path, _sheets_file(rel, rel_path), self.links)


def linkable(rel: str) -> bool:
    """Can a hyperlink lead to this file? (Excel cuts a link's address at 255 characters, and
    a ``#`` would read as the start of a place in the file.)"""
    return "#" not in rel and len(rel) < 250


def _sheets_file(rel: str, rel_path: str) -> str:
    """The file holding the workbook's own sheets, where a finding's cell is: the workbook or
    its checked copy; for an .xls, the .xls itself (its NAME.perfxl.xlsx holds only results)."""
    return rel_path if rel.lower().endswith(XLS_RESULT_SUFFIX) else rel


class _Links:
    """Excel keeps at most 65 530 hyperlinks per sheet. 汇总 links every row of a workbook while
    that leaves one link for the first row of each workbook still to come; past that, only
    first rows. 全部问题 links its rows in order, up to the limit."""

    def __init__(self, files: int | None):
        self.files_left = files  # None: not known in advance (then every row while it lasts)
        self.summary_left = self.findings_left = MAX_LINKS

    def rows_to_link(self, rows: int, linkable_file: bool) -> int:
        """How many of a workbook's ``rows`` 汇总 rows get the link (its first rows)."""
        if self.files_left is not None:
            self.files_left = max(self.files_left - 1, 0)
        if not linkable_file or self.summary_left <= 0:
            return 0
        spare = self.summary_left - (self.files_left or 0)  # beyond a first row for each to come
        n = rows if spare >= rows else 1
        self.summary_left -= n
        return n

    def finding(self) -> bool:
        """May one more 全部问题 row have its link?"""
        if self.findings_left <= 0:
            return False
        self.findings_left -= 1
        return True


def _summary_cells(text, number, xf: dict, rec: dict, unit, failed: bool) -> tuple:
    """The cells of a workbook's 汇总 rows that are the same on each of its rows (XML after the
    reference; None where the cell is empty): 单位, 数据期间, 序时进度, 错误, 警告, 状态."""
    period = rec.get("period") or (PERIOD_UNKNOWN if rec.get("period_source") else None)
    progress = progress_of_month(rec)
    counts = rec["counts"]
    return (text(unit) if unit is not None and unit != "" else None,
            text(period) if period is not None and period != "" else None,
            number(float(progress), xf["pct"]) if progress is not None else None,
            number(counts.get("error", 0), xf["int"]),
            number(counts.get("warning", 0), xf["int"]),
            text(status_text(rec), xf["error"]) if failed else text(status_text(rec)))


def _project_cells(cells: list, r: str, text, number, xf: dict, p: dict, progress) -> None:
    """项目 … 等级 (columns D–J) of one project's 汇总 row."""
    name = p.get("name")
    if name is not None and name != "":
        cells += ('<c r="D', r, text(name))
    for letter, key, style in (("E", "budget", "money"), ("F", "executed", "money"),
                               ("G", "execution_rate", "pct")):
        x = as_float(p.get(key))
        if x is not None:
            cells += ('<c r="', letter, r, number(x, xf[style]))
    if progress:
        cells += ('<c r="H', r, progress)
    x = as_float(p.get("total_score"))
    if x is not None:
        cells += ('<c r="I', r, number(x, xf["score"]))
    grade = p.get("grade") or ("未填写" if p.get("status") == UNFILLED else None)
    if grade is not None and grade != "":
        cells += ('<c r="J', r, text(grade))


_FINDING_TEXT = (("C", "sheet"), ("D", "cell"), ("E", "code"))
_FINDING_MORE = (("G", "message"), ("H", "expected"), ("I", "actual"), ("J", "project"),
                 ("K", "decision"))


def _finding_rows(findings: RowSpool, xf: dict, rec: dict, rel: str, sheets_file: str,
                  links: _Links) -> None:
    """全部问题: a row per finding (the hot loop of the summary: the XML is put together
    directly). A finding's cell (its 单元格) links to that
    cell in the workbook; a finding without a cell links its 文件 to the workbook (or the
    sheet)."""
    wrap = xf["wrap"]

    def text(value, s=wrap):  # text wraps inside its cell (the row is given its height)
        return findings.text(value, s)

    rel_x = text(rel)
    rel_link = text(rel, xf["link"])
    target = file_link_target(sheets_file) if linkable(sheets_file) else None
    unit = rec.get("unit")
    unit_x = text(unit) if unit is not None and unit != "" else None
    lines = text_lines(FINDING_HEADERS[:2], (rel, unit))  # 文件 and 单位: the workbook's
    error_xf = xf["error"]
    for f in by_severity(rec["findings"]):
        if findings.rows >= MAX_ROWS:
            break
        r = findings.row_text()
        sheet, cell = f.get("sheet"), f.get("cell")
        link = target is not None and links.finding()
        to_cell = link and bool(sheet) and bool(cell)
        if link:
            at = location(sheet, cell) if to_cell else location(sheet, "A1") if sheet else None
            findings.link("D" + r if to_cell else "A" + r, target, at)
        tall = height_attrs(max(lines, text_lines(FINDING_HEADERS[2:], (
            sheet, cell, f.get("code"), None, f.get("message"), f.get("expected"),
            f.get("actual"), f.get("project")))))
        cells = ['<row r="', r, '"', tall, '><c r="A', r,
                 rel_link if link and not to_cell else rel_x]
        if unit_x:
            cells += ('<c r="B', r, unit_x)
        for letter, key in _FINDING_TEXT:
            v = f.get(key)
            if v is not None and v != "":
                if to_cell and letter == "D":
                    cells += ('<c r="D', r, text(v, xf["link"]))
                else:
                    cells += ('<c r="', letter, r, text(v))
        sev = f.get("severity")
        label = SEVERITY_TEXT.get(sev, sev)
        if label is not None and label != "":
            cells += ('<c r="F', r, text(label, error_xf if sev == "error" else None))
        for letter, key in _FINDING_MORE:
            v = f.get(key)
            if v is not None and v != "":
                cells += ('<c r="', letter, r, text(v))
        cells.append("</row>")
        findings.add("".join(cells))
