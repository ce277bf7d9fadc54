"""The .xlsx metadata scanner: percent formats, formulas without cached values, error values,
sheet parts found through the relationships, and its safety limits."""

from __future__ import annotations

import zipfile

import pytest
import xlsxwriter

from perfxl.ooxml import Package, PackageError
from perfxl.read.sheetscan import scan_sheet
from perfxl.read.xlsxmeta import scan_package
from tests.helpers.write_fixtures import edit_member


def make(path, build):
    wb = xlsxwriter.Workbook(str(path))
    build(wb)
    wb.close()
    return path


def test_percent_cells_builtin_and_custom_formats(tmp_path):
    def build(wb):
        ws = wb.add_worksheet("甲")
        ws.write_number("B2", 0.92, wb.add_format({"num_format": 10}))      # builtin 0.00%
        ws.write_number("C3", 0.5, wb.add_format({"num_format": "0.0%"}))   # custom
        ws.write_number("D4", 0.5, wb.add_format({"num_format": '0.00"%"'}))  # literal %, no
        ws.write_number("E5", 0.5, wb.add_format({"num_format": "0.00"}))
    with Package.open(make(tmp_path / "a.xlsx", build)) as pkg:
        meta = scan_package(pkg)["甲"]
    assert meta.percent_cells == {(1, 1), (2, 2)}


def test_formulas_with_and_without_cache_and_errors(tmp_path):
    def build(wb):
        ws = wb.add_worksheet("S")
        ws.write_formula("A1", "=1+1", None, 2)
        ws.write_formula("B2", "=1/0", None, "#DIV/0!")
    path = make(tmp_path / "a.xlsx", build)
    import openpyxl
    book = openpyxl.load_workbook(path)
    book["S"]["C3"] = "=A1*2"
    book.save(tmp_path / "b.xlsx")
    with Package.open(path) as pkg:
        meta = scan_package(pkg)["S"]
    assert meta.uncached_formulas == set() and meta.error_cells == {(1, 1): "#DIV/0!"}
    with Package.open(tmp_path / "b.xlsx") as pkg:
        meta = scan_package(pkg)["S"]
    assert {(0, 0), (2, 2)} <= meta.uncached_formulas


def test_sheet_parts_found_through_relationships(tmp_path):
    def build(wb):
        wb.add_worksheet("一")
        wb.add_worksheet("二").write_number("A1", 0.5, wb.add_format({"num_format": 9}))
    src = make(tmp_path / "a.xlsx", build)
    dst = tmp_path / "b.xlsx"
    rename = {"xl/worksheets/sheet2.xml": "xl/worksheets/自定义.xml"}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet2.xml", "worksheets/自定义.xml".encode())
            zout.writestr(rename.get(info.filename, info.filename), data)
    with Package.open(dst) as pkg:
        metas = scan_package(pkg)
    assert metas["二"].percent_cells == {(0, 0)} and metas["一"].percent_cells == set()


def test_part_size_cap(tmp_path):
    path = make(tmp_path / "a.xlsx", lambda wb: wb.add_worksheet("S").write("A1", "x" * 500))
    with Package.open(path) as pkg, pytest.raises(PackageError, match="MB"):
        pkg.read("xl/sharedStrings.xml", cap=100)


def test_package_total_cap(tmp_path, monkeypatch):
    import perfxl.ooxml as X

    def build(wb):
        for i in range(3):
            wb.add_worksheet(f"表{i}").write_string(0, 0, "x" * 30)
    path = make(tmp_path / "a.xlsx", build)
    with Package.open(path) as pkg:
        sizes = [pkg.zf.getinfo(f"xl/worksheets/sheet{i}.xml").file_size for i in (1, 2, 3)]
        monkeypatch.setattr(X, "MAX_PACKAGE_BYTES", sum(sizes) + 10**6)
        scan_package(pkg)  # within the budget
        monkeypatch.setattr(X, "MAX_PACKAGE_BYTES", sum(sizes[:2]) + 1)
        with pytest.raises(PackageError, match="合计超过"):
            scan_package(pkg)


def test_inflating_parts_that_add_up_are_refused(tmp_path):
    corpus = pytest.importorskip("tests.helpers.hostile.corpus")
    from perfxl.api import UnreadableWorkbook
    from perfxl.read import read_workbook

    with pytest.raises(UnreadableWorkbook, match="解压"):
        read_workbook(corpus.many_inflating_parts(tmp_path, parts=4, size_mb=100))


def test_error_cell_named_twice_keeps_its_last_value():
    xml = (b'<sheetData><row r="1"><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
           b'<c r="B2" t="e"><v>#N/A</v></c><c r="C3"><f>A1</f></c></row></sheetData>')
    meta = scan_sheet(xml, set())
    assert meta.error_cells == {(1, 1): "#N/A"} and meta.uncached_formulas == {(2, 2)}


def test_a_part_that_does_not_parse_is_refused_every_time(tmp_path):
    path = make(tmp_path / "a.xlsx", lambda wb: wb.add_worksheet("表").write("A1", "项目"))
    cut = edit_member(path.read_bytes(), "xl/styles.xml", lambda s: s[:-20])  # not well-formed
    for _ in range(2):
        with Package.open(cut) as pkg:
            with pytest.raises(PackageError, match="styles.xml"):
                scan_package(pkg)


def test_an_entity_in_the_workbook_part_is_a_package_error(tmp_path):
    path = make(tmp_path / "a.xlsx", lambda wb: wb.add_worksheet("表").write("A1", "项目"))
    data = edit_member(path.read_bytes(), "xl/workbook.xml",
                       lambda s: s.replace("?>", '?><!DOCTYPE x [<!ENTITY a "b">]>', 1))
    with Package.open(data) as pkg, pytest.raises(PackageError):
        scan_package(pkg)
