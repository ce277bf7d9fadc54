"""Issue 15, item 1: only our workbooks are written. A workbook in which no form is recognised
(a salary table left in the shared folder) keeps its bytes and its mtime under ``run FILE``,
``run DIR``, ``run DIR --output-dir`` and as an .xls; it is listed in the summary's 未识别文件
with its reason and nowhere else, has no findings and exit code 0. A salary sheet beside a 自评表
is a recognised workbook: results appended, the salary sheet untouched."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from python_calamine import CalamineWorkbook

from perfxl.cli import main
from perfxl.examples import laiyuan_2023
from perfxl.schema import result_schema
from perfxl.write.template import write_workbook

SALARY = "工资表.xlsx"
REASON = "未找到自评表（标题“项目支出绩效自评表”）、申报表、执行监控表或项目清单"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"CI": "1"})


def salary_workbook(path: Path) -> Path:
    """One sheet of names and amounts, as a 工资表 is."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("工资")
    ws.write_row(0, 0, ["姓名", "基本工资", "绩效工资", "合计"])
    for r, (name, base, bonus) in enumerate((("张三", 3000, 500), ("李四", 3200, 600)), start=1):
        ws.write_row(r, 0, [name, base, bonus])
        ws.write_formula(r, 3, f"=B{r + 1}+C{r + 1}", None, base + bonus)
    wb.close()
    old = 1_600_000_000_000_000_000  # an mtime long ago: a rewrite would show
    os.utime(path, ns=(old, old))
    return path


def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def sheet_rows(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def sheet_names(path: Path) -> list[str]:
    return CalamineWorkbook.from_path(str(path)).sheet_names


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "绩效"
    root.mkdir()
    write_workbook(root / "完整.xlsx", laiyuan_2023(complete=True))
    salary_workbook(root / SALARY)
    return root


def test_run_dir_leaves_the_salary_workbook_alone_and_lists_it_apart(folder):
    before = state(folder / SALARY)
    res = invoke("run", folder, "--jobs", 1)
    assert res.exit_code == 0, res.output
    assert state(folder / SALARY) == before
    assert f"== {SALARY}  未识别，未写入：{REASON}" in res.stdout
    [summary] = folder.glob("perfxl汇总_*.xlsx")
    rows = sheet_rows(summary, "未识别文件")
    assert rows[0] == ["文件", "原因"] and len(rows) == 2
    assert rows[1][0] == SALARY and rows[1][1].startswith(REASON) and "“工资”" in rows[1][1]
    for name in ("汇总", "全部问题", "无法处理", "图表"):  # nowhere else
        assert not any(SALARY in str(c) or "工资" == c for r in sheet_rows(summary, name)
                       for c in r), name
    assert SALARY not in (folder / "perfxl历史.csv").read_text(encoding="utf-8-sig")
    # the other workbook is written as before
    assert "校验结果" in sheet_names(folder / "完整.xlsx")


def test_a_rerun_reuses_the_unrecognised_record_and_keeps_its_row(folder):
    assert invoke("run", folder, "--jobs", 1).exit_code == 0
    before = state(folder / SALARY)
    again = invoke("run", folder, "--jobs", 1, "--format", "json")
    assert again.exit_code == 0, again.output
    [rec] = [json.loads(x) for x in again.stdout.splitlines() if SALARY in x]
    assert rec["status"] == "unrecognised" and rec["reused"] and rec["findings"] == []
    assert state(folder / SALARY) == before
    [summary] = folder.glob("perfxl汇总_*.xlsx")
    assert [r[0] for r in sheet_rows(summary, "未识别文件")[1:]] == [SALARY]


def test_alone_it_exits_0_with_no_finding(tmp_path):
    root = tmp_path / "只有工资表"
    root.mkdir()
    before = state(salary_workbook(root / SALARY))
    res = invoke("run", root, "--jobs", 1)
    assert res.exit_code == 0, res.output
    assert "PX101" not in res.stdout and state(root / SALARY) == before
    checked = invoke("check", root / SALARY, "--format", "json")
    assert checked.exit_code == 0
    [doc] = json.loads(checked.stdout)["workbooks"]
    assert (doc["status"], doc["findings"], doc["unit"], doc["period"], doc["forms"]) == \
        ("unrecognised", [], None, None, [])
    assert doc["unrecognised"].startswith(REASON)
    Draft202012Validator(result_schema()).validate(json.loads(checked.stdout))


def test_run_file_writes_nothing(tmp_path):
    path = salary_workbook(tmp_path / SALARY)
    before = state(path)
    res = invoke("run", path)
    assert res.exit_code == 0, res.output
    assert "未识别，未写入" in res.stdout and "原文件未改动" in res.stdout
    assert state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [SALARY]


def test_output_dir_makes_no_copy_of_it(folder, tmp_path):
    out = tmp_path / "结果"
    before = state(folder / SALARY)
    res = invoke("run", folder, "--jobs", 1, "--output-dir", out)
    assert res.exit_code == 0, res.output
    assert state(folder / SALARY) == before
    assert not list(out.rglob(f"{Path(SALARY).stem}*"))
    assert (out / "完整.xlsx").exists()  # the workbook that is ours is copied as before


def test_an_xls_salary_table_gets_no_result_file_beside_it(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("工资")
    for c, v in enumerate(("姓名", "基本工资")):
        ws.write(0, c, v)
    ws.write(1, 0, "张三")
    ws.write(1, 1, 3000)
    path = tmp_path / "工资表.xls"
    wb.save(str(path))
    before = state(path)
    res = invoke("run", path)
    assert res.exit_code == 0, res.output
    assert state(path) == before and sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_salary_sheet_beside_a_form_is_written_with_the_salary_sheet_untouched(tmp_path):
    path = tmp_path / "单位.xlsx"
    write_workbook(path, laiyuan_2023(complete=True))
    _add_salary_sheet(path)
    salary_xml = _sheet_xml(path, "工资")
    res = invoke("run", path)
    assert res.exit_code == 0, res.output
    names = sheet_names(path)
    assert "工资" in names and names[-2:] == ["校验结果", "评分结果"]
    assert _sheet_xml(path, "工资") == salary_xml


def _add_salary_sheet(path: Path) -> None:
    """The example workbook with a salary sheet added by openpyxl (as if staff pasted it)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("工资")
    ws.append(["姓名", "基本工资"])
    ws.append(["张三", 3000])
    wb.save(path)


def _sheet_xml(path: Path, name: str) -> bytes:
    """The worksheet part of sheet ``name`` (found through workbook.xml and its rels)."""
    import re

    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet[^>]*name="{name}"[^>]*r:id="([^"]+)"', workbook).group(1)
        target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
            re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
        part = target.group(1).lstrip("/")
        return z.read(part if part.startswith("xl/") else "xl/" + part)
