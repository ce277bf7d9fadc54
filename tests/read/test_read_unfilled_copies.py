"""Issue 17 item 5: a 自评表 or 申报表 copied but not filled — categories and 分值 laid out, no
三级指标 and no actuals — gets one note (未填写), is not scored and enters no summary's scores."""

from __future__ import annotations

from perfxl.pipeline import check_file
from perfxl.read import read_workbook
from tests.helpers.exportfix import Export, Ind, write_export
from tests.helpers.readfix.build import standard_form, write_workbook
from tests.helpers.readfix.regions import SICHUAN_INDICATORS, sichuan_form

LAID_OUT = [  # 一级, 二级, 三级, target, actual, 分值, 得分: only categories and 分值
    ("产出指标", "数量指标", None, None, None, 20, None),
    ("产出指标", "质量指标", None, None, None, 15, None),
    ("效益指标", "社会效益指标", None, None, None, 30, None),
]


def _copied_sichuan():
    rows = [(l1, l2, "", "", "", "", "", w, "") for l1, l2, *_, w, _ in SICHUAN_INDICATORS]
    return sichuan_form(indicators=rows)  # the money block is filled in, the indicators are not


def test_a_copied_form_with_amounts_but_only_categories_and_weights_is_unfilled(tmp_path):
    path = write_workbook(tmp_path / "自评.xlsx", {"自评表": _copied_sichuan()})
    result = check_file(path)
    (note,) = result.findings  # one note, no finding per empty cell
    assert (note.code, note.cell) == ("PX110", "A2:K2")
    assert "没有三级指标" in note.message and "不评分" in note.message
    (project,) = result.to_dict()["projects"]
    assert (project["status"], project["total_score"], project["grade"]) == ("unfilled", None, None)
    assert result.scores == []  # nothing scored, so no summary counts it


def test_the_national_form_copied_with_its_weights_is_unfilled_too(tmp_path):
    funds = {"年度资金总额": (5, 5, 4), "其中：当年财政拨款": (5, 5, 4)}
    path = write_workbook(tmp_path / "自评.xlsx",
                          {"自评表": standard_form(funds=funds, indicators=LAID_OUT)})
    wb = read_workbook(path)
    assert wb.projects == [] and len(wb.blank_forms) == 1


def test_one_indicator_named_makes_the_form_filled(tmp_path):
    rows = [("产出指标", "数量指标", "巡查次数", None, None, 20, None), *LAID_OUT[1:]]
    path = write_workbook(tmp_path / "自评.xlsx", {"自评表": standard_form(indicators=rows)})
    wb = read_workbook(path)
    assert len(wb.projects) == 1 and wb.blank_forms == []


def _declaration(tmp_path, **kw):
    export = Export(month=None, selfeval="none", **kw)
    return read_workbook(write_export(tmp_path / "申报.xlsx", export))


def test_a_declaration_with_nothing_written_is_unfilled(tmp_path):
    laid_out = [Ind("产出指标", "数量指标", "", ""), Ind("效益指标", "社会效益指标", "", "")]
    wb = _declaration(tmp_path, budget="", fiscal="", carryover="", other="", medium_budget="",
                      goal_year="", goal_medium="", indicators=laid_out)
    assert wb.declarations == [] and len(wb.blank_declarations) == 1
    assert wb.forms[0] == "申报表"  # still a form of ours: recognised, not scored
    (note,) = [o for o in wb.observations if o.kind == "form_not_filled"]
    assert note.expected == "填写完成的申报表"


def test_a_filled_declaration_is_read_as_before(tmp_path):
    wb = _declaration(tmp_path)
    assert len(wb.declarations) == 1 and wb.blank_declarations == []
    assert not [o for o in wb.observations if o.kind == "form_not_filled"]
