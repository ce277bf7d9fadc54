"""The result sheets print: A4 landscape, one page wide, the header row on every page, long
text wrapped with the row as tall as its text, page numbers — in the XML, and printed to PDF
by LibreOffice after ``perfxl run``."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

import pytest
from python_calamine import CalamineWorkbook

from perfxl.findings import Finding, Severity
from perfxl.write import page
from perfxl.write.sheets import (FINDINGS_SHEET, SCORES_SHEET, STYLES, findings_sheet,
                                 result_sheets, sheet_xml)
from perfxl.write.splice import splice_results
from perfxl.write.standalone import standalone_xlsx
from tests.helpers import printfix
from tests.helpers.write_fixtures import make_rich_workbook, sample_result

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")


def _xf() -> dict[str, int]:
    return {name: i for i, name in enumerate(STYLES)}


def test_row_height_counts_cjk_twice_and_explicit_lines():
    assert page.row_height([("短", 20)]) is None  # one line: the default height
    # 40 CJK characters are 80 units: in a 21-wide column (20 usable) that is 4 lines
    assert page.row_height([("说" * 40, 21)]) == 4 * page.LINE_HEIGHT + page.ROW_PADDING
    assert page.row_height([("x" * 40, 21)]) == 2 * page.LINE_HEIGHT + page.ROW_PADDING
    assert page.row_height([("a\nb\nc", 30), ("说" * 10, 30)]) == \
        3 * page.LINE_HEIGHT + page.ROW_PADDING  # the tallest cell decides


def test_findings_sheet_xml_prints_a4_landscape_one_page_wide():
    spec = findings_sheet([Finding("PX1", Severity.ERROR, "说明" * 100, "表", "A1"),
                           Finding("PX2", Severity.WARNING, "短", "表", "A2")], {"表"})
    root = ET.fromstring(sheet_xml(spec, _xf()))
    assert root.find(f"{M}sheetPr/{M}pageSetUpPr").get("fitToPage") == "1"
    setup = root.find(M + "pageSetup")
    assert (setup.get("paperSize"), setup.get("orientation"), setup.get("fitToWidth"),
            setup.get("fitToHeight")) == ("9", "landscape", "1", "0")
    assert root.find(f"{M}headerFooter/{M}oddFooter").text == "&C第 &P 页，共 &N 页"
    rows = {r.get("r"): r for r in root.iter(M + "row")}
    widths = [float(c.get("width")) for c in root.iter(M + "col")]
    assert sum(widths) <= page.PAGE_WIDTH_UNITS  # code and message side by side on the page
    # the long message's row is as tall as its 400 units in the 60-wide 说明 column
    assert rows["2"].get("customHeight") == "1"
    assert float(rows["2"].get("ht")) == page.row_height([("说明" * 100, widths[4])])
    assert rows["3"].get("ht") is None  # one line: the default height
    # the message's style wraps
    assert STYLES[spec.rows[1][4].style].wrap and STYLES["text"].wrap


def _defined_names(data: bytes) -> list[ET.Element]:
    wb = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml"))
    return list(wb.iter(M + "definedName"))


def _sheet_index(data: bytes, name: str) -> int:
    wb = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml"))
    return [s.get("name") for s in wb.iter(M + "sheet")].index(name)


def test_spliced_sheets_get_print_titles_local_to_them_once_per_run(tmp_path):
    original = make_rich_workbook(tmp_path / "a.xlsx").read_bytes()
    specs = result_sheets(sample_result(tmp_path / "a.xlsx"))
    once = splice_results(original, specs).data
    twice = splice_results(once, specs).data  # a re-run replaces, never adds a second name
    for data in (once, twice):
        titles = {n.get("localSheetId"): n.text for n in _defined_names(data)
                  if n.get("name") == "_xlnm.Print_Titles"}
        assert titles == {str(_sheet_index(data, FINDINGS_SHEET)): f"'{FINDINGS_SHEET}'!$1:$1",
                          str(_sheet_index(data, SCORES_SHEET)): f"'{SCORES_SHEET}'!$1:$1"}


def test_standalone_results_workbook_prints_alike(tmp_path):
    data = standalone_xlsx(result_sheets(sample_result(tmp_path / "a.xls")))
    zf = zipfile.ZipFile(io.BytesIO(data))
    for part in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        root = ET.fromstring(zf.read(part))
        assert root.find(f"{M}sheetPr/{M}pageSetUpPr").get("fitToPage") == "1"
        setup = root.find(M + "pageSetup").attrib
        assert (setup["paperSize"], setup["orientation"], setup.get("fitToWidth", "1"),
                setup["fitToHeight"]) == ("9", "landscape", "1", "0")  # 1 is the default
        assert root.find(f"{M}headerFooter/{M}oddFooter").text == "&C第 &P 页，共 &N 页"
    titles = [n for n in _defined_names(data) if n.get("name") == "_xlnm.Print_Titles"]
    assert sorted(n.text.replace("'", "") for n in titles) == [f"{FINDINGS_SHEET}!$1:$1",
                                                               f"{SCORES_SHEET}!$1:$1"]


@pytest.mark.libreoffice
@pytest.mark.skipif(printfix.missing_tools() is not None, reason=str(printfix.missing_tools()))
def test_result_sheets_print_every_message_on_a4_landscape(tmp_path):
    folder = tmp_path / "乡镇"
    folder.mkdir()
    book = printfix.long_message_workbook(folder / "长说明.xlsx")
    subprocess.run([sys.executable, "-m", "perfxl", "run", str(folder)], capture_output=True,
                   timeout=300)
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name(FINDINGS_SHEET).to_python()
    header, findings = rows[0], [r for r in rows[1:] if r[1]]
    assert len(findings) > 30 and max(len(str(r[4])) for r in findings) >= 200

    pdf = printfix.to_pdf(book, tmp_path / "pdf")
    pages = printfix.page_texts(pdf)
    assert len(pages) == printfix.page_count(pdf)
    sizes = printfix.page_sizes(pdf)
    ours = [i for i, text in enumerate(pages)
            if any(printfix.flat(r[4]) in text for r in findings)]
    assert len(ours) >= 2  # the findings span pages …
    for i in ours:  # … each A4 landscape, with the header row, every column on it
        assert printfix.is_a4_landscape(sizes[i]), sizes[i]
        assert all(printfix.flat(h) in pages[i] for h in header[:8]), pages[i][:200]
        assert re.search(r"第\d+页，共\d+页", pages[i])
    for r in findings:  # every message whole, on the same page as its code
        message, code = printfix.flat(r[4]), r[1]
        assert any(message in pages[i] and code in pages[i] for i in ours), r
