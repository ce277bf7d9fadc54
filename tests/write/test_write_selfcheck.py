"""The structural self-check accepts what perfxl writes and catches each kind of breakage."""

from __future__ import annotations

import io
import zipfile

import pytest

from perfxl.write.selfcheck import check_package
from perfxl.write.sheets import result_sheets
from perfxl.write.splice import splice_results
from tests.helpers.write_fixtures import edit_member, make_rich_workbook, sample_result


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> bytes:
    path = make_rich_workbook(tmp_path_factory.mktemp("sc") / "wb.xlsx")
    return splice_results(path.read_bytes(), result_sheets(sample_result(path))).data


def drop(data: bytes, name: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != name:
                out.writestr(info, src.read(info.filename))
    return buf.getvalue()


def test_what_perfxl_writes_passes(good):
    assert check_package(good) == []


def test_not_a_zip():
    assert "zip" in check_package(b"PK\x03\x04 broken")[0]


def test_corrupted_member_is_reported(good):
    zf = zipfile.ZipFile(io.BytesIO(good))
    info = zf.getinfo("xl/sharedStrings.xml")
    n, m = (int.from_bytes(good[info.header_offset + k:info.header_offset + k + 2], "little")
            for k in (26, 28))
    bad = bytearray(good)
    bad[info.header_offset + 30 + n + m + info.compress_size // 2] ^= 0x55
    problems = check_package(bytes(bad))
    assert problems and ("sharedStrings" in problems[0] or "zip" in problems[0])


@pytest.mark.parametrize("name, fn, expect", [
    ("xl/workbook.xml", lambda s: s.replace("</workbook>", ""), "不是有效的 XML"),
    ("xl/workbook.xml", lambda s: s.replace('name="自评表02"', 'name="自评表01"'), "名称重复"),
    ("xl/workbook.xml", lambda s: s.replace('name="自评表02"', 'name="自评表[02]"'), "名称无效"),
    ("xl/workbook.xml", lambda s: s.replace('name="自评表02"', 'name="' + "表" * 32 + '"'),
     "名称无效"),
    ("xl/workbook.xml", lambda s: s.replace('sheetId="3"', 'sheetId="2"'), "sheetId 重复"),
    ("xl/workbook.xml", lambda s: s.replace('localSheetId="2"', 'localSheetId="9"'), "超出范围"),
    ("xl/workbook.xml", lambda s: s.replace('activeTab="1"', 'activeTab="6"'), "activeTab"),
    ("xl/styles.xml", lambda s: s.replace('<cellXfs count="', '<cellXfs count="9'), "count"),
    ("xl/worksheets/sheet5.xml", lambda s: s.replace(' s="', ' s="9', 1), "不存在的单元格格式"),
    ("xl/_rels/workbook.xml.rels", lambda s: s.replace("worksheets/sheet5.xml", "nowhere.xml"),
     "不存在的部件"),
    ("[Content_Types].xml", lambda s: s.replace('PartName="/xl/worksheets/sheet5.xml"',
                                                'PartName="/xl/worksheets/other.xml"'), "内容类型不对"),
])
def test_breakage_is_reported(good, name, fn, expect):
    problems = check_package(edit_member(good, name, fn))
    assert any(expect in p for p in problems), problems


def test_xml_with_entities_is_refused(good):
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '&a;</Relationships>')
    problems = check_package(edit_member(good, "xl/_rels/workbook.xml.rels", lambda s: bomb))
    assert any("不是有效的 XML" in p for p in problems)


def test_missing_styles_part(good):
    problems = check_package(drop(good, "xl/styles.xml"))
    assert any("styles.xml" in p for p in problems)


# --------------------------------------------------------------------------- told what is verbatim
# The runner tells the self-check which members were copied byte for byte: it still finds what
# the full check finds in the parts perfxl wrote.


@pytest.fixture(scope="module")
def spliced(tmp_path_factory):
    path = make_rich_workbook(tmp_path_factory.mktemp("fast") / "wb.xlsx")
    return splice_results(path.read_bytes(), result_sheets(sample_result(path)))


def test_sound_package_passes_both_ways(spliced):
    assert check_package(spliced.data) == []
    assert check_package(spliced.data, verbatim=spliced.verbatim) == []


@pytest.mark.parametrize("fn, expect", [
    (lambda s: s.replace("</worksheet>", ""), "不是有效的 XML"),
    (lambda s: s.replace(' s="', ' s="9', 1), "不存在的单元格格式"),
    (lambda s: s.replace("<sheetData>", '<sheetData><!DOCTYPE x [<!ENTITY a "b">]>'),
     "不是有效的 XML"),
])
def test_a_broken_new_sheet_is_caught_when_told_what_is_verbatim(spliced, fn, expect):
    new_sheets = [n for n in spliced.changed_parts if n.startswith("xl/worksheets/")]
    broken = edit_member(spliced.data, new_sheets[0], fn)
    fast = check_package(broken, verbatim=spliced.verbatim)
    assert any(expect in p for p in fast), fast
    assert any(expect in p for p in check_package(broken))


def test_a_broken_edited_workbook_part_is_caught_when_told_what_is_verbatim(spliced):
    wb = next(n for n in spliced.changed_parts if n.endswith("workbook.xml"))
    broken = edit_member(spliced.data, wb, lambda s: s.replace('sheetId="3"', 'sheetId="2"'))
    assert any("sheetId 重复" in p for p in check_package(broken, verbatim=spliced.verbatim))


# --------------------------------------------------------------------------- given the source
# With the source package, a verbatim member stored exactly as there is not inflated again; one
# that is not (a byte changed on the way) is inflated and its fault reported.


def test_sound_package_passes_given_the_source(spliced):
    assert check_package(spliced.data, verbatim=spliced.verbatim, source=spliced.source) == []


def _flip_stored_byte(data: bytes, name: str) -> bytes:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    n, m = (int.from_bytes(data[info.header_offset + k:info.header_offset + k + 2], "little")
            for k in (26, 28))
    bad = bytearray(data)
    bad[info.header_offset + 30 + n + m + info.compress_size // 2] ^= 0x55
    return bytes(bad)


def test_a_verbatim_member_damaged_on_the_way_is_caught_given_the_source(spliced):
    name = "xl/sharedStrings.xml"
    assert name in spliced.verbatim
    broken = _flip_stored_byte(spliced.data, name)
    problems = check_package(broken, verbatim=spliced.verbatim, source=spliced.source)
    assert problems and ("sharedStrings" in problems[0] or "zip" in problems[0]), problems


def test_a_verbatim_member_under_another_local_name_is_caught_given_the_source(spliced):
    name = "xl/sharedStrings.xml"
    info = zipfile.ZipFile(io.BytesIO(spliced.data)).getinfo(name)
    at = info.header_offset + 30 + len("xl/")
    broken = spliced.data[:at] + b"S" + spliced.data[at + 1:]  # xl/SharedStrings.xml
    problems = check_package(broken, verbatim=spliced.verbatim, source=spliced.source)
    assert problems, problems
