"""The summary workbook: sheets, rows, links, number formats, charts, formula-looking text kept as
text — read back with openpyxl and checked at the XML level."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from perfxl.summary.charts import grade_counts, unit_progress
from perfxl.summary.history_sheet import history_table
from perfxl.summary.workbook import write_summary


from tests.helpers.summaryfix import finding, proj, rec  # noqa: E402


def test_sheets_and_summary_rows(tmp_path, records):
    target = write_summary(tmp_path / "perfxl汇总_2023-07.xlsx", records, period="2023-07",
                           history=[], base=tmp_path)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["汇总", "全部问题", "无法处理", "图表", "历史"]
    ws = wb["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "文件", "数据期间", "项目")
    assert len(rows) == 1 + 2 + 1 + 1  # two projects, one project, one failed file
    assert rows[1][:6] == ("涞源镇", "甲/涞源镇.xlsx", "2023-07", "防火经费", 2, 1.5)
    assert rows[1][6] == pytest.approx(0.75)
    assert rows[1][7] == pytest.approx(7 / 12)
    assert rows[1][8:12] == (88.5, "良", 1, 1)
    assert rows[2][3] == "=1+1 危险名" and rows[2][4] == 144.9552
    assert rows[3][0] == "@乙单位" and rows[3][3] == "+道路"
    assert rows[4][1] == "坏.xlsx" and rows[4][12] == "无法处理"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:M5"
    assert ws.cell(2, 5).number_format == "0.0000" and ws.cell(2, 7).number_format == "0.00%"
    link = ws.cell(2, 2).hyperlink
    assert link is not None and link.target.replace("\\", "/") == "甲/涞源镇.xlsx"


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path, records):
    target = write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=[],
                           base=tmp_path)
    with zipfile.ZipFile(target) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for n in sheets:
            assert "<f>" not in z.read(n).decode()  # no formula anywhere
    values = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("全部问题").to_python()
    assert values[1][7:9] == ["144.9552", "=SUM(A1)"]
    assert values[2][8] == "-5"


def test_findings_and_failed_sheets(tmp_path, records):
    target = write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=[],
                           base=tmp_path)
    wb = openpyxl.load_workbook(target)
    f = list(wb["全部问题"].iter_rows(values_only=True))
    assert f[0] == ("文件", "单位", "工作表", "单元格", "规则", "严重程度", "说明", "应为", "实为", "项目",
                    "处理意见")  # issue 15: the staff decision
    assert f[1][:7] == ("甲/涞源镇.xlsx", "涞源镇", "自评表01", "D6", "PX201", "错误", "执行数大于预算数")
    assert f[2][5] == "警告"
    assert len(f) == 3
    bad = list(wb["无法处理"].iter_rows(values_only=True))
    assert bad[1] == ("坏.xlsx", "无法处理", "文件不是 Excel 工作簿（0 字节）")
    assert len(bad) == 2


def test_chart_tables_and_charts(tmp_path, records):
    assert grade_counts(records) == {"优": 1, "良": 1, "中": 0, "差": 1}
    units = unit_progress(records)
    assert [u for u, _, _ in units] == ["@乙单位", "涞源镇"]
    assert units[1][1] == Decimal("146.4552") / Decimal("146.9552")
    assert units[0][2] == Decimal(7) / 12
    target = write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=[],
                           base=tmp_path)
    ws = openpyxl.load_workbook(target)["图表"]
    assert [ws.cell(r, 1).value for r in range(2, 6)] == ["优", "良", "中", "差"]
    assert [ws.cell(r, 2).value for r in range(2, 6)] == [1, 1, 0, 1]
    with zipfile.ZipFile(target) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(z.read(n).decode() for n in charts)
    assert len(charts) == 2  # no history yet: grade distribution + 执行率 vs 序时进度
    assert "评价等级分布" in xml and "各单位执行率与序时进度" in xml


def test_history_sheet_pivots_by_month_with_line_charts(tmp_path, records):
    history = [
        {"period": "2023-06", "unit": "涞源镇", "file": "a.xlsx", "project": "防火经费",
         "rate": "0.5", "score": "80"},
        {"period": "2023-07", "unit": "涞源镇", "file": "b.xlsx", "project": "防火经费",
         "rate": "0.75", "score": "88.5"},
        {"period": "2023-07", "unit": "乙", "file": "c.xlsx", "project": "道路",
         "rate": "0.5", "score": ""},
    ]
    periods, rows = history_table(history)
    assert periods == ["2023-06", "2023-07"]
    rows = list(rows)
    assert [(u, p) for u, p, _, _ in rows] == [("乙", "道路"), ("涞源镇", "防火经费")]
    assert rows[1][2] == {"2023-06": Decimal("0.5"), "2023-07": Decimal("0.75")}
    target = write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=history,
                           base=tmp_path)
    data = list(openpyxl.load_workbook(target)["历史"].iter_rows(values_only=True))
    assert data[0] == ("单位", "项目", "执行率 2023-06", "执行率 2023-07", "得分 2023-06", "得分 2023-07")
    assert data[1] == ("乙", "道路", None, 0.5, None, None)
    assert data[2] == ("涞源镇", "防火经费", 0.5, 0.75, 80, 88.5)
    with zipfile.ZipFile(target) as z:
        line_charts = [n for n in z.namelist() if n.startswith("xl/charts/")
                       and "<c:lineChart>" in z.read(n).decode()]
    assert len(line_charts) == 2


def test_written_atomically_no_temp_left(tmp_path, records):
    target = tmp_path / "perfxl汇总_2023-07.xlsx"
    target.write_bytes(b"old")
    write_summary(target, records, period="2023-07", history=[], base=tmp_path)
    assert zipfile.is_zipfile(target)
    assert not [p for p in tmp_path.iterdir() if "perfxl-tmp" in p.name]


def test_digest_ignores_run_bookkeeping_and_is_stored(tmp_path, records):
    from perfxl.summary.workbook import stored_digest, summary_digest

    d1 = summary_digest(records, period="2023-07", base=tmp_path, history=None)
    rerun = [dict(r, reused=True, fingerprint={"size": 1}) for r in records]
    assert summary_digest(rerun, period="2023-07", base=tmp_path, history=None) == d1
    changed = [dict(records[0], unit="别的单位")] + records[1:]
    assert summary_digest(changed, period="2023-07", base=tmp_path, history=None) != d1
    assert summary_digest(records, period="2023-08", base=tmp_path, history=None) != d1
    import perfxl.summary.workbook as W

    layout, W.SUMMARY_LAYOUT = W.SUMMARY_LAYOUT, W.SUMMARY_LAYOUT + "+"
    try:  # a new layout rewrites the summary even if no record changed
        assert summary_digest(records, period="2023-07", base=tmp_path, history=None) != d1
    finally:
        W.SUMMARY_LAYOUT = layout
    target = write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=[],
                           base=tmp_path, digest=d1)
    assert stored_digest(target) == d1
    assert stored_digest(tmp_path / "none.xlsx") is None


def test_record_findings_are_exactly_finding_to_dict():
    import dataclasses

    from perfxl.findings import Finding, Severity
    from perfxl.result import finding_dict

    f = Finding("PX201", Severity.WARNING, "说明", "自评表01", "D6", "1", "2", "防火")
    assert finding_dict(f) == f.to_dict()
    assert set(finding_dict(f)) == {x.name for x in dataclasses.fields(Finding)}  # no field lost


# --------------------------------------------------------------------------- links


def _links(ws) -> dict[str, tuple[str, str | None]]:
    """cell → (target with /, location) of a sheet's hyperlinks, as openpyxl reads them."""
    return {c.coordinate: (c.hyperlink.target.replace("\\", "/"), c.hyperlink.location)
            for row in ws.iter_rows() for c in row if c.hyperlink is not None}


