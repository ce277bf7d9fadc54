"""Drafting the report: content from the workbook, typesetting, the editable template, and the
draft checking clean against its own workbook."""

from __future__ import annotations

import sys
import tomllib
from decimal import Decimal as D
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from perfxl.findings import Finding, Severity
from perfxl.report.check import check_report
from perfxl.report.draft import draft_report
from perfxl.report.read_text import read_report
from perfxl.report.template import TemplateError, default_template_text, load_template

from tests.helpers.report_model import PROJECTS, build_result  # noqa: E402


@pytest.fixture
def drafted(tmp_path):
    out = draft_report(build_result(), tmp_path / "自评报告.docx")
    return Document(str(out)), out


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def _index(texts, start) -> int:
    return next(i for i, t in enumerate(texts) if t.startswith(start))


def test_sections_in_order(drafted):
    texts = _texts(drafted[0])
    heads = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、")]
    assert [h[:2] for h in heads] == ["一、", "二、", "三、", "四、"]
    assert _index(texts, "（一）") < _index(texts, "（二）") < _index(texts, "（三）")


def test_overview_states_count_total_and_each_project(drafted):
    texts = _texts(drafted[0])
    total = sum((p[1] for p in PROJECTS), D(0))
    assert any(f"共计{len(PROJECTS)}个" in t and f"{total}万元" in t for t in texts)
    for seq, (name, budget, _, summary, _) in enumerate(PROJECTS, 1):
        line = next(t for t in texts if t.startswith(f"{seq}. {name}："))
        assert f"预算金额{budget}万元" in line
        assert summary.rstrip("。") in line and not line.endswith("。。")


def test_achievement_per_project_with_indicators_scores_and_grade(drafted):
    texts = _texts(drafted[0])
    start = _index(texts, "二、")
    for cn, (name, *_rest) in zip("一二三", PROJECTS):
        assert f"（{cn}）{name}" in texts[start:]
    body = "\n".join(texts[start:_index(texts, "三、")])
    assert "养护里程年度指标值≥40公里，实际完成值36公里，得分45分（分值50分）" in body
    assert "执行率94.57%，得分9.46分" in body  # 9.5 / 10.0452
    assert "自评总分94.46分，评价等级为“优”" in body
    # every project has a 效益 item; the one without 效益 indicators says so
    assert body.count("项目效益：") == len(PROJECTS)
    assert "项目效益：本项目未设置此类绩效指标" in body


def test_quality_section_lists_px4_findings_only(tmp_path):
    extra = [Finding("PX205", Severity.WARNING, "执行数大于预算数", project="东岭镇道路养护费"),
             Finding("PX403", Severity.WARNING, "目标“较好”不可衡量", project="东岭镇道路养护费",
                     expected="可量化的数值", actual="较好"),
             Finding("PX406", Severity.WARNING, "目标“≥40公里”可能定得过低。", project="东岭镇道路养护费")]
    doc = Document(str(draft_report(build_result(extra_findings=extra), tmp_path / "r.docx")))
    texts = _texts(doc)
    quality = texts[_index(texts, "三、"):_index(texts, "四、")]
    assert "1. 东岭镇土地流转补偿费：绩效指标中缺少效益指标。" in quality
    # one item per project, its problems joined
    assert ("2. 东岭镇道路养护费：部分指标的年度指标值为定性描述（如“较好”），难以衡量；"
            "部分指标实际完成值远高于年度指标值，目标设定偏低。") in quality  # the report's words
    assert not any("执行数大于预算数" in t for t in quality)


def test_rectification_lists_shortfalls_with_reasons(drafted):
    texts = _texts(drafted[0])
    part = texts[_index(texts, "四、"):]
    assert any("“养护里程”得分45分（分值50分）" in t and "两段道路因雨季推迟养护" in t for t in part)
    assert any("“预算执行率”得分9.46分" in t and "【待补充：偏差原因及改进措施】" in t for t in part)
    assert not any("森林防火" in t for t in part)  # full marks: nothing to rectify


# --------------------------------------------------------------------------- typesetting


