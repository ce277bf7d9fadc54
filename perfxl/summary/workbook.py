"""The summary workbook for the 财政局: ``perfxl汇总_YYYY-MM.xlsx``.

Sheets: 汇总 (one row per project of every workbook, with a link to the file), 全部问题 (every
finding), 无法处理 (files that failed and why), 重复报送 (copies of one submission that do not
count, when there are any), 未识别文件 (workbooks that are not ours, when there are any), 图表
(grade distribution; 执行率 vs 序时进度 per unit) and 历史 (each project's 执行率 and score by
month, with line charts).

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
import os
import re
import zipfile
from io import BytesIO
from pathlib import Path

import xlsxwriter

from perfxl.discover import SUMMARY_PREFIX, TEMP_MARK
from perfxl.result import PERIOD_UNKNOWN
from perfxl.summary.changes import write_changes_sheet
from perfxl.summary.charts import charts_sheet, failed_sheet
from perfxl.summary.common import add_sheet, finish_sheet, formats
from perfxl.summary.duplicates import duplicates_sheet
from perfxl.summary.history import relative_to
from perfxl.summary.history_sheet import history_sheet
from perfxl.summary.roster import write_roster_sheet
from perfxl.summary.rows import FINDING_HEADERS, SUMMARY_HEADERS, SummaryRows, Tally
from perfxl.summary.sheetxml import RowSpool, assemble
from perfxl.summary.units import write_unit_groups
from perfxl.summary.declarations import declarations_sheet
from perfxl.summary.unrecognised import unrecognised_sheet


def summary_name(period: str | None) -> str:
    """``perfxl汇总_YYYY-MM.xlsx``; ``perfxl汇总_期间不明.xlsx`` when no workbook says its period
    (never a month made up from the clock)."""
    return f"{SUMMARY_PREFIX}{period or PERIOD_UNKNOWN}.xlsx"


SUMMARY_LAYOUT = "3"
"""What a summary shows for given records: raise it when that changes (2: links on every row
of 汇总 and on each finding of 全部问题; 3: printable — A4 landscape, wrapped text), so a folder whose records did not change still gets
its summary rewritten once by the new code."""


def summary_digest(records, *, period: str, base: Path, history: Path | None,
                   unreadable=(), findings: Path | None = None) -> str:
    """Everything the summary shows, hashed: the records (without run bookkeeping), the period,
    the folder links are relative to, the history file, the folders that could not be read
    and the layout (perfxl's version and :data:`SUMMARY_LAYOUT`). Equal digest → equal
    summary. ``findings``: the findings file of 新增/已解决 as well (so an equal digest also
    says the previous run those are compared with is unchanged)."""
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
    for kept in (history, findings):
        if kept is not None and Path(kept).exists():
            h.update(b"file\x1e")
            with open(kept, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
    return h.hexdigest()


SHOWN_PROPERTY = "perfxl-shown"
"""The custom property holding the digest of what a summary shows beside the records and the
history (the roster check and 新增/已解决): a re-run may change those alone, and then rewrites
the summary but not the history."""


def stored_digest(path: Path, name: str = "perfxl-digest") -> str | None:
    """The digest written into a summary's custom document properties, if any."""
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("docProps/custom.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    m = re.search(rf'name="{name}"[^>]*>\s*<vt:lpwstr>([0-9a-f]{{64}})<', xml)
    return m.group(1) if m else None


def write_summary(target: Path, records, *, period: str, history, base: Path | None = None,
                  digest: str | None = None, unreadable=(), changes=None, roster=None,
                  shown: str | None = None) -> Path:
    """Write the summary atomically to ``target``; file links are relative to ``base``.
    ``unreadable``: (folder, why) of folders that could not be listed, shown in 无法处理.
    ``changes`` (:class:`~perfxl.summary.changes.Changes`): 新增/已解决 in 单位汇总 (then a row
    for every unit) and the sheet 问题变化; ``roster`` (:class:`~perfxl.summary.roster.RosterCheck`):
    the sheet 未报送单位; ``shown``: their digest, kept as :data:`SHOWN_PROPERTY`.
    ``records`` and ``history`` are iterables of dicts (each is iterated once);
    ``digest`` (see :func:`summary_digest`) is stored in the document properties.
    A batch adds its records to a :class:`SummaryWriter` itself, in its one pass over them."""
    target = Path(target)
    files = len(records) if hasattr(records, "__len__") else None
    with SummaryWriter(base if base is not None else target.parent, files=files,
                       every_unit=changes is not None) as writer:
        for rec in records:
            writer.add(rec)
        return writer.write(target, period=period, history=history, digest=digest,
                            unreadable=unreadable, changes=changes, roster=roster, shown=shown)


class SummaryWriter:
    """The summary workbook being made: the rows of the three large sheets (汇总, 全部问题, 历史)
    are streamed as XML into temporary files (:mod:`perfxl.summary.sheetxml`) — those of 汇总 and
    全部问题 as each record is added (:meth:`add`) —; :meth:`write` then has xlsxwriter write the
    skeleton — headers, widths, frozen panes, autofilters sized to the rows, the small sheets and
    the charts — in memory, and assembles the two into the temporary file that replaces the
    target. ``files``: how many records will be added (None: not known); ``every_unit``: 单位汇总
    has a row for every unit (with 新增/已解决)."""

    def __init__(self, base: Path, *, files: int | None = None, every_unit: bool = False):
        self.base = Path(base)
        self.buf = BytesIO()
        self.wb = xlsxwriter.Workbook(self.buf, {
            "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False})
        self.fmt = formats(self.wb)
        self.xf = {name: f._get_xf_index() for name, f in self.fmt.items()}  # fixed before any row
        self.summary, self.findings, self.history = RowSpool(), RowSpool(), RowSpool()
        self.tally = Tally(self.base, every_unit=every_unit)
        self.rows = SummaryRows(self.summary, self.findings, self.xf, self.base, self.tally, files)

    def add(self, rec: dict) -> None:
        """One record's rows of 汇总 and 全部问题, and what the small sheets need of it."""
        self.rows.add(rec)

    def write(self, target: Path, *, period: str, history, digest: str | None = None,
              unreadable=(), changes=None, roster=None, shown: str | None = None) -> Path:
        """Write the workbook of the records added atomically to ``target`` (the arguments are
        :func:`write_summary`'s)."""
        target = Path(target)
        tmp = target.with_name(f".{target.stem}{TEMP_MARK}{os.getpid()}.xlsx")
        wb, fmt, xf, base, tally = self.wb, self.fmt, self.xf, self.base, self.tally
        try:
            if digest:
                wb.set_custom_property("perfxl-digest", digest)
            if shown:
                wb.set_custom_property(SHOWN_PROPERTY, shown)
            ws_summary = add_sheet(wb, fmt, "汇总", SUMMARY_HEADERS)
            finish_sheet(ws_summary, self.summary.rows, len(SUMMARY_HEADERS))
            ws_findings = add_sheet(wb, fmt, "全部问题", FINDING_HEADERS)
            finish_sheet(ws_findings, self.findings.rows, len(FINDING_HEADERS))
            failed_sheet(wb, fmt, [(relative_to(str(folder), base) + "/", "无法读取文件夹", why)
                                    for folder, why in unreadable] + tally.failed)
            duplicates_sheet(wb, fmt, tally.duplicates)
            unrecognised_sheet(wb, fmt, tally.unrecognised)
            declarations_sheet(wb, fmt, tally.declarations)
            charts_sheet(wb, fmt, tally.grades.counts, tally.progress.result())
            write_unit_groups(wb, fmt, tally.units.groups(), changes)  # exports (or all) by unit
            write_roster_sheet(wb, fmt, roster)
            write_changes_sheet(wb, fmt, changes)
            ws_history = history_sheet(wb, fmt, xf, history, self.history)
            wb.close()
            assemble(self.buf.getvalue(), tmp, {_part(ws_summary): self.summary,
                                                _part(ws_findings): self.findings,
                                                _part(ws_history): self.history})
            os.replace(tmp, target)
        except BaseException:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise
        return target

    def close(self) -> None:
        for spool in (self.summary, self.findings, self.history):
            spool.close()

    def __enter__(self) -> SummaryWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _part(ws) -> str:
    """The package part xlsxwriter writes a worksheet to (sheet1.xml … in the order added)."""
    return f"xl/worksheets/sheet{ws.index + 1}.xml"
