"""Running the batch's jobs in a process pool, one bad file at a time.

- ``spawn`` context everywhere, so Linux behaves like Windows; one import per worker, not per
  file. At most ``4 × jobs`` files are in flight, so memory follows the number of workers, not
  the size of the folder;
- each worker notes in shared memory which file it is on and since when, so the time limit
  per file (``--timeout``) counts from the moment a worker takes the file, while the parent
  still keeps several files queued per worker (no round trip between two files);
- a worker that dies (segfault, ``os._exit``, out of memory) breaks the pool: the files that were
  in flight are re-run one at a time in a fresh one-worker pool, so only the file that really
  kills a process is reported as failed, and the remaining files go on in a new pool.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from perfxl.batch.worker import Worker, finish_record, init_worker, pool_entry
from perfxl.config import Config
from perfxl.result import empty_record

IN_FLIGHT_PER_JOB = 4


@dataclass
class Job:
    index: int
    path: Path
    root: Path
    config: Config | None
    digest: str = ""
    error: str | None = None  # the folder's config could not be used

    @property
    def rel(self) -> str:
        return relative_path(self.path, self.root)


def relative_path(path: Path, root: Path) -> str:
    """``path`` relative to the folder given, ``/``-separated (else its name)."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


def default_jobs() -> int:
    return os.cpu_count() or 1


def execute(todo: list[Job], options: dict, jobs: int | None, worker: Worker, deliver,
             file_timeout: float | None = None) -> None:
    """Run ``todo``; ``deliver(job, record)`` gets each job's record: a dict, or from a pool
    worker the record as the store keeps it (:class:`perfxl.summary.store.Entry`)."""
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
                                            initializer=init_worker,
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
                    fut = pool.executor.submit(pool_entry, str(job.path), job.config, options,
                                               job.index, job.rel)
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
                    rec = pool.submit(pool_entry, str(job.path), job.config, options, -1,
                                      job.rel).result()
                    queue.popleft()
                    deliver(job, rec)
            except BrokenProcessPool:
                job = queue.popleft()
                deliver(job, empty_record(
                    job.path, status="error",
                    error="处理此文件时程序进程意外退出（可能文件损坏或过大），已跳过，其他文件不受影响"))
