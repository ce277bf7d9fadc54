"""The batch engine with a stub worker (no reader needed): order, exit codes, crash isolation,
serial = parallel, the manifest skip, JSON lines.

The stub reads a tiny text "workbook" named .xlsx: ``GOOD unit=… period=YYYY-MM errors=N`` is a
good file (with N error findings), ``CRASH`` kills the worker process, ``RAISE`` raises, anything
else is unreadable. In write mode it appends a ``#written`` line once (an idempotent, atomic
write-back, so the file changes on the first run only) and logs every call to ``calls.log`` beside the files.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from perfxl.batch import EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE, run_batch
from perfxl.config import Config
from perfxl.manifest import MANIFEST_NAME
from perfxl.output.json import JsonLines
from perfxl.result import empty_record


def stub_worker(path: Path, config: Config, options: dict) -> dict:
    data = path.read_bytes()
    log = next(p for p in path.parents if p.name.startswith("root")) / "calls.log"
    with open(log, "a", encoding="utf-8") as f:
        f.write(path.name + "\n")
    if data.startswith(b"CRASH"):
        os._exit(7)
    if data.startswith(b"RAISE"):
        raise RuntimeError("boom")
    if data.startswith(b"INTERRUPT"):
        raise KeyboardInterrupt
    if not data.startswith(b"GOOD"):
        return empty_record(path, status="error", error="不是工作簿")
    fields = dict(x.split("=", 1) for x in data.split(b"\n")[0].decode().split()[1:])
    if options.get("write") and not data.endswith(b"#written"):
        # atomically, as the real write-back: a crashing worker breaks the pool, which
        # terminates the other worker, maybe mid-write (a truncated file would then fail too)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data + b"\n#written")
        os.replace(tmp, path)
    errors = int(fields.get("errors", 0))
    rec = empty_record(path, status="written" if options.get("write") else "checked")
    year, month = fields.get("period", "2023-12").split("-")
    rec.update(unit=fields.get("unit"), year=int(year), month=int(month),
               period=fields.get("period"))
    rec["counts"] = {"error": errors, "warning": 1, "info": 0}
    rec["findings"] = [{"code": "PX201", "severity": "error", "message": f"错{i}", "sheet": "自评表01",
                        "cell": f"D{6 + i}", "expected": "1", "actual": "2", "project": "甲"}
                       for i in range(errors)]
    rec["projects"] = [{"name": f"{path.stem}-项目{k}", "sheet": f"自评表0{k}", "budget": "10.5",
                        "executed": "9.45", "execution_rate": "0.9", "total_score": "95.5", "grade": "优"}
                       for k in range(1, 3)]
    return rec


def configs(_path):
    return Config()


def make_folder(root: Path, spec: dict[str, bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, data in spec.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def calls(root: Path) -> list[str]:
    log = root / "calls.log"
    return sorted(log.read_text(encoding="utf-8").split()) if log.exists() else []


GOOD = b"GOOD unit=\xe6\xb6\x9e\xe6\xba\x90\xe9\x95\x87 period=2023-07"
WITH_ERRORS = b"GOOD unit=B period=2023-07 errors=2"


def batch(root, **kw):
    kw.setdefault("config_for", configs)
    kw.setdefault("worker", stub_worker)
    kw.setdefault("summary", False)
    return run_batch([root], **kw)


def test_records_come_in_path_order_with_relative_paths(tmp_path):
    root = make_folder(tmp_path / "root", {"b.xlsx": GOOD, "a.xlsx": GOOD, "sub/c.xlsx": GOOD,
                                           "~$a.xlsx": b"owner", "notes.txt": b"x"})
    out = batch(root, jobs=1)
    assert [r["rel"] for r in out.records] == ["a.xlsx", "b.xlsx", "sub/c.xlsx"]
    assert out.exit_code == EXIT_CLEAN


def test_exit_codes(tmp_path):
    clean = make_folder(tmp_path / "root1", {"a.xlsx": GOOD})
    assert batch(clean, jobs=1).exit_code == EXIT_CLEAN
    findings = make_folder(tmp_path / "root2", {"a.xlsx": GOOD, "b.xlsx": WITH_ERRORS})
    assert batch(findings, jobs=1).exit_code == EXIT_FINDINGS
    trouble = make_folder(tmp_path / "root3", {"a.xlsx": WITH_ERRORS, "bad.xlsx": b"junk"})
    out = batch(trouble, jobs=1)
    assert out.exit_code == EXIT_TROUBLE
    assert [r["rel"] for r in out.failed] == ["bad.xlsx"]
    assert batch(tmp_path / "nowhere", jobs=1).exit_code == EXIT_TROUBLE


def test_an_exception_in_one_file_is_that_files_error(tmp_path):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD, "b.xlsx": b"RAISE", "c.xlsx": GOOD})
    out = batch(root, jobs=1)
    by = {r["rel"]: r for r in out.records}
    assert by["b.xlsx"]["status"] == "error"
    assert "内部错误" in by["b.xlsx"]["error"] and "boom" in by["b.xlsx"]["error"]
    assert by["a.xlsx"]["status"] == by["c.xlsx"]["status"] == "written"


def test_a_worker_crash_fails_only_the_crashing_file(tmp_path):
    spec = {f"f{i:02d}.xlsx": GOOD for i in range(12)}
    spec["f05.xlsx"] = b"CRASH"
    root = make_folder(tmp_path / "root", spec)
    out = batch(root, jobs=2)
    failed = [r["rel"] for r in out.failed]
    assert failed == ["f05.xlsx"]
    assert "意外退出" in out.failed[0]["error"]
    assert sum(1 for r in out.records if r["status"] == "written") == 11
    assert out.exit_code == EXIT_TROUBLE


def _comparable(records):
    return [{k: v for k, v in r.items() if k not in ("path", "fingerprint")} for r in records]


def test_serial_and_parallel_runs_give_identical_records(tmp_path):
    spec = {f"d{i % 3}/f{i:03d}.xlsx": (WITH_ERRORS if i % 4 == 0 else GOOD) for i in range(30)}
    spec["d1/bad.xlsx"] = b"nope"
    serial = batch(make_folder(tmp_path / "root_s", spec), jobs=1)
    parallel = batch(make_folder(tmp_path / "root_p", spec), jobs=2)
    assert _comparable(serial.records) == _comparable(parallel.records)
    assert serial.exit_code == parallel.exit_code == EXIT_TROUBLE


def test_json_lines_one_per_workbook_in_order(tmp_path):
    root = make_folder(tmp_path / "root", {f"f{i}.xlsx": GOOD for i in range(6)})
    buf = io.StringIO()
    batch(root, jobs=2, progress=JsonLines(buf))
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert [x["rel"] for x in lines] == [f"f{i}.xlsx" for i in range(6)]
    assert all("fingerprint" not in x for x in lines)


# --------------------------------------------------------------------------- manifest


def test_rerun_skips_unchanged_files_and_reuses_their_records(tmp_path):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD, "b.xlsx": WITH_ERRORS, "bad.xlsx": b"x"})
    first = batch(root, jobs=1)
    assert calls(root) == ["a.xlsx", "b.xlsx", "bad.xlsx"]
    assert (root / MANIFEST_NAME).exists()
    (root / "calls.log").unlink()

    second = batch(root, jobs=1)
    # our own write-back (the #written line) does not make the file look changed;
    # the unreadable file is tried again
    assert calls(root) == ["bad.xlsx"]
    assert second.reused == 2
    assert _comparable([r for r in second.records if r["rel"] != "bad.xlsx"]) == [
        dict(r, reused=True) for r in _comparable(
            [r for r in first.records if r["rel"] != "bad.xlsx"])]
    assert second.exit_code == first.exit_code == EXIT_TROUBLE


def test_touched_but_identical_file_is_not_redone_changed_one_is(tmp_path):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD, "b.xlsx": GOOD})
    batch(root, jobs=1)
    (root / "calls.log").unlink()
    st = os.stat(root / "a.xlsx")
    os.utime(root / "a.xlsx", ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    (root / "b.xlsx").write_bytes(WITH_ERRORS)
    out = batch(root, jobs=1)
    assert calls(root) == ["b.xlsx"]
    assert out.exit_code == EXIT_FINDINGS


def test_force_redoes_everything(tmp_path):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD, "b.xlsx": GOOD})
    batch(root, jobs=1)
    (root / "calls.log").unlink()
    batch(root, jobs=1, force=True)
    assert calls(root) == ["a.xlsx", "b.xlsx"]


def test_a_different_config_redoes_everything(tmp_path):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD})
    batch(root, jobs=1)
    (root / "calls.log").unlink()
    batch(root, jobs=1, config_for=lambda p: Config(ignore=("PX304",)))
    assert calls(root) == ["a.xlsx"]


def test_check_mode_writes_no_manifest_and_no_summary(tmp_path):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD})
    out = run_batch([root], config_for=configs, worker=stub_worker, write=False, jobs=1)
    assert out.records[0]["status"] == "checked"
    assert sorted(p.name for p in root.iterdir()) == ["a.xlsx", "calls.log"]
    assert (root / "a.xlsx").read_bytes() == GOOD


def test_a_corrupt_manifest_means_redo_not_fail(tmp_path):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD})
    (root / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    out = batch(root, jobs=1)
    assert out.exit_code == EXIT_CLEAN
    assert json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()[0])["format"] == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_summary_is_written_by_default_in_run_mode(tmp_path, jobs):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD, "b.xlsx": WITH_ERRORS})
    out = run_batch([root], config_for=configs, worker=stub_worker, jobs=jobs)
    assert out.period == "2023-07"
    assert out.summary_path == root / "perfxl汇总_2023-07.xlsx"
    assert out.summary_path.exists() and out.history_path.exists()
    # the outputs are not picked up as workbooks by the next run
    again = run_batch([root], config_for=configs, worker=stub_worker, jobs=jobs)
    assert [r["rel"] for r in again.records] == ["a.xlsx", "b.xlsx"]


def test_ctrl_c_keeps_the_work_done_so_far(tmp_path):
    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD, "b.xlsx": b"INTERRUPT", "c.xlsx": GOOD})
    with pytest.raises(KeyboardInterrupt):
        batch(root, jobs=1)
    (root / "calls.log").unlink()
    (root / "b.xlsx").write_bytes(GOOD)
    out = batch(root, jobs=1)
    assert calls(root) == ["b.xlsx", "c.xlsx"]  # a.xlsx was recorded before the interrupt
    assert out.reused == 1 and out.exit_code == EXIT_CLEAN


def test_history_lock_held_elsewhere_files_done_summary_not_and_exit_2(tmp_path):
    from perfxl.summary.history import lock_path

    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD})
    lock_path(root).write_text(json.dumps({"user": "李会计", "host": "别的电脑", "pid": 1,
                                           "ts": __import__("time").time()}), encoding="utf-8")
    notes = []
    out = run_batch([root], config_for=configs, worker=stub_worker, jobs=1, lock_wait=0.2,
                    notify=notes.append)
    assert out.records[0]["status"] == "written"  # the workbooks are done regardless
    assert out.summary_path is None and out.exit_code == EXIT_TROUBLE
    assert any("李会计" in n and "别的电脑" in n for n in notes)
    assert not list(root.glob("perfxl汇总_*"))
    assert lock_path(root).exists()  # someone else's lock is left alone


def test_an_unchanged_rerun_leaves_history_and_summary_but_a_damaged_history_is_repaired(tmp_path):
    from perfxl.summary.history import read_history

    root = make_folder(tmp_path / "root", {"a.xlsx": GOOD, "b.xlsx": WITH_ERRORS})
    first = run_batch([root], config_for=configs, worker=stub_worker, jobs=1)
    history, summary = first.history_path, first.summary_path
    rows = read_history(history)
    assert len(rows) == 4
    stamps = (history.stat().st_mtime_ns, summary.stat().st_mtime_ns)
    for _ in range(2):
        run_batch([root], config_for=configs, worker=stub_worker, jobs=1)
        assert (history.stat().st_mtime_ns, summary.stat().st_mtime_ns) == stamps  # nothing rewritten
    # staff delete this month's rows by hand: the next run puts them back
    lines = history.read_bytes().split(b"\r\n")
    history.write_bytes(b"\r\n".join(lines[:1] + lines[3:]))
    assert len(read_history(history)) == 2
    run_batch([root], config_for=configs, worker=stub_worker, jobs=1)
    again = read_history(history)
    strip = lambda rs: [{k: v for k, v in r.items() if k != "recorded"} for r in rs]  # noqa: E731
    assert strip(again) == strip(rows)
