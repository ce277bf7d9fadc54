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


# ------------------------------------------------------------------ hostile order and positions
# calamine allocates rows × columns for the farthest cell it finds, whatever order the XML is
# written in, and aborts the whole process (not an exception) when that allocation fails; the
# guard must bound every way a sheet can name a far cell.

def _sheet(body: str) -> bytes:
    from tests.helpers.hostile.corpus import SHEET_MAIN
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_MAIN}">'
            f'<sheetData>{body}</sheetData></worksheet>').encode()


_FAR_FIRST = ('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
              '<row r="1"><c r="A1" t="inlineStr"><is><t>项目清单</t></is></c></row>')
_FAR_CELL_IN_NEAR_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>项目清单</t></is></c>'
                         '<c r="XFD900000"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>')
_MANY_ROWS_WITHOUT_R = ("<row><c><v>1</v></c></row>" * 30_000
                        + '<row><c r="XFD5"><v>1</v></c></row>')


_FAR_SPELLINGS = {  # calamine reads each of these as a position
    "single quotes": "<row r='1'><c r='XFD1048576'><v>1</v></c></row>",
    "spaces around =": '<row r = "1"><c r = "XFD1048576"><v>1</v></c></row>',
    "lower-case letters": '<row r="1"><c r="xfd1048576"><v>1</v></c></row>',
    "four letters": '<row r="1"><c r="AAAA1048576"><v>1</v></c></row>',
}


@pytest.mark.parametrize("body", [_FAR_FIRST, _FAR_CELL_IN_NEAR_ROW, _MANY_ROWS_WITHOUT_R,
                                  *_FAR_SPELLINGS.values()],
                         ids=["far row written first", "far cell in a near row",
                              "rows without r= before a far column", *_FAR_SPELLINGS])
def test_the_size_bound_does_not_trust_the_order_of_rows(body):
    from perfxl.read.sheetscan import sheet_extent
    from perfxl.read.xlsxmeta import MAX_CELLS

    rows, cols, _ = sheet_extent(_sheet(body), MAX_CELLS)
    assert rows * cols > MAX_CELLS


def test_an_ordinary_form_stays_under_the_bound():
    from perfxl.read.sheetscan import sheet_extent
    from perfxl.read.xlsxmeta import MAX_CELLS

    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="H{r}"><v>1</v></c></row>'
                   for r in range(1, 60))
    rows, cols, far = sheet_extent(_sheet(body), MAX_CELLS)
    assert rows * cols <= MAX_CELLS and far == ""


@pytest.mark.parametrize("rows, cols", [(600, 30), (1000, 20), (400, 40)])
def test_a_sheet_whose_cells_have_no_position_is_measured_not_refused(rows, cols):
    """Generators may leave r= out of every cell: each row's cells then count on from A, and a
    sheet of a few hundred rows is an ordinary sheet, not one too large to read."""
    from perfxl.read.sheetscan import sheet_extent
    from perfxl.read.xlsxmeta import MAX_CELLS

    body = "".join(f'<row r="{r}">' + "<c><v>1</v></c>" * cols + "</row>"
                   for r in range(1, rows + 1))
    assert sheet_extent(_sheet(body), MAX_CELLS)[:2] == (rows, cols)


def test_a_far_cell_written_first_refuses_its_sheet_without_crashing(tmp_path):
    """In a child process: were the guard fooled, calamine would abort the process itself."""
    import subprocess
    import sys

    from tests.helpers.hostile.corpus import replace_part, small_xlsx_bytes

    path = tmp_path / "倒序.xlsx"
    path.write_bytes(replace_part(small_xlsx_bytes(), "xl/worksheets/sheet1.xml",
                                  _sheet(_FAR_FIRST)))
    code = ("import sys; from perfxl.read import read_workbook; "
            "print(' '.join(o.kind for o in read_workbook(sys.argv[1]).observations))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    assert "sheet_too_large" in out.stdout.split()
