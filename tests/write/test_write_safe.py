"""Atomic, checked file replacement: never a broken file, never over a changed or open one."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

import perfxl.runner as runner
from perfxl.discover import TEMP_MARK, discover
from perfxl.manifest import fingerprint
from perfxl.write import safe
from tests.helpers.write_fixtures import make_rich_workbook, sample_result


@pytest.fixture
def src(tmp_path) -> Path:
    p = tmp_path / "单位自评表2023年度.xlsx"
    p.write_bytes(b"original content")
    return p


def test_atomic_write_replaces_and_leaves_no_temp(src):
    snap = safe.read_snapshot(src)
    safe.atomic_write(src, b"new content", expect=snap)
    assert src.read_bytes() == b"new content"
    assert [p.name for p in src.parent.iterdir()] == [src.name]


def test_changed_source_is_not_replaced(src):
    snap = safe.read_snapshot(src)
    src.write_bytes(b"the user saved meanwhile")
    with pytest.raises(safe.SourceChanged):
        safe.atomic_write(src, b"new content", expect=snap)
    assert src.read_bytes() == b"the user saved meanwhile"
    assert not any(TEMP_MARK in p.name for p in src.parent.iterdir())


def test_same_size_and_mtime_but_other_bytes_is_a_change(src):
    snap = safe.read_snapshot(src)
    st = os.stat(src)
    src.write_bytes(b"ORIGINAL content")  # same length
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert not safe.unchanged(snap)


@pytest.mark.parametrize("owner", ["~${name}", "~${short}", ".~lock.{name}#"])
def test_owner_file_means_locked(src, owner):
    name = owner.format(name=src.name, short=src.name[2:])
    (src.parent / name).write_bytes(b"owner")
    assert safe.lock_message(src) and "打开" in safe.lock_message(src)
    snap = safe.read_snapshot(src)
    with pytest.raises(safe.FileLocked):
        safe.atomic_write(src, b"new", expect=snap)
    assert src.read_bytes() == b"original content"


def test_no_owner_file_means_not_locked(src):
    (src.parent / "~$其他文件.xlsx").write_bytes(b"x")
    assert safe.lock_message(src) is None


def test_failure_before_replace_keeps_original_and_removes_temp(src, monkeypatch):
    def boom(tmp, target):
        assert tmp.read_bytes() == b"new content"  # durable temp written in the same folder
        assert tmp.parent == target.parent and TEMP_MARK in tmp.name
        raise KeyboardInterrupt

    monkeypatch.setattr(safe, "_before_replace", boom)
    with pytest.raises(KeyboardInterrupt):
        safe.atomic_write(src, b"new content", expect=safe.read_snapshot(src))
    assert src.read_bytes() == b"original content"
    assert [p.name for p in src.parent.iterdir()] == [src.name]


def test_leftovers_of_a_killed_run_are_cleaned(src):
    left = src.with_name(src.name + TEMP_MARK + "-deadbeef")
    left.write_bytes(b"half")
    other = src.with_name("其他.xlsx" + TEMP_MARK + "-1")
    other.write_bytes(b"not ours to clean")
    assert safe.clean_leftovers(src) == [left]
    assert not left.exists() and other.exists()


def test_temp_files_are_not_discovered_as_workbooks(src):
    safe.temp_path(src).write_bytes(b"x")
    files, _ = discover([src.parent])
    assert files == [src]


def test_backup_keeps_the_previous_file_out_of_discovery(src):
    snap = safe.read_snapshot(src)
    b1 = safe.backup(snap, datetime(2026, 11, 26, 7, 0, 0))
    b2 = safe.backup(snap, datetime(2026, 11, 26, 7, 0, 0))
    assert b1.parent.name == safe.BACKUP_DIR and b1.read_bytes() == b"original content"
    assert b1.name == "单位自评表2023年度.20261126-070000.xlsx" and b2 != b1 and b2.exists()
    files, _ = discover([src.parent])
    assert files == [src]


def test_free_name_resolves_collisions_and_cannot_escape(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "a(2).xlsx").write_bytes(b"x")
    assert safe.free_name(tmp_path, "a.xlsx") == tmp_path / "a(3).xlsx"
    assert safe.free_name(tmp_path, "b.perfxl.xlsx") == tmp_path / "b.perfxl.xlsx"
    (tmp_path / "b.perfxl.xlsx").write_bytes(b"x")
    assert safe.free_name(tmp_path, "b.perfxl.xlsx") == tmp_path / "b(2).perfxl.xlsx"
    assert safe.free_name(tmp_path, "../../etc/x.xlsx") == tmp_path / "x.xlsx"
    assert safe.free_name(tmp_path, "..\\..\\x.xlsx") == tmp_path / "x.xlsx"
    with pytest.raises(ValueError):
        safe.free_name(tmp_path, "..")


def test_permissions_of_the_original_are_kept(src):
    if os.name == "nt":
        pytest.skip("POSIX permission bits")
    os.chmod(src, 0o640)
    safe.atomic_write(src, b"new", expect=safe.read_snapshot(src))
    assert (os.stat(src).st_mode & 0o777) == 0o640


def test_failed_exclusive_open_means_locked(src, monkeypatch):
    """On Windows a workbook open in Excel cannot be opened for writing: PermissionError."""
    import builtins

    real_open = builtins.open

    def sharing_violation(file, mode="r", *a, **kw):
        if Path(file) == src and "+" in mode:
            raise PermissionError(13, "sharing violation")
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr(builtins, "open", sharing_violation)
    assert "占用" in safe.lock_message(src)


def test_replace_refused_by_the_os_is_reported_as_locked(src, monkeypatch):
    def refuse(a, b):
        raise PermissionError(13, "file in use")

    monkeypatch.setattr(safe.os, "replace", refuse)
    with pytest.raises(safe.FileLocked):
        safe.atomic_write(src, b"new", expect=safe.read_snapshot(src))
    assert src.read_bytes() == b"original content"
    assert not any(TEMP_MARK in p.name for p in src.parent.iterdir())


def test_symlinked_workbook_keeps_its_link(src):
    if os.name == "nt":
        pytest.skip("symlinks need privileges on Windows")
    link = src.with_name("链接.xlsx")
    link.symlink_to(src)
    safe.atomic_write(link, b"via link", expect=safe.read_snapshot(link))
    assert link.is_symlink() and src.read_bytes() == b"via link"


def test_leftovers_found_through_a_listing_given_by_the_caller(tmp_path):
    src = tmp_path / "单位.xlsx"
    src.write_bytes(b"x")
    left = safe.temp_path(src)
    left.write_bytes(b"half")
    names = os.listdir(tmp_path)
    assert safe.clean_leftovers(src, names) == [left] and not left.exists()
    assert safe.clean_leftovers(src, names) == []  # a stale listing: the file is already gone


# --------------------------------------------------------------------------- the written stamp
# The fingerprint of a file written in place comes from the bytes written, not from reading the
# file back: it must equal hashing the file, and must refuse to vouch for a file touched since
# (the batch keeps it in the manifest, so a re-run skips the file).


@pytest.fixture
def rich_wb(tmp_path) -> Path:
    return make_rich_workbook(tmp_path / "涞源镇2023年度绩效自评.xlsx")


@pytest.fixture
def fake_check(monkeypatch):
    monkeypatch.setattr(runner, "check_file",
                        lambda path, config=None, data=None: sample_result(Path(path)))


@pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
def test_in_place_write_fingerprint_equals_hashing_the_file(rich_wb, fake_check):
    out = runner.run_file(rich_wb)
    assert out.status == runner.WRITTEN
    assert out.fingerprint is not None and out.fingerprint == fingerprint(rich_wb)


@pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
def test_copy_mode_leaves_the_fingerprint_to_the_caller(rich_wb, fake_check, tmp_path):
    out = runner.run_file(rich_wb, output_dir=tmp_path / "out")
    assert out.status == runner.WRITTEN and out.fingerprint is None


def test_written_stamp_refuses_a_file_touched_after_the_write(tmp_path):
    target = tmp_path / "a.xlsx"
    written = safe.atomic_write(target, b"PK new bytes")
    assert written.fingerprint() == fingerprint(target)
    target.write_bytes(b"PK other bytes, another size")
    assert written.fingerprint() is None
    target.write_bytes(b"PK new bytes")
    st = os.stat(target)
    os.utime(target, ns=(st.st_atime_ns, written.mtime_ns + 1_000_000_000))
    assert written.fingerprint() is None  # same size, different mtime: not vouched for


def test_failed_write_returns_no_stamp_and_keeps_the_source(rich_wb):
    before = rich_wb.read_bytes()
    snap = safe.read_snapshot(rich_wb)
    rich_wb.write_bytes(before + b"x")  # the source changed after it was read
    with pytest.raises(safe.SourceChanged):
        safe.atomic_write(rich_wb, b"PK new", expect=snap)
    assert rich_wb.read_bytes() == before + b"x"
