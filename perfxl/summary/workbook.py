"""The summary workbook for the 财政局: ``perfxl汇总_YYYY-MM.xlsx``.

Sheets: 汇总 (one row per project of every workbook, with a link to the file), 全部问题 (every
finding), 无法处理 (files that failed and why), 图表 (grade distribution; 执行率 vs 序时进度 per unit)
and 历史 (each project's 执行率 and score by month, with line charts).

The rows of the three large sheets (汇总, 全部问题, 历史) are streamed as worksheet XML into
temporary files (:mod:`perfxl.summary.sheetxml`: a summary of thousands of workbooks stays small
in memory, at ~1 µs a cell instead of xlsxwriter's ~7); xlsxwriter writes everything else — the
headers, formats, the small sheets, the charts. The assembled workbook goes to a temporary file,
then is moved into place with ``os.replace``. Every piece of text that came from a workbook is
an inline string: a project called ``=1+1`` stays text, never a formula.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from itertools import groupby
from io import BytesIO
from pathlib import Path

import xlsxwriter

from perfxl.discover import SUMMARY_PREFIX, TEMP_MARK, XLS_RESULT_SUFFIX
from perfxl.findings import SEVERITY_ORDER, Severity
from perfxl.summary.history import relative_to
from perfxl.result import is_failed
from perfxl.summary.sheetxml import RowSpool, assemble, file_link_target, write_text
from perfxl.summary.units import UnitTally, write_unit_groups
from perfxl.write.sheets import location

MAX_ROWS = 1_048_575  # Excel's sheet limit, minus the header
MAX_LINKS = 65_000  # Excel's hyperlink limit per sheet is 65 530
CHART_UNITS = 40
CHART_PROJECTS = 20

STATUS_TEXT = {
    "checked": "已检查", "written": "已写入结果", "written-copy": "已写入副本",
    "written-beside": "结果已另存", "unchanged": "未变化", "up-to-date": "未变化",
    "error": "无法处理", "unreadable": "无法读取", "skipped-locked": "文件被占用，已跳过",
    "skipped-changed": "检查期间文件被修改，未写入",
}
SEVERITY_TEXT = {s.value: s.label for s in Severity}


def summary_name(period: str) -> str:
    return f"{SUMMARY_PREFIX}{period}.xlsx"


def status_text(rec: dict, *, run_note: bool = False) -> str:
    """The status in Chinese; ``run_note`` adds whether this run reused the last result (for the
    console — the summary shows the state of the workbooks, so a re-run gives the same summary)."""
    text = STATUS_TEXT.get(rec["status"], rec["status"])
    return f"{text}（未变化，沿用上次结果）" if run_note and rec.get("reused") else text


SEVERITY_RANK = {s.value: SEVERITY_ORDER[s] for s in Severity}

SUMMARY_LAYOUT = "2"
"""What a summary shows for given records: raise it when that changes (2: links on every row
of 汇总 and on each finding of 全部问题), so a folder whose records did not change still gets
its summary rewritten once by the new code."""


def summary_digest(records, *, period: str, base: Path, history: Path | None,
                   unreadable=()) -> str:
    """Everything the summary shows, hashed: the records (without run bookkeeping), the period,
    the folder links are relative to, the history file, the folders that could not be read
    and the layout (perfxl's version and :data:`SUMMARY_LAYOUT`). Equal digest → equal
    summary."""
    from perfxl import __version__

    h = hashlib.sha256(
        f"{__version__}\x1e{SUMMARY_LAYOUT}\x1e{period}\x1e{Path(base).resolve()}".encode())
    if hasattr(records, "content_digests"):  # a RecordStore hashed each record as it came in
        h.update(b"store\x1e")
        for d in records.content_digests():
            h.update(d)
    else:
        for rec in records:
            public = {k: v for k, v in rec.items() if k not in ("reused", "fingerprint")}
            h.update(json.dumps(public, sort_keys=True, ensure_ascii=False).encode())
    for folder, why in unreadable:
        h.update(f"folder\x1e{folder}\x1e{why}\x1e".encode())
    if history is not None and Path(history).exists():
        with open(history, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def stored_digest(path: Path) -> str | None:
    """The digest written into a summary's custom document properties, if any."""
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("docProps/custom.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    m = re.search(r'name="perfxl-digest"[^>]*>\s*<vt:lpwstr>([0-9a-f]{64})<', xml)
    return m.group(1) if m else None


def write_summary(target: Path, records, *, period: str, history, base: Path | None = None,
                  digest: str | None = None, unreadable=()) -> Path:
    """Write the summary atomically to ``target``; file links are relative to ``base``.
    ``unreadable``: (folder, why) of folders that could not be listed, shown in 无法处理.
    ``records`` and ``history`` are iterables of dicts (each is iterated once);
    ``digest`` (see :func:`summary_digest`) is stored in the document properties.

    The rows of the three large sheets (汇总, 全部问题, 历史) are streamed as XML into temporary
    files first (:mod:`perfxl.summary.sheetxml`); xlsxwriter then writes the skeleton — headers,
    widths, frozen panes, autofilters sized to the rows, the small sheets and the charts — in
    memory, and the two are assembled into the temporary file that replaces ``target``."""
    target = Path(target)
    base = Path(base) if base is not None else target.parent
    tmp = target.with_name(f".{target.stem}{TEMP_MARK}{os.getpid()}.xlsx")
    spools: list[RowSpool] = []
    try:
        buf = BytesIO()
        wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "strings_to_numbers": False,
                                       "strings_to_formulas": False, "strings_to_urls": False})
        if digest:
            wb.set_custom_property("perfxl-digest", digest)
        fmt = _formats(wb)
        xf = {name: f._get_xf_index() for name, f in fmt.items()}  # fixed before any row
        summary, findings = RowSpool(), RowSpool()
        spools += [summary, findings]
        tally = _Tally(base)
        _stream_summary_and_findings(summary, findings, xf, records, base, tally)
        ws_summary = _sheet(wb, fmt, "汇总", SUMMARY_HEADERS)
        _finish(ws_summary, summary.rows, len(SUMMARY_HEADERS))
        ws_findings = _sheet(wb, fmt, "全部问题", FINDING_HEADERS)
        _finish(ws_findings, findings.rows, len(FINDING_HEADERS))
        _failed_sheet(wb, fmt, [(relative_to(str(folder), base) + "/", "无法读取文件夹", why)
                                for folder, why in unreadable] + tally.failed)
        _charts_sheet(wb, fmt, tally.grades.counts, tally.progress.result())
        write_unit_groups(wb, fmt, tally.units.groups())  # one-project exports by unit
        hist = RowSpool()
        spools.append(hist)
        ws_history = _history_sheet(wb, fmt, xf, history, hist)
        wb.close()
        assemble(buf.getvalue(), tmp, {_part(ws_summary): summary, _part(ws_findings): findings,
                                       _part(ws_history): hist})
        os.replace(tmp, target)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    finally:
        for spool in spools:
            spool.close()
    return target


