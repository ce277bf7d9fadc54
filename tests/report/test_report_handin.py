"""A drafted report can be handed in: no tool wording in its body, gaps as highlighted
placeholders listed on the terminal, a 落款 with the unit and the date, the file mode every file
perfxl writes gets, and no draft at all from a workbook whose amounts slipped between 元 and 万元
(unless forced, and then with a caution on the first page)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from perfxl.examples import laiyuan_2023
from perfxl.pipeline import check_file
from perfxl.report.check import check_report
from perfxl.report.content import placeholders
from perfxl.report.draft import compose, draft_report
from perfxl.report.read_text import read_report
from perfxl.write.template import write_workbook
from tests.helpers.report_model import build_result

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023"
TOOL_WORDING = re.compile(r"请补充|未填写|perfxl|PX\d{3}|无法计算", re.I)


def _paragraphs(path: Path) -> list:
    return [p for p in Document(str(path)).paragraphs if p.text.strip()]


def _perfxl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perfxl", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=120)


def _slipped_workbook(tmp_path: Path) -> Path:
    """The complete example with 20000 typed in 项目清单 where 2 (万元) is meant."""
    spec = laiyuan_2023(complete=True)
    rows = list(spec.unit.rows)
    rows[0] = replace(rows[0], budget=Decimal("20000"))
    path = tmp_path / "单位写错.xlsx"
    write_workbook(path, replace(spec, unit=replace(spec.unit, rows=rows)))
    return path


@pytest.mark.parametrize("result", [
    pytest.param(lambda: check_file(EXAMPLES / "原文.xlsx"), id="原文"),
    pytest.param(lambda: check_file(EXAMPLES / "完整.xlsx"), id="完整"),
    pytest.param(build_result, id="gaps"),
    pytest.param(lambda: replace(build_result(), scores=[]), id="unscored"),
])
def test_the_body_carries_no_tool_wording(tmp_path, result):
    out = draft_report(result(), tmp_path / "报告.docx")
    text = "\n".join(p.text for p in _paragraphs(out))
    assert TOOL_WORDING.findall(text) == []


def test_gaps_are_highlighted_placeholders_and_listed(tmp_path):
    result = replace(build_result(), scores=[])  # nothing scored: figures the draft cannot give
    blocks = compose(result)
    todo = placeholders(blocks)
    assert todo and all(mark.startswith("【待补充") for _, mark, _ in todo)
    out = draft_report(result, tmp_path / "报告.docx")
    paragraphs = _paragraphs(out)
    for number, mark, _ in todo:  # numbered as the check counts paragraphs (第N段)
        runs = [r for r in paragraphs[number - 1].runs if r.text == mark]
        assert runs and all(r.font.highlight_color is not None for r in runs)
    plain = [r for p in paragraphs for r in p.runs if "【" not in r.text]
    assert all(r.font.highlight_color is None for r in plain)


def test_the_command_lists_what_a_person_must_fill(tmp_path):
    spec = laiyuan_2023(complete=True)
    nameless = tmp_path / "无单位名称.xlsx"  # the 落款 cannot name the unit
    write_workbook(nameless, replace(spec, unit=replace(spec.unit, name="")))
    ran = _perfxl("report", str(nameless), "-o", str(tmp_path / "报告.docx"))
    assert ran.returncode == 0, ran.stderr
    assert "上报前须人工补充或核对" in ran.stdout
    listed = re.findall(r"第(\d+)段  (【待补充[^】]*】)", ran.stdout)
    paragraphs = _paragraphs(tmp_path / "报告.docx")
    assert listed and all(mark in paragraphs[int(n) - 1].text for n, mark in listed)
    assert paragraphs[-2].text == "【待补充】"


def test_a_workbook_with_no_project_is_not_drafted(tmp_path):
    from perfxl.write.template import write_blank_template

    blank = tmp_path / "空白.xlsx"
    write_blank_template(blank, projects=2, year=2024)
    ran = _perfxl("report", str(blank), "-o", str(tmp_path / "报告.docx"))
    assert ran.returncode == 2 and "没有填写任何项目" in ran.stderr
    assert not (tmp_path / "报告.docx").exists()


def test_the_draft_ends_with_a_signature_of_unit_and_date(tmp_path):
    result = check_file(EXAMPLES / "完整.xlsx")
    out = draft_report(result, tmp_path / "报告.docx", today=date(2024, 1, 15))
    *_, unit, day = _paragraphs(out)
    assert unit.text == "涞源县涞源镇人民政府" and day.text == "2024年1月15日"
    assert unit.alignment == day.alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_the_clean_draft_passes_its_own_check(tmp_path, suffix):
    result = check_file(EXAMPLES / "完整.xlsx")
    out = draft_report(result, tmp_path / "报告.docx")
    if suffix == ".txt":
        txt = tmp_path / "报告.txt"
        txt.write_text("\n".join(p.text for p in _paragraphs(out)), encoding="utf-8")
        out = txt
    assert check_report(read_report(out), result) == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_report_file_mode_follows_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        out = draft_report(check_file(EXAMPLES / "完整.xlsx"), tmp_path / "报告.docx")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_a_unit_slip_stops_the_draft(tmp_path):
    workbook = _slipped_workbook(tmp_path)
    out = tmp_path / "报告.docx"
    ran = _perfxl("report", str(workbook), "-o", str(out))
    assert ran.returncode == 1
    assert "未起草" in ran.stderr and "E8" in ran.stderr
    assert not out.exists()


def test_a_forced_draft_of_a_unit_slip_warns_on_its_first_page(tmp_path):
    workbook = _slipped_workbook(tmp_path)
    out = tmp_path / "报告.docx"
    ran = _perfxl("report", str(workbook), "-o", str(out), "--force")
    assert ran.returncode == 0, ran.stderr
    paragraphs = _paragraphs(out)
    titles = 2  # 单位 and the report's title
    caution = paragraphs[titles]
    assert caution.text.startswith("【注意：") and "元" in caution.text
    assert all(r.font.highlight_color is not None for r in caution.runs)
    assert "上报前须人工补充或核对" in ran.stdout  # and the caution is listed


def test_section_four_never_says_full_marks_when_a_total_is_short(tmp_path):
    """A project that lost the points of a missing 一级指标 is named in 四 with what it lacks;
    "均取得满分" is written only when every project has full marks."""
    result = check_file(EXAMPLES / "原文.xlsx")
    out = draft_report(result, tmp_path / "报告.docx")
    texts = [p.text for p in _paragraphs(out)]
    four = texts[next(i for i, t in enumerate(texts) if t.startswith("四、")):]
    short = [s.project.name.value for s in result.scores if s.total < 100]
    assert short and not any("均取得满分" in t for t in four)
    assert any("涞源镇防汛经费未设置效益指标" in t for t in four)
    clean = draft_report(check_file(EXAMPLES / "完整.xlsx"), tmp_path / "完整.docx")
    assert any("均取得满分" in p.text for p in _paragraphs(clean))
