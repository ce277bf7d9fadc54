"""The batch: every workbook under some folders, in parallel, incrementally, one bad file at a time.

Design:
- the parent discovers files, resolves each folder's config once and asks the manifest which
  files are unchanged (their stored records are reused, nothing is read);
- the rest go to a process pool (``spawn`` context everywhere, so Linux behaves like Windows; one
  import per worker, not per file). At most ``4 × jobs`` files are in flight, so memory follows
  the number of workers, not the size of the folder;
- each worker returns a compact record (:mod:`perfxl.summary.record`), never the model;
- each worker notes in shared memory which file it is on and since when, so the time limit
  per file (``--timeout``) counts from the moment a worker takes the file, while the parent
  still keeps several files queued per worker (no round trip between two files);
- a worker that dies (segfault, ``os._exit``, out of memory) breaks the pool: the files that were
  in flight are re-run one at a time in a fresh one-worker pool, so only the file that really
  kills a process is reported as failed, and the remaining files go on in a new pool;
- records are delivered in discovery (path) order through a reorder buffer, so JSON lines, the
  manifest and the summary are the same for ``--jobs 1`` and ``--jobs 8``.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from perfxl.config import Config, ConfigError
from perfxl.discover import TEMP_MARK, XLS_RESULT_SUFFIX, Found, Listings, search
from perfxl.manifest import Manifest, fingerprint, manifest_in
from perfxl.summary.record import empty_record, is_failed, record_from_result
from perfxl.summary.store import RecordStore

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
IN_FLIGHT_PER_JOB = 4
FILE_TIMEOUT = 600.0
"""Seconds one workbook may take in a parallel batch before it is given up (a real unit workbook
takes well under a second; 10,000 projects about 30 s). ``--timeout`` changes it."""

Worker = Callable[[Path, Config, dict], dict]


@dataclass
class Job:
    index: int
    path: Path
    root: Path
    config: Config | None
    digest: str = ""
    error: str | None = None  # the folder's config could not be used


@dataclass
class BatchOutcome:
    records: RecordStore = field(default_factory=lambda: RecordStore(0))  # in path order, on disk
    missing: list[Path] = field(default_factory=list)  # paths given that do not exist
    # folders that could not be listed (no permission, say), with why: their workbooks unchecked
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    period: str | None = None
    summary_path: Path | None = None
    history_path: Path | None = None
    messages: list[str] = field(default_factory=list)  # notes for the user (Chinese)
    summary_failed: bool = False

    @property
    def failed(self) -> list[dict]:
        return [self.records[i] for i, x in enumerate(self.records.light()) if x.failed]

    @property
    def reused(self) -> int:
        return sum(1 for x in self.records.light() if x.reused)

    @property
    def exit_code(self) -> int:
        light = self.records.light()
        if (any(x.failed for x in light) or self.missing or self.unreadable
                or self.summary_failed or not light):
            return EXIT_TROUBLE
        return EXIT_FINDINGS if any(x.errors for x in light) else EXIT_CLEAN


# --------------------------------------------------------------------------- the worker side

_WORKER: Worker | None = None
_CLOCK = None  # this worker's two slots in the pool's shared clock: (job index, start time)
_SLOT = 0


def process_file(path: Path, config: Config, options: dict) -> dict:
    """The real per-file work: ``run_file`` (write mode) or ``check_file`` (check mode)."""
    if options.get("write"):
        from perfxl.runner import run_file

        out = run_file(path, config, output_dir=options.get("output_dir"),
                       backup=bool(options.get("backup")), clean=not options.get("cleaned"))
        if out.result is None:
            return empty_record(path, status=out.status, error=out.message, message=out.message)
        rec = record_from_result(out.result, status=out.status, output=out.output,
                                 message=out.message)
        if is_failed(rec) and rec["error"] is None:  # e.g. skipped-locked: the message says why
            rec["error"] = out.message
        rec["fingerprint"] = out.fingerprint  # known from the bytes written; else hashed below
        return rec
    from perfxl.api import check_file

    return record_from_result(check_file(path, config), status="checked")


def _init_worker(worker: Worker, clock=None, slots=None) -> None:
    global _WORKER, _CLOCK, _SLOT
    _WORKER = worker
    if worker is process_file:
        _warm_up()
    if clock is not None:
        with slots.get_lock():  # each worker takes the next free slot of the clock
            _SLOT = slots.value
            slots.value += 1
        _CLOCK = clock


def _warm_up() -> None:
    """Import the whole check once, then exempt everything alive from garbage collection: the
    collector otherwise walks these long-lived objects again and again while thousands of cell
    values are created per workbook (about 7 % of a check)."""
    import gc

    from perfxl.api import config_framework
    from perfxl.config import Config
    from perfxl.rules import load_rules
    import perfxl.read  # noqa: F401
    import perfxl.runner  # noqa: F401

    load_rules()
    config_framework(Config())
    gc.freeze()


def _pool_task(path: str, config: Config, options: dict, index: int = -1) -> dict:
    clock, at = _CLOCK, 2 * _SLOT
    if clock is not None:
        clock[at], clock[at + 1] = index, time.time()
    try:
        return finish_record(_WORKER or process_file, Path(path), config, options)
    finally:
        if clock is not None:
            clock[at + 1] = 0.0


def finish_record(worker: Worker, path: Path, config: Config, options: dict) -> dict:
    """Run one file; any exception becomes that file's error record (never a traceback)."""
    try:
        rec = worker(path, config, options)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
        rec = empty_record(path, status="error", error=f"处理时出现内部错误：{type(e).__name__}: {e}")
    if not is_failed(rec) and options.get("write") and not rec.get("fingerprint"):
        rec["fingerprint"] = fingerprint(path)  # the file as we left it, for the next run
    return rec


