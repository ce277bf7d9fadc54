"""The history store: every project's 执行率 and score, month by month, across runs.

A CSV beside the summary workbook, ``perfxl历史.csv``, UTF-8 with a BOM so Excel and WPS open the
Chinese correctly: one row per (期间, 文件, 项目). An accountant can open it, filter it and copy from
it; nothing is hidden in a database. Each workbook is filed under its own period (read from the
file, never from the clock; a workbook naming none has no rows); a run replaces the rows of the
periods its workbooks are filed under.

On a shared folder several people may read it and two scheduled runs may start together, so every
update happens under :class:`~perfxl.summary.lock.FileLock` (taken by the caller, which also
writes the summary while holding it), and the CSV is rewritten atomically (temp file +
``os.replace``): a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import IO

from perfxl.discover import TEMP_MARK
from perfxl.result import dec, is_failed
from perfxl.summary.units import progress_of

HISTORY_NAME = "perfxl历史.csv"
LOCK_NAME = "perfxl历史.csv.lock"

# (key, header) in file order
COLUMNS = (
    ("period", "期间"), ("unit", "单位"), ("file", "文件"), ("project", "项目"),
    ("budget", "全年预算数（万元）"), ("executed", "全年执行数（万元）"), ("rate", "执行率"),
    ("progress", "序时进度"), ("score", "得分"), ("grade", "等级"), ("recorded", "记录时间"),
)
TEXT_KEYS = ("unit", "file", "project", "grade")
REQUIRED = ("期间", "文件", "项目")
FORMULA_CHARS = ("=", "+", "-", "@")


class HistoryError(Exception):
    """The history file exists but cannot be used; it is left untouched (message in Chinese)."""


def history_path(summary_dir: Path) -> Path:
    return Path(summary_dir) / HISTORY_NAME


def lock_path(summary_dir: Path) -> Path:
    return Path(summary_dir) / LOCK_NAME


def rows_for(records, summary_dir: Path) -> HistoryRows:
    """This run's history rows of ``records`` (:class:`HistoryRows`, which the caller closes)."""
    rows = HistoryRows(summary_dir)
    for rec in records:
        rows.add(rec)
    return rows


class HistoryRows:
    """This run's history rows: one row per project of every workbook that counts, filed under
    the workbook's own period, as each record is added (:meth:`add`). A workbook that could not
    be processed, names no period (期间不明: the history makes up no month for it) or is a copy
    of another's submission (``duplicate_of``) has no rows. The rows wait by period in anonymous
    temporary files (one JSON line per row), read back period by period in ascending order
    (:meth:`rows`) as often as needed."""

    def __init__(self, summary_dir: Path) -> None:
        self.summary_dir = summary_dir
        self.now = datetime.now().isoformat(timespec="seconds")  # 记录时间: when, not which month
        self._files: dict[str, IO[bytes]] = {}

    def add(self, rec: dict) -> None:
        period = rec.get("period")
        if is_failed(rec) or not period or rec.get("duplicate_of"):
            return
        progress = dec(progress_of(period))  # month ÷ 12: what 执行率 is measured against
        file = relative_to(rec["path"], self.summary_dir)
        for p in rec["projects"]:
            row = {"period": period, "unit": rec.get("unit") or "", "file": file,
                   "project": p.get("name") or "", "budget": p.get("budget") or "",
                   "executed": p.get("executed") or "", "rate": p.get("execution_rate") or "",
                   "progress": progress or "", "score": p.get("total_score") or "",
                   "grade": p.get("grade") or "", "recorded": self.now}
            if period not in self._files:  # only a period with rows is replaced
                self._files[period] = tempfile.TemporaryFile()
            self._files[period].write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")

    @property
    def periods(self) -> list[str]:
        return sorted(self._files)

    def rows(self, period: str | None = None):
        """The rows of ``period``, or of every period in order."""
        for p in [period] if period is not None else self.periods:
            f = self._files.get(p)
            if f is None:
                continue
            f.seek(0)
            for line in f:
                yield json.loads(line)
            f.seek(0, 2)

    def close(self) -> None:
        for f in self._files.values():
            f.close()


def relative_to(path: str | Path, base: Path) -> str:
    """``path`` relative to ``base`` with ``/`` (absolute if on another drive)."""
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, os.path.abspath(base))
    except ValueError:
        return Path(full).as_posix()
    return rel if os.sep == "/" else Path(rel).as_posix()


def read_history(path: Path) -> list[dict]:
    """All rows of the history CSV ([] if there is none yet)."""
    return list(iter_history(path))


