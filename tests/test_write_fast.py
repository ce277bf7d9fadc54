"""The write side's fast paths agree with the plain ones: the self-check told which members are
verbatim finds what the full check finds in the parts perfxl wrote, and its quick s= scan never
refuses what the exact scan accepts."""

from __future__ import annotations

import pytest

from perfxl.write.selfcheck import _S_ATTR, _style_indices, check_package
from perfxl.write.sheets import result_sheets
from perfxl.write.splice import splice_results
from write_fixtures import edit_member, make_rich_workbook, sample_result


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
def test_a_broken_new_sheet_is_caught_on_the_fast_path(spliced, fn, expect):
    new_sheets = [n for n in spliced.changed_parts if n.startswith("xl/worksheets/")]
    broken = edit_member(spliced.data, new_sheets[0], fn)
    fast = check_package(broken, verbatim=spliced.verbatim)
    assert any(expect in p for p in fast), fast
    assert any(expect in p for p in check_package(broken))


def test_a_broken_edited_workbook_part_is_caught_on_the_fast_path(spliced):
    wb = next(n for n in spliced.changed_parts if n.endswith("workbook.xml"))
    broken = edit_member(spliced.data, wb, lambda s: s.replace('sheetId="3"', 'sheetId="2"'))
    assert any("sheetId 重复" in p for p in check_package(broken, verbatim=spliced.verbatim))


@pytest.mark.parametrize("xml", [
    b'<sheetData><row r="1"><c r="A1" s="3"><v>1</v></c></row></sheetData>',
    b'<sheetData><row r="1" s="7" customFormat="1"><c r="A1"><v>1</v></c></row></sheetData>',
    # text that looks like an attribute: not a cell format
    b'<sheetData><row r="1"><c r="A1" s="2" t="inlineStr"><is><t> s="999"</t></is></c></row>'
    b'</sheetData>',
    b'<x:sheetData><x:row r="1"><x:c r="A1" s="5"/></x:row></x:sheetData>',
])
@pytest.mark.parametrize("xf_count", [4, 6, 8, 1000])
def test_quick_style_scan_decides_like_the_exact_scan(xml, xf_count):
    exact = {int(v) for v in _S_ATTR.findall(xml)}
    quick = _style_indices(xml, xf_count)
    assert (bool(quick) and max(quick) >= xf_count) == (bool(exact) and max(exact) >= xf_count)
    assert exact <= quick