# --------------------------------------------------------------------------- the parent side


def run_batch(paths, *, config_for: Callable[[Path], Config], jobs: int | None = None,
              force: bool = False, write: bool = True, output_dir: Path | None = None,
              backup: bool = False, summary_dir: Path | None = None, period: str | None = None,
              progress=None, worker: Worker | None = None, summary: bool | None = None,
              use_manifest: bool = True, notify: Callable[[str], None] | None = None,
              lock_wait: float = 120.0, file_timeout: float | None = FILE_TIMEOUT) -> BatchOutcome:
    """Process every workbook under ``paths``; see the module docstring.

    ``summary`` None means: write the summary workbook and history in write mode, or in check
    mode only when ``summary_dir`` is given. ``worker`` replaces :func:`process_file` (tests).
    ``notify`` receives messages for the user as they happen (e.g. waiting for the history lock);
    they are also kept in ``outcome.messages``. ``file_timeout`` gives up a workbook that takes
    longer (parallel runs only: a single worker runs in this process and cannot be stopped).
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
    mode = batch_mode(write, output_dir)
    if write:
        _clean_leftovers([j for j in job_list if j.config is not None], found.listings,
                        copies=output_dir is not None)
    manifests = _load_manifests(job_list, output_dir) if use_manifest else {}
    # the workers need not look for leftovers again: done above, one listing per folder
    options = {"write": write, "output_dir": output_dir, "backup": backup, "cleaned": write}
    records = RecordStore(len(job_list))
    if progress is not None and hasattr(progress, "start"):
        progress.start(len(job_list))
    sink = _OrderedSink(records, len(job_list), progress)
    try:
        todo = _reuse(job_list, manifests, mode, force, sink)
        _execute(todo, options, jobs, worker or process_file, lambda job, rec: _deliver(
            job, rec, sink, manifests if write else {}, mode), file_timeout)
    finally:  # also on Ctrl-C: the files done so far need not be redone next time
        for m in manifests.values():
            if write:
                m.save()
            m.close()
        if progress is not None:
            progress.close()
    outcome.records = records
    outcome.period = period or batch_period(records.light())
    if summary if summary is not None else (write or summary_dir is not None):
        _write_summary(outcome, summary_dir or output_dir or _default_summary_dir(paths, job_list),
                       tell, lock_wait)
    return outcome


def _reuse(job_list: list[Job], manifests, mode: str, force: bool, sink) -> list[Job]:
    """Deliver what needs no work (unchanged files, unusable config); return the rest."""
    todo: list[Job] = []
    for job in job_list:
        if job.config is None:
            sink.deliver(job, empty_record(job.path, status="error", error=job.error))
            continue
        rec = None if force else _from_manifest(job, manifests, mode)
        if rec is not None:
            sink.deliver(job, rec)
        else:
            todo.append(job)
    return todo


def _clean_leftovers(job_list: list[Job], listings: Listings, copies: bool) -> None:
    """Remove the temporary files an interrupted earlier run left beside the workbooks (and
    beside the results of an .xls, unless the results go to a folder of copies), here in the
    parent from one listing per folder: a worker would list the folder again for every file,
    a round trip to the share each time."""
    from perfxl.write.safe import clean_leftovers as clean

    temps: dict[Path, list[str] | None] = {}  # folder → its temporary files' names
    for job in job_list:
        folder = job.path.parent
        if folder not in temps:
            listing = _listing(folder, listings)
            temps[folder] = None if listing is None else [n for n in listing if TEMP_MARK in n]
        names = temps[folder]
        if names is None or names:  # None: the folder could not be listed; clean tries itself
            clean(job.path, names)
            if not copies:
                clean(job.path.with_name(job.path.stem + XLS_RESULT_SUFFIX), names)


def _listing(folder: Path, listings: Listings) -> list[str] | None:
    """The folder's names, listed once per batch (None if it cannot be listed: then
    ``clean_leftovers`` tries itself)."""
    if folder not in listings:
        try:
            listings[folder] = os.listdir(folder)
        except OSError:
            listings[folder] = None
    return listings[folder]


def batch_mode(write: bool, output_dir: Path | None) -> str:
    """What a manifest entry vouches for: checked, written in place, or copied to a folder."""
    if not write:
        return "check"
    return "run" if output_dir is None else f"run-copy:{Path(output_dir).resolve().as_posix()}"


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


def _from_manifest(job: Job, manifests: dict[Path, Manifest], mode: str) -> dict | None:
    m = manifests.get(job.root)
    rec = m.lookup(job.path, digest=job.digest, mode=mode) if m else None
    if rec is None:
        return None
    rec = dict(rec)
    rec.update(path=str(job.path), reused=True)
    return rec


def _deliver(job: Job, rec: dict, sink, manifests: dict[Path, Manifest], mode: str) -> None:
    m = manifests.get(job.root)
    if m is not None:
        if is_failed(rec):
            m.forget(job.path)  # a locked or broken file is retried next time
        else:
            m.store(job.path, rec, digest=job.digest, mode=mode)
    sink.deliver(job, rec)


class _OrderedSink:
    """Stores records by job index and passes them to ``progress`` in index order (a record
    that arrives early waits on disk, in the store, not in memory)."""

    def __init__(self, store: RecordStore, n: int, progress):
        self.store = store
        self.n = n
        self.progress = progress
        self.next = 0

    def deliver(self, job: Job, rec: dict) -> None:
        rec["rel"] = _relative(job.path, job.root)
        self.store.put(job.index, rec)
        while self.next < self.n and self.store.has(self.next):
            if self.progress is not None:
                r = rec if self.next == job.index else self.store.get(self.next)
                self.progress.update(r, is_failed(r))
            self.next += 1


def _relative(path: Path, root: Path) -> str:
    full, base = str(path), str(root)
    if os.sep == "/" and base not in ("", ".", "/") and full.startswith(base + "/"):
        return full[len(base) + 1:]  # the common case, without pathlib (once per file)
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


# --------------------------------------------------------------------------- execution


def default_jobs() -> int:
    return os.cpu_count() or 1


def _execute(todo: list[Job], options: dict, jobs: int | None, worker: Worker, deliver,
             file_timeout: float | None = None) -> None:
    n = min(jobs or default_jobs(), len(todo))
    if n <= 1:
        for job in todo:
            deliver(job, finish_record(worker, job.path, job.config, options))
        return
    queue = deque(todo)
    while queue:
        suspects = _run_pool(queue, options, n, worker, deliver, file_timeout)
        _isolate(suspects, options, worker, deliver)


class _Pool:
    """A ``spawn`` process pool whose workers note, in a shared clock, which job they are on and
    since when: the parent can then queue several jobs per worker and still give up a job that
    has run longer than the time limit (its clock starts when a worker takes it, not when it
    was queued)."""

    def __init__(self, n: int, worker: Worker, timed: bool):
        ctx = multiprocessing.get_context("spawn")
        self.clock = ctx.RawArray("d", 2 * n) if timed else None
        slots = ctx.Value("i", 0) if timed else None
        self.executor = ProcessPoolExecutor(max_workers=n, mp_context=ctx,
                                            initializer=_init_worker,
                                            initargs=(worker, self.clock, slots))

    def running(self) -> dict[int, float]:
        """Job index → start time (``time.time()``) of the jobs the workers are on now."""
        c = self.clock
        if c is None:
            return {}
        return {int(c[i]): c[i + 1] for i in range(0, len(c), 2) if c[i + 1] > 0}


def _run_pool(queue: deque, options: dict, n: int, worker: Worker, deliver,
              file_timeout: float | None = None) -> list[Job]:
    """Run jobs from ``queue`` until it is empty or the pool breaks; return the jobs that were in
    flight when it broke (any of them may be the culprit). A job past ``file_timeout`` (counted
    from when a worker took it) is reported and the pool is stopped (its workers killed); the
    other jobs go back to the queue."""
    inflight: dict = {}
    broken: list[Job] = []
    pool = _Pool(n, worker, timed=bool(file_timeout))
    try:
        while (queue or inflight) and not broken:
            while queue and len(inflight) < n * IN_FLIGHT_PER_JOB:
                job = queue.popleft()
                try:
                    fut = pool.executor.submit(_pool_task, str(job.path), job.config, options,
                                               job.index)
                except BrokenProcessPool:
                    broken.append(job)
                    break
                inflight[fut] = job
            if not inflight:
                break
            done, _ = wait(inflight, timeout=_next_check(pool, file_timeout),
                           return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: inflight[f].index):
                job = inflight.pop(fut)
                try:
                    deliver(job, fut.result())
                except BrokenProcessPool:
                    broken.append(job)
                except Exception as e:  # noqa: BLE001 - e.g. a record that could not be pickled
                    deliver(job, empty_record(job.path, status="error",
                                              error=f"处理时出现内部错误：{e}"))
            late = _overdue(pool, inflight, file_timeout)
            if late:
                for fut in late:
                    job = inflight.pop(fut)
                    deliver(job, empty_record(job.path, status="error", error=(
                        f"处理超时：此文件超过 {file_timeout:g} 秒仍未处理完，已放弃（可能文件过大或损坏）；"
                        "原文件未改动，其他文件不受影响")))
                queue.extendleft(sorted(inflight.values(), key=lambda j: -j.index))
                inflight.clear()
                _kill_workers(pool.executor)
                pool = _Pool(n, worker, timed=True)
        broken.extend(inflight.values())
    finally:
        pool.executor.shutdown(wait=True, cancel_futures=True)
    return sorted(broken, key=lambda j: j.index)


def _next_check(pool: _Pool, file_timeout: float | None) -> float | None:
    """Seconds until the earliest running job reaches the time limit (a job taken later is
    due later still)."""
    if not file_timeout:
        return None
    starts = pool.running().values()
    if not starts:
        return file_timeout
    return max(0.0, min(starts) + file_timeout - time.time())


def _overdue(pool: _Pool, inflight: dict, file_timeout: float | None) -> list:
    if not file_timeout:
        return []
    now = time.time()
    by_index = {job.index: fut for fut, job in inflight.items()}
    return [by_index[i] for i, t0 in pool.running().items()
            if i in by_index and now - t0 >= file_timeout]


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose worker hangs: ``shutdown`` alone would wait for it forever. A worker
    killed while writing leaves the old file (writes are atomic); its temp file is removed by
    the next run."""
    for proc in list(getattr(pool, "_processes", {}).values()):
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def _isolate(suspects: list[Job], options: dict, worker: Worker, deliver) -> None:
    """Re-run each suspect alone; a file that kills its worker again is reported as failed."""
    queue = deque(suspects)
    while queue:
        with _Pool(1, worker, timed=False).executor as pool:
            try:
                while queue:
                    job = queue[0]
                    rec = pool.submit(_pool_task, str(job.path), job.config, options).result()
                    queue.popleft()
                    deliver(job, rec)
            except BrokenProcessPool:
                job = queue.popleft()
                deliver(job, empty_record(
                    job.path, status="error",
                    error="处理此文件时程序进程意外退出（可能文件损坏或过大），已跳过，其他文件不受影响"))


