"""The batch over a real folder with the real pipeline: good workbooks (made by write_workbook from
the shipped example), bad files (zero bytes, truncated, encrypted, a text file named .xlsx), an
.xls, an Excel ``~$`` owner file. Checks the exit code, the summary read back, serial = parallel,
and that no bad file's bytes change."""

from __future__ import annotations

from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from perfxl.batch import EXIT_TROUBLE, run_batch
from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook

from tests.helpers.batchfix import (BAD, GOOD, WITH_ERRORS, build_folder, checksums, configs,
                                   make_xls, sheet)


@pytest.fixture
def folder(tmp_path):
    return build_folder(tmp_path / "绩效")


def test_check_folder_reports_every_bad_file_and_goes_on(folder, tmp_path):
    before = checksums(folder, BAD + ("~$别的表.xlsx",))
    out = run_batch([folder], config_for=configs, write=False, jobs=2,
                    summary_dir=tmp_path / "汇总")
    rels = [r["rel"] for r in out.records]
    assert "~$别的表.xlsx" not in rels
    assert sorted(r["rel"] for r in out.failed) == sorted(BAD)
    reasons = {r["rel"]: r["error"] for r in out.failed}
    assert "空文件" in reasons["空文件.xlsx"] and "密码" in reasons["有密码.xlsx"]
    assert "文本" in reasons["其实是文本.xlsx"]
    good = {r["rel"]: r for r in out.records if r["rel"] in (GOOD, WITH_ERRORS)}
    assert good[GOOD]["counts"]["error"] == 0 and len(good[GOOD]["projects"]) == 15
    assert good[WITH_ERRORS]["counts"]["error"] > 0
    assert good[GOOD]["period"] == "2023-07" and good[GOOD]["unit"] == "涞源县涞源镇人民政府"
    assert out.exit_code == EXIT_TROUBLE
    assert checksums(folder, BAD + ("~$别的表.xlsx",)) == before
    # check mode: nothing written into the folder
    assert not (folder / ".perfxl-manifest.json").exists()
    assert not list(folder.glob("perfxl*"))


def test_summary_lists_projects_findings_and_failures(folder, tmp_path):
    out = run_batch([folder], config_for=configs, write=False, jobs=2,
                    summary_dir=tmp_path / "汇总")
    assert out.summary_path == tmp_path / "汇总" / "perfxl汇总_2023-07.xlsx"
    rows = sheet(out.summary_path, "汇总")
    projects = [r for r in rows[1:] if r[3]]
    assert len(projects) == 30
    assert {r[1] for r in projects} == {"../绩效/完整.xlsx", "../绩效/乡镇/原文.xlsx"}
    first = next(r for r in projects if r[1] == "../绩效/完整.xlsx")
    assert first[0] == "涞源县涞源镇人民政府" and first[2] == "2023-07"
    findings = sheet(out.summary_path, "全部问题")
    n_errors = sum(r["counts"]["error"] + r["counts"]["warning"] + r["counts"]["info"]
                   for r in out.records)
    assert len(findings) - 1 == n_errors
    failed = sheet(out.summary_path, "无法处理")
    assert sorted(Path(r[0]).name for r in failed[1:]) == sorted(BAD)
    assert all(r[2] for r in failed[1:])


def test_serial_and_parallel_summaries_are_identical(folder, tmp_path):
    one = run_batch([folder], config_for=configs, write=False, jobs=1, summary_dir=tmp_path / "s1")
    two = run_batch([folder], config_for=configs, write=False, jobs=2, summary_dir=tmp_path / "s2")
    assert list(one.records) == list(two.records)
    for name in ("汇总", "全部问题", "无法处理", "图表", "历史"):
        assert sheet(one.summary_path, name) == sheet(two.summary_path, name), name


def test_xls_is_read_never_written(tmp_path):
    root = tmp_path / "旧"
    root.mkdir()
    make_xls(root / "旧格式.xls")
    before = (root / "旧格式.xls").read_bytes()
    out = run_batch([root], config_for=configs, write=False, jobs=1, summary=False)
    assert [r["rel"] for r in out.records] == ["旧格式.xls"]
    assert out.records[0]["status"] != "error", out.records[0]["error"]
    assert (root / "旧格式.xls").read_bytes() == before


# --------------------------------------------------------------------------- run (write-back)


def sheet_names(path: Path) -> list[str]:
    return list(CalamineWorkbook.from_path(str(path)).sheet_names)


