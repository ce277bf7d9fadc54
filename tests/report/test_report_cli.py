"""``perfxl report``: drafting, ``--check`` output and exit codes, templates, no overwriting."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.rules import catalogue, rule_doc

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "report" / "东岭镇2024.txt"
needs_example = pytest.mark.skipif(not (EXAMPLE / "完整.xlsx").is_file(),
                                   reason="examples/涞源镇2023/完整.xlsx is not built")


@pytest.fixture
def workbook(tmp_path) -> Path:
    wb = tmp_path / "涞源镇2023.xlsx"
    shutil.copyfile(EXAMPLE / "完整.xlsx", wb)
    return wb


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@needs_example
def test_draft_then_check_clean(tmp_path, workbook):
    out = tmp_path / "自评报告.docx"
    r = run("report", workbook, "-o", out)
    assert r.exit_code == 0, r.output
    assert out.is_file() and "15个项目" in r.output and "144.9552万元" in r.output
    r = run("report", "--check", out, workbook)
    assert r.exit_code == 0, r.output
    assert "未发现问题" in r.output


@needs_example
def test_default_output_next_to_the_workbook_and_no_overwrite(workbook):
    r = run("report", workbook)
    assert r.exit_code == 0, r.output
    out = workbook.with_name("涞源镇2023_自评报告.docx")
    before = out.read_bytes()
    r = run("report", workbook)
    assert r.exit_code == 2 and "不覆盖" in r.output
    assert out.read_bytes() == before
    assert run("report", workbook, "--force").exit_code == 0


@needs_example
def test_check_with_findings_exits_1_text_and_json(tmp_path, workbook):
    out = tmp_path / "r.docx"
    assert run("report", workbook, "-o", out).exit_code == 0
    text = out.with_suffix(".txt")
    from docx import Document

    lines = [p.text for p in Document(str(out)).paragraphs]
    text.write_text("\n".join(lines).replace("项目共计15个", "项目共计14个"), encoding="gb18030")
    r = run("report", "--check", text, workbook)
    assert r.exit_code == 1
    assert "PX602" in r.output and "应为：15  实为：14" in r.output
    r = run("report", "--check", text, workbook, "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert [(f["code"], f["expected"], f["actual"], f["sheet"]) for f in doc["findings"]] == [
        ("PX602", "15", "14", "r.txt")]
    assert run("report", "--check", text, workbook, "--ignore", "PX602").exit_code == 0


@needs_example
def test_unreadable_report_exits_2(tmp_path, workbook):
    bad = tmp_path / "报告.docx"
    bad.write_bytes(b"not a docx")
    r = run("report", "--check", bad, workbook)
    assert r.exit_code == 2 and "报告.docx" in r.output and "Traceback" not in r.output


def test_missing_workbook_exits_2(tmp_path):
    r = run("report", "--check", FIXTURE, tmp_path / "无此文件.xlsx")
    assert r.exit_code == 2 and "不存在" in r.output


def test_no_workbook_is_a_usage_error():
    assert run("report").exit_code == 2


@needs_example
def test_write_template_then_use_it(tmp_path, workbook):
    tpl = tmp_path / "本单位模板.toml"
    r = run("report", "--write-template", tpl)
    assert r.exit_code == 0 and tpl.is_file()
    tpl.write_text(tpl.read_text(encoding="utf-8").replace(
        'heading = "四、整改措施及结果应用"', 'heading = "四、下一步整改措施"'), encoding="utf-8")
    out = tmp_path / "r.docx"
    r = run("report", workbook, "-o", out, "--template", tpl)
    assert r.exit_code == 0, r.output
    from docx import Document

    assert "四、下一步整改措施" in [p.text for p in Document(str(out)).paragraphs]
    assert run("report", "--write-template", tpl).exit_code == 2  # exists: not overwritten


@needs_example
def test_bad_template_is_a_usage_error(tmp_path, workbook):
    tpl = tmp_path / "t.toml"
    tpl.write_text('[intro]\ntext = "{nope}"\n', encoding="utf-8")
    r = run("report", workbook, "-o", tmp_path / "r.docx", "--template", tpl)
    assert r.exit_code == 2 and "{nope}" in r.output and not (tmp_path / "r.docx").exists()


def test_px6_rules_are_documented():
    cat = catalogue()
    for code in [f"PX60{i}" for i in range(1, 10)]:
        assert code in cat
        doc = rule_doc(code)
        assert doc and "检查什么" in doc and "怎么改" in doc
    r = run("rules", "PX608")
    assert r.exit_code == 0 and "效益" in r.output
