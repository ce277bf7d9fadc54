"""The checks run off the event loop, in a bounded pool of worker processes.

Each workbook is checked and written by the batch's worker function
(:func:`perfxl.batch.worker.process_file`: :func:`perfxl.runner.run_file` into the upload's
result folder, the per-workbook object of :mod:`perfxl.result` back) — the same check as
``perfxl run``, no second way. At most ``jobs`` workbooks run at once (a semaphore in front of
the pool, so a file's time limit counts from when a worker takes it); the rest wait their turn.
A workbook past its time limit, or one that kills its worker process, is reported as that
file's error; the pool is then replaced (the workbooks that were running beside it are tried
again once) and the server goes on serving.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from perfxl.batch.worker import finish_record, init_worker, process_file
from perfxl.config import Config
from perfxl.result import empty_record

TIMED_OUT = ("处理超时：此文件超过 {seconds:g} 秒仍未处理完，已放弃（可能文件过大或损坏）；"
             "其他文件不受影响")
WORKER_DIED = "处理此文件时程序进程意外退出（可能文件损坏或过大），已跳过，其他文件不受影响"


def check_upload(path: str, config: Config, output_dir: str) -> dict:
    """What a worker process runs for one uploaded workbook: the batch's write-mode check, the
    result written as a copy into ``output_dir`` (the upload is never changed)."""
    options = {"write": True, "output_dir": Path(output_dir), "cleaned": True}
    return finish_record(process_file, Path(path), config, options)


class Workers:
    """A ``spawn`` process pool of ``jobs`` workers (so Linux behaves like Windows), each having
    imported the whole check once."""

    def __init__(self, jobs: int, file_timeout: float, task=check_upload):
        self.jobs = max(1, jobs)
        self.task = task  # what a worker runs for one workbook (tests give another)
        self.file_timeout = file_timeout
        self.waiting = 0  # workbooks accepted and not yet finished
        self._turns = asyncio.Semaphore(self.jobs)
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs,
                                   mp_context=multiprocessing.get_context("spawn"),
                                   initializer=init_worker, initargs=(process_file,))

    async def check(self, path: Path, config: Config, output_dir: Path) -> dict:
        """The per-workbook object of one workbook (never raises: a failure is the object's
        error)."""
        self.waiting += 1
        try:
            async with self._turns:
                return await self._check(path, config, output_dir)
        finally:
            self.waiting -= 1

    async def _check(self, path: Path, config: Config, output_dir: Path) -> dict:
        for _attempt in range(2):  # a pool broken by another file: once more in a new pool
            pool = self._pool
            try:
                future = pool.submit(self.task, str(path), config, str(output_dir))
                return await asyncio.wait_for(asyncio.wrap_future(future), self.file_timeout)
            except (TimeoutError, asyncio.TimeoutError):
                self._replace(pool, kill=True)
                return empty_record(path, status="error",
                                    error=TIMED_OUT.format(seconds=self.file_timeout))
            except (BrokenProcessPool, RuntimeError):  # RuntimeError: submit after shutdown
                self._replace(pool, kill=False)
        return empty_record(path, status="error", error=WORKER_DIED)

    def _replace(self, pool: ProcessPoolExecutor, *, kill: bool) -> None:
        """A new pool, unless another file has replaced this one already. ``kill``: the old
        pool's workers are stopped (one of them hangs; the others' files are tried again)."""
        if self._pool is not pool:
            return
        self._pool = self._new_pool()
        if kill:
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                try:
                    proc.kill()
                except (OSError, AttributeError):
                    pass
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
