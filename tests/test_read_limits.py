"""Hostile sizes: the reader reads a bounded number of rows and still answers."""

from __future__ import annotations

import pytest

from perfxl.read import read_workbook
from perfxl.read.grid import MAX_ROWS


@pytest.mark.slow
def test_a_million_rows_are_read_bounded(tmp_path):
    corpus = pytest.importorskip("tests.hostile.corpus")
    wb = read_workbook(corpus.million_rows(tmp_path))
    assert wb.unit is not None and wb.unit.sheet == "项目清单"
    assert any(f.code == "PX101" and str(MAX_ROWS) in f.message for f in wb.findings)
