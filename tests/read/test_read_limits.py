"""Hostile sizes: the reader reads a bounded number of rows and still answers."""

from __future__ import annotations

import pytest

from perfxl.rules.read import read_findings
from perfxl.read import read_workbook
from perfxl.read.grid import MAX_ROWS


@pytest.mark.slow
def test_a_million_rows_are_read_bounded(tmp_path):
    corpus = pytest.importorskip("tests.helpers.hostile.corpus")
    wb = read_workbook(corpus.million_rows(tmp_path))
    assert wb.unit is not None and wb.unit.sheet == "项目清单"
    assert any(f.code == "PX101" and str(MAX_ROWS) in f.message for f in read_findings(wb))


def _form_plus_stray_cell(path, stray):
    import xlsxwriter

    from tests.helpers.readfix.build import standard_form, write_workbook

    write_workbook(path, {"自评表01": standard_form()})
    # rebuild with an extra sheet holding one far-away cell
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("自评表01")
    spec = standard_form()
    for a, b, c, d in spec.merges:
        v = spec.cells[(a, b)]
        ws.merge_range(a, b, c, d, v if isinstance(v, (str, int, float)) else "")
    merged = {(a, b) for a, b, _, _ in spec.merges}
    for (r, c), v in spec.cells.items():
        if (r, c) not in merged and isinstance(v, (str, int, float)):
            ws.write(r, c, v)
    other = wb.add_worksheet("杂项")
    other.write("A1", "备注")
    stray(wb, other)
    wb.close()
    return path


def test_a_stray_far_value_refuses_only_its_sheet(tmp_path):
    path = _form_plus_stray_cell(tmp_path / "a.xlsx", lambda wb, ws: ws.write("XFD100000", 1))
    wb = read_workbook(path)  # must not try to allocate 1.6 billion cells
    assert [p.name.value for p in wb.projects] == ["涞源镇防火经费"]
    [f] = [f for f in read_findings(wb) if f.code == "PX101"]
    assert (f.sheet, f.cell) == ("杂项", "XFD100000") and "范围过大" in f.message


def test_a_far_formatted_empty_cell_is_harmless(tmp_path):
    def stray(wb, ws):
        ws.write_blank("XFD100000", None, wb.add_format({"bold": True}))
    wb = read_workbook(_form_plus_stray_cell(tmp_path / "a.xlsx", stray))
    assert [f for f in read_findings(wb) if f.code == "PX101"] == []
