"""The pool's shared clock: the time limit per file counts from when a worker takes the file,
so the parent can keep several files queued per worker (no round trip between two files)."""

from __future__ import annotations

import time
from pathlib import Path

from perfxl.batch.pool import _Pool
from perfxl.batch.worker import pool_task
from perfxl.config import Config
from perfxl.result import empty_record


def slow_worker(path: Path, config: Config, options: dict) -> dict:
    time.sleep(options["sleep"])
    return empty_record(path, status="checked")


def _wait_for(pred, seconds=30.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        got = pred()
        if got:
            return got
        time.sleep(0.01)
    return None


def test_the_clock_shows_the_job_a_worker_is_on_and_since_when():
    pool = _Pool(1, slow_worker, timed=True)
    try:
        before = time.time()
        futs = [pool.executor.submit(pool_task, f"/x/{i}.xlsx", Config(), {"sleep": 1.0}, i)
                for i in (7, 8)]
        running = _wait_for(pool.running)
        assert list(running) == [7]  # the second job waits in the queue: its clock has not started
        assert before <= running[7] <= time.time()
        futs[0].result(timeout=30)
        running = _wait_for(lambda: {i: t for i, t in pool.running().items() if i == 8})
        assert running and running[8] >= before
        futs[1].result(timeout=30)
        assert _wait_for(lambda: not pool.running() or None) is True
    finally:
        pool.executor.shutdown(wait=True)


def test_without_a_time_limit_there_is_no_clock():
    pool = _Pool(1, slow_worker, timed=False)
    try:
        fut = pool.executor.submit(pool_task, "/x/1.xlsx", Config(), {"sleep": 0.0}, 1)
        assert fut.result(timeout=30)["status"] == "checked"
        assert pool.running() == {}
    finally:
        pool.executor.shutdown(wait=True)