def _part(ws) -> str:
    """The package part xlsxwriter writes a worksheet to (sheet1.xml … in the order added)."""
    return f"xl/worksheets/sheet{ws.index + 1}.xml"


# --------------------------------------------------------------------------- helpers


def _formats(wb) -> dict:
    return {
        "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                               "valign": "vcenter"}),
        "money": wb.add_format({"num_format": "0.0000"}),
        "pct": wb.add_format({"num_format": "0.00%"}),
        "score": wb.add_format({"num_format": "0.00"}),
        "int": wb.add_format({"num_format": "0"}),
        "link": wb.add_format({"font_color": "blue", "underline": 1}),
        "error": wb.add_format({"font_color": "#C00000"}),
        "note": wb.add_format({"italic": True, "font_color": "#595959"}),
    }


def _sheet(wb, fmt, name: str, headers: list[tuple[str, int]]):
    ws = wb.add_worksheet(name)
    for col, (_, width) in enumerate(headers):
        ws.set_column(col, col, width)
    ws.set_row(0, 30)
    for col, (title, _) in enumerate(headers):
        ws.write_string(0, col, title, fmt["head"])
    ws.freeze_panes(1, 0)
    return ws


def _finish(ws, rows: int, cols: int) -> None:
    if rows:
        ws.autofilter(0, 0, rows, cols - 1)


def _text(ws, row: int, col: int, value, cell_format=None) -> None:
    """User text, always as a string (never a formula, number or URL)."""
    if value is None or value == "":
        return
    write_text(ws, row, col, str(value), cell_format)


def _num(ws, row: int, col: int, value, cell_format) -> None:
    d = _decimal(value)
    if d is not None:
        ws.write_number(row, col, float(d), cell_format)


def _float(value) -> float | None:
    """``float(_decimal(value))`` without the Decimal: for a decimal string both are the
    correctly rounded double of the same number (Decimal's float() goes through its string)."""
    if value is None or value == "":
        return None
    try:
        x = float(value if isinstance(value, str) else str(value))
    except ValueError:
        d = _decimal(value)  # a form Decimal reads and float does not
        return None if d is None else float(d)
    return x if math.isfinite(x) else None


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def by_severity(findings: list[dict]) -> list[dict]:
    """Errors first, then warnings, then notes; each in the object's sheet/cell order."""
    return sorted(findings, key=lambda f: SEVERITY_RANK.get(f.get("severity"), len(SEVERITY_RANK)))