def iter_history(path: Path):
    """The rows of the history CSV, streamed (Excel may have re-saved it as GBK: accepted)."""
    yield from _rows(Path(path), _encoding(Path(path)))


def _encoding(path: Path) -> str:
    """utf-8-sig if the whole file decodes as UTF-8, else gb18030 (decided before any row is
    used, so a late bad byte cannot make rows appear twice)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except FileNotFoundError:
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"
    except OSError as e:
        raise HistoryError(f"历史记录 {path} 无法读取：{e.strerror or e}") from e
    return "utf-8-sig"


def _rows(path: Path, encoding: str):
    try:
        f = open(path, encoding=encoding, newline="")
    except FileNotFoundError:
        return
    except OSError as e:
        raise HistoryError(f"历史记录 {path} 无法读取：{e.strerror or e}") from e
    with f:
        reader = csv.reader(f)
        headers = next(reader, None)
        if headers is None:
            return
        if any(h not in headers for h in REQUIRED):
            raise HistoryError(f"历史记录 {path} 的表头不是 perfxl 的格式（缺少 {'、'.join(REQUIRED)}），"
                               f"未改动该文件，也未更新汇总。请改名或移走该文件后重新运行。")
        by_header = {h: k for k, h in COLUMNS}
        keys = [by_header.get(h) for h in headers]
        for line in reader:
            row = {k: "" for k, _ in COLUMNS}
            for key, v in zip(keys, line):
                if key is not None:
                    row[key] = _unguard(v) if key in TEXT_KEYS else v
            yield row


def merged(existing, new: HistoryRows):
    """The history with the periods of ``new`` replaced: old rows of other months in their
    order, each new month's rows where the month belongs (before the first later month).
    Streams."""
    waiting = new.periods  # ascending
    replaced = set(waiting)
    for row in existing:
        period = row.get("period") or ""
        if period in replaced:
            continue
        while waiting and waiting[0] < period:
            yield from new.rows(waiting.pop(0))
        yield row
    for period in waiting:
        yield from new.rows(period)


def write_history(path: Path, rows, columns=COLUMNS, text_keys=TEXT_KEYS) -> None:
    """Rewrite the CSV atomically, UTF-8 with BOM, CRLF line ends (as Excel writes CSV).
    ``columns``/``text_keys``: another CSV of the same kind (the findings kept beside it)."""
    path = Path(path)
    tmp = path.with_name(f"{path.stem}{TEMP_MARK}{os.getpid()}.csv")
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow([h for _, h in columns])
            for r in rows:
                w.writerow([_guard(r.get(k, "")) if k in text_keys else r.get(k, "")
                            for k, _ in columns])
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def update_history(summary_dir: Path, records) -> Path:
    """Replace, in the history beside the summary, every period this run's workbooks are filed
    under with their rows (:class:`HistoryRows`), streaming old and new rows (the caller holds
    the lock). Returns the path of the history file."""
    new = rows_for(records, summary_dir)
    try:
        return replace_history(summary_dir, new)
    finally:
        new.close()


def replace_history(summary_dir: Path, new: HistoryRows) -> Path:
    """:func:`update_history` with this run's rows gathered already (the batch's one pass over
    its records)."""
    path = history_path(summary_dir)
    periods = set(new.periods)
    old = (r for r in iter_history(path) if r.get("period") in periods)
    if path.exists() and _rows_digest(old) == _rows_digest(new.rows()):
        return path  # same months, same figures: leave the file (and its 记录时间) as it is
    write_history(path, merged(iter_history(path), new))
    return path


_DIGEST_KEYS = tuple(k for k, _ in COLUMNS if k != "recorded")


def _rows_digest(rows) -> str:
    """A hash of rows in order, ignoring when they were recorded (runs on every batch, over
    every row of the month: kept to one join per row)."""
    h = hashlib.sha256()
    keys = _DIGEST_KEYS
    for r in rows:
        get = r.get
        h.update("\x1f".join([str(get(k, "")) for k in keys]).encode())
        h.update(b"\x1e")
    return h.hexdigest()


def _guard(v) -> str:
    """Excel runs a CSV cell starting with = + - @ as a formula; a leading ' keeps it text."""
    s = "" if v is None else str(v)
    return "'" + s if s.startswith(FORMULA_CHARS) else s


def _unguard(s: str) -> str:
    return s[1:] if s.startswith("'") and s[1:].startswith(FORMULA_CHARS) else s
