"""重复报送 (issue 15, item 3): two workbooks of one unit, year and form kind are one submission;
the newer counts (数据截至, then a 修改后-like marker in the name, then the file time), the
other is listed in the 重复报送 sheet and adds nothing to the summary's rows, grade counts,
unit rows or the history — but both are still checked and written. Real workbooks, real batch."""

from __future__ import annotations

import time

from perfxl.batch import run_batch
from perfxl.summary.duplicates import marker_in, revision_markers
from perfxl.summary.history import HISTORY_NAME, read_history
from tests.helpers.batchfix import configs, sheet
from tests.helpers.periodfix import UNIT, unit_workbook

ORIGINAL, REVISED = "XX镇2023自评.xlsx", "XX镇2023自评（修改后）.xlsx"
OTHER_UNIT = "涞源县银坊镇人民政府"


def run(folder, summary, **kw):
    kw.setdefault("write", False)
    return run_batch([folder], config_for=configs, jobs=1, summary_dir=summary, **kw)


def used_and_copy(out) -> tuple[str, str, str]:
    """(the file that counts, its copy, why) of a folder with exactly one duplicate."""
    (copy,) = [r for r in out.records if r["duplicate_of"]]
    used = next(r for r in out.records if r["path"] == copy["duplicate_of"])
    return used["rel"], copy["rel"], copy["duplicate_reason"]


def test_a_revised_copy_counts_once_and_is_listed_in_its_sheet(tmp_path):
    folder, summary = tmp_path / "报送", tmp_path / "汇总"
    now = time.time()
    unit_workbook(folder / ORIGINAL, complete=False, mtime=now - 86400)
    unit_workbook(folder / REVISED, complete=True, mtime=now - 86400)
    unit_workbook(folder / "银坊镇.xlsx", unit=OTHER_UNIT)
    out = run(folder, summary, write=True)
    # both are the staff's files: both checked and written
    assert {r["rel"]: r["status"] for r in out.records} == dict.fromkeys(
        [ORIGINAL, REVISED, "银坊镇.xlsx"], "written")
    assert used_and_copy(out) == (REVISED, ORIGINAL, "文件名含“修改后”")

    rows = sheet(out.summary_path, "汇总")[1:]
    files = {r[1].split("/")[-1] for r in rows}
    assert files == {REVISED, "银坊镇.xlsx"}  # the unit once, by its revised copy
    assert len([r for r in rows if r[0] == UNIT]) == 15
    findings = sheet(out.summary_path, "全部问题")[1:]
    assert not [r for r in findings if r[0].endswith(ORIGINAL)]
    dup = sheet(out.summary_path, "重复报送")
    assert dup[0][:6] == ["单位", "年度", "报表", "未采用的文件（不计入汇总）", "采用的文件", "依据"]
    assert len(dup) == 2
    unit, year, kind, not_used, used, why = dup[1][:6]
    assert (unit, not_used.split("/")[-1], used.split("/")[-1], why) == (
        UNIT, ORIGINAL, REVISED, "文件名含“修改后”")
    assert str(year).startswith("2023") and kind == "单位自评工作簿"
    # grade counts: two units' projects, not three workbooks'
    grades = sheet(out.summary_path, "图表")
    counted = sum(r[1] for r in grades[1:5] if isinstance(r[1], (int, float)))
    assert counted == 30

    history = read_history(summary / HISTORY_NAME)
    ours = [r for r in history if r["unit"] == UNIT]
    assert len(ours) == 15 and {r["file"].split("/")[-1] for r in ours} == {REVISED}
    assert len({(r["unit"], r["period"], r["project"]) for r in ours}) == 15

    # a re-run: the same decision, the same summary
    again = run(folder, summary, write=True)
    assert used_and_copy(again) == (REVISED, ORIGINAL, "文件名含“修改后”")
    assert sheet(again.summary_path, "重复报送") == dup
    assert read_history(summary / HISTORY_NAME) == history


def test_a_later_data_as_of_beats_the_name_marker(tmp_path):
    folder = tmp_path / "数据截至"
    unit_workbook(folder / REVISED, as_of="2023年11月")
    unit_workbook(folder / ORIGINAL, as_of="2023年12月")
    used, copy, why = used_and_copy(run(folder, tmp_path / "汇总"))
    assert (used, copy) == (ORIGINAL, REVISED)
    assert why == "数据截至较晚（2023-12，另一份2023-11）"


def test_the_name_marker_beats_the_file_time(tmp_path):
    folder = tmp_path / "字样"
    now = time.time()
    unit_workbook(folder / REVISED, mtime=now - 3 * 86400)
    unit_workbook(folder / ORIGINAL, mtime=now - 86400)  # touched later, but not the revision
    used, copy, why = used_and_copy(run(folder, tmp_path / "汇总"))
    assert (used, copy, why) == (REVISED, ORIGINAL, "文件名含“修改后”")


def test_the_file_time_decides_last(tmp_path):
    folder = tmp_path / "时间"
    now = time.time()
    unit_workbook(folder / "b.xlsx", mtime=now - 3 * 86400)
    unit_workbook(folder / "a.xlsx", mtime=now - 86400)
    used, copy, why = used_and_copy(run(folder, tmp_path / "汇总"))
    assert (used, copy) == ("a.xlsx", "b.xlsx") and why.startswith("文件修改时间较晚")


def test_not_copies_other_unit_other_year_or_other_projects(tmp_path):
    folder = tmp_path / "不同"
    unit_workbook(folder / "甲2023.xlsx")
    unit_workbook(folder / "甲2022.xlsx", year=2022)
    unit_workbook(folder / "乙2023.xlsx", unit=OTHER_UNIT)
    # the same unit written with spaces around it is the same unit (names compared normalised)
    unit_workbook(folder / "甲2023（修改后）.xlsx", unit=" 涞源县涞源镇人民政府 ")
    out = run(folder, tmp_path / "汇总")
    assert used_and_copy(out)[:2] == ("甲2023（修改后）.xlsx", "甲2023.xlsx")


def test_the_markers_are_data_and_compared_across_widths():
    markers = revision_markers()
    assert {"修改后", "最终", "定稿"} <= set(markers)
    assert marker_in("XX镇2024自评(修改后).xlsx", markers) == "修改后"
    assert marker_in("XX镇2024自评（最终版）.xlsx", markers) == "最终"
    assert marker_in("XX镇2024自评.xlsx", markers) is None