def test_run_writes_results_skips_bad_files_and_summarises(folder):
    before = checksums(folder, BAD + ("~$别的表.xlsx",))
    out = run_batch([folder], config_for=configs, jobs=2)
    assert out.exit_code == EXIT_TROUBLE
    written = {r["rel"] for r in out.records if r["status"] == "written"}
    assert written == {GOOD, WITH_ERRORS}
    for rel in written:
        assert sheet_names(folder / rel)[-2:] == ["校验结果", "评分结果"]
    assert checksums(folder, BAD + ("~$别的表.xlsx",)) == before
    assert out.summary_path == folder / "perfxl汇总_2023-07.xlsx"
    assert (folder / ".perfxl-manifest.json").exists()
    failed = sheet(out.summary_path, "无法处理")
    assert sorted(r[0] for r in failed[1:]) == sorted(BAD)


def test_rerun_over_unchanged_folder_touches_nothing_and_reuses_records(folder):
    first = run_batch([folder], config_for=configs, jobs=2)
    summary_stat, history_stat = first.summary_path.stat(), first.history_path.stat()
    sheet_before = sheet(first.summary_path, "汇总")
    snap = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (folder / GOOD, folder / WITH_ERRORS)}
    second = run_batch([folder], config_for=configs, jobs=2)
    assert second.reused == 2
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in snap} == snap
    strip = [{k: v for k, v in r.items() if k != "reused"} for r in second.records]
    assert strip == [{k: v for k, v in r.items() if k != "reused"} for r in first.records]
    # the same workbooks give the same summary: it is not even rewritten (its 新增/已解决 are
    # those of the last run that saw different files: here still 首次运行)
    assert second.summary_path == first.summary_path
    assert second.summary_path.stat().st_mtime_ns == summary_stat.st_mtime_ns
    assert second.history_path.stat().st_mtime_ns == history_stat.st_mtime_ns
    third = run_batch([folder], config_for=configs, jobs=2)
    assert third.summary_path.stat().st_mtime_ns == summary_stat.st_mtime_ns
    assert third.history_path.stat().st_mtime_ns == history_stat.st_mtime_ns
    (folder / "perfxl汇总_2023-07.xlsx").unlink()  # a deleted summary is made again
    forced = run_batch([folder], config_for=configs, jobs=2, force=True)
    assert forced.reused == 0
    assert sheet(forced.summary_path, "汇总") == sheet_before
    assert sheet_names(folder / GOOD).count("校验结果") == 1  # still one set of result sheets


def test_a_workbook_open_in_excel_is_skipped_then_done_next_time(folder):
    owner = folder / "乡镇" / "~$原文.xlsx"
    owner.write_bytes(b"\x06admin" + b" " * 48 + b"\0" * 111)
    before = (folder / WITH_ERRORS).read_bytes()
    out = run_batch([folder], config_for=configs, jobs=2, summary=False)
    locked = next(r for r in out.records if r["rel"] == WITH_ERRORS)
    assert locked["status"] == "skipped-locked" and locked["error"]
    assert (folder / WITH_ERRORS).read_bytes() == before
    owner.unlink()
    again = run_batch([folder], config_for=configs, jobs=2, summary=False)
    done = next(r for r in again.records if r["rel"] == WITH_ERRORS)
    assert done["status"] == "written" and not done["reused"]
    assert next(r for r in again.records if r["rel"] == GOOD)["reused"]


def test_history_across_months_rerun_replaces_the_month(tmp_path):
    from perfxl.summary.history import HISTORY_NAME, read_history

    june = build_folder(tmp_path / "六月", month=6)
    july = build_folder(tmp_path / "七月", month=7)
    summaries = tmp_path / "汇总"
    run_batch([june], config_for=configs, jobs=2, summary_dir=summaries)
    out = run_batch([july], config_for=configs, jobs=2, summary_dir=summaries)
    rows = read_history(summaries / HISTORY_NAME)
    assert sorted({r["period"] for r in rows}) == ["2023-06", "2023-07"]
    assert len(rows) == 2 * 30
    hist = sheet(out.summary_path, "历史")
    assert hist[0][2:4] == ["执行率 2023-06", "执行率 2023-07"]
    run_batch([june], config_for=configs, jobs=1, summary_dir=summaries, force=True)
    again = read_history(summaries / HISTORY_NAME)
    assert len(again) == 2 * 30
    assert [r for r in again if r["period"] == "2023-07"] == [
        r for r in rows if r["period"] == "2023-07"]


def test_run_on_xls_writes_results_beside_it_and_never_into_it(tmp_path):
    root = tmp_path / "旧"
    root.mkdir()
    make_xls(root / "旧格式.xls")
    before = (root / "旧格式.xls").read_bytes()
    out = run_batch([root], config_for=configs, jobs=1, summary=False)
    (rec,) = list(out.records)
    assert rec["status"] == "written", rec
    assert Path(rec["output"]) == root / "旧格式.perfxl.xlsx"
    assert (root / "旧格式.xls").read_bytes() == before
    again = run_batch([root], config_for=configs, jobs=1, summary=False)
    assert [r["rel"] for r in again.records] == ["旧格式.xls"]  # the result file is not an input
    assert again.reused == 1


