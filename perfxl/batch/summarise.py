"""The end of a batch: which copies of one submission count, the batch's month, and the summary
workbook and history written under the history lock (one writer at a time)."""

from __future__ import annotations

from collections import Counter
from contextlib import ExitStack, closing
from pathlib import Path

from perfxl.batch.pool import Job
from perfxl.discover import SUMMARY_PREFIX, TEMP_MARK
from perfxl.summary.changes import FindingStore, findings_path, shown_digest
from perfxl.summary.duplicates import find_duplicates
from perfxl.summary.history import (HistoryError, HistoryRows, iter_history, lock_path,
                                   replace_history)
from perfxl.summary.history import history_path as history_file
from perfxl.summary.lock import FileLock, LockBusy
from perfxl.summary.shown import keep_shown, shown_changes
from perfxl.summary.workbook import (SHOWN_PROPERTY, SummaryWriter, stored_digest,
                                     summary_digest, summary_name, write_summary)
from perfxl.write.safe import lock_message


def batch_period(light) -> str | None:
    """The month the summary workbook is named by, from the workbooks' own periods only (never
    the clock): the most common period among the workbooks that count, the latest on a tie;
    None when no workbook says (the summary is then named without a month).

    Most common, because a folder is one round of hand-ins: a stray workbook of an older year
    left in it must not rename the month's summary; the latest on a tie, because of two equal
    rounds the later one is the current. Each workbook is still filed under its own period in
    the summary's rows and the history. ``light`` is :meth:`RecordStore.light`."""
    counts = Counter(x.period for x in light
                     if x.period and not x.failed and not x.duplicate_of)
    if not counts:
        return None
    best = max(counts.values())
    return max(p for p, c in counts.items() if c == best)


def mark_duplicates(records) -> list[str]:
    """Mark the records that are an older copy of another's submission (``duplicate_of``,
    ``duplicate_reason``: :mod:`perfxl.summary.duplicates`); return a note per copy for the
    user. Done after the whole batch is in, from the submissions the store keeps in memory,
    and not kept in the manifest: which copy counts depends on the other files of the folder,
    not on the file itself."""
    light = records.light()
    notes = []
    for d in find_duplicates([x.submission for x in light]):
        used, other = light[d.used], light[d.index]
        records.mark(d.index, duplicate_of=used.path, duplicate_reason=d.reason)
        notes.append(f"重复报送：{other.rel or other.path} 与 {used.rel or used.path} 是同一单位、"
                     f"同一年度的同一种报表，采用 {used.rel or used.path}（{d.reason}），"
                     f"{other.rel or other.path} 不计入汇总和历史记录")
    return notes


def default_summary_dir(paths, jobs: list[Job]) -> Path:
    for raw in paths:
        if Path(raw).is_dir():
            return Path(raw)
    return jobs[0].root if jobs else Path(".")


def _clean_summary_leftovers(summary_dir: Path) -> None:
    """Temporary summary/history files of a run that was killed. Called under the history
    lock, so no other writer can be using them."""
    patterns = (f".{SUMMARY_PREFIX}*{TEMP_MARK}*.xlsx",
                f"{history_file(summary_dir).stem}{TEMP_MARK}*.csv",
                f"{findings_path(summary_dir).stem}{TEMP_MARK}*.csv",
                f".{SUMMARY_PREFIX}*{TEMP_MARK}*.json")  # what a summary shows (summary/shown)
    for pattern in patterns:
        for p in summary_dir.glob(pattern):
            try:
                p.unlink()
            except OSError:
                pass


def _open_elsewhere(*paths: Path) -> str | None:
    """Why one of these files cannot be replaced now (open in Excel/WPS: the 财政局 reviewer
    reading last run's summary, or the history CSV), or None."""
    for path in paths:
        reason = lock_message(path)
        if reason:
            return reason
    return None