def _unit(rec: dict) -> str:
    return rec.get("unit") or Path(rec["path"]).stem


def _progress(rec: dict) -> Decimal | None:
    month = rec.get("month")
    return (Decimal(month) / 12) if month else None


# --------------------------------------------------------------------------- 汇总

SUMMARY_HEADERS = [("单位", 28), ("文件", 40), ("数据期间", 10), ("项目", 36),
                   ("全年预算数（万元）", 14), ("全年执行数（万元）", 14), ("执行率", 10),
                   ("序时进度", 10), ("得分", 8), ("等级", 6), ("错误", 6), ("警告", 6),
                   ("状态", 22)]


# --------------------------------------------------------------------------- 全部问题

FINDING_HEADERS = [("文件", 40), ("单位", 24), ("工作表", 14), ("单元格", 10), ("规则", 8),
                   ("严重程度", 8), ("说明", 60), ("应为", 16), ("实为", 16), ("项目", 28)]


class _Tally:
    """What the small sheets need, gathered during the one pass over the records."""

    def __init__(self, base) -> None:
        self.base = base
        self.failed: list[tuple[str, str, str]] = []  # 无法处理: (file, status, reason)
        self.grades = _GradeTally()
        self.progress = _ProgressTally()
        self.units = UnitTally()

    def add(self, rec: dict, rel_path: str) -> None:
        if is_failed(rec):
            self.failed.append((rel_path, status_text(rec),
                                rec.get("error") or rec.get("message") or ""))
        else:
            self.grades.add(rec)
            self.progress.add(rec)
        self.units.add(rec)


def _stream_summary_and_findings(summary: RowSpool, findings: RowSpool, xf: dict, records,
                                 base, tally: _Tally) -> None:
    """The rows of 汇总 (one per project of every workbook, with a link to the file) and of
    全部问题 (every finding, with a link to its cell), in one pass over the records, which
    ``tally`` sees too."""
    links = _Links(len(records) if hasattr(records, "__len__") else None)
    text, number = summary.text, summary.number
    for rec in records:
        failed = is_failed(rec)
        rel_path = relative_to(rec["path"], base)
        tally.add(rec, rel_path)
        # the file with the result sheets: the workbook itself, its --output-dir copy, or the
        # NAME.perfxl.xlsx beside an .xls
        rel = relative_to(rec["output"], base) if rec.get("output") else rel_path
        unit = rec.get("unit") if failed else _unit(rec)
        first = _summary_cells(text, number, xf, rec, unit, failed)
        projects = rec["projects"] or [None]
        linked = links.rows_to_link(len(projects), linkable(rel))
        target = file_link_target(rel) if linked else None
        for i, p in enumerate(projects):
            if summary.rows >= MAX_ROWS:
                break
            r = summary.row_text()
            cells = ['<row r="', r, '">']
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
        _finding_rows(findings, xf, rec, rel_path, _sheets_file(rel, rel_path), links)


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
    period = rec.get("period")
    progress = _progress(rec)
    counts = rec["counts"]
    return (text(unit) if unit is not None and unit != "" else None,
            text(period) if period is not None and period != "" else None,
            number(float(progress), xf["pct"]) if progress is not None else None,
            number(counts.get("error", 0), xf["int"]),
            number(counts.get("warning", 0), xf["int"]),
            text(status_text(rec), xf["error"] if failed else None))


def _project_cells(cells: list, r: str, text, number, xf: dict, p: dict, progress) -> None:
    """项目 … 等级 (columns D–J) of one project's 汇总 row."""
    name = p.get("name")
    if name is not None and name != "":
        cells += ('<c r="D', r, text(name))
    for letter, key, style in (("E", "budget", "money"), ("F", "executed", "money"),
                               ("G", "execution_rate", "pct")):
        x = _float(p.get(key))
        if x is not None:
            cells += ('<c r="', letter, r, number(x, xf[style]))
    if progress:
        cells += ('<c r="H', r, progress)
    x = _float(p.get("total_score"))
    if x is not None:
        cells += ('<c r="I', r, number(x, xf["score"]))
    grade = p.get("grade")
    if grade is not None and grade != "":
        cells += ('<c r="J', r, text(grade))


