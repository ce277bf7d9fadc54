"""The worker pool: a workbook past its time limit or one that kills its worker is that file's
error, and the pool goes on with the next file."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from perfxl.config import Config
from perfxl.serve.work import WORKER_DIED, Workers
from tests.helpers.servefix import CLEAN, dying_task, echo_task, sleepy_task


def run(coro):
    return asyncio.run(coro)


def test_a_file_past_its_time_limit_is_given_up_and_the_next_one_runs(tmp_path):
    async def go():
        hung = Workers(1, file_timeout=2, task=sleepy_task)
        try:
            started = time.monotonic()
            rec = await hung.check(Path("hangs.xlsx"), Config(), tmp_path)
            assert time.monotonic() - started < 30
            assert rec["status"] == "error" and "处理超时" in rec["error"]
            hung.task = echo_task
            after = await hung.check(Path("next.xlsx"), Config(), tmp_path)
            assert after["status"] == "checked"
        finally:
            hung.close()
    run(go())


def test_a_file_that_kills_its_worker_is_reported_and_the_pool_is_renewed(tmp_path):
    async def go():
        workers = Workers(1, file_timeout=60, task=dying_task)
        try:
            rec = await workers.check(Path("dies.xlsx"), Config(), tmp_path)
            assert rec["status"] == "error" and rec["error"] == WORKER_DIED
            workers.task = echo_task
            after = await workers.check(Path("next.xlsx"), Config(), tmp_path)
            assert after["status"] == "checked"
        finally:
            workers.close()
    run(go())


def test_at_most_jobs_workbooks_run_at_once_and_all_are_answered(tmp_path):
    async def go():
        workers = Workers(2, file_timeout=120)
        try:
            outs = [tmp_path / str(i) for i in range(6)]
            for o in outs:
                o.mkdir()
            pending = [workers.check(CLEAN, Config(), o) for o in outs]
            checks = asyncio.gather(*pending)
            await asyncio.sleep(0)
            assert workers.waiting == 6
            recs = await checks
            assert workers.waiting == 0
            assert [r["status"] for r in recs] == ["written"] * 6
            assert all(Path(r["output"]).parent == o for r, o in zip(recs, outs))
        finally:
            workers.close()
    run(go())
