"""The batch: every workbook under some folders, in parallel, incrementally, one bad file at a time.

Design:
- the parent discovers files, resolves each folder's config once and asks the manifest which
  files are unchanged (their stored records are reused, nothing is read);
- the rest go to a process pool (:mod:`perfxl.batch.pool`); each worker
  (:mod:`perfxl.batch.worker`) returns the file's per-workbook object of :mod:`perfxl.result`
  (plain JSON), never the model — the "record" the manifest keeps and the summary reads;
- records are delivered in discovery (path) order through a reorder buffer, so JSON lines, the
  manifest and the summary are the same for ``--jobs 1`` and ``--jobs 8``;
- at the end, the summary workbook and the history (:mod:`perfxl.batch.summarise`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from perfxl.batch.pool import Job, default_jobs, execute
from perfxl.batch.summarise import (batch_period, default_summary_dir, mark_duplicates,
                                    write_summary_files)
from perfxl.batch.worker import Worker, process_file
from perfxl.config import Config, ConfigError
from perfxl.discover import TEMP_MARK, XLS_RESULT_SUFFIX, Found, Listings, search
from perfxl.manifest import Manifest, manifest_in
from perfxl.result import (EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE, empty_record, file_exit_code,
                           run_exit_code, stale_decisions_note)
from perfxl.summary.changes import Changes
from perfxl.summary.roster import Roster, RosterCheck, check_roster
from perfxl.summary.store import Entry, Light, RecordStore, pack
from perfxl.write.safe import clean_leftovers

__all__ = ["EXIT_CLEAN", "EXIT_FINDINGS", "EXIT_TROUBLE", "BatchOutcome", "default_jobs",
           "process_file", "run_batch"]

FILE_TIMEOUT = 600.0
"""Seconds one workbook may take in a parallel batch before it is given up (a real unit workbook
takes well under a second; 10,000 projects about 30 s). ``--timeout`` changes it."""

@dataclass
class BatchOutcome:
    records: RecordStore = field(default_factory=lambda: RecordStore(0))  # in path order, on disk
    missing: list[Path] = field(default_factory=list)  # paths given that do not exist
    # folders that could not be listed (no permission, say), with why: their workbooks unchecked
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    period: str | None = None  # the summary's month (None: no workbook says; see batch_period)
    summary_path: Path | None = None
    history_path: Path | None = None
    messages: list[str] = field(default_factory=list)  # notes for the user (Chinese)
    summary_failed: bool = False
    roster: RosterCheck | None = None  # --roster: who has not handed in, who is not on it
    changes: Changes | None = None  # 新增/已解决 since the period's previous run (with a summary)

    @property
    def failed(self) -> list[dict]:
        return [self.records[i] for i, x in enumerate(self.records.light()) if x.failed]

    @property
    def reused(self) -> int:
        return sum(1 for x in self.records.light() if x.reused)

    @property
    def exit_code(self) -> int:
        """The worst of the files' exit codes; 2 also when a path was missing, a folder could
        not be listed or the summary not written."""
        return run_exit_code(
            (file_exit_code(failed=x.failed, errors=x.errors) for x in self.records.light()),
            trouble=bool(self.missing or self.unreadable or self.summary_failed))


# --------------------------------------------------------------------------- the parent side


def run_batch(paths, *, config_for: Callable[[Path], Config], jobs: int | None = None,
              force: bool = False, write: bool = True, output_dir: Path | None = None,
              backup: bool = False, summary_dir: Path | None = None, period: str | None = None,
              progress=None, worker: Worker | None = None, summary: bool | None = None,
              use_manifest: bool = True, notify: Callable[[str], None] | None = None,
              lock_wait: float = 120.0, file_timeout: float | None = FILE_TIMEOUT,
              roster: Roster | None = None, mark: bool = False) -> BatchOutcome:
    """Process every workbook under ``paths``; see the module docstring.

    ``summary`` None means: write the summary workbook and history in write mode, or in check
    mode only when ``summary_dir`` is given. ``period`` (``--period``) names the summary
    workbook; else it is named by the workbooks' periods (:func:`batch_period`). Each workbook
    is filed under its own period in the summary's rows and the history either way. ``worker`` replaces :func:`process_file` (tests).
    ``notify`` receives messages for the user as they happen (e.g. waiting for the history lock);
    they are also kept in ``outcome.messages``. ``file_timeout`` gives up a workbook that takes
    longer (parallel runs only: a single worker runs in this process and cannot be stopped).
    ``roster`` (read beforehand, :func:`perfxl.summary.roster.read_roster`): the units that
    should hand in, checked against the records (``outcome.roster``, the sheet 未报送单位).
    ``mark``: a note on each wrong cell (``run --mark``).
    """
    outcome = BatchOutcome()

    def tell(msg: str) -> None:
        outcome.messages.append(msg)
        if notify is not None:
            notify(msg)

    job_list, found = plan_jobs(paths, config_for, getattr(progress, "searching", None))
    outcome.missing, outcome.unreadable = found.missing, found.unreadable
    for folder, why in found.unreadable:
        tell(f"无法读取文件夹：{folder}（{why}）")
    for folder, why in found.skipped:
        tell(f"跳过文件夹：{folder}（{why}）")
    mode = batch_mode(write, output_dir, mark)
    if write:
        _clean_leftovers([j for j in job_list if j.config is not None], found.listings,
                        copies=output_dir is not None)
    manifests = _load_manifests(job_list, output_dir) if use_manifest else {}
    # the workers need not look for leftovers again: done above, one listing per folder
    options = {"write": write, "output_dir": output_dir, "backup": backup, "cleaned": write,
               "mark": mark}
    records = RecordStore(len(job_list))
    if progress is not None and hasattr(progress, "start"):
        progress.start(len(job_list))
    sink = _OrderedSink(records, len(job_list), progress)

    def done(job: Job, rec: dict | Entry) -> None:
        x = _deliver(job, rec, sink, manifests if write else {}, mode)
        if write and x.stale_decisions and not x.failed:
            # said once: the decisions are gone from the workbook written (a reused record,
            # delivered by _reuse, is not said again)
            tell(f"{x.rel}：{stale_decisions_note(x.stale_decisions)}")

    try:
        todo = _reuse(job_list, manifests, mode, force, sink)
        execute(todo, options, jobs, worker or process_file, done, file_timeout)
    finally:  # also on Ctrl-C: the files done so far need not be redone next time
        for m in manifests.values():
            if write:
                m.save()
            m.close()
        if progress is not None:
            progress.close()
    outcome.records = records
    for note in mark_duplicates(records):
        tell(note)
    outcome.period = period or batch_period(records.light())
    if roster is not None:
        outcome.roster = check_roster(roster, records)
    if summary if summary is not None else (write or summary_dir is not None):
        write_summary_files(outcome,
                            summary_dir or output_dir or default_summary_dir(paths, job_list),
                            tell, lock_wait, force)
    return outcome


def _reuse(job_list: list[Job], manifests, mode: str, force: bool, sink) -> list[Job]:
    """Deliver what needs no work (unchanged files, unusable config); return the rest."""
    todo: list[Job] = []
    for job in job_list:
        if job.config is None:
            sink.deliver(job, empty_record(job.path, status="error", error=job.error))
            continue
        found = None if force else _from_manifest(job, manifests, mode)
        if found is not None:
            sink.deliver(job, *found)  # nothing to store: the manifest keeps it as it is
        else:
            todo.append(job)
    return todo


def _clean_leftovers(job_list: list[Job], listings: Listings, copies: bool) -> None:
    """Remove the temporary files an interrupted earlier run left beside the workbooks (and
    beside the results of an .xls, unless the results go to a folder of copies), here in the
    parent from one listing per folder: a worker would list the folder again for every file,
    a round trip to the share each time."""
    temps: dict[Path, list[str] | None] = {}  # folder → its temporary files' names
    for job in job_list:
        folder = job.path.parent
        if folder not in temps:
            listing = _listing(folder, listings)
            temps[folder] = None if listing is None else [n for n in listing if TEMP_MARK in n]
        names = temps[folder]
        if names is None or names:  # None: the folder could not be listed; clean tries itself
            clean_leftovers(job.path, names)
            if not copies:
                clean_leftovers(job.path.with_name(job.path.stem + XLS_RESULT_SUFFIX), names)


def _listing(folder: Path, listings: Listings) -> list[str] | None:
    """The folder's names, listed once per batch (None if it cannot be listed: then
    ``clean_leftovers`` tries itself)."""
    if folder not in listings:
        try:
            listings[folder] = os.listdir(folder)
        except OSError:
            listings[folder] = None
    return listings[folder]


def batch_mode(write: bool, output_dir: Path | None, mark: bool = False) -> str:
    """What a manifest entry vouches for: checked, written in place, or copied to a folder
    (with notes on the wrong cells: ``+mark``)."""
    if not write:
        return "check"
    mode = "run" if output_dir is None else f"run-copy:{Path(output_dir).resolve().as_posix()}"
    return mode + ("+mark" if mark else "")


def plan_jobs(paths, config_for, tell=None) -> tuple[list[Job], Found]:
    """Files to process with their root folder and config (resolved once per folder), and what
    the search found besides (missing paths, folders it could not list, the listings).
    ``tell``: the search's progress (see :func:`perfxl.discover.search`)."""
    jobs: list[Job] = []
    found = search(paths, tell)
    configs: dict[Path, tuple[Config | None, str]] = {}
    for root, f in found.workbooks:
        if f.parent not in configs:
            configs[f.parent] = _config(config_for, f)
        cfg, digest = configs[f.parent]
        jobs.append(Job(len(jobs), f, root, cfg, digest if cfg else "", None if cfg else digest))
    return jobs, found


