"""The batch's cheap path helpers equal what pathlib says: a file's real path (for skipping a
workbook given twice) and its path relative to the folder given."""

from __future__ import annotations

import os
import sys

import pytest

from perfxl.batch import _relative
from perfxl.discover import real_path


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need extra rights on Windows")
def test_real_path_equals_resolve_for_files_links_and_dot_dot(tmp_path):
    (tmp_path / "甲" / "乙").mkdir(parents=True)
    f = tmp_path / "甲" / "乙" / "单位.xlsx"
    f.write_bytes(b"x")
    (tmp_path / "链接.xlsx").symlink_to(f)
    os.symlink(tmp_path / "甲", tmp_path / "丙")
    folders: dict = {}
    for p in (f, tmp_path / "链接.xlsx", tmp_path / "丙" / "乙" / "单位.xlsx",
              tmp_path / "甲" / "乙" / ".." / "乙" / "单位.xlsx"):
        assert real_path(p, folders) == p.resolve()
    for root in (tmp_path, tmp_path / "甲", tmp_path / "丁"):
        try:
            want = f.relative_to(root).as_posix()
        except ValueError:
            want = f.name
        assert _relative(f, root) == want
