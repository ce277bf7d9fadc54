"""A sheet's kind is decided once, in the order of precedence of :mod:`perfxl.read.sheetkind`."""

from __future__ import annotations

from perfxl.read import labels as L
from perfxl.read import sheetkind as K
from perfxl.read.grid import Grid


def kind_of(rows, name="Sheet1", merges=(), want_project_list=True):
    width = max(map(len, rows))
    grid = Grid(name, [list(r) + [None] * (width - len(r)) for r in rows], list(merges))
    return K.classify(grid, L.words(), want_project_list)


LIST_HEADER = ["项目名称", "一级指标", "二级指标", "三级指标", "指标值"]


def test_a_target_list_header_wins_over_an_export_title_above_it():
    got = kind_of([["项目支出绩效目标申报表"], [], LIST_HEADER])
    assert got == (K.TARGET_LIST, 2)


def test_a_target_list_header_counts_only_in_the_first_20_rows():
    got = kind_of([["项目支出绩效目标申报表"]] + [[]] * 20 + [LIST_HEADER])
    assert got.kind == K.DECLARATION and got.found == (0, 0)


def test_an_export_title_wins_over_a_self_evaluation_title():
    got = kind_of([["项目支出绩效自评表"], ["项目支出绩效目标执行监控表"]])
    assert got == (K.MONITORING, (1, 0))


def test_an_export_title_counts_only_in_the_first_6_rows_and_leading_its_row():
    assert kind_of([[]] * 6 + [["项目支出绩效目标申报表"]]) is None
    assert kind_of([["工作表", "项目支出绩效目标申报表"]]) is None


def test_only_the_first_self_evaluation_title_counts():
    assert kind_of([["项目支出绩效自评表"]]) == (K.SELF_EVALUATION, (0, 0))
    # a cell naming the form after another cell is no title, and a later one is not looked for
    assert kind_of([["工作表", "项目支出绩效自评表"], ["项目支出绩效自评表"]]) is None
    assert kind_of([[]] * 10 + [["项目支出绩效自评表"]]) is None


def test_perfxl_result_sheets_are_never_data():
    got = kind_of([["工作表", "规则", "严重程度"], ["项目支出绩效自评表"]], name="校验结果")
    assert got == (K.RESULT, None)


def test_only_the_first_project_list_is_looked_for():
    rows = [["项目名称", "全年预算数", "全年执行数"], ["某项目", 10, 9]]
    assert kind_of(rows).kind == K.PROJECT_LIST
    assert kind_of(rows, want_project_list=False) is None