def test_every_summary_row_links_to_its_file(tmp_path, records):
    """Sorted or filtered by 得分, each project row still leads to its workbook."""
    target = write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=[],
                           base=tmp_path)
    ws = openpyxl.load_workbook(target)["汇总"]
    assert _links(ws) == {"B2": ("甲/涞源镇.xlsx", None), "B3": ("甲/涞源镇.xlsx", None),
                          "B4": ("乙.xlsx", None), "B5": ("坏.xlsx", None)}
    assert all(ws[c].font.underline for c in ("B2", "B3", "B4", "B5"))


def test_each_finding_links_to_its_cell_in_the_workbook(tmp_path, records):
    more = [dict(finding("整个工作表"), cell=None), dict(finding("整个工作簿"), sheet=None, cell=None),
            dict(finding("合并的单元格"), sheet="自评'表", cell="B3:I3")]
    records[1]["findings"] = more
    records[1]["output"] = str(tmp_path / "结果" / "乙.xlsx")  # a run with --output-dir
    xls = rec(tmp_path / "旧.xls", "旧单位", findings=[finding("旧格式")])
    xls["output"] = str(tmp_path / "旧.perfxl.xlsx")  # results only: the cells are in the .xls
    target = write_summary(tmp_path / "s.xlsx", records + [xls], period="2023-07",
                           history=[], base=tmp_path)
    ws = openpyxl.load_workbook(target)["全部问题"]
    assert _links(ws) == {
        "D2": ("甲/涞源镇.xlsx", "'自评表01'!D6"), "D3": ("甲/涞源镇.xlsx", "'自评表01'!E7"),
        "A4": ("结果/乙.xlsx", "'自评表01'!A1"), "A5": ("结果/乙.xlsx", None),
        "D6": ("结果/乙.xlsx", "'自评''表'!B3:I3"), "D7": ("旧.xls", "'自评表01'!D6")}
    assert ws["D2"].value == "D6" and ws["A4"].value == "乙.xlsx"  # the source, as before