def write_summary_files(outcome, summary_dir: Path, notify, lock_wait: float,
                        force: bool = False) -> None:
    """History and summary workbook, both under the history lock (one writer at a time).

    A re-run over exactly the files the summary was made from — the same records, month and
    folder, the history and the findings file as they were then — reads no record and writes
    nothing: its 新增/已解决 are those the summary shows (:mod:`perfxl.summary.shown`), of the
    last run that saw different files. Else (and always with ``force``: ``--force`` redoes
    everything) this run's findings are compared with the stored ones of each period's latest
    run, and the history, the findings file and the summary are written where they changed."""
    summary_dir = Path(summary_dir)
    target = summary_dir / summary_name(outcome.period)
    history_path, found_path = history_file(summary_dir), findings_path(summary_dir)

    def digest() -> str:
        return summary_digest(outcome.records, period=outcome.period, base=summary_dir,
                              history=history_path, unreadable=outcome.unreadable,
                              findings=found_path)

    try:
        summary_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(lock_path(summary_dir), wait_seconds=lock_wait, notify=notify):
            _clean_summary_leftovers(summary_dir)
            now, stored = digest(), stored_digest(target)
            kept = shown_changes(target, now) if now == stored and not force else None
            if kept is not None:  # the summary was made from these very files
                outcome.changes = kept
                _same_files(outcome, target, now, summary_dir, notify)
            else:
                _compare_and_write(outcome, target, now, stored, digest, summary_dir, notify)
    except (HistoryError, LockBusy) as e:
        notify(str(e))
        outcome.summary_failed = True
        return
    except OSError as e:
        notify(f"汇总工作簿无法写入 {summary_dir}：{e.strerror or e}")
        outcome.summary_failed = True
        return
    if not outcome.summary_failed:
        outcome.summary_path, outcome.history_path = target, history_path


def _same_files(outcome, target: Path, now: str, summary_dir: Path, notify) -> None:
    """A re-run over the files the summary was made from: nothing is read or written, unless
    the roster check it shows changed (a new roster): then the summary alone is written again,
    with the same 新增/已解决."""
    shown = shown_digest(outcome.changes, outcome.roster)
    if shown == stored_digest(target, SHOWN_PROPERTY):
        return
    busy = _open_elsewhere(target)
    if busy:
        notify(f"汇总工作簿本次未更新（各工作簿的结果不受影响）：{busy}")
        outcome.summary_failed = True
        return
    _write(outcome, target, now, shown, summary_dir)


def _compare_and_write(outcome, target: Path, now: str, stored: str | None, digest,
                       summary_dir: Path, notify) -> None:
    """This run's findings against each period's latest run; the history, the findings file and
    the summary written where they changed, and what the summary shows kept beside it.

    The records are read in one pass, which gathers this run's findings, its history rows and
    the summary's rows at once. When the records, month, folder, history and findings file are
    those the summary was made from (``stored == now``), the history holds these rows already
    and the summary these records: the pass gathers the findings alone, and the summary is
    written again (a second pass) only if its 新增/已解决 or roster check changed."""
    history_path = history_file(summary_dir)
    changed = stored != now
    records = outcome.records
    with ExitStack() as stack:
        found = stack.enter_context(FindingStore(summary_dir, notify))  # previous runs' findings
        history = stack.enter_context(closing(HistoryRows(summary_dir))) if changed else None
        sheets = stack.enter_context(SummaryWriter(summary_dir, files=len(records),
                                                   every_unit=True)) if changed else None
        for x, rec in zip(records.light(), records):  # the one pass over the records
            found.add(x, rec)
            if changed:
                history.add(rec)
                sheets.add(rec)
        outcome.changes = found.changes()
        shown = shown_digest(outcome.changes, outcome.roster)
        new_shown = shown != stored_digest(target, SHOWN_PROPERTY)
        busy = (changed or new_shown) and _open_elsewhere(target, history_path, found.path)
        if busy:
            notify(f"汇总工作簿和历史记录本次未更新（各工作簿的结果不受影响）：{busy}")
            outcome.summary_failed = True
            return
        if changed:
            replace_history(summary_dir, history)
        # else nothing changed since that summary was written — records, month, folder and the
        # history file as it was then — so the history already holds this month's rows
        found.keep()  # this run's findings, for the next run's changes
        found.close()  # its index is not needed while the summary is written: a lower peak
        now = digest()  # the files as this run leaves them, for the next run
        if stored != now or new_shown:  # else: the same summary is already there
            if sheets is not None:
                sheets.write(target, **_summary_args(outcome, summary_dir, now, shown))
            else:  # the records are the summary's: only 新增/已解决 or the roster changed
                _write(outcome, target, now, shown, summary_dir)
    keep_shown(target, now, outcome.changes)


def _summary_args(outcome, summary_dir: Path, now: str, shown: str) -> dict:
    return {"period": outcome.period, "history": iter_history(history_file(summary_dir)),
            "digest": now, "unreadable": outcome.unreadable, "changes": outcome.changes,
            "roster": outcome.roster, "shown": shown}


def _write(outcome, target: Path, now: str, shown: str, summary_dir: Path) -> None:
    write_summary(target, outcome.records, base=summary_dir,
                  **_summary_args(outcome, summary_dir, now, shown))
