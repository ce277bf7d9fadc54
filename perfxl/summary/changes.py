"""新增 / 已解决: the findings new since the previous run of the same period, and those resolved.

The history CSV keeps figures per project, not findings, so the findings live in a file of their
own beside it, ``perfxl问题记录.csv`` (UTF-8 with a BOM, like the history): for every period (each
workbook's own, as in the history; none for 期间不明 or an older duplicate copy), the
findings of its latest run, one row each — 期间, 单位, 文件, 工作表, 单元格, 代码, 应为, 实为, 问题 —
plus one row per unit with no 代码 that says the unit was in that run (so a unit whose previous
run had no findings is not taken for a first run). A run replaces its period's rows.

A finding is the same finding from run to run when its unit (:func:`perfxl.values.unit_key`),
代码, 工作表, 单元格, 应为 and 实为 are equal; the file is not part of it, so a unit handing in
``某镇自评（修改后）.xlsx`` in place of ``某镇自评.xlsx`` is compared finding by finding. Per unit,
findings are compared as multisets (the same key may occur in two files of one unit).

A unit that was not in the previous run of the period, and every unit when the period has no
previous run, shows 首次运行 instead of counting all its findings as new. Units of the previous
run that are not in this one are not counted: they handed nothing in this time, which says
nothing about their findings.

Neither the stored rows nor this run's are held in memory (~40 KB per workbook): both wait on disk
(:mod:`perfxl.summary.finding_rows`), and are compared one unit at a time and written one period
at a time, so the parent's memory stays flat for any number of workbooks.

The file is written under the history lock, atomically (temp file + ``os.replace``). It holds
nothing that cannot be made again by the next run, so a damaged one (not perfxl's header, not
text) is not a stop: the run says so, treats the period as a first run and writes it anew.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from perfxl.summary.common import add_sheet, fit_row
from perfxl.summary.finding_rows import COLUMNS, Damaged, FindingRows, read_stored
from perfxl.summary.history import relative_to, write_history
from perfxl.summary.sheetxml import write_text
from perfxl.values import unit_key

FINDINGS_NAME = "perfxl问题记录.csv"
FIRST_RUN = "首次运行"

TEXT_KEYS = tuple(k for k, _ in COLUMNS)  # all text: guarded against formulas as in the history
IDENTITY = ("code", "sheet", "cell", "expected", "actual")
"""What makes two findings of one unit the same finding."""


def findings_path(summary_dir: Path) -> Path:
    return Path(summary_dir) / FINDINGS_NAME


# --------------------------------------------------------------------------- the findings of a run


def _unit_shown(x) -> str:
    """The name a record's unit is shown and compared by (``x``: its
    :class:`perfxl.summary.store.Light`); a workbook that names no unit is its own."""
    return x.unit if unit_key(x.unit) else (x.unit or x.rel or x.path)


def run_rows(x, rec: dict, summary_dir: Path, seen: set[tuple[str, str]]):
    """One workbook's rows of this run (``x``: its :class:`perfxl.summary.store.Light`), under
    its own period: a marker for its unit and period unless ``seen`` has them already, then its
    findings. As in the history, a workbook that names no period (期间不明) or is an older copy
    of another's submission (``duplicate_of``) has none."""
    if not x.submitted or not x.period or x.duplicate_of:
        return
    name, file = _unit_shown(x), relative_to(x.path, summary_dir)
    if (x.period, name) not in seen:
        seen.add((x.period, name))
        yield _row(x.period, name, file, {})
    yield from (_row(x.period, name, file, f) for f in rec["findings"])


def _row(period: str, unit: str, file: str, finding: dict) -> dict:
    row = {"period": period, "unit": unit, "file": file}
    for key in ("sheet", "cell", "code", "expected", "actual", "message"):
        value = finding.get(key)
        row[key] = "" if value is None else str(value)
    return row


# --------------------------------------------------------------------------- comparing


@dataclass
class Change:
    """One finding new or resolved."""

    kind: str  # 新增 · 已解决
    unit: str
    row: dict  # its row in the store's columns


@dataclass
class Changes:
    """This run against the previous run of the same period."""

    FIRST_RUN = FIRST_RUN  # the word shown for a unit with no previous run
    first_run: bool  # the period had no previous run
    new: Counter = field(default_factory=Counter)  # (period, unit key) → new findings
    resolved: Counter = field(default_factory=Counter)
    units_before: set[tuple[str, str]] = field(default_factory=set)  # of the previous runs
    items: list[Change] = field(default_factory=list)

    def counts(self, unit: str) -> tuple[int, int] | None:
        """(新增, 已解决) of a unit over its periods in this run, or None when none of them had
        the unit in its previous run (its first run)."""
        key = unit_key(unit)
        seen = [k for k in self.units_before if k[1] == key]
        if self.first_run or not seen:
            return None
        return sum(self.new[k] for k in seen), sum(self.resolved[k] for k in seen)

    def line(self) -> str:
        """What the terminal says."""
        if self.first_run:
            return f"问题变化：本期{FIRST_RUN}，没有上次运行可比较"
        return (f"问题变化（与本期上次运行相比）：新增 {sum(self.new.values())} 个，"
                f"已解决 {sum(self.resolved.values())} 个")

    def digest(self) -> str:
        """What the summary shows of the changes, hashed."""
        h = hashlib.sha256(f"{self.first_run}\x1e{sorted(self.units_before)}".encode())
        for c in self.items:
            h.update("\x1f".join([c.kind, c.unit, *(c.row[k] for k, _ in COLUMNS)]).encode())
        return h.hexdigest()