# --------------------------------------------------------------------------- summary


def batch_period(light) -> str:
    """The batch's month: the most common 数据截至 among the workbooks (latest on a tie), else
    this month. ``light`` is :meth:`RecordStore.light`."""
    counts = Counter(x.period for x in light if x.period and not x.failed)
    if not counts:
        return date.today().strftime("%Y-%m")
    best = max(counts.values())
    return max(p for p, c in counts.items() if c == best)


def _default_summary_dir(paths, jobs: list[Job]) -> Path:
    for raw in paths:
        if Path(raw).is_dir():
            return Path(raw)
    return jobs[0].root if jobs else Path(".")


def _clean_summary_leftovers(summary_dir: Path) -> None:
    """Temporary summary/history files of a run that was killed. Called under the history
    lock, so no other writer can be using them."""
    from perfxl.discover import SUMMARY_PREFIX, TEMP_MARK
    from perfxl.summary.history import history_path

    patterns = (f".{SUMMARY_PREFIX}*{TEMP_MARK}*.xlsx",
                f"{history_path(summary_dir).stem}{TEMP_MARK}*.csv")
    for pattern in patterns:
        for p in summary_dir.glob(pattern):
            try:
                p.unlink()
            except OSError:
                pass


def _open_elsewhere(*paths: Path) -> str | None:
    """Why one of these files cannot be replaced now (open in Excel/WPS: the 财政局 reviewer
    reading last run's summary, or the history CSV), or None."""
    from perfxl.write.safe import lock_message

    for path in paths:
        reason = lock_message(path)
        if reason:
            return reason
    return None


