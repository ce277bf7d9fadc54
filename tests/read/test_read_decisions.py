"""Reading staff decisions back: only from perfxl's own (marked) 校验结果, as data in
``Workbook.decisions``, never as findings or forms."""

from __future__ import annotations

import xlsxwriter

from perfxl.findings import decision_key
from perfxl.model import Loc
from perfxl.read import read_workbook
from perfxl.runner import run_file
from tests.helpers.decisionsfix import (COUNT_ERROR, TOTAL_ERROR, set_decision,
                                        two_error_workbook)

COUNT_KEY = decision_key(COUNT_ERROR, "项目清单", "C5:G5", "15", "16")
TOTAL_KEY = decision_key(TOTAL_ERROR, "项目清单", "C6:G6", "144.9552", "144.9553")


def test_decisions_are_read_from_our_sheet_with_their_cell(tmp_path):
    path = two_error_workbook(tmp_path / "单位.xlsx")
    assert run_file(path).ok
    assert read_workbook(path).decisions == {}  # all 待处理: nothing staff decided
    set_decision(path, COUNT_ERROR, "已核实无误")
    set_decision(path, TOTAL_ERROR, " 自己写的 ")  # typed over the dropdown: kept as typed
    wb = read_workbook(path)
    assert {k: v.value for k, v in wb.decisions.items()} == {COUNT_KEY: "已核实无误",
                                                            TOTAL_KEY: "自己写的"}
    assert wb.decisions[COUNT_KEY].loc == Loc("校验结果", "I2")
    assert len(wb.projects) == 15 and wb.unit is not None  # our sheet is not read as a form
    assert not any(o.sheet == "校验结果" for o in wb.observations)


def _sheet(path, headers, row, *, marked: bool):
    """A workbook with one sheet 校验结果 (made by xlsxwriter, not by perfxl), ``marked`` with
    perfxl's hidden defined name or not."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("校验结果")
    ws.write_row(0, 0, headers)
    ws.write_row(1, 0, row)
    if marked:
        wb.define_name("_perfxl_findings", "='校验结果'!$A$1")
    wb.close()
    return path


HEADERS = ["严重程度", "规则", "工作表", "单元格", "说明", "应为", "实为", "项目", "处理意见"]
ROW = ["错误", "PX202", "项目清单", "C5:G5", "说明", "15", "16", "", "已核实无误"]


def test_only_a_marked_sheet_is_read(tmp_path):
    """Without the hidden marker it is the user's own sheet, whatever it is called and holds."""
    assert read_workbook(_sheet(tmp_path / "用户.xlsx", HEADERS, ROW, marked=False)
                         ).decisions == {}
    wb = read_workbook(_sheet(tmp_path / "标记.xlsx", HEADERS, ROW, marked=True))
    assert {k: v.value for k, v in wb.decisions.items()} == {COUNT_KEY: "已核实无误"}


def test_a_result_sheet_of_an_older_perfxl_without_the_column_has_no_decisions(tmp_path):
    path = _sheet(tmp_path / "旧.xlsx", HEADERS[:-1], ROW[:-1], marked=True)
    assert read_workbook(path).decisions == {}