def _east_asia(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def test_page_is_a4_with_document_margins(drafted):
    s = drafted[0].sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert (round(s.top_margin.mm), round(s.left_margin.mm)) == (37, 28)
    # text block 156 × 225 mm as in GB/T 9704
    assert round((s.page_width - s.left_margin - s.right_margin) / Mm(1)) == 156
    assert round((s.page_height - s.top_margin - s.bottom_margin) / Mm(1)) == 225


def test_fonts_by_paragraph_kind(drafted):
    doc = drafted[0]
    by_text = {p.text: p for p in doc.paragraphs}
    title = doc.paragraphs[0]
    assert _east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    h1 = by_text["一、绩效自评工作组织开展情况"].runs[0]
    h2 = by_text["（三）项目概况"].runs[0]
    body = next(p for p in doc.paragraphs if p.text.startswith("1. ")).runs[0]
    assert (_east_asia(h1), _east_asia(h2), _east_asia(body)) == ("黑体", "楷体_GB2312", "仿宋_GB2312")
    assert body.font.size == Pt(16)  # 三号
    first = next(p for p in doc.paragraphs if p.text.startswith("1. "))
    assert first.paragraph_format.first_line_indent == Pt(32)  # two characters


def test_page_number_field_in_footer(drafted):
    xml = drafted[0].sections[0].footer._element.xml
    assert "PAGE" in xml and "fldChar" in xml


# --------------------------------------------------------------------------- the template


def test_every_paragraph_comes_from_the_template(tmp_path):
    """Mark every phrase of a template copy: every paragraph of the draft must carry the mark,
    so no sentence is hard-coded in Python."""
    data = tomllib.loads(default_template_text())
    inner = ("grade_count", "grade_separator", "indicator", "indicator_no_score",
             "indicator_separator", "missing_value", "no_reason", "execution_name",
             "message_separator")
    lines = []
    for section, table in data.items():
        if section == "style":
            continue
        lines.append(f"[{section}]")
        for key, value in table.items():
            if isinstance(value, str) and key not in inner:
                lines.append(f"{key} = {_toml_str('Ⓧ' + value)}")
            elif key == "lines":
                lines.append(f"lines = [{', '.join(_toml_str('Ⓧ' + v) for v in value)}]")
    tpl = tmp_path / "marked.toml"
    tpl.write_text("\n".join(lines), encoding="utf-8")
    doc = Document(str(draft_report(build_result(), tmp_path / "r.docx", tpl)))
    texts = _texts(doc)
    assert texts and all(t.startswith("Ⓧ") for t in texts), [t for t in texts if t[0] != "Ⓧ"]


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_unit_copy_overrides_only_what_it_names(tmp_path):
    tpl = tmp_path / "本单位模板.toml"
    tpl.write_text('[intro]\ntext = "{unit}现将{year}年度自评情况报告如下："\n'
                   '[style]\nbody_font = "宋体"\n', encoding="utf-8")
    doc = Document(str(draft_report(build_result(), tmp_path / "r.docx", tpl)))
    texts = _texts(doc)
    assert "青山县东岭镇人民政府现将2024年度自评情况报告如下：" in texts
    assert "一、绩效自评工作组织开展情况" in texts  # untouched phrases keep the default
    body = next(p for p in doc.paragraphs if p.text.startswith("1. ")).runs[0]
    assert _east_asia(body) == "宋体"


@pytest.mark.parametrize("content,needle", [
    ('[intro]\ntext = "{单位}的报告"\n', "{单位}"),
    ('[intro]\ntext = "花括号 { 不配对"\n', "花括号"),
    ('[intro\n', "格式有误"),
])
def test_bad_template_gives_a_chinese_error(tmp_path, content, needle):
    tpl = tmp_path / "坏模板.toml"
    tpl.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        draft_report(build_result(), tmp_path / "r.docx", load_template(tpl))
    assert needle in str(e.value) and "坏模板.toml" in str(e.value)
    assert not (tmp_path / "r.docx").exists()


# --------------------------------------------------------------------------- self-check


def test_draft_checks_clean_against_its_workbook(drafted):
    _, path = drafted
    assert check_report(read_report(path), build_result()) == []


def test_draft_with_gaps_still_checks_clean(tmp_path):
    """A project without budget, summary or 效益 indicators: the draft says so, the check agrees."""
    projects = [list(p) for p in PROJECTS]
    projects[0][3] = None  # no 项目概况
    result = build_result(projects=[tuple(p) for p in projects])
    out = draft_report(result, tmp_path / "r.docx")
    texts = _texts(Document(str(out)))
    assert "1. 东岭镇森林防火经费：预算金额2.5万元。" in texts
    assert check_report(read_report(out), result) == []


def test_workbook_without_project_list_uses_the_forms(tmp_path):
    result = build_result()
    result.workbook.unit = None  # a one-form workbook has no 项目清单
    out = draft_report(result, tmp_path / "r.docx")
    texts = _texts(Document(str(out)))
    assert "1. 东岭镇森林防火经费：预算金额2.5万元，用于护林员巡山、防火物资采购和宣传。" in texts
    assert check_report(read_report(out), result) == []


def test_unscored_workbook_still_drafts(tmp_path):
    result = build_result()
    result.scores = []  # scoring could not run
    out = draft_report(result, tmp_path / "r.docx")
    texts = _texts(Document(str(out)))
    assert any("执行率【待补充】" in t for t in texts)  # a highlighted gap, not tool wording
    assert any(t.startswith("2、项目产出：巡山次数年度指标值≥120次，实际完成值130次，得分【待补充】") for t in texts)
    assert check_report(read_report(out), result) == []