def _write_summary(outcome: BatchOutcome, summary_dir: Path, notify, lock_wait: float) -> None:
    """History and summary workbook, both under the history lock (one writer at a time)."""
    from perfxl.summary.history import HistoryError, iter_history, lock_path, update_history
    from perfxl.summary.history import history_path as history_file
    from perfxl.summary.lock import FileLock, LockBusy
    from perfxl.summary.workbook import (stored_digest, summary_digest, summary_name,
                                         write_summary)

    summary_dir = Path(summary_dir)
    target = summary_dir / summary_name(outcome.period)
    try:
        summary_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(lock_path(summary_dir), wait_seconds=lock_wait, notify=notify):
            _clean_summary_leftovers(summary_dir)
            history_path = history_file(summary_dir)
            digest = summary_digest(outcome.records, period=outcome.period, base=summary_dir,
                                    history=history_path, unreadable=outcome.unreadable)
            stored = stored_digest(target)
            busy = stored != digest and _open_elsewhere(target, history_path)
            if busy:
                notify(f"汇总工作簿和历史记录本次未更新（各工作簿的结果不受影响）：{busy}")
                outcome.summary_failed = True
                return
            if stored != digest:
                # else nothing changed since that summary was written — records, month, folder
                # and the history file as it was then — so the history already holds this
                # month's rows as they would be written now (a re-run's common case)
                history_path = update_history(summary_dir, outcome.period, outcome.records)
                digest = summary_digest(outcome.records, period=outcome.period,
                                        base=summary_dir, history=history_path,
                                        unreadable=outcome.unreadable)
            if stored != digest:  # else: the same summary is already there
                write_summary(target, outcome.records, period=outcome.period,
                              history=iter_history(history_path), base=summary_dir, digest=digest,
                              unreadable=outcome.unreadable)
    except (HistoryError, LockBusy) as e:
        notify(str(e))
        outcome.summary_failed = True
        return
    except OSError as e:
        notify(f"汇总工作簿无法写入 {summary_dir}：{e.strerror or e}")
        outcome.summary_failed = True
        return
    outcome.summary_path, outcome.history_path = target, history_path
