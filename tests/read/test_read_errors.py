"""Read errors: PX101–PX105 findings inside a workbook, and files that are no workbook at all."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from perfxl.rules.read import read_findings
from perfxl.api import UnreadableWorkbook
from perfxl.read import read_workbook
from tests.helpers.readfix.build import (
    Formula, findings_with, project_list, read_sheets, standard_form, write_workbook,
)

CJK = range(0x4E00, 0x9FFF)


def has_chinese(text: str) -> bool:
    return any(ord(ch) in CJK for ch in text)


# --------------------------------------------------------------------------- PX101


def test_no_form_at_all_is_px101(tmp_path):
    wb = read_sheets(tmp_path, {"项目清单": project_list()})
    [f] = findings_with(wb, "PX101")
    assert "自评表" in f.message and f.severity.value == "error"


def test_form_without_indicator_table_is_px101(tmp_path):
    s = standard_form()
    for c in range(1, 9):
        s.cells.pop((11, c), None)
    wb = read_sheets(tmp_path, {"S": s})
    assert [f.sheet for f in findings_with(wb, "PX101")] == ["S"]
    assert "绩效指标表" in findings_with(wb, "PX101")[0].message


def test_form_without_money_block_is_px101(tmp_path):
    s = standard_form()
    for c in range(2, 8):
        s.cells.pop((4, c), None)
    wb = read_sheets(tmp_path, {"S": s})
    assert any("项目资金" in f.message for f in findings_with(wb, "PX101"))


# --------------------------------------------------------------------------- PX102, PX103


def test_empty_project_name_is_px102(tmp_path):
    wb = read_sheets(tmp_path, {"S": standard_form(name="")})
    [f] = findings_with(wb, "PX102")
    assert (f.sheet, f.cell, f.message) == ("S", "B3:I3", "项目名称为空")


def test_missing_budget_is_px102_with_cell(tmp_path):
    s = standard_form()
    del s.cells[(5, 3)]
    wb = read_sheets(tmp_path, {"S": s})
    [f] = findings_with(wb, "PX102")
    assert f.cell == "D6" and "全年预算数" in f.message and f.project == "涞源镇防火经费"


@pytest.mark.parametrize("text", ["约2万", "两万元", "一般"])
def test_not_a_number_is_px103(tmp_path, text):
    s = standard_form()
    s.set(5, 4, text)
    wb = read_sheets(tmp_path, {"S": s})
    [f] = findings_with(wb, "PX103")
    assert (f.cell, f.actual, f.expected) == ("E6", text, "数字（万元）")
    assert f.message.startswith(f"“{text}”不是数字") and "全年执行数" in f.message
    assert wb.projects[0].funds["total"].executed.raw == text


def test_formula_error_value_is_px103(tmp_path):
    s = standard_form()
    s.set(5, 6, Formula("=E6/0", "#DIV/0!"))
    wb = read_sheets(tmp_path, {"S": s})
    [f] = findings_with(wb, "PX103")
    assert f.cell == "G6" and "#DIV/0!" in f.message


# --------------------------------------------------------------------------- PX105


def test_openpyxl_resave_loses_cached_values_px105(tmp_path):
    s = standard_form(funds={"年度资金总额": (Formula("=C7+C8+C9", 2), Formula("=D7+D8+D9", 2),
                                              Formula("=E7+E8+E9", 2)),
                             "其中：当年财政拨款": (2, 2, 2), "上年结转资金": (0, 0, 0),
                             "其他资金": (0, 0, 0)})
    path = write_workbook(tmp_path / "f.xlsx", {"S": s})
    assert read_workbook(path).projects[0].funds["total"].budget.value == 2  # cached
    book = openpyxl.load_workbook(path)
    book.save(path)  # a library save: formulas keep no cached value
    wb = read_workbook(path)
    total = wb.projects[0].funds["total"]
    assert total.budget.value is None and total.budget.loc.cell == "D6"
    assert sorted(f.cell for f in findings_with(wb, "PX105")) == ["C6", "D6", "E6"]
    assert all("公式" in f.message for f in findings_with(wb, "PX105"))
    assert not findings_with(wb, "PX102")  # the cell is not empty, its value is unknown


# --------------------------------------------------------------------------- every message


def test_every_finding_has_a_chinese_message_and_a_place(tmp_path):
    s = standard_form(name="")
    s.set(5, 3, "约2万").set(5, 4, "2")
    wb = read_sheets(tmp_path, {"S": s})
    assert {f.code for f in read_findings(wb)} == {"PX102", "PX103", "PX104"}
    for f in read_findings(wb):
        assert has_chinese(f.message) and f.sheet == "S" and f.cell


# --------------------------------------------------------------------------- unreadable files


def unreadable_message(path) -> str:
    with pytest.raises(UnreadableWorkbook) as info:
        read_workbook(path)
    message = str(info.value)
    assert has_chinese(message) and path.name in message
    return message


def test_zero_bytes(tmp_path):
    p = tmp_path / "空.xlsx"
    p.write_bytes(b"")
    assert "空文件" in unreadable_message(p)


def test_truncated_zip(tmp_path):
    full = write_workbook(tmp_path / "a.xlsx", {"S": standard_form()}).read_bytes()
    p = tmp_path / "截断.xlsx"
    p.write_bytes(full[: len(full) // 2])
    assert "损坏" in unreadable_message(p)


def test_zip_that_is_not_ooxml(tmp_path):
    p = tmp_path / "包.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "压缩包" in unreadable_message(p)


def test_renamed_csv(tmp_path):
    p = tmp_path / "清单.xlsx"
    p.write_text("项目名称,全年预算数\n防火经费,2\n", encoding="utf-8")
    assert "CSV" in unreadable_message(p)


def test_renamed_docx(tmp_path):
    import docx

    p = tmp_path / "报告.xlsx"
    d = docx.Document()
    d.add_paragraph("自评报告")
    d.save(str(p))
    assert "Word" in unreadable_message(p)


def test_owner_lock_file(tmp_path):
    p = tmp_path / "~$自评表.xlsx"
    p.write_bytes(b"\x06admin" + b"\x20" * 48 + b"\x00" * 111)
    assert "锁定文件" in unreadable_message(p)


def test_encrypted_workbook(tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_workbook(tmp_path / "a.xlsx", {"S": standard_form()}).read_bytes()
    p = tmp_path / "有密码.xlsx"
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("123456", out)
    p.write_bytes(out.getvalue())
    assert "密码" in unreadable_message(p)


def test_hostile_corpus_each_gives_one_clear_error(tmp_path):
    corpus = pytest.importorskip("tests.helpers.hostile.corpus")
    for kind, make in corpus.RAW_MAKERS.items():
        folder = tmp_path / kind
        folder.mkdir()
        try:
            path = make(folder)
        except ImportError:
            continue
        unreadable_message(path)


def test_entity_declarations_are_refused(tmp_path):
    good = write_workbook(tmp_path / "a.xlsx", {"S": standard_form()})
    p = tmp_path / "实体.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(p, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>', 1)
            dst.writestr(info, data)
    assert "XML" in unreadable_message(p)


def test_xls_is_read_without_format_metadata(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("表一")
    spec = standard_form()
    merged = {(a, b) for a, b, _, _ in spec.merges}
    for a, b, c, d in spec.merges:
        ws.write_merge(a, c, b, d, spec.cells[(a, b)] if isinstance(spec.cells[(a, b)], str) else "")
    for (r, c), v in spec.cells.items():
        if (r, c) not in merged and isinstance(v, (str, int, float)):
            ws.write(r, c, v)
    ws.write(15, 5, 0.92)  # the 群众安全感 actual, a fraction: .xls keeps no percent format here
    p = tmp_path / "旧.xls"
    book.save(str(p))
    wb = read_workbook(p)
    [proj] = wb.projects
    assert proj.name.value == "涞源镇防火经费" and proj.funds["total"].budget.value == 2
    a = proj.indicators[3].actual.value
    assert (a.number, a.unit) == (92, "%")  # ≥90% context: 0.92 is a fraction


def test_missing_file_and_folder(tmp_path):
    assert "找不到" in unreadable_message(tmp_path / "不存在.xlsx")
    folder = tmp_path / "文件夹.xlsx"
    folder.mkdir()
    message = unreadable_message(folder)
    assert "文件夹" in message or "无法打开" in message
