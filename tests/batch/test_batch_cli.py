"""``perfxl run DIR`` / ``perfxl check DIR`` from the command line: exit codes, JSON lines, the
summary, options. Folders are built with the real example workbooks."""

from __future__ import annotations

import json

from pathlib import Path

from click.testing import CliRunner
from tests.helpers.batchfix import BAD, GOOD, WITH_ERRORS, build_folder, checksums, sheet

from perfxl.cli import main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"CI": "1"})


def test_run_folder_json_lines_exit_code_and_summary(tmp_path):
    folder = build_folder(tmp_path / "绩效")
    before = checksums(folder, BAD)
    res = invoke("run", folder, "--jobs", 2, "--format", "json")
    assert res.exit_code == 2, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["rel"] for x in lines] == sorted(x["rel"] for x in lines)  # path order
    assert {x["rel"] for x in lines} == {GOOD, WITH_ERRORS, *BAD}
    assert {x["rel"] for x in lines if x["status"] == "written"} == {GOOD, WITH_ERRORS}
    assert checksums(folder, BAD) == before
    assert (folder / "perfxl汇总_2023-07.xlsx").exists()
    again = invoke("run", folder, "--jobs", 2, "--format", "json")
    assert all(json.loads(x)["reused"] for x in again.stdout.splitlines()
               if json.loads(x)["rel"] in (GOOD, WITH_ERRORS))


def test_run_clean_folder_exits_0_and_findings_exit_1(tmp_path):
    folder = build_folder(tmp_path / "绩效")
    for name in BAD:
        (folder / name).unlink()
    res = invoke("run", folder, "--jobs", 1, "--no-summary")
    assert res.exit_code == 1, res.output
    assert "共 2 个工作簿" in res.stdout
    assert not list(folder.glob("perfxl汇总_*"))
    (folder / WITH_ERRORS).unlink()
    res = invoke("run", folder, "--jobs", 1, "--period", "2023-08", "--summary-dir", tmp_path / "汇总")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "汇总" / "perfxl汇总_2023-08.xlsx").exists()


def test_check_folder_text_lists_findings_and_writes_nothing(tmp_path):
    folder = build_folder(tmp_path / "绩效")
    res = invoke("check", folder, "--jobs", 2)
    assert res.exit_code == 2
    assert f"== {WITH_ERRORS}" in res.stdout and "应为：" in res.stdout
    assert "空文件" in res.stdout
    assert not list(folder.glob("perfxl*")) and not (folder / ".perfxl-manifest.json").exists()


def test_check_folder_with_summary_dir(tmp_path):
    folder = build_folder(tmp_path / "绩效")
    res = invoke("check", folder, "--summary-dir", tmp_path / "汇总", "--period", "2023-09")
    assert res.exit_code == 2
    summary = tmp_path / "汇总" / "perfxl汇总_2023-09.xlsx"
    assert len(sheet(summary, "无法处理")) == 1 + len(BAD)


def test_bad_period_is_a_usage_error(tmp_path):
    folder = build_folder(tmp_path / "绩效")
    res = invoke("run", folder, "--period", "2023-13")
    assert res.exit_code == 2 and "YYYY-MM" in res.output
    assert not (folder / ".perfxl-manifest.json").exists()


def test_output_dir_run_leaves_the_source_folder_as_it_was(tmp_path):
    """--output-dir writes copies, the summary, the history and the manifest into DIR; the source
    folder gets nothing new, and a re-run skips the unchanged workbook (no second copy)."""
    import shutil

    src = tmp_path / "单位"
    src.mkdir()
    shutil.copy(Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023" / "完整.xlsx", src)
    before = sorted(p.name for p in src.iterdir())
    out = tmp_path / "结果"
    for _ in range(2):
        res = CliRunner().invoke(main, ["run", str(src), "--output-dir", str(out), "--jobs", "1"])
        assert res.exit_code == 0, res.output
    assert sorted(p.name for p in src.iterdir()) == before
    names = sorted(p.name for p in out.iterdir())
    assert "完整.xlsx" in names and "完整(2).xlsx" not in names
    assert any(n.startswith("perfxl汇总_") for n in names)
    assert any(n.startswith(".perfxl-manifest-") for n in names)


def test_summary_links_to_the_file_that_holds_the_results(tmp_path):
    """With --output-dir the 汇总 sheet's 文件 column points at the checked copy (the file with
    校验结果/评分结果), relative to the summary, not at the untouched original."""
    import shutil

    import python_calamine

    src = tmp_path / "单位"
    src.mkdir()
    shutil.copy(Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023" / "完整.xlsx", src)
    out = tmp_path / "结果"
    res = CliRunner().invoke(main, ["run", str(src), "--output-dir", str(out), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    (summary,) = out.glob("perfxl汇总_*.xlsx")
    rows = python_calamine.CalamineWorkbook.from_path(str(summary)).get_sheet_by_name("汇总")
    files = {r[1] for r in rows.to_python()[1:]}
    assert files == {"完整.xlsx"}
