"""审核口径.xlsx read back: the rows written are the rows read (round trip), in any column order,
and an unusable row is named by its sheet row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from perfxl.checklist import COLUMNS, ChecklistError, parse_checklist
from perfxl.example_declaration import CHECKLIST
from perfxl.read.checklist import read_checklist
from perfxl.write.checklist_table import write_checklist

SHIPPED = Path(__file__).resolve().parents[2] / "examples" / "东湖街道2024申报" / "审核口径.xlsx"


def test_round_trip(tmp_path):
    path = tmp_path / "审核口径.xlsx"
    write_checklist(path, CHECKLIST)
    read = read_checklist(path)
    assert read.rows == parse_checklist(CHECKLIST, "x", list(range(2, len(CHECKLIST) + 2))).rows
    assert [r.code for r in read.manual] == ["SH06", "SH07"]


def test_the_shipped_checklist_reads():
    assert len(read_checklist(SHIPPED).rows) == len(CHECKLIST)


def _sheet(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_columns_by_header_in_any_order_with_a_title_above(tmp_path):
    path = _sheet(tmp_path / "口径.xlsx", [
        ["东湖街道绩效目标审核口径"], [],
        ["序号", "审核对象", "模式", "编码", "正则表达式", "匹配时", "审核意见表述（问题+建议）"],
        [1, "年度目标", "正则匹配", 101, r"\d", "合格", "建议写明数量"], [None] * 7,
        [2, "指标解释", "人工", None, None, None, None]])
    c = read_checklist(path)
    assert [(r.row, r.code, r.field, r.advice) for r in c.rows] == [
        (4, "101", "年度目标", "建议写明数量"), (6, "PX790", "指标解释", "")]


def test_a_bad_expression_names_the_sheet_row(tmp_path):
    path = _sheet(tmp_path / "口径.xlsx", [list(COLUMNS), ["A1", "测算依据", "正则匹配", None, None,
                                                          None, "([", "合格"]])
    with pytest.raises(ChecklistError, match=r"审核口径 口径.xlsx（Sheet） 第 2 行：正则表达式“\(\[”"):
        read_checklist(path)


def test_no_table_and_no_file(tmp_path):
    with pytest.raises(ChecklistError, match="没有找到表头"):
        read_checklist(_sheet(tmp_path / "空.xlsx", [["工资表"]]))
    with pytest.raises(ChecklistError, match="无法读取"):
        read_checklist(tmp_path / "没有.xlsx")
