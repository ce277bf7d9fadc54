"""Faults: a batch killed at random points, a full disk, a read-only folder, two batches at once
(issue 7, part 3). After each, every workbook is its old version or its new one (see
``hostile.oracle``), readable by calamine, and a re-run completes the batch.

``PERFXL_FAULT_ITERATIONS`` sets how many random kills the slow loop makes (default 5, for CI;
run e.g. 200 locally). Kill tests are POSIX only (SIGKILL of a process group we started).
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.hostile.build import consistent_spec, land_plan, simple_plans
from tests.helpers.hostile.oracle import NEW, OLD, readable, version
from tests.helpers.hostile.runcli import CLI, run_cli
from perfxl.discover import TEMP_MARK
from perfxl.write.template import write_workbook

from decimal import Decimal as D

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL / mount are POSIX only")
ITERATIONS = int(os.environ.get("PERFXL_FAULT_ITERATIONS", "5"))
N_WORKBOOKS = 10


def make_folder(folder: Path, n: int = N_WORKBOOKS) -> dict[str, bytes]:
    """``n`` consistent unit workbooks (every other one with land parcels); name → bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        plans = simple_plans(3, seed=i)
        if i % 2:
            plans.append(land_plan("土地流转项目", [D("50.452"), D("18.19")]))
        write_workbook(folder / f"单位{i:02d}.xlsx", consistent_spec(plans))
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.xlsx"))}


def assert_old_or_new(folder: Path, originals: dict[str, bytes]) -> dict[str, str]:
    states = {}
    for name, old in originals.items():
        path = folder / name
        assert path.is_file(), f"{name} is gone"
        states[name] = version(old, path.read_bytes())
        readable(path)
    return states


def temp_leftovers(folder: Path) -> list[str]:
    """perfxl's temporary files in ``folder`` (workbooks', summary's, history's)."""
    return [p.name for p in folder.rglob("*") if TEMP_MARK in p.name]


def assert_completed(folder: Path, originals: dict[str, bytes]) -> None:
    ran = run_cli(["run", str(folder)], timeout=120)
    assert ran.code in (0, 1), (ran.code, ran.stdout[-1500:], ran.stderr[-1500:])
    assert set(assert_old_or_new(folder, originals).values()) == {NEW}
    assert temp_leftovers(folder) == []
    for summary in folder.glob("perfxl汇总_*.xlsx"):
        readable(summary)


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    src = tmp_path_factory.mktemp("originals")
    return src, make_folder(src)


def fresh_copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def batch_seconds(src: Path, scratch: Path) -> float:
    """How long one uninterrupted ``perfxl run`` of the folder takes here (kill window)."""
    folder = fresh_copy(src, scratch)
    start = time.monotonic()
    ran = run_cli(["run", str(folder)], timeout=120)
    assert ran.code in (0, 1), ran.stdout[-1000:]
    return time.monotonic() - start


# --------------------------------------------------------------------------- random kills


@posix_only
@pytest.mark.slow
def test_a_batch_killed_at_random_points_loses_nothing(originals, tmp_path):
    src, before = originals
    window = batch_seconds(src, tmp_path / "timing")
    seen = {OLD: 0, NEW: 0}
    for i in range(ITERATIONS):
        rng = random.Random(7000 + i)
        folder = fresh_copy(src, tmp_path / f"run{i}")
        args = ["run", str(folder)]
        mode = rng.random()
        if mode < 0.3:  # a second, forced run: result sheets are being replaced
            assert run_cli(["run", str(folder)], timeout=120).code in (0, 1)
            args = ["run", "--force", str(folder)]
        elif mode < 0.45:  # with backups (.perfxl备份 beside the workbooks)
            args = ["run", "--backup", str(folder)]
        proc = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(rng.uniform(0.0, window * 1.2))
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its pool workers, nothing else
        except ProcessLookupError:
            pass  # it finished first: fine, the state must be valid all the same
        proc.wait()
        for state in assert_old_or_new(folder, before).values():
            seen[state] += 1
        for summary in folder.glob("perfxl汇总_*.xlsx"):
            readable(summary)  # the summary too is its old or its new version
        for backup in folder.glob(".perfxl备份/*.xlsx"):
            assert backup.read_bytes() in before.values(), backup.name
        assert_completed(folder, before)
        shutil.rmtree(folder)
    print(f"\n{ITERATIONS} kills over a {window:.1f} s batch: workbooks found old "
          f"{seen[OLD]}×, new {seen[NEW]}×")


_KILL_BEFORE_REPLACE = """
import os, signal, sys
from pathlib import Path
from perfxl.write import safe
from perfxl.runner import run_file

def die(tmp, target):
    assert tmp.stat().st_size > 0
    os.kill(os.getpid(), signal.SIGKILL)  # the new bytes are on disk, the rename is not done

safe._before_replace = die
run_file(Path(sys.argv[1]))
"""


