"""A file's path relative to the folder given, as the batch shows it."""

from __future__ import annotations

import os
import sys

import pytest

from perfxl.batch.pool import relative_path


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need extra rights on Windows")
def test_relative_to_the_folder_given_else_the_name(tmp_path):
    (tmp_path / "甲" / "乙").mkdir(parents=True)
    f = tmp_path / "甲" / "乙" / "单位.xlsx"
    f.write_bytes(b"x")
    (tmp_path / "链接.xlsx").symlink_to(f)
    os.symlink(tmp_path / "甲", tmp_path / "丙")
    for root in (tmp_path, tmp_path / "甲", tmp_path / "丁"):
        try:
            want = f.relative_to(root).as_posix()
        except ValueError:
            want = f.name
        assert relative_path(f, root) == want
