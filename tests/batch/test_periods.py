"""Periods come from the files only (issue 15, item 2): a workbook's period is read from it —
数据截至, 评价年度, the （YYYY年度） titles — and a workbook that names none is 期间不明; nothing is
dated by the machine's clock. Real workbooks, the real batch."""

from __future__ import annotations

import json
from pathlib import Path

from freezegun import freeze_time
from python_calamine import CalamineWorkbook

from perfxl.batch import run_batch
from perfxl.result import PERIOD_UNKNOWN
from perfxl.summary.history import HISTORY_NAME, read_history
from tests.helpers.batchfix import configs, sheet
from tests.helpers.periodfix import unit_workbook

ELSEWHERE = "2031-06-15 10:00:00"  # a clock no workbook here says anything about


def all_cells(path: Path) -> list[str]:
    wb = CalamineWorkbook.from_path(str(path))
    return [str(v) for name in wb.sheet_names
            for row in wb.get_sheet_by_name(name).to_python() for v in row]


def run(folder: Path, summary: Path, **kw):
    return run_batch([folder], config_for=configs, jobs=1, summary_dir=summary, **kw)


def test_a_2023_folder_run_with_the_clock_elsewhere_says_2023_everywhere(tmp_path):
    folder, summary = tmp_path / "2023", tmp_path / "汇总"
    unit_workbook(folder / "甲.xlsx", as_of="2023年12月")
    unit_workbook(folder / "乙.xlsx", as_of=None, unit="涞源县银坊镇人民政府")  # 评价年度 only
    with freeze_time(ELSEWHERE):
        out = run(folder, summary)
    records = {r["rel"]: r for r in out.records}
    assert {rel: (r["period"], r["period_source"]) for rel, r in records.items()} == {
        "甲.xlsx": ("2023-12", "数据截至"), "乙.xlsx": ("2023-12", "评价年度（年末）")}
    assert out.period == "2023-12"
    assert out.summary_path == summary / "perfxl汇总_2023-12.xlsx"
    assert [p.name for p in summary.glob("perfxl汇总_*")] == ["perfxl汇总_2023-12.xlsx"]
    history = read_history(summary / HISTORY_NAME)
    assert history and {r["period"] for r in history} == {"2023-12"}
    # 记录时间 is when the row was recorded — the one use of the clock, and not a period
    assert not [r for r in history if "2031" in json.dumps({k: v for k, v in r.items()
                                                             if k != "recorded"})]
    assert not [c for c in all_cells(out.summary_path) if "2031" in c]
    assert {r[2] for r in sheet(out.summary_path, "汇总")[1:]} == {"2023-12"}
    assert sheet(out.summary_path, "历史")[0][2] == "执行率 2023-12"


def test_a_workbook_naming_no_year_is_period_unknown_not_this_month(tmp_path):
    folder, summary = tmp_path / "无年度", tmp_path / "汇总"
    unit_workbook(folder / "没写年度.xlsx", year=None, as_of=None)
    with freeze_time(ELSEWHERE):
        out = run(folder, summary, write=False)
    (rec,) = list(out.records)
    assert rec["status"] == "checked"
    assert (rec["period"], rec["period_source"], rec["year"], rec["month"]) == (
        None, PERIOD_UNKNOWN, None, None)
    assert out.period is None
    assert out.summary_path == summary / f"perfxl汇总_{PERIOD_UNKNOWN}.xlsx"
    rows = sheet(out.summary_path, "汇总")[1:]
    assert rows and {r[2] for r in rows} == {PERIOD_UNKNOWN}
    assert read_history(summary / HISTORY_NAME) == []  # no month made up for it
    assert not [c for c in all_cells(out.summary_path) if "2031" in c]


def test_a_2023_and_a_2024_workbook_are_each_filed_under_their_own_period(tmp_path):
    folder, summary = tmp_path / "两年", tmp_path / "汇总"
    unit_workbook(folder / "2023.xlsx", year=2023, as_of="2023年12月")
    unit_workbook(folder / "2024.xlsx", year=2024, as_of="2024年6月")
    out = run(folder, summary, write=False)
    assert {r["rel"]: r["period"] for r in out.records} == {"2023.xlsx": "2023-12",
                                                            "2024.xlsx": "2024-06"}
    assert not [r for r in out.records if r["duplicate_of"]]  # two years: two submissions
    # the summary: each workbook's rows say its own period; named by the latest on a tie
    assert out.summary_path.name == "perfxl汇总_2024-06.xlsx"
    rows = sheet(out.summary_path, "汇总")[1:]
    assert {(r[1].split("/")[-1], r[2]) for r in rows} == {("2023.xlsx", "2023-12"),
                                                           ("2024.xlsx", "2024-06")}
    # the history agrees with the summary on every workbook's period
    history = read_history(summary / HISTORY_NAME)
    assert {(r["file"].split("/")[-1], r["period"]) for r in history} == {
        ("2023.xlsx", "2023-12"), ("2024.xlsx", "2024-06")}
    assert [r["period"] for r in history] == sorted(r["period"] for r in history)
    hist = sheet(out.summary_path, "历史")
    assert hist[0][2:4] == ["执行率 2023-12", "执行率 2024-06"]


def test_the_most_common_period_names_the_summary(tmp_path):
    folder, summary = tmp_path / "多数", tmp_path / "汇总"
    unit_workbook(folder / "甲.xlsx", as_of="2023年7月")
    unit_workbook(folder / "乙.xlsx", as_of="2023年7月", unit="涞源县银坊镇人民政府")
    unit_workbook(folder / "丙.xlsx", year=2022, as_of="2022年12月", unit="涞源县王安镇人民政府")
    out = run(folder, summary, write=False)
    assert out.summary_path.name == "perfxl汇总_2023-07.xlsx"
    history = read_history(summary / HISTORY_NAME)
    assert {r["period"] for r in history} == {"2022-12", "2023-07"}