@posix_only
def test_killed_between_the_durable_copy_and_the_rename(originals, tmp_path):
    """The narrowest window, hit on purpose: the old file stays, the next run cleans up."""
    src, before = originals
    folder = fresh_copy(src, tmp_path / "f")
    name = next(iter(before))
    proc = subprocess.run([sys.executable, "-c", _KILL_BEFORE_REPLACE, str(folder / name)],
                          capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert (folder / name).read_bytes() == before[name]
    assert temp_leftovers(folder) != []  # the killed run's durable copy is left …
    assert_completed(folder, before)  # … and the next run removes it and writes


def test_a_killed_runs_summary_temp_files_are_cleaned_up(originals, tmp_path):
    """Found by the random-kill loop (1 kill in ~50 lands inside the summary/history write)."""
    src, before = originals
    folder = fresh_copy(src, tmp_path / "f")
    (folder / f".perfxl汇总_2023-12{TEMP_MARK}99999.xlsx").write_bytes(b"PK\x03\x04 half")
    (folder / f"perfxl历史{TEMP_MARK}99999.csv").write_bytes("月份,单位\n".encode("utf-8"))
    assert_completed(folder, before)
    assert temp_leftovers(folder) == []


def test_a_killed_runs_temp_file_beside_an_unchanged_workbook_is_cleaned_up(originals,
                                                                            tmp_path):
    """Found by the random-kill loop: ``run`` completes, ``run --force`` is killed between
    its durable copy and the rename, a plain ``run`` reuses every record."""
    src, before = originals
    folder = fresh_copy(src, tmp_path / "f")
    assert_completed(folder, before)
    name = next(iter(before))
    (folder / f"{name}{TEMP_MARK}-deadbeef").write_bytes((folder / name).read_bytes())
    assert_completed(folder, before)
    assert temp_leftovers(folder) == []


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_manifest_only_costs_a_full_rerun(originals, tmp_path, damage):
    """A manifest cut short by a kill (or edited by hand) must not stop the next run."""
    from perfxl.manifest import MANIFEST_NAME

    src, before = originals
    folder = fresh_copy(src, tmp_path / "f")
    assert_completed(folder, before)
    manifest = folder / MANIFEST_NAME
    data = manifest.read_bytes()
    manifest.write_bytes({"truncated": data[: len(data) // 2], "garbage": b"\xff\x00{[",
                          "empty": b""}[damage])
    assert_completed(folder, before)


# --------------------------------------------------------------------------- disk full


def _enospc_open(real_open, after_bytes: int):
    """``open`` whose files raise ENOSPC once ``after_bytes`` have been written."""

    class Full:
        def __init__(self, f):
            self._f, self._n = f, 0

        def write(self, data):
            if self._n + len(data) > after_bytes:
                self._f.write(data[: max(0, after_bytes - self._n)])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self._n += len(data)
            return self._f.write(data)

        def __getattr__(self, name):
            return getattr(self._f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._f.close()

    def fake_open(file, mode="r", *args, **kwargs):
        f = real_open(file, mode, *args, **kwargs)
        return Full(f) if any(m in mode for m in "wxa") else f

    return fake_open


@pytest.mark.parametrize("output_dir", [False, True], ids=["in-place", "output-dir"])
def test_disk_full_while_writing_leaves_the_original(originals, tmp_path, monkeypatch,
                                                     output_dir):
    from perfxl.runner import WRITTEN, run_file
    from perfxl.write import safe

    src, before = originals
    folder = fresh_copy(src, tmp_path / "f")
    name = next(iter(before))
    monkeypatch.setattr(safe, "open", _enospc_open(open, 4096), raising=False)
    out = tmp_path / "结果" if output_dir else None
    outcome = run_file(folder / name, output_dir=out)
    assert outcome.status != WRITTEN
    assert "原文件未改动" in outcome.message, outcome.message
    assert os.strerror(errno.ENOSPC) in outcome.message, outcome.message
    assert (folder / name).read_bytes() == before[name]
    assert temp_leftovers(folder) == [] and (out is None or temp_leftovers(out) == [])


@pytest.fixture
def mount_point(tmp_path):
    """A folder we may mount on (as root); unmounted afterwards. Skips where mount fails."""
    if os.name != "posix" or shutil.which("mount") is None:
        pytest.skip("no mount here")
    point = tmp_path / "mnt"
    point.mkdir()
    mounted = []

    def mount(*args) -> None:
        r = subprocess.run(["mount", *args], capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip(f"cannot mount: {r.stderr.strip()}")
        mounted.append(point)

    yield point, mount
    for p in reversed(mounted):
        subprocess.run(["umount", "-l", str(p)], capture_output=True)


def test_real_full_disk_gives_clear_errors(originals, tmp_path, mount_point):
    """A 1 MB tmpfs holding the workbooks, then filled up: ``perfxl run`` cannot write."""
    point, mount = mount_point
    src, before = originals
    mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point))
    for name, data in before.items():
        (point / name).write_bytes(data)
    filler = point / ".filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as e:
        assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)
    ran = run_cli(["run", "--no-summary", str(point)], timeout=120)
    assert ran.code == 2, ran.stdout[-1500:]
    assert "Traceback" not in ran.stdout + ran.stderr
    assert os.strerror(errno.ENOSPC) in ran.stdout + ran.stderr, ran.stdout[-1500:]
    for name, data in before.items():
        assert (point / name).read_bytes() == data, name
    assert temp_leftovers(point) == []
    filler.unlink()  # space again: the batch completes
    assert_completed(point, before)


# --------------------------------------------------------------------------- read-only


def test_read_only_folder_gives_clear_errors(originals, tmp_path, mount_point):
    point, mount = mount_point
    src, before = originals
    for name, data in before.items():
        (point / name).write_bytes(data)
    mount("--bind", str(point), str(point))
    mount("-o", "remount,bind,ro", str(point))
    ran = run_cli(["run", str(point)], timeout=120)
    assert ran.code == 2, ran.stdout[-1500:]
    assert "Traceback" not in ran.stdout + ran.stderr
    out = ran.stdout + ran.stderr
    for name, data in before.items():
        assert (point / name).read_bytes() == data, name
        assert name in out
    assert os.strerror(errno.EROFS) in out or "只读" in out or "权限" in out, out[-1500:]


@pytest.fixture
def read_only_file():
    """Make a file read-only even for root (``chattr +i``), or by its mode for other users."""
    made = []

    def make(path: Path) -> None:
        if os.name != "posix":
            pytest.skip("POSIX permissions")
        if os.geteuid() == 0:
            r = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
            if r.returncode != 0:
                pytest.skip(f"root ignores file modes and chattr failed: {r.stderr.strip()}")
            made.append(path)
        else:
            path.chmod(0o444)

    yield make
    for p in made:
        subprocess.run(["chattr", "-i", str(p)], capture_output=True)


def test_read_only_file_is_skipped_with_a_reason(originals, tmp_path, read_only_file):
    src, before = originals
    folder = fresh_copy(src, tmp_path / "f")
    name = next(iter(before))
    read_only_file(folder / name)
    ran = run_cli(["run", "--no-summary", str(folder)])
    assert ran.code == 2, ran.stdout[-1500:]
    assert "Traceback" not in ran.stdout + ran.stderr
    line = next(ln for ln in ran.stdout.splitlines() if name in ln)
    assert "权限" in line or "占用" in line, ran.stdout[-1500:]
    assert (folder / name).read_bytes() == before[name]
    others = {n: b for n, b in before.items() if n != name}
    assert set(assert_old_or_new(folder, others).values()) == {NEW}  # the batch went on


# --------------------------------------------------------------------------- two at once


@pytest.mark.slow
def test_two_batches_at_once_corrupt_nothing(originals, tmp_path):
    src, before = originals
    for k in range(3):
        folder = fresh_copy(src, tmp_path / f"f{k}")
        procs = [subprocess.Popen(CLI + ["run", "--force", str(folder)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(2)]
        outs = [p.communicate(timeout=180) for p in procs]
        for p, (out, err) in zip(procs, outs):
            assert p.returncode in (0, 1, 2), err.decode()[-1500:]
            assert b"Traceback" not in out + err, err.decode()[-1500:]
        assert_old_or_new(folder, before)
        assert temp_leftovers(folder) == []
        for summary in folder.glob("perfxl汇总_*.xlsx"):
            readable(summary)
        assert_completed(folder, before)


# --------------------------------------------------------------------------- time per file


def _hangs_on_one_file(path, config, options):
    """A worker that never finishes one file (what a pathological workbook may do)."""
    from perfxl.batch import process_file

    if "卡住" in Path(path).name:
        time.sleep(90)
    return process_file(path, config, options)


def test_a_file_that_hangs_is_given_up_at_the_time_limit(originals, tmp_path):
    from perfxl.batch import run_batch
    from perfxl.config import Config
    from perfxl.result import is_failed

    src, before = originals
    folder = fresh_copy(src, tmp_path / "f")
    shutil.copy(folder / next(iter(before)), folder / "卡住.xlsx")
    start = time.monotonic()
    outcome = run_batch([folder], config_for=lambda p: Config(), jobs=2, write=False,
                        worker=_hangs_on_one_file, use_manifest=False, summary=False,
                        file_timeout=15)  # a stub worker is not warmed up: its first file
    assert time.monotonic() - start < 60       # imports the whole check inside the clock
    failed = [r for r in outcome.records if is_failed(r)]
    assert [r["rel"] for r in failed] == ["卡住.xlsx"]
    assert "超时" in failed[0]["error"] or "时间" in failed[0]["error"]
    assert len(outcome.records) == len(before) + 1


# --------------------------------------------------------------------------- internal errors


def test_an_internal_error_in_the_batch_is_a_chinese_sentence_not_a_traceback(originals,
                                                                              tmp_path,
                                                                              monkeypatch):
    from click.testing import CliRunner

    import perfxl.batch
    from perfxl.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(perfxl.batch, "run_batch", broken)
    src, before = originals
    folder = fresh_copy(src, tmp_path / "f")
    res = CliRunner().invoke(main, ["run", str(folder)])
    assert isinstance(res.exception, SystemExit) and res.exit_code == 2, res.exception
    assert "内部错误" in res.output or "出错" in res.output, res.output
    assert all((folder / n).read_bytes() == b for n, b in before.items())