def _config(config_for, path: Path) -> tuple[Config | None, str]:
    try:
        cfg = config_for(path)
    except ConfigError as e:
        return None, str(e)
    return cfg, cfg.digest()


def _load_manifests(jobs: list[Job], output_dir: Path | None = None) -> dict[Path, Manifest]:
    """One manifest per source folder; with ``--output-dir`` they live there, not in the sources."""
    roots = dict.fromkeys(j.root for j in jobs)
    if output_dir is None:
        return {root: Manifest.load(root) for root in roots}
    return {root: Manifest.load(root, manifest_in(output_dir, root)) for root in roots}


def _from_manifest(job: Job, manifests: dict[Path, Manifest], mode: str):
    """(record, its line as the store writes it) of an unchanged file, or None."""
    m = manifests.get(job.root)
    found = m.reuse(job.path, digest=job.digest, mode=mode) if m else None
    if found is None:
        return None
    rec, line = found
    rec.update(path=str(job.path), reused=True)
    return rec, line


def _deliver(job: Job, rec: dict | Entry, sink, manifests: dict[Path, Manifest],
             mode: str) -> Light:
    """Store a job's record and remember it in its folder's manifest; return its facts."""
    entry = sink.deliver(job, rec)
    m = manifests.get(job.root)
    if m is not None:
        if entry.light.failed:
            m.forget(job.path)  # a locked or broken file is retried next time
        else:
            m.keep(job.path, entry.line, fingerprint=entry.book.get("fingerprint"),
                   digest=job.digest, mode=mode)
    return entry.light


class _OrderedSink:
    """Stores records by job index and passes them to ``progress`` in index order (a record
    that arrives early waits on disk, in the store, not in memory; a listener reads a stored
    record only if it looks at it)."""

    def __init__(self, store: RecordStore, n: int, progress):
        self.store = store
        self.n = n
        self.progress = progress
        self.next = 0

    def deliver(self, job: Job, rec: dict | Entry, line: bytes | None = None) -> Entry:
        """Store ``rec`` — a record, or its :class:`Entry` from a pool worker — (``line``: its
        line already, see :func:`perfxl.summary.store.pack`); return its entry."""
        if isinstance(rec, Entry):
            entry = rec
        else:
            rec["rel"] = job.rel
            entry = pack(rec, line)
        self.store.put(job.index, entry)
        while self.next < self.n and self.store.has(self.next):
            if self.progress is not None:
                in_hand = self.next == job.index and not isinstance(rec, Entry)
                r = rec if in_hand else self.store.view(self.next)
                self.progress.update(r, self.store.light_of(self.next).failed)
            self.next += 1
        return entry


# --------------------------------------------------------------------------- execution
