"""Every sheet of the summary prints: A4 landscape, one page wide, its header row on every page,
long text wrapped with rows as tall as their text — in the XML of every sheet (whatever sheets
the summary has), and printed to PDF by LibreOffice."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

import pytest
from python_calamine import CalamineWorkbook

from perfxl.summary.workbook import write_summary
from perfxl.write import page
from tests.helpers import printfix
from tests.helpers.summaryfix import finding

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
LONG = "执行数大于预算数，请核对全年执行数与预算批复文件是否一致" * 7


def _sheets(path) -> dict[str, ET.Element]:
    """Each sheet's name → its worksheet XML root."""
    zf = zipfile.ZipFile(path)
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    return {s.get("name"): ET.fromstring(zf.read("xl/" + target[s.get(R + "id")].lstrip("/")))
            for s in wb.iter(M + "sheet")}


def test_every_summary_sheet_prints_a4_landscape_with_its_header_repeated(tmp_path, records):
    records[0]["findings"].append(finding(LONG))
    out = write_summary(tmp_path / "汇总.xlsx", records, period="2023-07", history=[])
    sheets = _sheets(out)
    assert {"汇总", "全部问题", "无法处理", "图表", "历史"} <= set(sheets)
    wb = ET.fromstring(zipfile.ZipFile(out).read("xl/workbook.xml"))
    titles = {int(n.get("localSheetId")): n.text for n in wb.iter(M + "definedName")
              if n.get("name") == "_xlnm.Print_Titles"}
    for index, (name, root) in enumerate(sheets.items()):
        assert root.find(f"{M}sheetPr/{M}pageSetUpPr").get("fitToPage") == "1", name
        setup = root.find(M + "pageSetup").attrib
        assert (setup["paperSize"], setup["orientation"], setup.get("fitToWidth", "1"),
                setup["fitToHeight"]) == ("9", "landscape", "1", "0"), name
        assert root.find(f"{M}headerFooter/{M}oddFooter").text == page.FOOTER, name
        assert titles[index].replace("'", "") == f"{name}!$1:$1", name
    # the long message wraps, and its row is as tall as it needs
    finding_rows = [r for r in sheets["全部问题"].iter(M + "row") if r.get("r") != "1"]
    tall = [r for r in finding_rows if r.get("customHeight") == "1"]
    assert len(tall) == 1 and float(tall[0].get("ht")) == page.row_height([(LONG, 44)])


@pytest.mark.libreoffice
@pytest.mark.skipif(printfix.missing_tools() is not None, reason=str(printfix.missing_tools()))
def test_summary_of_a_folder_prints_every_message_on_a4_landscape(tmp_path):
    folder = tmp_path / "乡镇"
    folder.mkdir()
    printfix.long_message_workbook(folder / "长说明.xlsx")
    subprocess.run([sys.executable, "-m", "perfxl", "run", str(folder)], capture_output=True,
                   timeout=300)
    summary = next(folder.glob("perfxl汇总_*.xlsx"))
    rows = CalamineWorkbook.from_path(str(summary)).get_sheet_by_name("全部问题").to_python()
    header, findings = rows[0], rows[1:]
    assert len(findings) > 30 and max(len(str(r[6])) for r in findings) >= 200

    pdf = printfix.to_pdf(summary, tmp_path / "pdf")
    pages = printfix.page_texts(pdf)
    assert len(pages) == printfix.page_count(pdf)
    assert all(printfix.is_a4_landscape(size) for size in printfix.page_sizes(pdf))
    ours = [i for i, text in enumerate(pages)
            if any(printfix.flat(r[6]) in text for r in findings)]
    assert len(ours) >= 2  # 全部问题 spans pages, each with its header row, every column on it
    for i in ours:
        assert all(printfix.flat(h) in pages[i] for h in header), pages[i][:200]
        assert re.search(r"第\d+页，共\d+页", pages[i])
    for r in findings:  # every message whole, on the same page as its code
        message, code = printfix.flat(r[6]), r[4]
        assert any(message in pages[i] and code in pages[i] for i in ours), r
    summary_pages = [t for t in pages if printfix.flat("全年预算数（万元）") in t]
    assert summary_pages and all("单位" in t and "状态" in t for t in summary_pages)
