"""Reading a written report: encodings, .docx paragraphs and tables, structure, years, amounts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from perfxl.report.read_text import UnreadableReport, decode_text, parse_lines, read_report

FIXTURE = Path(__file__).parents[1] / "fixtures" / "report" / "东岭镇2024.txt"


def _parse(text: str):
    return parse_lines("t.txt", [(line, f"第{i}行") for i, line in enumerate(text.splitlines(), 1)])


def test_fixture_structure():
    doc = read_report(FIXTURE)
    assert [s.number for s in doc.sections] == [1, 2, 3, 4]
    assert doc.sections[1].title == "绩效目标实现情况"
    assert [ln.text for ln in doc.preamble][:2] == ["东岭镇2024年度项目支出", "绩效自评工作报告"]
    assert doc.overview is not None and doc.overview.title == "项目概况"
    assert [s.title for s in doc.project_sections] == ["森林防火项目", "道路养护项目", "土地流转补偿项目"]
    assert [(i.number, i.label) for i in doc.project_sections[0].items] == [
        (1, "项目产出"), (2, "项目效益"), (3, "满意度")]


def test_entries_amounts_names_and_yuan_conversion():
    doc = read_report(FIXTURE)
    assert [(e.number, e.name, e.amount) for e in doc.entries] == [
        (1, "东岭镇森林防火经费", Decimal("2.5")),
        (2, "东岭镇道路养护费", Decimal("10.0452")),
        (3, "东岭镇土地流转补偿费", Decimal("1.8")),  # 18000元 → 1.8 万元, exactly
    ]
    assert doc.entries[2].line.where == "第13行"


def test_year_mentions_with_positions_and_scope():
    doc = read_report(FIXTURE)
    by_year = {(m.year, m.kind): m for m in doc.years}
    assert by_year[(2019, "年")].scope is False  # history inside a project description
    assert by_year[(2023, "年度")].line.where == "第29行"
    m = by_year[(2019, "年")]
    assert m.line.norm[m.start:m.start + 5] == "2019年"
    assert all(m.scope for m in doc.years if m.year == 2024 and m.line.where in ("第1行", "第11行"))


def test_counts_and_totals():
    doc = read_report(FIXTURE)
    assert sorted(s.value for s in doc.counts) == [3, 3, 3]
    assert [s.value for s in doc.totals] == [Decimal("14.3452")]


def test_dates_are_their_own_kind():
    doc = _parse("标题\n一、情况\n2016年3月1日签订合同，2023年度执行。")
    assert [(m.year, m.kind) for m in doc.years] == [(2016, "日期"), (2023, "年度")]


def test_full_width_digits_and_brackets():
    doc = _parse("标题\n一、情况\n（三）项目概况\n１．甲项目：预算金额１４．９５５２万元，用途。")
    assert doc.entries[0].amount == Decimal("14.9552")
    assert doc.entries[0].name == "甲项目"


def test_estimate_word_is_kept():
    doc = _parse("一、情况\n(三)、项目概况\n1.乙项目:预计金额1万元，用途。")
    assert doc.entries[0].amount_word == "预计金额"


def test_chinese_numeral_count():
    doc = _parse("一、情况\n全镇共十五个项目，均已完成。")
    assert [s.value for s in doc.counts] == [15]


def test_subset_count_is_not_a_total():
    doc = _parse("一、情况\n其中3个项目中有超支。")
    assert doc.counts == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_txt_encodings(tmp_path, encoding):
    p = tmp_path / "报告.txt"
    p.write_bytes(FIXTURE.read_text(encoding="utf-8").encode(encoding))
    doc = read_report(p)
    assert len(doc.entries) == 3 and doc.name == "报告.txt"


def test_undecodable_bytes_give_none():
    assert decode_text(b"abc\xff\x30") is None  # 0xFF is no lead byte in UTF-8 nor GB18030
    assert decode_text("中文".encode("gb18030")) == "中文"


def test_docx_paragraphs_and_project_table(tmp_path):
    d = Document()
    d.add_paragraph("东岭镇2024年度绩效自评报告")
    d.add_paragraph("")  # empty paragraphs are not counted
    d.add_paragraph("一、绩效自评工作组织开展情况")
    d.add_paragraph("（三）项目概况")
    t = d.add_table(rows=3, cols=4)
    for row, cells in zip(t.rows, [("序号", "项目名称", "预算金额（万元）", "项目概况"),
                                   ("1", "东岭镇森林防火经费", "2.5", "巡山"),
                                   ("2", "东岭镇道路养护费", "10.0452", "养护")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    d.add_paragraph("二、绩效目标实现情况")
    d.add_paragraph("（一）森林防火项目\n1、项目效益：未发生火灾。")
    p = tmp_path / "报告.docx"
    d.save(p)
    doc = read_report(p)
    assert [(e.name, e.amount, e.line.where) for e in doc.entries] == [
        ("东岭镇森林防火经费", Decimal("2.5"), "表1第2行"),
        ("东岭镇道路养护费", Decimal("10.0452"), "表1第3行")]
    assert doc.sections[0].line.where == "第2段"
    sub = doc.project_sections[0]
    assert sub.title == "森林防火项目" and sub.items[0].label == "项目效益"
    assert sub.items[0].line.where == "第5段"


def test_docx_table_in_yuan_with_total_row(tmp_path):
    d = Document()
    d.add_paragraph("一、情况")
    d.add_paragraph("（三）项目概况")
    t = d.add_table(rows=3, cols=2)
    for row, cells in zip(t.rows, [("项目名称", "预算金额（元）"), ("甲项目", "18000"),
                                   ("合计", "18000")]):
        row.cells[0].text, row.cells[1].text = cells
    p = tmp_path / "r.docx"
    d.save(p)
    doc = read_report(p)
    assert [(e.name, e.amount) for e in doc.entries] == [("甲项目", Decimal("1.8"))]
    assert [(s.value, s.line.where) for s in doc.totals] == [(Decimal("1.8"), "表1第3行")]


@pytest.mark.parametrize("name,content", [("r.docx", b"not a zip"), ("r.doc", b"\xd0\xcf"),
                                          ("r.pdf", b"%PDF")])
def test_unreadable_files_raise_a_chinese_message(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(UnreadableReport) as e:
        read_report(p)
    assert name in str(e.value)


def test_docx_auto_numbering_is_counted(tmp_path):
    d = Document()
    d.add_paragraph("绩效自评工作组织开展情况", style="List Number")
    d.add_paragraph("正文")
    p = tmp_path / "auto.docx"
    d.save(p)
    doc = read_report(p)
    assert doc.auto_numbered == 1 and doc.sections == []


def test_title_years_are_scope_but_later_preamble_history_is_not():
    doc = _parse("某镇2023年度\n绩效自评报告\n根据《预算法》（2018年修正），现报告如下：\n一、情况")
    assert [(m.year, m.scope) for m in doc.years] == [(2023, True), (2018, False)]


def test_years_in_cited_titles_are_skipped():
    doc = _parse("一、情况\n根据《关于开展2022年度绩效自评的通知》，我单位所有项目已自评。")
    assert doc.years == []
