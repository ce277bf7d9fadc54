"""Hostile input: every corpus file gives one clear per-file error or the right findings,
within bounded time and memory, and never a traceback (issue 7, part 1).

Raw files run through the real command in a child process (``perfxl check --format json``) so a
hostile file that hangs, explodes memory or crashes the interpreter fails the test instead of
the test run. Content files run in-process through click's CliRunner.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfxl.cli import main
from tests.helpers.hostile import content, corpus
from tests.helpers.hostile.runcli import LIMIT_MB, LIMIT_SECONDS, run_cli

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _bounded(ran) -> None:
    assert ran.code is not None, f"still running after {LIMIT_SECONDS} s: killed"
    assert "Traceback" not in ran.stdout + ran.stderr, ran.stderr[-2000:]
    if ran.peak_mb is not None:
        assert ran.peak_mb < LIMIT_MB, f"peak memory {ran.peak_mb:.0f} MB"


def _only_workbook(ran) -> dict:
    doc = json.loads(ran.stdout)
    assert len(doc["workbooks"]) == 1
    return doc["workbooks"][0]


@pytest.mark.parametrize("name", sorted(corpus.RAW_MAKERS))
def test_unreadable_file_gives_one_clear_error(tmp_path, name):
    path = corpus.RAW_MAKERS[name](tmp_path)
    ran = run_cli(["check", "--format", "json", str(path)])
    _bounded(ran)
    assert ran.code == 2, (ran.code, ran.stdout[:500], ran.stderr[-500:])
    w = _only_workbook(ran)
    assert w["error"], w
    assert CHINESE.search(w["error"]) and path.name in w["error"], w["error"]
    assert w["findings"] == [] and w["projects"] == []


def test_a_folder_of_unreadable_files_names_each_one_in_plain_chinese(tmp_path):
    """The batch (text output): one line per bad file with its reason, then the totals."""
    names = [make(tmp_path).name for make in corpus.RAW_MAKERS.values()]
    ran = run_cli(["check", str(tmp_path)], timeout=120)
    _bounded(ran)
    assert ran.code == 2
    for name in names:
        if name.startswith("~$"):
            continue  # an owner file is no workbook to list when searching a folder
        lines = [ln for ln in ran.stdout.splitlines() if name in ln]
        assert lines, (name, ran.stdout[-2000:])
        block = ran.stdout[ran.stdout.index(lines[0]):][:400]
        assert CHINESE.search(block.replace(name, "")), block


@pytest.mark.parametrize("name", sorted(corpus.READABLE_MAKERS))
def test_readable_package_with_a_bad_sheet_gives_findings(tmp_path, name):
    path = corpus.READABLE_MAKERS[name](tmp_path)
    ran = run_cli(["check", "--format", "json", str(path)])
    _bounded(ran)
    assert ran.code == 1, (ran.code, ran.stderr[-500:])  # findings, not an unreadable file
    w = _only_workbook(ran)
    assert w["error"] is None
    assert any(f["code"] == "PX101" for f in w["findings"]), w["findings"]
    for f in w["findings"]:
        assert CHINESE.search(f["message"]), f


def test_entity_bomb_in_a_sheet_is_never_expanded(tmp_path):
    ran = run_cli(["check", "--format", "json", str(corpus.entity_bomb_sheet(tmp_path))])
    _bounded(ran)
    assert "哈哈哈哈哈哈哈哈哈哈" not in ran.stdout
    assert ran.peak_mb is None or ran.peak_mb < 200


def test_far_corner_names_the_sheet_and_the_cell(tmp_path):
    w = _only_workbook(run_cli(["check", "--format", "json", str(corpus.far_corner(tmp_path))]))
    assert any(f["code"] == "PX101" and f["sheet"] == "项目清单" and "XFD1048576" in f["message"]
               for f in w["findings"]), w["findings"]


def test_xml_metadata_parser_refuses_entities():
    """The package scanner's own XML parsing (workbook, rels, styles) is defusedxml."""
    from perfxl.ooxml import Package, PackageError
    from perfxl.read.xlsxmeta import scan_package

    bomb = corpus._entity_part("workbook", f'<workbook xmlns="{corpus.SHEET_MAIN}"/>', 5000)
    data = corpus.replace_part(corpus.small_xlsx_bytes(), "xl/workbook.xml", bomb)
    with Package.open(data) as pkg, pytest.raises(PackageError):
        scan_package(pkg)


@pytest.mark.slow
def test_million_rows_are_cut_at_the_row_limit(tmp_path):
    from perfxl.read.grid import MAX_ROWS

    path = corpus.million_rows(tmp_path)
    ran = run_cli(["check", "--format", "json", str(path)])
    _bounded(ran)
    w = _only_workbook(ran)
    assert w["error"] is None
    assert any(f["code"] == "PX101" and str(MAX_ROWS) in f["message"] for f in w["findings"])


@pytest.mark.slow
def test_package_inflating_past_the_total_limit_is_refused(tmp_path):
    path = corpus.many_inflating_parts(tmp_path, parts=4, size_mb=100)
    ran = run_cli(["check", "--format", "json", str(path)], timeout=30)
    _bounded(ran)
    w = _only_workbook(ran)
    assert w["error"] and "解压" in w["error"], w["error"]


# --------------------------------------------------------------------------- content level


def _check_json(path: Path) -> tuple[int, dict]:
    res = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    doc = json.loads(res.stdout)
    return res.exit_code, doc["workbooks"][0]


@pytest.mark.parametrize("name", sorted(content.CONTENT_MAKERS))
def test_hostile_content_gives_the_right_findings(tmp_path, name):
    path = content.CONTENT_MAKERS[name](tmp_path)
    code, w = _check_json(path)
    content.EXPECT[name](w)
    assert code == (1 if content.errors(w) else 0)


def test_a_form_pasted_twice_into_one_sheet_is_not_skipped_silently(tmp_path):
    code, w = _check_json(content.pasted_twice_in_sheet(tmp_path))
    assert w["error"] is None
    assert any(f["sheet"] == "自评表01" for f in w["findings"]), w["findings"]


@pytest.mark.slow
def test_ten_thousand_projects(tmp_path):
    n = int(os.environ.get("PERFXL_MANY_PROJECTS", "10000"))
    path = content.many_projects(tmp_path, n)
    ran = run_cli(["check", "--format", "json", str(path)], timeout=600)
    _bounded(ran)
    w = _only_workbook(ran)
    assert w["error"] is None
    assert w["project_list"]["listed_count"] == n and len(w["projects"]) == n
    assert content.errors(w) == []
    print(f"\n{n} projects: checked in {ran.seconds:.1f} s, peak {ran.peak_mb or 0:.0f} MB")
