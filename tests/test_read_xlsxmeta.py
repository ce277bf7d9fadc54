"""The .xlsx metadata scanner: percent formats, formulas without cached values, error values,
sheet parts found through the relationships, and its safety limits."""

from __future__ import annotations

import zipfile

import pytest
import xlsxwriter

from perfxl.read.xlsxmeta import PackageError, read_part, scan_package


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
    with zipfile.ZipFile(make(tmp_path / "a.xlsx", build)) as zf:
        meta = scan_package(zf)["甲"]
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
    with zipfile.ZipFile(path) as zf:
        meta = scan_package(zf)["S"]
    assert meta.uncached_formulas == set() and meta.error_cells == {(1, 1): "#DIV/0!"}
    with zipfile.ZipFile(tmp_path / "b.xlsx") as zf:
        meta = scan_package(zf)["S"]
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
    with zipfile.ZipFile(dst) as zf:
        metas = scan_package(zf)
    assert metas["二"].percent_cells == {(0, 0)} and metas["一"].percent_cells == set()


def test_part_size_cap(tmp_path):
    path = make(tmp_path / "a.xlsx", lambda wb: wb.add_worksheet("S").write("A1", "x" * 500))
    with zipfile.ZipFile(path) as zf, pytest.raises(PackageError, match="MB"):
        read_part(zf, "xl/sharedStrings.xml", cap=100)


def test_package_total_cap(tmp_path, monkeypatch):
    import perfxl.read.xlsxmeta as X

    def build(wb):
        for i in range(3):
            wb.add_worksheet(f"表{i}").write_string(0, 0, "x" * 30)
    path = make(tmp_path / "a.xlsx", build)
    with zipfile.ZipFile(path) as zf:
        sizes = [zf.getinfo(f"xl/worksheets/sheet{i}.xml").file_size for i in (1, 2, 3)]
        monkeypatch.setattr(X, "MAX_PACKAGE_BYTES", sum(sizes) + 10**6)
        X.scan_package(zf)  # within the budget
        monkeypatch.setattr(X, "MAX_PACKAGE_BYTES", sum(sizes[:2]) + 1)
        with pytest.raises(PackageError, match="合计超过"):
            X.scan_package(zf)


def test_inflating_parts_that_add_up_are_refused(tmp_path):
    corpus = pytest.importorskip("tests.hostile.corpus")
    from perfxl.api import UnreadableWorkbook
    from perfxl.read import read_workbook

    with pytest.raises(UnreadableWorkbook, match="解压"):
        read_workbook(corpus.many_inflating_parts(tmp_path, parts=4, size_mb=100))
