"""Write-back at the package level: new sheets in, nothing else changed, read back right."""

from __future__ import annotations

import difflib
import io
import re
import struct
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from perfxl.findings import Finding, Severity
from perfxl.write.selfcheck import check_package
from perfxl.write.sheets import findings_sheet, result_sheets
from perfxl.write.splice import SpliceError, splice_results
from perfxl.write.workbook_part import free_names
from tests.helpers.write_fixtures import FAKE_VBA, make_rich_workbook, sample_result

pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")

OWNED = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
         "docProps/app.xml", "xl/styles.xml"}


def members(data: bytes) -> dict[str, bytes]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    return {n: zf.read(n) for n in zf.namelist()}


def raw_payloads(data: bytes) -> dict[str, bytes]:
    """Each member's compressed bytes as stored."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    out = {}
    for info in zf.infolist():
        n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
        start = info.header_offset + 30 + n + m
        out[info.filename] = data[start:start + info.compress_size]
    return out


def assert_only_insertions(before: str, after: str, *, numbers_may_change: bool = False) -> None:
    """``after`` is ``before`` with text inserted (and, if allowed, numbers changed in place):
    every original character is still there, in order."""
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag in ("equal", "insert"):
            continue
        assert numbers_may_change and tag == "replace", (tag, before[i1:i2], after[j1:j2])
        assert before[i1:i2].isdigit() and after[j1:j2].isdigit(), (before[i1:i2], after[j1:j2])


def splice_file(path: Path, result=None) -> bytes:
    result = result or sample_result(path)
    out = splice_results(path.read_bytes(), result_sheets(result)).data
    assert check_package(out) == []
    return out


@pytest.fixture
def rich(tmp_path) -> Path:
    return make_rich_workbook(tmp_path / "单位自评.xlsx")


@pytest.fixture
def rich_xlsm(tmp_path) -> Path:
    return make_rich_workbook(tmp_path / "宏工作簿.xlsm", vba=True)


# --------------------------------------------------------------------------- lossless


@pytest.mark.parametrize("kind", ["xlsx", "xlsm"])
def test_every_other_part_is_byte_identical(kind, rich, rich_xlsm):
    path = rich if kind == "xlsx" else rich_xlsm
    before_data = path.read_bytes()
    after_data = splice_file(path)
    before, after = members(before_data), members(after_data)
    new = set(after) - set(before)
    assert set(before) <= set(after)
    assert len(new) == 2 and all(re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n) for n in new)
    for name, data in before.items():
        if name not in OWNED:
            assert after[name] == data, name
    # untouched members keep even their compressed bytes, and the member order is kept
    raw_before, raw_after = raw_payloads(before_data), raw_payloads(after_data)
    for name in set(before) - OWNED:
        assert raw_after[name] == raw_before[name], name
    assert [n for n in after if n in before] == list(before)
    if kind == "xlsm":
        assert after["xl/vbaProject.bin"] == FAKE_VBA
        assert b"macroEnabled.main+xml" in after["[Content_Types].xml"]


def test_owned_parts_only_gain_text(rich):
    before, after = members(rich.read_bytes()), members(splice_file(rich))
    for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        assert_only_insertions(before[name].decode(), after[name].decode())
    for name in ("docProps/app.xml", "xl/styles.xml"):
        assert_only_insertions(before[name].decode(), after[name].decode(),
                               numbers_may_change=True)


def test_preserved_content_survives_in_readers(rich):
    out = rich.with_name("out.xlsx")
    out.write_bytes(splice_file(rich))
    wb = openpyxl.load_workbook(out)
    assert wb["项目清单"]["C5"].value == "=SUM(C2:C4)"
    assert wb["项目清单"]["B2"].comment.text.startswith("批注")
    assert wb.active.title == "自评表01"  # activeTab unchanged
    assert wb.defined_names["预算合计"].attr_text == "项目清单!$C$5"
    assert "本表名称" in wb["自评表02"].defined_names
    values = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("项目清单").to_python()
    assert values[4][2] == pytest.approx(6.6)  # the cached value of the formula


def test_sheet_order_activetab_and_local_names_unchanged(rich):
    after = members(splice_file(rich))["xl/workbook.xml"].decode()
    names = re.findall(r'<sheet name="([^"]+)"', after)
    assert names == ["项目清单", "自评表01", "自评表02", "土地流转明细", "校验结果", "评分结果"]
    assert 'activeTab="1"' in after
    assert re.search(r'name="本表名称" localSheetId="2"', after)
    assert re.search(r'name="_xlnm.Print_Area" localSheetId="3"', after)


# --------------------------------------------------------------------------- the new sheets


@pytest.fixture
def written(rich) -> Path:
    out = rich.with_name("out.xlsx")
    out.write_bytes(splice_file(rich))
    return out


def test_findings_sheet_reads_back_in_openpyxl(written):
    ws = openpyxl.load_workbook(written)["校验结果"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("严重程度", "规则", "工作表", "单元格", "说明", "应为", "实为", "项目",
                       "处理意见")  # issue 15: staff decisions
    assert [r[0] for r in rows[1:]] == ["错误", "错误", "警告", "警告", "提示"]  # errors first
    px201 = next(r for r in rows if r[1] == "PX201")
    assert px201[2:] == ("项目清单", "C5", "全年执行数合计与各项目之和不符", "144.9552",
                         "144.9550", "全部", "待处理")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:I{len(rows)}"
    assert not ws.sheet_view.tabSelected


def test_findings_cells_link_inside_the_workbook(written):
    ws = openpyxl.load_workbook(written)["校验结果"]
    links = {c.value: c.hyperlink for c in ws["D"][1:] if c.hyperlink is not None}
    assert links["C5"].location == "'项目清单'!C5"
    assert links["B3:I3"].location == "'自评表02'!B3:I3"
    assert all(h.target is None for h in links.values())  # internal: no external relationship
    zf = zipfile.ZipFile(written)
    assert not any(n.startswith("xl/worksheets/_rels/") and n.endswith(("sheet5.xml.rels",
                                                                          "sheet6.xml.rels"))
                   for n in zf.namelist())


def test_text_that_looks_like_a_formula_stays_text(written):
    wb = openpyxl.load_workbook(written)
    ws = wb["校验结果"]
    row = next(r for r in ws.iter_rows() if r[1].value == "PX101")
    assert row[4].value.startswith("=SUM(A1)") and row[4].data_type == "s"
    assert (row[5].value, row[6].value) == ("-1", "+2")
    assert "\x07" not in row[4].value and "<&>" in row[4].value  # illegal char dropped, escaped
    sheet_xml = zipfile.ZipFile(written).read("xl/worksheets/sheet5.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    cal = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("校验结果").to_python()
    assert any(r[4].startswith("=SUM(A1)") for r in cal)


def test_scores_sheet_values_and_number_formats(written):
    ws = openpyxl.load_workbook(written)["评分结果"]
    head = [c.value for c in ws[1]]
    assert head[:6] == ["项目名称", "工作表", "全年预算数（万元）", "全年执行数（万元）", "执行率",
                        "执行率得分"]
    assert head[6:10] == ["产出指标得分", "满意度指标得分", "总分", "等级"]
    row = ws[2]
    assert [row[0].value, row[1].value] == ["项目1", "自评表01"]
    assert row[1].hyperlink.location == "'自评表01'!A1"
    assert (row[2].value, row[2].number_format) == (pytest.approx(144.9552), "0.0000")
    assert (row[4].number_format, row[5].number_format) == ("0.00%", "0.00")
    assert row[4].value == pytest.approx(133.3588 / 144.9552)
    assert (row[8].value, row[9].value) == (pytest.approx(91.5), "优")
    sheet_xml = zipfile.ZipFile(written).read("xl/worksheets/sheet6.xml").decode()
    assert "<v>144.9552</v>" in sheet_xml  # the exact Decimal text, not a float rendering
    assert ws.cell(5, 1).value == "指标明细"
    detail = [[c.value for c in r] for r in ws.iter_rows(min_row=6)]
    assert detail[0][:5] == ["项目名称", "工作表", "一级指标", "二级指标", "三级指标"]
    assert detail[1][:10] == ["项目1", "自评表01", "产出指标", "数量指标", "=完成村数", "≥10个",
                              "12个", 20, "正向", 20]
    assert ws.cell(7, 5).hyperlink.location == "'自评表01'!D13"
    assert detail[2][6] == "+较高" and "默认" in detail[2][11]


def test_scores_sheet_reads_back_in_calamine(written):
    rows = CalamineWorkbook.from_path(str(written)).get_sheet_by_name("评分结果").to_python()
    assert rows[1][:4] == ["项目1", "自评表01", pytest.approx(144.9552), pytest.approx(133.3588)]
    assert rows[2][9] == "中"


def test_long_text_is_cut_to_excel_cell_limit(rich):
    big = Finding("PX999", Severity.INFO, "长" * 40000, "项目清单", "A1")
    res = sample_result(rich)
    res.findings = [big]
    out = rich.with_name("long.xlsx")
    out.write_bytes(splice_file(rich, res))
    ws = openpyxl.load_workbook(out)["校验结果"]
    assert len(ws["E2"].value) == 32767


def test_no_findings_says_so(rich):
    res = sample_result(rich)
    res.findings = []
    out = rich.with_name("clean.xlsx")
    out.write_bytes(splice_file(rich, res))
    assert openpyxl.load_workbook(out)["校验结果"]["E2"].value == "未发现问题。"


def test_link_only_to_sheets_that_exist():
    spec = findings_sheet([Finding("PX1", Severity.ERROR, "x", "不存在的表", "A1")], {"表1"})
    assert spec.rows[1][3].link is None


# --------------------------------------------------------------------------- styles


def test_styles_are_appended_and_reused_on_the_next_run(rich):
    first = splice_file(rich)
    p2 = rich.with_name("2.xlsx")
    p2.write_bytes(first)
    second = splice_file(p2)
    assert members(first)["xl/styles.xml"] == members(second)["xl/styles.xml"]
    styles = members(first)["xl/styles.xml"].decode()
    # the fixture already defines 0.0000 (as 164): it is reused, not defined twice
    assert len(re.findall(r'formatCode="0\.0000"', styles)) == 1


def test_new_number_format_gets_a_free_custom_id(tmp_path):
    import xlsxwriter

    p = tmp_path / "fmt.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    wb.add_worksheet("表1").write(0, 0, 1.5, wb.add_format({"num_format": "#,##0.000"}))
    wb.close()
    assert b'numFmtId="164"' in members(p.read_bytes())["xl/styles.xml"]
    styles = members(splice_file(p))["xl/styles.xml"].decode()
    assert re.search(r'numFmtId="164" formatCode="#,##0.000"', styles)
    assert re.search(r'numFmtId="165" formatCode="0.0000"', styles)
    assert re.search(r'<numFmts count="2">', styles)


def test_workbook_without_numfmts_gets_one_in_schema_order(tmp_path):
    import xlsxwriter

    p = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    wb.add_worksheet("表1").write(0, 0, "x")
    wb.close()
    assert b"<numFmts" not in members(p.read_bytes())["xl/styles.xml"]
    styles = members(splice_file(p))["xl/styles.xml"].decode()
    assert styles.index("<numFmts") < styles.index("<fonts")


# --------------------------------------------------------------------------- idempotence


def test_second_run_replaces_the_first_runs_sheets(rich):
    p2 = rich.with_name("again.xlsx")
    p2.write_bytes(splice_file(rich))
    res = sample_result(p2)
    res.findings = res.findings[:1]
    p2.write_bytes(splice_file(p2, res))
    wb = openpyxl.load_workbook(p2)
    assert wb.sheetnames == ["项目清单", "自评表01", "自评表02", "土地流转明细", "校验结果", "评分结果"]
    assert wb["校验结果"].max_row == 2  # the second run's content
    xml = members(p2.read_bytes())["xl/workbook.xml"].decode()
    assert xml.count("_perfxl_findings") == 1 and xml.count("_xlnm._FilterDatabase") == 2
    zf = zipfile.ZipFile(p2)
    assert sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")) == [
        f"xl/worksheets/sheet{k}.xml" for k in range(1, 7)]  # our part names are reused


def test_a_users_own_sheet_of_that_name_is_never_replaced(tmp_path):
    import xlsxwriter

    p = tmp_path / "own.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    wb.add_worksheet("自评表01").write(0, 0, "表")
    wb.add_worksheet("校验结果").write(0, 0, "我自己的笔记")
    wb.close()
    original = members(p.read_bytes())
    for _ in range(2):
        p.write_bytes(splice_file(p, sample_result(p, ["自评表01", "校验结果"])))
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["自评表01", "校验结果", "校验结果(2)", "评分结果"]
    assert wb["校验结果"]["A1"].value == "我自己的笔记"
    assert members(p.read_bytes())["xl/worksheets/sheet2.xml"] == \
        original["xl/worksheets/sheet2.xml"]


def test_results_moved_into_the_middle_are_removed_with_renumbering(rich):
    """The user dragged 校验结果 before 自评表02 and saved with it active: the next run removes it
    there, shifts the later localSheetIds down and puts the new sheet at the end, active."""
    data = splice_file(rich)
    parts = members(data)
    xml = parts["xl/workbook.xml"].decode()
    sheets = re.findall(r"<sheet [^>]*/>", xml)
    moved = [sheets[0], sheets[1], sheets[4], sheets[2], sheets[3], sheets[5]]
    xml = xml.replace("".join(sheets), "".join(moved))
    xml = xml.replace('localSheetId="2"', 'localSheetId="3"').replace(
        'name="_xlnm.Print_Area" localSheetId="3"', 'name="_xlnm.Print_Area" localSheetId="4"')
    xml = xml.replace('_xlnm._FilterDatabase" localSheetId="4"',
                      '_xlnm._FilterDatabase" localSheetId="2"')
    xml = xml.replace('activeTab="1"', 'activeTab="2"')
    p = rich.with_name("moved.xlsx")
    p.write_bytes(_replace_member(data, "xl/workbook.xml", xml.encode()))
    assert openpyxl.load_workbook(p).sheetnames[2] == "校验结果"
    out = splice_file(p)
    after = members(out)["xl/workbook.xml"].decode()
    assert re.findall(r'<sheet name="([^"]+)"', after) == [
        "项目清单", "自评表01", "自评表02", "土地流转明细", "评分结果", "校验结果"][:4] + [
        "校验结果", "评分结果"]
    assert re.search(r'name="本表名称" localSheetId="2"', after)
    assert re.search(r'name="_xlnm.Print_Area" localSheetId="3"', after)
    assert 'activeTab="4"' in after  # on the new 校验结果, which is then the selected sheet
    p.write_bytes(out)
    wb = openpyxl.load_workbook(p)
    assert wb.active.title == "校验结果"


def test_a_renamed_result_sheet_is_adopted_by_the_user(rich):
    data = splice_file(rich)
    xml = members(data)["xl/workbook.xml"].decode()
    xml = xml.replace('name="校验结果"', 'name="三月结果"').replace("'校验结果'!", "'三月结果'!")
    p = rich.with_name("renamed.xlsx")
    p.write_bytes(_replace_member(data, "xl/workbook.xml", xml.encode()))
    after = members(splice_file(p))["xl/workbook.xml"].decode()
    names = re.findall(r'<sheet name="([^"]+)"', after)
    assert names == ["项目清单", "自评表01", "自评表02", "土地流转明细", "三月结果", "校验结果",
                     "评分结果"]
    assert after.count("_perfxl_findings") == 1


def test_free_names_are_valid_and_short():
    assert free_names(["校验结果", "校验结果(2)"], ["校验结果"]) == ["校验结果(3)"]
    assert free_names(["ABC"], ["abc"]) == ["abc(2)"]
    long = "长" * 31
    got = free_names([long], [long])[0]
    assert len(got) == 31 and got.endswith("(2)")


# --------------------------------------------------------------------------- refusals


def test_structure_protected_workbook_is_refused(rich):
    data = rich.read_bytes()
    xml = members(data)["xl/workbook.xml"].decode()
    xml = xml.replace("<bookViews>", '<workbookProtection lockStructure="1"/><bookViews>')
    with pytest.raises(SpliceError, match="结构受保护"):
        splice_results(_replace_member(data, "xl/workbook.xml", xml.encode()),
                       result_sheets(sample_result(rich)))


def test_not_a_zip_is_refused():
    with pytest.raises(SpliceError):
        splice_results(b"not a zip at all", [])


def test_workbook_part_found_through_relationships(rich):
    """A package whose workbook part is not at xl/workbook.xml (allowed by OPC) still works."""
    data = rich.read_bytes()
    parts = members(data)
    moved = {}
    for name, content in parts.items():
        new = "xl/main.xml" if name == "xl/workbook.xml" else (
            "xl/_rels/main.xml.rels" if name == "xl/_rels/workbook.xml.rels" else name)
        if name in ("_rels/.rels", "[Content_Types].xml"):
            content = content.replace(b"xl/workbook.xml", b"xl/main.xml")
        moved[new] = content
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, c in moved.items():
            z.writestr(n, c)
    out = splice_results(buf.getvalue(), result_sheets(sample_result(rich))).data
    assert check_package(out) == []
    p = rich.with_name("main.xlsx")
    p.write_bytes(out)
    assert openpyxl.load_workbook(p).sheetnames[-2:] == ["校验结果", "评分结果"]


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, content if info.filename == name else src.read(info.filename))
    return buf.getvalue()


def test_decimal_amounts_are_not_floated():
    spec = result_sheets(sample_result(Path("x.xlsx")))[1]
    budget = spec.rows[1][2].value
    assert isinstance(budget, Decimal) and str(budget) == "144.9552"


# --------------------------------------------------------------------------- LibreOffice


def lo_resave(src: Path, outdir: Path) -> Path:
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed")
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{outdir}/prof",
                           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                           str(outdir), str(src)], capture_output=True, timeout=300)
    out = outdir / src.name
    assert proc.returncode == 0 and out.exists(), proc.stderr.decode()
    return out


@pytest.mark.libreoffice
def test_workbook_resaved_by_libreoffice(rich, tmp_path):
    lo = lo_resave(rich, tmp_path / "lo")
    before = members(lo.read_bytes())
    after = members(splice_file(lo))
    for name, data in before.items():
        if name not in OWNED:
            assert after[name] == data, name
    out = tmp_path / "out.xlsx"
    out.write_bytes(splice_file(lo))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-2:] == ["校验结果", "评分结果"]
    assert wb["校验结果"]["D2"].hyperlink.location == "'自评表02'!B3:I3"


@pytest.mark.libreoffice
def test_markers_survive_a_libreoffice_save(rich, tmp_path):
    ours = tmp_path / "ours.xlsx"
    ours.write_bytes(splice_file(rich))
    lo = lo_resave(ours, tmp_path / "lo")
    result = splice_results(lo.read_bytes(), result_sheets(sample_result(lo)))
    assert result.removed == ["校验结果", "评分结果"]
    assert result.sheet_names == ["校验结果", "评分结果"]
    assert check_package(result.data) == []


# --------------------------------------------------------------------------- docProps/app.xml


def app_titles(data: bytes) -> tuple[list[str], list[int]]:
    xml = members(data)["docProps/app.xml"].decode()
    titles = re.findall(r"<vt:lpstr>([^<]*)</vt:lpstr>", xml.split("<TitlesOfParts>")[1])
    counts = [int(x) for x in re.findall(r"<vt:i4>(\d+)</vt:i4>", xml)]
    size = int(re.search(r'<TitlesOfParts><vt:vector size="(\d+)"', xml).group(1))
    assert size == len(titles)
    return titles, counts


def test_app_titles_list_the_new_sheets_once(rich):
    first = splice_file(rich)
    titles, counts = app_titles(first)
    assert titles[:6] == ["项目清单", "自评表01", "自评表02", "土地流转明细", "校验结果", "评分结果"]
    assert counts[0] == 6 and "预算合计" in titles[6:]  # the named-ranges group is kept after it
    p2 = rich.with_name("twice.xlsx")
    p2.write_bytes(first)
    assert app_titles(splice_file(p2)) == (titles, counts)


def test_inconsistent_app_xml_is_left_alone(rich):
    data = rich.read_bytes()
    xml = members(data)["docProps/app.xml"].decode().replace("<vt:i4>4</vt:i4>", "<vt:i4>3</vt:i4>")
    p = rich.with_name("app.xlsx")
    p.write_bytes(_replace_member(data, "docProps/app.xml", xml.encode()))
    assert members(splice_file(p))["docProps/app.xml"] == xml.encode()


def test_prefixed_spreadsheetml_is_edited_with_its_prefix(rich):
    """Some generators write <x:workbook xmlns:x="…main">; our elements must use that prefix."""
    data = rich.read_bytes()
    parts = members(data)

    def prefixed(xml: str, root: str) -> str:
        xml = xml.replace(f'<{root} xmlns="', f'<x:{root} xmlns:x="', 1)
        return re.sub(r"<(/?)(?!\?|x:)([A-Za-z]\w*)(?=[\s/>])", r"<\1x:\2", xml)

    data = _replace_member(data, "xl/workbook.xml",
                           prefixed(parts["xl/workbook.xml"].decode(), "workbook").encode())
    data = _replace_member(data, "xl/styles.xml",
                           prefixed(parts["xl/styles.xml"].decode(), "styleSheet").encode())
    p = rich.with_name("prefixed.xlsx")
    p.write_bytes(data)
    out = splice_file(p)
    wbxml = members(out)["xl/workbook.xml"].decode()
    assert '<x:sheet name="校验结果"' in wbxml and '<x:definedName name="_perfxl_findings"' in wbxml
    assert "<x:xf " in members(out)["xl/styles.xml"].decode().split("</x:cellXfs>")[0][-400:]
    p.write_bytes(out)
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames[-2:] == ["校验结果", "评分结果"]
    assert wb["评分结果"]["C2"].number_format == "0.0000"


def test_formulas_typed_into_our_old_sheet_drop_the_calc_chain(rich):
    """calcChain would name cells of the sheet being replaced; it is dropped (Excel rebuilds
    it) rather than left pointing at cells that no longer exist."""
    data = splice_file(rich)
    sheet = members(data)["xl/worksheets/sheet5.xml"].decode()
    sheet = sheet.replace('<row r="1">', '<row r="1"><c r="Z1"><f>1+1</f><v>2</v></c>', 1)
    data = _replace_member(data, "xl/worksheets/sheet5.xml", sheet.encode())
    rels = members(data)["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    data = _replace_member(data, "xl/_rels/workbook.xml.rels", rels.encode())
    ct = members(data)["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/xl/calcChain.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
    data = _replace_member(data, "[Content_Types].xml", ct.encode())
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr("xl/calcChain.xml", '<?xml version="1.0"?><calcChain xmlns="http://schemas.'
                   'openxmlformats.org/spreadsheetml/2006/main"><c r="Z1" i="5"/></calcChain>')
    p = rich.with_name("chain.xlsx")
    p.write_bytes(buf.getvalue())
    assert check_package(p.read_bytes()) == []
    out = members(splice_file(p))
    assert "xl/calcChain.xml" not in out
    assert b"calcChain" not in out["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in out["[Content_Types].xml"]


def test_byte_order_marks_are_kept(rich):
    data = rich.read_bytes()
    for name in ("xl/workbook.xml", "[Content_Types].xml"):
        data = _replace_member(data, name, b"\xef\xbb\xbf" + members(data)[name])
    p = rich.with_name("bom.xlsx")
    p.write_bytes(data)
    out = members(splice_file(p))
    assert out["xl/workbook.xml"].startswith(b"\xef\xbb\xbf<?xml")
    assert out["[Content_Types].xml"].startswith(b"\xef\xbb\xbf<?xml")
    assert not out["xl/_rels/workbook.xml.rels"].startswith(b"\xef\xbb\xbf")


R_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _sheet_rids(wbxml: bytes) -> list[str | None]:
    from defusedxml import ElementTree as SafeET

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    return [s.get("{%s}id" % R_DOC) for s in SafeET.fromstring(wbxml).iter(main + "sheet")]


def test_relationships_namespace_declared_on_each_sheet_as_openpyxl_does(rich, tmp_path):
    """openpyxl writes ``<sheet xmlns:r="…" r:id=…>`` and no ``xmlns:r`` on <workbook>: our new
    sheets declare the namespace themselves — on the first run and when replacing our sheets."""
    wb = openpyxl.load_workbook(rich)
    p = tmp_path / "openpyxl.xlsx"
    wb.save(p)
    root = members(p.read_bytes())["xl/workbook.xml"].decode().split(">", 2)[1]
    assert "xmlns:r=" not in root  # the case under test: no root-level declaration
    for _ in range(2):
        out = splice_file(p)
        assert check_package(out) == []
        assert all(_sheet_rids(members(out)["xl/workbook.xml"]))
        p.write_bytes(out)
        assert openpyxl.load_workbook(p).sheetnames[-2:] == ["校验结果", "评分结果"]


def test_relationships_namespace_under_another_prefix_is_used(rich):
    """The prefix bound to the relationships namespace at the root is used, even when ``r`` is
    bound to something else."""
    data = rich.read_bytes()
    xml = members(data)["xl/workbook.xml"].decode()
    assert f'xmlns:r="{R_DOC}"' in xml
    xml = xml.replace(f'xmlns:r="{R_DOC}"', f'xmlns:rel="{R_DOC}" xmlns:r="urn:not-rels"', 1)
    xml = xml.replace(" r:id=", " rel:id=")
    p = rich.with_name("rel-prefix.xlsx")
    p.write_bytes(_replace_member(data, "xl/workbook.xml", xml.encode()))
    out = splice_file(p)
    assert check_package(out) == []
    wbxml = members(out)["xl/workbook.xml"]
    assert b'<sheet name="\xe6\xa0\xa1\xe9\xaa\x8c\xe7\xbb\x93\xe6\x9e\x9c"' in wbxml
    assert all(_sheet_rids(wbxml))
    assert b" r:id=" not in wbxml