def test_each_folder_is_listed_once_however_many_workbooks_it_holds(tmp_path, monkeypatch):
    """On a share every listing is a round trip: a run lists a folder once (to find its
    workbooks and an interrupted run's temporary files), not once more per workbook in it."""
    import os

    from perfxl.discover import TEMP_MARK

    root = tmp_path / "绩效"
    (root / "乡镇").mkdir(parents=True)
    write_workbook(root / "乡镇" / "甲.xlsx", laiyuan_2023(complete=True))
    for name in ("乙.xlsx", "丙.xlsx", "丁.xlsx"):
        (root / "乡镇" / name).write_bytes((root / "乡镇" / "甲.xlsx").read_bytes())
    make_xls(root / "旧格式.xls")
    left = [root / "乡镇" / f"乙.xlsx{TEMP_MARK}-deadbeef",  # a run killed mid-write left these
            root / f"旧格式.perfxl.xlsx{TEMP_MARK}-0badf00d"]
    for p in left:
        p.write_bytes(b"PK\x03\x04 half")
    listed: list[Path] = []
    real_listdir, real_scandir = os.listdir, os.scandir

    def listdir(path="."):
        listed.append(Path(path))
        return real_listdir(path)

    def scandir(path="."):
        listed.append(Path(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "scandir", scandir)
    out = run_batch([root], config_for=configs, jobs=1, summary=False)
    assert [r["status"] for r in out.records] == ["written"] * 5
    folders = [p for p in listed if p in (root, root / "乡镇")]
    assert sorted(folders) == sorted([root, root / "乡镇"])
    assert not any(p.exists() for p in left)


def test_a_folder_without_permission_is_reported_not_left_out(tmp_path, monkeypatch):
    """One department's folder cannot be listed: the run says so, lists it under 无法处理 in
    the summary, exits 2 — and still processes everything else."""
    import os

    from perfxl.batch import EXIT_TROUBLE

    root = tmp_path / "绩效"
    (root / "甲单位").mkdir(parents=True)
    (root / "乙单位").mkdir()
    write_workbook(root / "甲单位" / "甲.xlsx", laiyuan_2023(complete=True))
    (root / "乙单位" / "乙.xlsx").write_bytes((root / "甲单位" / "甲.xlsx").read_bytes())
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "乙单位":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    told: list[str] = []
    out = run_batch([root], config_for=configs, jobs=1, notify=told.append)
    assert [r["rel"] for r in out.records] == ["甲单位/甲.xlsx"]
    assert out.records[0]["status"] == "written"
    assert out.exit_code == EXIT_TROUBLE
    assert any("乙单位" in m and "没有权限" in m for m in told)
    failed = sheet(out.summary_path, "无法处理")
    assert failed[1][:2] == ["乙单位/", "无法读取文件夹"] and "没有权限" in failed[1][2]


@pytest.mark.parametrize("open_file", ["perfxl汇总_2023-07.xlsx", "perfxl历史.csv"])
def test_a_summary_or_history_open_in_excel_is_left_alone_and_said_so(folder, open_file):
    """The 财政局 reviewer has last run's summary (or the history CSV) open in Excel: the run
    writes every workbook, leaves both files as they are, and says which file to close."""
    from perfxl.summary.history import HISTORY_NAME

    run_batch([folder], config_for=configs, jobs=1)
    summary, history = folder / "perfxl汇总_2023-07.xlsx", folder / HISTORY_NAME
    before = summary.read_bytes(), history.read_bytes()
    (folder / "空文件.xlsx").unlink()  # the month's records change: the summary is due again
    owner = folder / ("~$" + open_file)
    owner.write_bytes(b"\x06admin" + b" " * 48)
    told: list[str] = []
    out = run_batch([folder], config_for=configs, jobs=1, notify=told.append)
    assert (summary.read_bytes(), history.read_bytes()) == before
    assert out.summary_failed and out.exit_code == EXIT_TROUBLE
    assert any(open_file in m and "Excel/WPS" in m and "关闭" in m for m in told), told
    assert all(r["status"] in ("written", "unchanged") or r["error"] for r in out.records)
    owner.unlink()  # closed: the next run brings both up to date
    out = run_batch([folder], config_for=configs, jobs=1)
    assert not out.summary_failed
    assert "空文件.xlsx" not in [row[0] for row in sheet(summary, "无法处理")]