_FINDING_TEXT = (("C", "sheet"), ("D", "cell"), ("E", "code"))
_FINDING_MORE = (("G", "message"), ("H", "expected"), ("I", "actual"), ("J", "project"))


def _finding_rows(findings: RowSpool, xf: dict, rec: dict, rel: str, sheets_file: str,
                  links: _Links) -> None:
    """全部问题: a row per finding (the hot loop of the summary: the XML is put together
    directly). A finding's cell (its 单元格) links to that
    cell in the workbook; a finding without a cell links its 文件 to the workbook (or the
    sheet)."""
    text = findings.text
    rel_x = text(rel)
    rel_link = text(rel, xf["link"])
    target = file_link_target(sheets_file) if linkable(sheets_file) else None
    unit = rec.get("unit")
    unit_x = text(unit) if unit is not None and unit != "" else None
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
        cells = ['<row r="', r, '"><c r="A', r, rel_link if link and not to_cell else rel_x]
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


def _opt_text(cells: list, text, col: int, value, s: int | None = None) -> None:
    """User text, always as a string (never a formula, number or URL); nothing when empty."""
    if value is not None and value != "":
        cells.append((col, text(value, s)))


def _opt_num(cells: list, number, col: int, value, s: int) -> None:
    d = _decimal(value)
    if d is not None:
        cells.append((col, number(float(d), s)))


# --------------------------------------------------------------------------- 无法处理

FAILED_HEADERS = [("文件", 48), ("状态", 20), ("原因", 80)]


def _failed_sheet(wb, fmt, failed: list[tuple[str, str, str]]) -> None:
    ws = _sheet(wb, fmt, "无法处理", FAILED_HEADERS)
    row = 0
    for rel, status, reason in failed:
        row += 1
        write_text(ws, row, 0, rel)
        _text(ws, row, 1, status)
        _text(ws, row, 2, reason)
    if row == 0:
        ws.write_string(1, 0, "全部文件均已处理。", fmt["note"])
    _finish(ws, row, len(FAILED_HEADERS))


# --------------------------------------------------------------------------- 图表

GRADES = ("优", "良", "中", "差")


def unit_progress(records: list[dict]) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """(unit, 执行率 = Σ执行数 ÷ Σ预算数, 序时进度 = month ÷ 12) per unit, sorted by unit."""
    tally = _ProgressTally()
    for rec in records:
        if not is_failed(rec):
            tally.add(rec)
    return tally.result()


