"""Issue 16 item 7: the 申报表 against the 执行监控表 / 自评表 of the same export (PX510, PX506),
each mismatch on both cells."""

from __future__ import annotations

from perfxl.config import Config
from perfxl.pipeline import check_file
from tests.helpers.declfix import declared_export_sheets, write_forms
from tests.helpers.exportfix import Export, write_export

DECL, MON = "项目支出绩效目标申报表", "项目支出绩效目标执行监控"


def test_amount_mismatch_on_both_cells(tmp_path):
    result = check_file(write_forms(tmp_path / "x.xlsx", declared_export_sheets("180.00")),
                        Config())
    got = sorted((f.sheet, f.cell, f.expected, f.actual) for f in result.findings
                 if f.code == "PX510")
    assert got == sorted([(DECL, "G5:H5", "190", "180"), (MON, "E6", "180", "190")])
    on_declared = next(f for f in result.findings if f.code == "PX510" and f.sheet == DECL)
    assert "本年度项目金额 180 万元" in on_declared.message and "年初预算数 190 万元" in on_declared.message


def test_equal_amounts_say_nothing(tmp_path):
    result = check_file(write_export(tmp_path / "x.xlsx", Export(selfeval="filled")), Config())
    assert [f for f in result.findings if f.code == "PX510"] == []


def test_mismatch_does_not_grade_the_declaration(tmp_path):
    doc = check_file(write_forms(tmp_path / "x.xlsx", declared_export_sheets("180.00")),
                     Config()).to_dict()
    same = check_file(write_export(tmp_path / "y.xlsx"), Config()).to_dict()
    assert doc["declarations"][0]["grade"] == same["declarations"][0]["grade"]
