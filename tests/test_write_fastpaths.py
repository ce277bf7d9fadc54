"""The write-back's shortcuts give the same answers as the long way round.

- the fingerprint of a file written in place is computed from the bytes written, not read back:
  it must equal hashing the file, and must refuse to vouch for a file touched since;
- the batch uses that fingerprint, so a re-run still skips the file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import perfxl.runner as runner
from perfxl.manifest import fingerprint
from perfxl.write import safe
from write_fixtures import make_rich_workbook, sample_result

pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")


@pytest.fixture
def wb(tmp_path) -> Path:
    return make_rich_workbook(tmp_path / "涞源镇2023年度绩效自评.xlsx")


@pytest.fixture
def fake_check(monkeypatch):
    monkeypatch.setattr(runner, "check_file", lambda path, config=None, data=None: sample_result(Path(path)))


def test_in_place_write_fingerprint_equals_hashing_the_file(wb, fake_check):
    out = runner.run_file(wb)
    assert out.status == runner.WRITTEN
    assert out.fingerprint is not None and out.fingerprint == fingerprint(wb)


def test_copy_mode_leaves_the_fingerprint_to_the_caller(wb, fake_check, tmp_path):
    out = runner.run_file(wb, output_dir=tmp_path / "out")
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


def test_failed_write_returns_no_stamp_and_keeps_the_source(wb, monkeypatch):
    before = wb.read_bytes()
    snap = safe.read_snapshot(wb)
    wb.write_bytes(before + b"x")  # the source changed after it was read
    with pytest.raises(safe.SourceChanged):
        safe.atomic_write(wb, b"PK new", expect=snap)
    assert wb.read_bytes() == before + b"x"
