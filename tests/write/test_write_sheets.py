"""The result sheets as data and as worksheet XML (no workbook needed)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from defusedxml import ElementTree as SafeET
from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.findings import Finding, Severity
from perfxl.write.sheets import (MAX_CELL_CHARS, STYLES, Cell, SheetSpec, col_letter,
                                 display_width, findings_sheet, location, result_sheets, sheet_xml)
from perfxl.write.xmltext import clean_text
from tests.helpers.write_fixtures import sample_result

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XF = {name: i for i, name in enumerate(STYLES)}


def parse(spec: SheetSpec, **kw):
    return SafeET.fromstring(sheet_xml(spec, XF, **kw))


def one_cell(value) -> SheetSpec:
    spec = SheetSpec("t", "_m")
    spec.rows = [[Cell("h", "header")], [Cell(value, "wrap")]]
    return spec


def cell_text(root, ref: str) -> str:
    c = next(c for c in root.iter(M + "c") if c.get("r") == ref)
    return "".join(t.text or "" for t in c.iter(M + "t"))


def excel_unescape(s: str) -> str:
    """What Excel shows for a stored text: ``_xHHHH_`` decoded (``_x005F_`` is a literal ``_``)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), s)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_round_trips_as_text(s):
    root = parse(one_cell(s))
    c = next(c for c in root.iter(M + "c") if c.get("r") == "A2") if s else None
    if not s:
        return
    assert c.get("t") == "inlineStr" and c.find(M + "f") is None
    assert excel_unescape(cell_text(root, "A2")) == clean_text(s)


def test_cell_text_is_cut_at_excel_limit():
    root = parse(one_cell("字" * (MAX_CELL_CHARS + 10)))
    assert len(cell_text(root, "A2")) == MAX_CELL_CHARS


def test_numbers_are_written_from_decimal_text():
    spec = SheetSpec("t", "_m", rows=[[Cell("h")], [Cell(Decimal("144.95520"), "money"),
                                                    Cell(Decimal("1E+1"), "score"), Cell(7)]])
    values = [v.text for v in parse(spec).iter(M + "v")]
    assert values == ["144.9552", "10", "7"]


def test_sheet_view_frozen_not_selected_with_filter_and_widths():
    spec = findings_sheet([Finding("PX1", Severity.ERROR, "说明" * 40, "表", "A1")], {"表"})
    root = parse(spec)
    view = root.find(f"{M}sheetViews/{M}sheetView")
    assert view.get("tabSelected") is None and view.get("workbookViewId") == "0"
    pane = view.find(M + "pane")
    assert (pane.get("ySplit"), pane.get("topLeftCell"), pane.get("state")) == ("1", "A2",
                                                                                "frozen")
    assert root.find(M + "autoFilter").get("ref") == "A1:I2"  # … 项目, 处理意见 (issue 15)
    widths = [float(c.get("width")) for c in root.iter(M + "col")]
    assert len(widths) == 9 and widths[4] == 60  # 说明 capped
    assert parse(spec, selected=True).find(f"{M}sheetViews/{M}sheetView").get("tabSelected") == "1"


def test_severity_cells_get_their_colour_styles():
    spec = findings_sheet([Finding("A", s, "m") for s in Severity])
    assert [r[0].style for r in spec.rows[1:]] == ["error", "warning", "info"]
    assert STYLES["error"].fill and STYLES["warning"].fill and STYLES["info"].fill
    assert len({STYLES[k].fill for k in ("error", "warning", "info")}) == 3


def test_hyperlink_locations_quote_sheet_names():
    assert location("自评表05", "B3") == "'自评表05'!B3"
    assert location("O'Brien 表", "$A$1") == "'O''Brien 表'!A1"


def test_result_sheets_shape():
    findings, scores = result_sheets(sample_result(Path("x.xlsx")))
    assert findings.name == "校验结果" and scores.name == "评分结果"
    assert findings.filter_rows == 5 and scores.filter_rows == 2
    assert [c.value for c in scores.rows[0]][-2:] == ["总分", "等级"]
    indicator_rows = [r for r in scores.rows[6:] if r]
    assert len(indicator_rows) == 4 and indicator_rows[0][9].value == Decimal(20)


def test_column_letters_and_widths():
    assert [col_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert display_width("abc") == 3 and display_width("项目ab") == 6
    assert display_width("１２") == 4


def test_an_empty_sheet_is_still_valid_xml():
    root = parse(SheetSpec("t", "_m"))
    assert root.find(M + "cols") is None and root.find(M + "sheetData") is not None