class _ProgressTally:
    def __init__(self) -> None:
        self.budget: dict[str, Decimal] = defaultdict(Decimal)
        self.executed: dict[str, Decimal] = defaultdict(Decimal)
        self.month: dict[str, int] = {}

    def add(self, rec: dict) -> None:
        u = _unit(rec)
        self.month[u] = max(self.month.get(u, 0), rec.get("month") or 0)
        for p in rec["projects"]:
            b, e = _decimal(p.get("budget")), _decimal(p.get("executed"))
            if b is not None and e is not None:
                self.budget[u] += b
                self.executed[u] += e

    def result(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        out = []
        for u in sorted(self.month):
            b = self.budget.get(u)
            rate = self.executed[u] / b if b else None
            out.append((u, rate, Decimal(self.month[u]) / 12 if self.month[u] else None))
        return out


def grade_counts(records: list[dict]) -> dict[str, int]:
    tally = _GradeTally()
    for rec in records:
        if not is_failed(rec):
            tally.add(rec)
    return tally.counts


class _GradeTally:
    def __init__(self) -> None:
        self.counts = {g: 0 for g in GRADES}

    def add(self, rec: dict) -> None:
        for p in rec["projects"]:
            if p.get("grade") in self.counts:
                self.counts[p["grade"]] += 1


def _charts_sheet(wb, fmt, grade_counts: dict[str, int], units: list) -> None:
    ws = _sheet(wb, fmt, "图表", [("等级", 10), ("项目数", 10), ("", 4), ("单位", 28),
                                 ("执行率", 10), ("序时进度", 10)])
    grades = list(grade_counts.items())
    # constant_memory writes row by row: fill both small tables one row at a time
    for i in range(1, max(len(grades), len(units)) + 1):
        if i <= len(grades):
            ws.write_string(i, 0, grades[i - 1][0])
            ws.write_number(i, 1, grades[i - 1][1], fmt["int"])
        if i <= len(units):
            u, rate, prog = units[i - 1]
            write_text(ws, i, 3, u)
            _num(ws, i, 4, rate, fmt["pct"])
            _num(ws, i, 5, prog, fmt["pct"])
    pie = wb.add_chart({"type": "column"})
    pie.add_series({"name": "项目数", "categories": ["图表", 1, 0, len(GRADES), 0],
                    "values": ["图表", 1, 1, len(GRADES), 1], "data_labels": {"value": True}})
    pie.set_title({"name": "评价等级分布"})
    pie.set_legend({"none": True})
    ws.insert_chart(1, 7, pie)
    if units:
        last = min(len(units), CHART_UNITS)
        bars = wb.add_chart({"type": "column"})
        for col, name in ((4, "执行率"), (5, "序时进度")):
            bars.add_series({"name": name, "categories": ["图表", 1, 3, last, 3],
                             "values": ["图表", 1, col, last, col]})
        title = "各单位执行率与序时进度"
        if len(units) > CHART_UNITS:
            title += f"（前{CHART_UNITS}个单位）"
        bars.set_title({"name": title})
        bars.set_y_axis({"num_format": "0%"})
        ws.insert_chart(17, 7, bars, {"x_scale": 1.6, "y_scale": 1.2})


# --------------------------------------------------------------------------- 历史


def history_table(history) -> tuple[list[str], Iterator[tuple[str, str, dict, dict]]]:
    """(periods ascending, rows of (unit, project, {period: rate}, {period: score}) sorted by
    unit, project). A project is known by its unit and name, so it is followed even if the file
    is renamed from one month to the next.

    The pivot runs in a private temporary SQLite database on disk, not in memory: a history of
    many months of thousands of workbooks is streamed in and out."""
    con = sqlite3.connect("")  # "": a private temporary on-disk database
    con.execute("CREATE TABLE h (unit TEXT, project TEXT, period TEXT, rate TEXT, score TEXT)")
    con.executemany("INSERT INTO h VALUES (?, ?, ?, ?, ?)", (
        (r.get("unit") or Path(r.get("file") or "").stem, r.get("project") or "", r["period"],
         r.get("rate") or "", r.get("score") or "") for r in history if r.get("period")))
    periods = [p for (p,) in con.execute("SELECT DISTINCT period FROM h ORDER BY period")]
    cursor = con.execute("SELECT unit, project, period, rate, score FROM h "
                         "ORDER BY unit, project, period, rowid")

    def rows():
        try:
            for (unit, project), group in groupby(cursor, key=lambda x: (x[0], x[1])):
                rates, scores = {}, {}
                for _, _, period, rate, score in group:
                    rates[period], scores[period] = _decimal(rate), _decimal(score)
                yield unit, project, rates, scores
        finally:
            con.close()

    return periods, rows()


def _history_sheet(wb, fmt, xf: dict, history, spool: RowSpool):
    """历史: the rows go to ``spool``; the sheet (headers, autofilter, line charts) to ``wb``."""
    periods, rows = history_table(history)
    n = len(periods)
    count = 0
    text, number = spool.text, spool.number
    pct, score_xf = xf["pct"], xf["score"]
    for i, (unit, project, rate, score) in enumerate(rows, start=1):
        if i > MAX_ROWS:
            continue  # drain the generator so the database closes
        count = i
        cells: list = []
        _opt_text(cells, text, 0, unit)
        _opt_text(cells, text, 1, project)
        for j, p in enumerate(periods):
            if rate.get(p) is not None:
                cells.append((2 + j, number(float(rate[p]), pct)))
        for j, p in enumerate(periods):
            if score.get(p) is not None:
                cells.append((2 + n + j, number(float(score[p]), score_xf)))
        spool.row(cells)
    headers = [("单位", 28), ("项目", 36)] + [(f"执行率 {p}", 11) for p in periods] + \
              [(f"得分 {p}", 10) for p in periods]
    ws = _sheet(wb, fmt, "历史", headers)
    _finish(ws, count, len(headers))
    if not count or not periods:
        return ws
    shown = min(count, CHART_PROJECTS)
    for k, (what, first_col, num_format) in enumerate((("执行率", 2, "0%"), ("得分", 2 + n, "0"))):
        chart = wb.add_chart({"type": "line"})
        for i in range(1, shown + 1):
            chart.add_series({"name": ["历史", i, 1], "categories": ["历史", 0, first_col, 0,
                                                                   first_col + n - 1],
                              "values": ["历史", i, first_col, i, first_col + n - 1],
                              "marker": {"type": "circle"}})
        title = f"各项目{what}（按月）"
        if count > shown:
            title += f"，前{shown}个项目"
        chart.set_title({"name": title})
        chart.set_y_axis({"num_format": num_format})
        ws.insert_chart(count + 3 + k * 22, 0, chart, {"x_scale": 2.0, "y_scale": 1.4})
    return ws
