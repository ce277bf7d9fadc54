"""The worker side of the batch: one file in, its per-workbook object out (never the model).

A worker process imports the whole check once (:func:`init_worker`), then runs file after
file; any exception becomes that file's error object, never a traceback.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from perfxl.config import Config
from perfxl.manifest import fingerprint
from perfxl.pipeline import check_file
from perfxl.result import OK_STATUSES, empty_record, is_failed
from perfxl.runner import run_file
from perfxl.summary.store import Entry, pack

Worker = Callable[[Path, Config, dict], dict]

_WORKER: Worker | None = None
_CLOCK = None  # this worker's two slots in the pool's shared clock: (job index, start time)
_SLOT = 0


def process_file(path: Path, config: Config, options: dict) -> dict:
    """The real per-file work: ``run_file`` (write mode) or ``check_file`` (check mode), as the
    per-workbook object of :mod:`perfxl.result`."""
    if not options.get("write"):
        return check_file(path, config).to_dict()
    out = run_file(path, config, output_dir=options.get("output_dir"),
                   backup=bool(options.get("backup")), clean=not options.get("cleaned"),
                   mark=bool(options.get("mark")))
    if out.result is None:
        return empty_record(path, status=out.status, error=out.message, message=out.message)
    failed = out.status not in OK_STATUSES  # written, or left alone (unrecognised)
    result = replace(out.result, status=out.status, output=out.output, message=out.message,
                     error=out.result.error or (out.message if failed else None))
    rec = result.to_dict()
    rec["fingerprint"] = out.fingerprint  # known from the bytes written; else hashed below
    return rec


def init_worker(worker: Worker, clock=None, slots=None) -> None:
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

    from perfxl.model import Workbook
    from perfxl.pipeline import check_workbook

    check_workbook(Workbook(path=Path("warm-up.xlsx")), Config())  # every rule, the framework
    gc.freeze()


def pool_task(path: str, config: Config, options: dict, index: int = -1) -> dict:
    """What a pool worker runs for one job: note the job and its start in the shared clock."""
    clock, at = _CLOCK, 2 * _SLOT
    if clock is not None:
        clock[at], clock[at + 1] = index, time.time()
    try:
        return finish_record(_WORKER or process_file, Path(path), config, options)
    finally:
        if clock is not None:
            clock[at + 1] = 0.0


def pool_entry(path: str, config: Config, options: dict, index: int, rel: str) -> Entry:
    """:func:`pool_task`, its record under ``rel`` (where the file is in the folder given) as
    the parent's store keeps it (:func:`perfxl.summary.store.pack`): encoded here, beside the
    other workers, and sent as bytes, not as a tree of objects to rebuild and encode again."""
    rec = pool_task(path, config, options, index)
    rec["rel"] = rel
    return pack(rec)


def finish_record(worker: Worker, path: Path, config: Config, options: dict) -> dict:
    """Run one file; any exception becomes that file's error object (never a traceback)."""
    try:
        rec = worker(path, config, options)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
        rec = empty_record(path, status="error", error=f"处理时出现内部错误：{type(e).__name__}: {e}")
    if not is_failed(rec) and options.get("write") and not rec.get("fingerprint"):
        rec["fingerprint"] = fingerprint(path)  # the file as we left it, for the next run
    return rec