def test_a_link_to_a_cell_is_written_as_xlsxwriter_writes_it(tmp_path, records):
    import io
    import re

    import xlsxwriter

    records[0]["findings"] = [dict(finding("x"), sheet="自评'表 & <1>", cell="B3:I3")]
    target = write_summary(tmp_path / "s.xlsx", records[:1], period="2023-07", history=[],
                           base=tmp_path)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    book.add_worksheet().write_url("D2", "external:甲/涞源镇.xlsx#'自评''表 & <1>'!B3:I3",
                                   string="B3:I3")
    book.close()

    def hyperlinks(z: zipfile.ZipFile, part: str) -> str:
        return re.search(r"<hyperlinks>.*</hyperlinks>", z.read(part).decode()).group(0)

    with zipfile.ZipFile(target) as ours:
        assert (hyperlinks(ours, "xl/worksheets/sheet2.xml")
                == hyperlinks(zipfile.ZipFile(buf), "xl/worksheets/sheet1.xml"))


def test_past_excels_link_limit_each_workbook_keeps_a_link(tmp_path, monkeypatch):
    import perfxl.summary.rows as W

    monkeypatch.setattr(W, "MAX_LINKS", 8)
    records = [rec(tmp_path / f"单位{i}.xlsx", f"单位{i}", projects=[
        proj(f"项目{k}", "2", "1", "90", "优") for k in range(3)],
        findings=[finding(f"问题{k}") for k in range(3)]) for i in range(4)]
    target = write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=[],
                           base=tmp_path)
    wb = openpyxl.load_workbook(target)
    linked = _links(wb["汇总"])
    assert len(linked) <= 8
    files = [row[1] for row in wb["汇总"].iter_rows(min_row=2, values_only=True)]
    first_rows = {f"B{2 + files.index(f)}" for f in set(files)}
    assert first_rows <= set(linked)  # every workbook's first row, whatever the limit
    assert {"B2", "B3", "B4"} <= set(linked)  # all rows of the first workbook: room enough
    assert len(_links(wb["全部问题"])) == 8  # findings in order, up to the limit


@pytest.mark.parametrize("name", ["<r>x</r>", "<r><b</r>", "<r>\x01控制</r>"])
def test_text_shaped_like_rich_text_markup_is_written_as_typed(tmp_path, name):
    """xlsxwriter writes a text from ``<r>`` to ``</r>`` raw into the XML of the sheets it
    writes itself (无法处理, 单位汇总, 图表): a unit so named showed empty, ``<r><b</r>`` made
    the whole summary unreadable. Now every sheet shows the text as typed."""
    from perfxl.summary.sheetxml import write_text
    from perfxl.summary.units import UnitGroup, write_unit_groups

    records = [rec(tmp_path / "甲.xlsx", name, projects=[proj("防火", "2", "1", "90", "优")]),
               rec(tmp_path / f"{name}.xlsx".replace("/", "／"), None, status="error",
                   error=name)]
    target = write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=[],
                           base=tmp_path)
    wb = openpyxl.load_workbook(target)  # the XML is well-formed

    def typed(value) -> bool:
        if "\x01" not in name:
            return value == name
        # a control character is kept as an _xHHHH_ escape (twice over in a rich string)
        return value.startswith("<r>") and value.endswith("控制</r>") and "x0001" in value

    assert typed(wb["图表"]["D2"].value)
    assert typed(wb["无法处理"]["C2"].value)
    assert typed(wb["汇总"]["A2"].value)
    # 单位汇总 (written for one-project exports) goes through the same helper
    import io

    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": True})
    write_unit_groups(book, {}, [UnitGroup(unit=name, department=name)])
    sheet = book.add_worksheet("直接")
    write_text(sheet, 0, 0, name)
    book.close()
    back = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    assert typed(back["单位汇总"]["A2"].value) and typed(back["单位汇总"]["B2"].value)
    assert typed(back["直接"]["A1"].value)
