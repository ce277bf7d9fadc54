"""Atomic, checked file replacement: never a broken file, never over a changed or open one."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from perfxl.discover import TEMP_MARK, discover
from perfxl.write import safe


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
