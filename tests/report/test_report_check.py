"""check_report: each PX6xx rule fires on a report that states it wrong, and not on one that is right.

The workbook is built from model objects (``fixtures/report/report_model.py``); the report is
``fixtures/report/东岭镇2024.txt``, edited per test to introduce exactly one slip.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from perfxl.config import Config
from perfxl.findings import Severity
from perfxl.report.check import check_report
from perfxl.report.read_text import read_report

from tests.helpers.report_model import build_result  # noqa: E402

FIXTURE = Path(__file__).parents[1] / "fixtures" / "report" / "东岭镇2024.txt"
TEXT = FIXTURE.read_text(encoding="utf-8")


def _check(tmp_path, text: str = TEXT, name: str = "报告.txt", config=None):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return check_report(read_report(p), build_result(), config)


def _edit(old: str, new: str, count: int = 1) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, count)


def _codes(findings):
    return [f.code for f in findings]


def test_correct_report_has_no_findings(tmp_path):
    assert _check(tmp_path) == []


# --------------------------------------------------------------------------- PX601


def test_px601_wrong_year_in_a_count_sentence_is_an_error(tmp_path):
    fs = _check(tmp_path, _edit("2024年度3个项目均已完成自评", "2023年度3个项目均已完成自评"))
    assert _codes(fs) == ["PX601"]
    f = fs[0]
    assert f.severity == Severity.ERROR
    assert (f.expected, f.actual, f.sheet, f.cell) == ("2024", "2023", "报告.txt", "第15行")
    assert "2023年度3个项目均已完成自评" in f.message


def test_px601_wrong_year_in_the_title(tmp_path):
    fs = _check(tmp_path, _edit("东岭镇2024年度项目支出", "东岭镇2023年度项目支出"))
    assert [(f.code, f.cell, f.severity) for f in fs] == [("PX601", "第1行", Severity.ERROR)]


def test_px601_other_nendu_is_a_warning_but_history_and_comparison_are_not(tmp_path):
    text = _edit("全年未发生森林火灾。", "全年未发生森林火灾，2022年度的宣传材料继续使用。")
    fs = _check(tmp_path, text)
    assert [(f.code, f.severity) for f in fs] == [("PX601", Severity.WARNING)]
    # the fixture's “2019年修建” (history) and “与2023年度相比” (comparison) stay silent
    assert "2019年" in TEXT and "与2023年度相比" in TEXT


# --------------------------------------------------------------------------- PX602 / PX603


def test_px602_project_count(tmp_path):
    fs = _check(tmp_path, _edit("项目共计3个", "项目共计4个"))
    assert [(f.code, f.expected, f.actual, f.cell) for f in fs] == [("PX602", "3", "4", "第10行")]


def test_px603_total(tmp_path):
    fs = _check(tmp_path, _edit("预算总金额为14.3452万元", "预算总金额为14.35万元"))
    assert [(f.code, f.expected, f.actual) for f in fs] == [("PX603", "14.3452", "14.35")]


def test_px603_total_in_yuan_is_converted(tmp_path):
    assert _check(tmp_path, _edit("预算总金额为14.3452万元", "预算总金额为143452元")) == []


# --------------------------------------------------------------------------- PX604–PX606


def test_px604_project_amount(tmp_path):
    fs = _check(tmp_path, _edit("预算金额2.5万元", "预算金额2.6万元"))
    assert [(f.code, f.expected, f.actual, f.project) for f in fs] == [
        ("PX604", "2.5", "2.6", "东岭镇森林防火经费")]


def test_px604_amount_in_yuan_is_compared_exactly(tmp_path):
    fs = _check(tmp_path, _edit("预算金额18000元", "预算金额18001元"))
    assert [(f.code, f.expected, f.actual) for f in fs] == [("PX604", "1.8", "1.8001")]


def test_px605_project_missing_from_overview(tmp_path):
    text = _edit("2. 东岭镇道路养护费：预算金额10.0452万元，用于镇村道路日常养护，2019年修建的环山路也在其中。\n",
                 "")
    fs = _check(tmp_path, text)
    assert [(f.code, f.project) for f in fs] == [("PX605", "东岭镇道路养护费")]
    assert "项目概况" in fs[0].message


def test_px605_project_missing_from_achievement(tmp_path):
    start = TEXT.index("（三）、土地流转补偿项目：")
    end = TEXT.index("三、绩效目标设定质量情况")
    fs = _check(tmp_path, TEXT[:start] + TEXT[end:])
    assert [(f.code, f.project) for f in fs] == [("PX605", "东岭镇土地流转补偿费")]
    assert "绩效目标实现情况" in fs[0].message


def test_px606_project_not_in_workbook(tmp_path):
    text = _edit("3.东岭镇土地流转补偿费 ：预算金额18000元，按每亩1000元标准补偿流转土地18亩。\n",
                 "3.东岭镇土地流转补偿费 ：预算金额18000元，按每亩1000元标准补偿流转土地18亩。\n"
                 "4. 东岭镇老年活动中心维修费：预算金额0.5万元，屋顶防水维修。\n")
    fs = _check(tmp_path, text)
    assert [(f.code, f.actual) for f in fs] == [("PX606", "东岭镇老年活动中心维修费")]


def test_shortened_names_still_match(tmp_path):
    # the fixture's 二 uses “森林防火项目” for “东岭镇森林防火经费” etc.: no PX605/PX606
    assert not {"PX605", "PX606"} & set(_codes(_check(tmp_path)))


# --------------------------------------------------------------------------- PX607–PX609


def test_px607_repeated_item_number(tmp_path):
    text = _edit("2、项目效益：道路通行保障率96%。\n",
                 "2、项目效益：道路通行保障率96%。\n2、项目效益：群众出行方便。\n")
    fs = _check(tmp_path, text)
    assert _codes(fs) == ["PX607"]
    assert "道路养护项目" in fs[0].message and "群众出行方便" in fs[0].message
    assert fs[0].project == "东岭镇道路养护费"


def test_px607_repeated_sentence_with_new_number(tmp_path):
    text = _edit("3、满意度：群众满意度92%。\n", "3、满意度：群众满意度92%。\n4、满意度：群众满意度92%。\n")
    assert _codes(_check(tmp_path, text)) == ["PX607"]


def test_px608_section_without_benefit(tmp_path):
    fs = _check(tmp_path, _edit("2、项目效益：全年未发生森林火灾。\n", ""))
    assert [(f.code, f.project, f.cell) for f in fs] == [("PX608", "东岭镇森林防火经费", "第16行")]
    assert "森林火灾发生次数" in fs[0].message  # names the workbook's 效益 indicator


def test_px608_says_when_the_workbook_has_no_benefit_either(tmp_path):
    fs = _check(tmp_path, _edit("2、项目效益：流转农户收入稳定。\n", ""))
    assert _codes(fs) == ["PX608"]
    assert "也没有效益指标" in fs[0].message


def test_px609_estimate_wording(tmp_path):
    fs = _check(tmp_path, _edit("预算金额2.5万元", "预计金额2.5万元"))
    assert [(f.code, f.severity) for f in fs] == [("PX609", Severity.WARNING)]


# --------------------------------------------------------------------------- order, config


def test_findings_come_in_text_order(tmp_path):
    text = _edit("东岭镇2024年度项目支出", "东岭镇2023年度项目支出")
    text = text.replace("项目共计3个", "项目共计4个")
    fs = _check(tmp_path, text)
    assert [f.cell for f in fs] == ["第1行", "第10行"]


def test_ignore_by_config(tmp_path):
    text = _edit("预算金额2.5万元", "预计金额2.5万元")
    assert _check(tmp_path, text, config=Config(ignore=("PX609",))) == []
    assert _codes(_check(tmp_path, text, config=Config(select=("PX6",)))) == ["PX609"]


@pytest.mark.parametrize("missing", ["（三）、项目概况\n", "二、绩效目标实现情况\n"])
def test_a_missing_part_is_one_finding(tmp_path, missing):
    text = _edit(missing, "")
    fs = [f for f in _check(tmp_path, text) if f.code == "PX605"]
    assert len(fs) == 1 and "3个项目" in fs[0].message


def test_missing_part_hints_at_word_auto_numbering(tmp_path):
    from docx import Document

    d = Document()
    for text in ("绩效自评工作组织开展情况", "项目概况", "绩效目标实现情况"):
        d.add_paragraph(text, style="List Number")
    p = tmp_path / "auto.docx"
    d.save(p)
    fs = check_report(read_report(p), build_result())
    assert {f.code for f in fs} == {"PX605"}
    assert all("自动编号" in f.message for f in fs)


def test_px601_warning_not_hidden_by_an_unrelated_word(tmp_path):
    text = _edit("全年未发生森林火灾。", "全年未发生森林火灾，2022年度巡查效果较好。")
    assert [(f.code, f.severity) for f in _check(tmp_path, text)] == [("PX601", Severity.WARNING)]


# --------------------------------------------------------------------------- PX610 every figure

EXAMPLE_COMPLETE = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023" / "完整.xlsx"

def _draft_lines(tmp_path) -> list[str]:
    """The draft of the complete example, as the lines of a .txt report."""
    import docx

    out = tmp_path / "草稿.docx"
    assert main_report(EXAMPLE_COMPLETE, out) == 0
    return [p.text for p in docx.Document(out).paragraphs if p.text.strip()]


def main_report(workbook, out) -> int:
    from perfxl.config import Config
    from perfxl.report import command

    return command.draft(workbook, out, None, False, Config())


def _check_lines(tmp_path, lines: list[str]):
    from perfxl.pipeline import check_file

    path = tmp_path / "报告.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return check_report(read_report(path), check_file(EXAMPLE_COMPLETE))


@pytest.mark.parametrize("old, new, expected", [
    ("我单位对2023年度项目支出", "我单位对2022年度项目支出", ("PX601", "2023", "2022")),
    ("全年执行数2万元", "全年执行数2.5万元", ("PX610", "2万元", "2.5万元")),
    ("自评总分100分", "自评总分95分", ("PX610", "100分", "95分")),
    ("执行率100%", "执行率90%", ("PX610", "100%", "90%")),
    ("评价等级为“优”", "评价等级为“良”", ("PX610", "“优”", "“良”")),
    ("平均得分100分", "平均得分98分", ("PX610", "100分", "98分")),
    ("其中“优”15个", "其中“优”14个", ("PX610", "15个", "14个")),
    ("实际完成值100次，得分25分", "实际完成值100次，得分20分", ("PX610", "25分", "20分")),
    ("实际完成值100次，得分25分", "实际完成值80次，得分25分", ("PX610", "100次", "80次")),
])
def test_every_figure_of_the_draft_is_checked(tmp_path, old, new, expected):
    lines = _draft_lines(tmp_path)
    assert _check_lines(tmp_path, lines) == []  # the clean draft checks clean
    changed = next(i for i, line in enumerate(lines) if old in line)
    lines[changed] = lines[changed].replace(old, new, 1)
    found = _check_lines(tmp_path, lines)
    assert [(f.code, f.expected, f.actual) for f in found] == [expected]
    assert found[0].cell == f"第{changed + 1}行"


def test_a_figure_written_rounded_is_not_an_error(tmp_path):
    lines = _draft_lines(tmp_path)
    i = next(i for i, line in enumerate(lines) if "执行率100%" in line)
    lines[i] = lines[i].replace("执行率100%", "执行率100.0%")
    assert _check_lines(tmp_path, lines) == []
