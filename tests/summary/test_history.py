"""The history CSV across months and its lock on a shared folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from perfxl.summary.history import (COLUMNS, HISTORY_NAME, HistoryError, lock_path,
                                    read_history, update_history)
from perfxl.summary.lock import FileLock, LockBusy, pid_alive, read_holder


def rec(path, unit, period, projects):
    year, month = period.split("-")
    return {"path": str(path), "rel": path.name, "status": "written", "error": None,
            "unit": unit, "year": int(year), "month": int(month), "period": period,
            "counts": {"error": 0, "warning": 0, "info": 0}, "findings": [],
            "projects": [{"name": n, "sheet": "自评表01", "budget": "10", "executed": ex,
                          "execution_rate": str(float(ex) / 10), "total_score": sc, "grade": "优"}
                         for n, ex, sc in projects]}


def month_records(tmp_path, period, executed):
    return [rec(tmp_path / "单位甲.xlsx", "甲", period, [("防火", executed, "90"),
                                                      ("=道路", "1", "60")]),
            rec(tmp_path / "单位乙.xlsx", "乙", period, [("绿化", executed, "80")])]


def test_two_months_then_rerun_of_the_first_replaces_it(tmp_path):
    update_history(tmp_path, month_records(tmp_path, "2023-06", "5"))
    update_history(tmp_path, month_records(tmp_path, "2023-07", "7"))
    rows = read_history(tmp_path / HISTORY_NAME)
    assert [(r["period"], r["file"], r["project"], r["executed"]) for r in rows] == [
        ("2023-06", "单位甲.xlsx", "防火", "5"), ("2023-06", "单位甲.xlsx", "=道路", "1"),
        ("2023-06", "单位乙.xlsx", "绿化", "5"),
        ("2023-07", "单位甲.xlsx", "防火", "7"), ("2023-07", "单位甲.xlsx", "=道路", "1"),
        ("2023-07", "单位乙.xlsx", "绿化", "7")]
    # June re-run with corrected figures and one unit only: June is replaced, July kept
    update_history(tmp_path, [rec(tmp_path / "单位甲.xlsx", "甲", "2023-06", [("防火", "6", "91")])])
    rows = read_history(tmp_path / HISTORY_NAME)
    assert [(r["period"], r["project"], r["executed"], r["score"]) for r in rows] == [
        ("2023-06", "防火", "6", "91"),
        ("2023-07", "防火", "7", "90"), ("2023-07", "=道路", "1", "60"), ("2023-07", "绿化", "7", "80")]


def test_csv_opens_in_excel_bom_chinese_headers_and_no_formulas(tmp_path):
    update_history(tmp_path, month_records(tmp_path, "2023-06", "5"))
    raw = (tmp_path / HISTORY_NAME).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("期间,单位,文件,项目,全年预算数（万元）")
    assert "\r\n" in text
    assert ",'=道路," in text  # Excel would run =道路 as a formula; the quote keeps it text
    assert not [p for p in tmp_path.iterdir() if "perfxl-tmp" in p.name]


def test_history_saved_by_excel_in_gbk_is_still_read(tmp_path):
    update_history(tmp_path, month_records(tmp_path, "2023-06", "5"))
    p = tmp_path / HISTORY_NAME
    p.write_bytes(p.read_bytes().decode("utf-8-sig").encode("gb18030"))
    update_history(tmp_path, month_records(tmp_path, "2023-07", "7"))
    assert {r["period"] for r in read_history(p)} == {"2023-06", "2023-07"}


def test_a_foreign_csv_with_our_name_is_left_alone(tmp_path):
    p = tmp_path / HISTORY_NAME
    p.write_text("名字,金额\n张三,5\n", encoding="utf-8")
    with pytest.raises(HistoryError, match="未改动该文件"):
        update_history(tmp_path, month_records(tmp_path, "2023-06", "5"))
    assert p.read_text(encoding="utf-8") == "名字,金额\n张三,5\n"


def test_failed_files_add_no_rows(tmp_path):
    bad = rec(tmp_path / "坏.xlsx", None, "2023-06", [])
    bad.update(status="error", error="0 字节")
    update_history(tmp_path, [bad])
    assert read_history(tmp_path / HISTORY_NAME) == []


# --------------------------------------------------------------------------- lock


def write_lock(path, **holder):
    base = {"user": "王会计", "host": "财政局-PC", "pid": 4242, "time": "2023-08-01T09:00:00+00:00",
            "ts": time.time()}
    base.update(holder)
    path.write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")


def test_second_run_waits_then_gives_up_naming_the_holder(tmp_path):
    lp = lock_path(tmp_path)
    write_lock(lp)
    notes = []
    with pytest.raises(LockBusy) as e:
        FileLock(lp, wait_seconds=0.3, notify=notes.append).acquire()
    assert "王会计" in str(e.value) and "财政局-PC" in str(e.value)
    assert notes and "等待" in notes[0] and "王会计" in notes[0]
    assert read_holder(lp)["user"] == "王会计"  # someone else's lock is never removed


def test_waiting_run_proceeds_when_the_holder_finishes(tmp_path):
    lp = lock_path(tmp_path)
    write_lock(lp)
    threading.Timer(0.3, lp.unlink).start()
    with FileLock(lp, wait_seconds=10) as lock:
        assert lock.held and read_holder(lp)["pid"] == os.getpid()
    assert not lp.exists()


def test_old_lock_is_broken_with_a_message(tmp_path):
    lp = lock_path(tmp_path)
    write_lock(lp, ts=time.time() - 7 * 3600)
    notes = []
    with FileLock(lp, wait_seconds=0, stale_hours=6, notify=notes.append):
        assert read_holder(lp)["pid"] == os.getpid()
    assert "已失效" in notes[0] and "王会计" in notes[0]


def test_lock_of_a_dead_process_on_this_host_is_broken(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not pid_alive(proc.pid)
    lp = lock_path(tmp_path)
    write_lock(lp, host=socket.gethostname(), pid=proc.pid)
    notes = []
    with FileLock(lp, wait_seconds=0, notify=notes.append):
        pass
    assert notes and "已解除" in notes[0]


def test_lock_of_a_live_process_on_this_host_is_respected(tmp_path):
    lp = lock_path(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        write_lock(lp, host=socket.gethostname(), pid=proc.pid)
        with pytest.raises(LockBusy):
            FileLock(lp, wait_seconds=0.2).acquire()
    finally:
        proc.kill()
        proc.wait()


def test_concurrent_updates_are_serialised_and_lose_nothing(tmp_path):
    """Eight writers, each its own month, all at once: every month ends up in the file."""
    errors = []

    def one(month):
        try:
            period = f"2023-{month:02d}"
            with FileLock(lock_path(tmp_path), wait_seconds=30):
                update_history(tmp_path, month_records(tmp_path, period, str(month)))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=one, args=(m,)) for m in range(1, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = read_history(tmp_path / HISTORY_NAME)
    assert sorted({r["period"] for r in rows}) == [f"2023-{m:02d}" for m in range(1, 9)]
    assert len(rows) == 8 * 3


def test_a_month_between_others_goes_in_its_place(tmp_path):
    for period in ("2023-05", "2023-07"):
        update_history(tmp_path, month_records(tmp_path, period, "5"))
    update_history(tmp_path, month_records(tmp_path, "2023-06", "6"))
    periods = [r["period"] for r in read_history(tmp_path / HISTORY_NAME)]
    assert periods == sorted(periods) and periods.count("2023-06") == 3


def test_a_stale_lock_that_cannot_be_removed_means_waiting_not_spinning(tmp_path, monkeypatch):
    lp = lock_path(tmp_path)
    write_lock(lp, ts=time.time() - 7 * 3600)
    monkeypatch.setattr(FileLock, "_break", lambda self: False)  # e.g. a read-only share
    sleeps = []
    lock = FileLock(lp, wait_seconds=1.0, sleep=sleeps.append, clock=lambda: len(sleeps) * 0.5)
    with pytest.raises(LockBusy):
        lock.acquire()
    assert 1 <= len(sleeps) <= 3


def test_short_and_long_lines_under_the_own_header(tmp_path):
    """Short lines are padded with '', extra cells dropped, guarded text cells unguarded."""
    import csv

    with open(tmp_path / "h.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow([h for _, h in COLUMNS])
        w.writerows([["2023-06", "'=单位"], ["2023-07"] + ["x"] * 12])
    got = read_history(tmp_path / "h.csv")
    keys = [k for k, _ in COLUMNS]
    assert got[0] == dict.fromkeys(keys, "") | {"period": "2023-06", "unit": "=单位"}
    assert got[1] == {k: ("2023-07" if k == "period" else "x") for k in keys}
