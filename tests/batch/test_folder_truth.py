"""Issue 15, "done when": a shared folder as towns really hand it in, run twice with the clock in
December 2026 — a salary workbook (工资表), a 修改后 duplicate, a blank template, two 2023 unit
workbooks, a 2023 申报表 export, and a roster with one unit missing — gives exactly the issue's
results, the second run being a re-run, and the salary workbook stays byte-identical."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from freezegun import freeze_time
from python_calamine import CalamineWorkbook

from perfxl.cli import main
from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook
from tests.helpers.exportfix import Export, Ind, default_indicators, write_export

ELSEWHERE = "2026-12-07 10:00:00"


def salary(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("工资表")
    for r, row in enumerate([("姓名", "岗位工资", "薪级工资", "合计"), ("张三", 2300, 1850, 4150),
                             ("李四", 2100, 1600, 3700)]):
        ws.write_row(r, 0, row)
    wb.close()
    return path


def unit_workbook(path: Path, unit: str) -> Path:
    spec = laiyuan_2023(complete=True)
    write_workbook(path, dataclasses.replace(spec, unit=dataclasses.replace(spec.unit, name=unit)))
    return path


def sheet(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def sheet_names(path: Path) -> list[str]:
    return CalamineWorkbook.from_path(str(path)).sheet_names


def text_of(rows: list[list]) -> str:
    return "\n".join(" | ".join(str(c) for c in row if c not in ("", None)) for row in rows)


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "绩效自评"
    root.mkdir()
    salary(root / "工资表.xlsx")
    unit_workbook(root / "涞源镇2023自评.xlsx", "涞源县涞源镇人民政府")
    unit_workbook(root / "涞源镇2023自评（修改后）.xlsx", "涞源县涞源镇人民政府")
    os.utime(root / "涞源镇2023自评.xlsx", (1_700_000_000, 1_700_000_000))  # the older copy
    unit_workbook(root / "东团堡乡2023自评.xlsx", "涞源县东团堡乡人民政府")
    assert CliRunner().invoke(main, ["template", str(root / "空白模板.xlsx")]).exit_code == 0
    # a 申报表 with a 成本 indicator: reviewed since issue 16, it has no error (warnings only)
    indicators = default_indicators()
    indicators.insert(5, Ind("产出指标", "成本指标", "安全管理成本", "≤190万元", "≤570万元"))
    write_export(root / "2023申报表.xlsx", Export(declaration_year=2023, monitoring_year=2023,
                                                 selfeval_year=2023, month=None, selfeval="none",
                                                 indicators=indicators))
    roster = tmp_path / "单位名单.xlsx"
    wb = xlsxwriter.Workbook(str(roster))
    ws = wb.add_worksheet()
    for r, name in enumerate(["单位名称", "涞源镇人民政府", "东团堡乡", "某县城关镇中心小学",
                              "涞源县白石山镇人民政府"]):
        ws.write(r, 0, name)
    wb.close()
    return root, roster


def digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_a_real_shared_folder_twice(folder, tmp_path):
    root, roster = folder
    summary_dir = tmp_path / "汇总"
    before = digest(root / "工资表.xlsx")
    args = ["run", str(root), "--roster", str(roster), "--jobs", "1", "--summary-dir", str(summary_dir)]
    with freeze_time(ELSEWHERE):
        first = CliRunner().invoke(main, args, env={"CI": "1"})
        second = CliRunner().invoke(main, args, env={"CI": "1"})
    for res in (first, second):
        assert res.exit_code == 0, res.output  # no file unreadable, no error finding counted
        assert "工资表.xlsx" in res.output and "未识别，未写入" in res.output
        assert "涞源县白石山镇人民政府" in res.output  # the roster's missing unit is named

    # only our workbooks are written: the salary workbook keeps its bytes and its mtime
    assert digest(root / "工资表.xlsx") == before
    assert sheet_names(root / "工资表.xlsx") == ["工资表"]
    for ours in ("涞源镇2023自评.xlsx", "涞源镇2023自评（修改后）.xlsx", "东团堡乡2023自评.xlsx",
                 "空白模板.xlsx", "2023申报表.xlsx"):
        assert "校验结果" in sheet_names(root / ours), ours

    # periods from the files: 2023, never the clock's 2026
    summaries = sorted(summary_dir.glob("perfxl汇总*.xlsx"))
    assert [p.name for p in summaries] == ["perfxl汇总_2023-12.xlsx"]
    summary = summaries[0]
    history = list(csv.DictReader(io.StringIO(
        (summary_dir / "perfxl历史.csv").read_text(encoding="utf-8-sig"))))
    assert history and {row["期间"] for row in history} == {"2023-12"}  # 记录时间 is the clock's

    unrecognised = sheet(summary, "未识别文件")
    assert [Path(r[0]).name for r in unrecognised[1:]] == ["工资表.xlsx"]
    duplicates = text_of(sheet(summary, "重复报送"))
    assert "涞源镇2023自评.xlsx" in duplicates and "涞源镇2023自评（修改后）.xlsx" in duplicates
    missing = {(r[0], r[1]) for r in sheet(summary, "未报送单位")[1:]}
    assert ("涞源县白石山镇人民政府", "未报送") in missing
    # the roster writes 涞源镇人民政府 and 东团堡乡; the workbooks 涞源县涞源镇人民政府 …
    assert not {name for name, what in missing if what == "未报送"} - {"涞源县白石山镇人民政府"}
    assert not any("涞源镇" in name or "东团堡乡" in name for name, _ in missing)

    # the duplicate counts once, the blank template is 未填写 and graded nowhere
    rows = sheet(summary, "汇总")
    head = rows[0]
    by_file = {}
    for r in rows[1:]:
        by_file.setdefault(Path(r[head.index("文件")]).name, []).append(r[head.index("等级")])
    assert set(by_file) == {"涞源镇2023自评（修改后）.xlsx", "东团堡乡2023自评.xlsx", "空白模板.xlsx",
                            "2023申报表.xlsx"}
    assert set(by_file["空白模板.xlsx"]) == {"未填写"}
    assert "差" not in {g for grades in by_file.values() for g in grades}
    units = [r[0] for r in sheet(summary, "单位汇总")[1:]]
    assert sorted(units) == sorted(set(units))  # one row per unit: the duplicate adds none
    assert not any("工资" in u for u in units)

    # the history counts each submission once: the older copy and the salary workbook add nothing
    files_in_history = {Path(row["文件"]).name for row in history}
    assert "涞源镇2023自评（修改后）.xlsx" in files_in_history
    assert not files_in_history & {"涞源镇2023自评.xlsx", "工资表.xlsx"}

    # the second run is a re-run: every file unchanged, the same summary, showing the changes it
    # shows (of the last run that saw different files: here the first, 首次运行)
    assert "共 6 个工作簿：已处理 5 个（其中 5 个未变化，沿用上次结果）" in second.output
    assert "问题变化：本期首次运行" in second.output
    for name in ("未识别文件", "重复报送", "未报送单位", "单位汇总"):
        print(f"## {name}\n{text_of(sheet(summary, name))}")