def compare(previous: FindingRows, current: FindingRows) -> Changes:
    """The findings of ``current`` (this run's :func:`run_rows`) against ``previous`` (the stored
    rows), unit by unit within each of this run's periods: one unit's rows in memory at a
    time. Every unit when none of those periods has stored rows is a first run."""
    periods = current.periods
    before = {key for key in previous.units if key[0] in periods}
    if not before:
        return Changes(first_run=True)
    out = Changes(first_run=False, units_before=before)
    for key in current.units:
        if key not in before:
            continue
        name, rows, old_rows = current.name(key), current.findings(key), previous.findings(key)
        old, now = Counter(_identity(r) for r in old_rows), Counter(_identity(r) for r in rows)
        out.items += _listed("新增", name, rows, now - old)
        out.items += _listed("已解决", name, old_rows, old - now)
        out.new[key] = sum((now - old).values())
        out.resolved[key] = sum((old - now).values())
    return out


def _identity(row: dict) -> tuple[str, ...]:
    return tuple(row[k] for k in IDENTITY)


def _listed(kind: str, unit: str, rows: list[dict], wanted: Counter) -> list[Change]:
    """The rows whose identity is in ``wanted``, as many of each as it counts."""
    left = Counter(wanted)
    out = []
    for r in rows:
        ident = _identity(r)
        if left[ident] > 0:
            left[ident] -= 1
            out.append(Change(kind, unit, r))
    return out


# --------------------------------------------------------------------------- the store


class FindingStore:
    """``perfxl问题记录.csv`` of a summary folder: read and replaced under the history lock.
    Its rows and this run's wait on disk (:class:`~perfxl.summary.finding_rows.FindingRows`)
    until :meth:`close` (or the end of a ``with`` block)."""

    def __init__(self, summary_dir: Path, notify=None):
        self.summary_dir = Path(summary_dir)
        self.path = findings_path(summary_dir)
        self.notify = notify or (lambda msg: None)
        self.stored, self.damaged = FindingRows(), False
        try:
            read_stored(self.path, self.stored)
        except Damaged as e:
            self.stored.close()
            self.stored, self.damaged = FindingRows(), True
            self.notify(f"问题记录 {self.path} 已损坏（{e}），本期按首次运行比较，并重新写入该文件")
        self.current = FindingRows()
        self._seen: set[tuple[str, str]] = set()  # (period, unit) of this run with a marker

    def add(self, x, rec: dict) -> None:
        """This run's findings of one workbook (``x``: its :class:`~perfxl.summary.store.Light`),
        added in the batch's order."""
        for row in run_rows(x, rec, self.summary_dir, self._seen):
            self.current.add(row)

    def changes(self) -> Changes:
        """The findings added against the previous run of each of their periods (kept for
        :meth:`keep`)."""
        return compare(self.stored, self.current)

    def keep(self) -> None:
        """Store this run's findings as their periods' latest run, unless they are already (an
        unchanged re-run leaves the file as it is)."""
        periods = self.current.periods
        if not self.damaged and all(self.stored.digest(p) == self.current.digest(p)
                                    for p in periods):
            return
        write_history(self.path, self._kept(), COLUMNS, TEXT_KEYS)  # atomically, as the history

    def _kept(self):
        """The stored rows with this run's periods replaced, by period (each in its order)."""
        for period in sorted(self.stored.periods | self.current.periods):
            rows = self.current if period in self.current.periods else self.stored
            yield from rows.period_rows(period)

    def close(self) -> None:
        self.stored.close()
        self.current.close()
        self._seen.clear()

    def __enter__(self) -> FindingStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def shown_digest(changes: Changes | None, roster=None) -> str:
    """What the summary shows of the changes and of the roster check (its ``digest()``), hashed:
    a re-run that changes only these rewrites the summary, not the history."""
    h = hashlib.sha256((changes.digest() if changes else "").encode())
    h.update((roster.digest() if roster is not None else "").encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- the sheet

HEADERS = [("单位", 28), ("变化", 8), ("文件", 40), ("工作表", 16), ("单元格", 8), ("代码", 8),
           ("问题", 60), ("应为", 16), ("实为", 16)]


def write_changes_sheet(wb, fmt: dict, changes: Changes | None) -> None:
    """问题变化: each finding new or resolved since the previous run of the period."""
    if changes is None:
        return
    ws = add_sheet(wb, fmt, "问题变化", HEADERS)
    if changes.first_run:
        ws.write_string(1, 0, f"本期{FIRST_RUN}：没有上次运行可比较，下次运行起列出新增和已解决的问题")
        return
    if not changes.items:
        ws.write_string(1, 0, "与本期上次运行相比，没有新增或已解决的问题")
        return
    for i, c in enumerate(changes.items, start=1):
        r = c.row
        values = (c.unit, c.kind, r["file"], r["sheet"], r["cell"], r["code"], r["message"],
                  r["expected"], r["actual"])
        for col, v in enumerate(values):
            write_text(ws, i, col, v)
        fit_row(ws, i, HEADERS, values)
