"""The shipped example through the real pipeline (reader → scoring → rules), and the real 2023
report of 涞源镇 checked against it where ``../shared/reference/`` is present."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from perfxl.api import check_file
from perfxl.report.check import check_report
from perfxl.report.draft import draft_report
from perfxl.report.read_text import read_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "涞源镇2023"
REAL_REPORT = ROOT.parent / "shared" / "reference" / "涞源镇2023年度项目绩效自评工作报告.txt"

needs_example = pytest.mark.skipif(not (EXAMPLE / "原文.xlsx").is_file(),
                                   reason="examples/涞源镇2023/原文.xlsx is not built")
needs_real_report = pytest.mark.skipif(
    not REAL_REPORT.is_file(),
    reason=f"the real report is not present at {REAL_REPORT} (../shared/reference/ is only on "
           "developer machines and CI)")


@pytest.fixture(scope="module")
def original():
    result = check_file(EXAMPLE / "原文.xlsx")
    assert result.error is None, result.error
    return result


@needs_example
@pytest.mark.parametrize("name", ["原文.xlsx", "完整.xlsx"])
def test_draft_of_the_example_checks_clean(tmp_path, name):
    result = check_file(EXAMPLE / name)
    assert result.error is None, result.error
    out = draft_report(result, tmp_path / "自评报告.docx")
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert any("共计15个" in t and "144.9552万元" in t for t in texts)
    assert "11. 建设721片区街头公园土地流转费：预算金额5.0452万元，" in "\n".join(texts)
    assert check_report(read_report(out), result) == []


@needs_example
@needs_real_report
def test_real_report_against_the_example(original):
    fs = check_report(read_report(REAL_REPORT), original)
    by_code = {}
    for f in fs:
        by_code.setdefault(f.code, []).append(f)
    # the year copied from the year before
    assert [(f.actual, f.expected) for f in by_code["PX601"]] == [("2022", "2023")]
    assert "2022年度15个项目" in by_code["PX601"][0].message
    # the line repeated under （三）计划生育经费
    assert len(by_code["PX607"]) == 1 and "（三）计划生育" in by_code["PX607"][0].message
    # no 效益 in the sections of projects 5 and 9
    assert sorted(f.project for f in by_code["PX608"]) == sorted(
        [original.workbook.unit.rows[4].name.value, original.workbook.unit.rows[8].name.value])
    # 预计金额 of project 6
    assert [f.project for f in by_code.get("PX609", [])] == [original.workbook.unit.rows[5].name.value]
    # and nothing else: every amount, the count, the total and every name are right
    assert set(by_code) == {"PX601", "PX607", "PX608", "PX609"}
    assert all(f.sheet == REAL_REPORT.name and f.cell.endswith("行") for f in fs)


@needs_example
@needs_real_report
def test_real_report_amounts_are_all_read(original):
    doc = read_report(REAL_REPORT)
    assert len(doc.entries) == 15
    assert sum(e.amount for e in doc.entries) == Decimal("144.9552")
    assert [s.value for s in doc.totals] == [Decimal("144.9552")]


@needs_example
@needs_real_report
def test_real_report_as_word_gives_the_same_findings(tmp_path, original):
    """The same text typed into Word: the same findings, located by paragraph."""
    d = Document()
    for line in REAL_REPORT.read_text(encoding="utf-8").splitlines():
        d.add_paragraph(line)
    p = tmp_path / "自评报告.docx"
    d.save(p)
    from_txt = check_report(read_report(REAL_REPORT), original)
    from_docx = check_report(read_report(p), original)
    assert [(f.code, f.message) for f in from_docx] == [(f.code, f.message) for f in from_txt]
    assert all(f.cell.endswith("段") for f in from_docx)
