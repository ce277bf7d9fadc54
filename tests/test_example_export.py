"""The estimate example examples/城关镇中心小学2020测算: committed files = generated files; the
原文 has its one planted mistake found on its cell, the 完整 checks clean."""

from __future__ import annotations

import doctest

from click.testing import CliRunner

import perfxl.example_export
from perfxl.cli import main
from perfxl.example_export import EXAMPLE_FOLDER, build_estimate_example
from perfxl.pipeline import check_file
from perfxl.write.snapshot import snapshot
from tests.helpers.estimatefix import EXAMPLES

FOLDER = EXAMPLES / EXAMPLE_FOLDER


def test_committed_workbooks_are_what_the_builder_generates(tmp_path):
    written = build_estimate_example(tmp_path)
    assert sorted(p.name for p in written) == ["原文.xlsx", "完整.xlsx"]
    for path in written:
        generated, committed = snapshot(path), snapshot(FOLDER / path.name)
        assert committed == generated, path.name


def test_the_original_has_one_mistake_found_on_its_cell():
    findings = check_file(FOLDER / "原文.xlsx").findings
    assert [(f.code, f.sheet, f.cell, f.expected, f.actual) for f in findings] == [
        ("PX311", "项目支出明细", "I3", "150", "15")]


def test_the_complete_copy_is_clean_and_reads_the_estimate():
    result = check_file(FOLDER / "完整.xlsx")
    assert result.findings == []
    wb = result.workbook
    assert len(wb.estimates[0].lines) == 6 and len(wb.plans[0].years) == 1
    assert len(wb.statements) == 6
    res = CliRunner().invoke(main, ["check", str(FOLDER / "完整.xlsx")])
    assert res.exit_code == 0 and "未发现问题" in res.output


def test_module_docstring_runs():
    result = doctest.testmod(perfxl.example_export)
    assert result.attempted > 0 and result.failed == 0
