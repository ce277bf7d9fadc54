"""Issue 15, item 4: a form with no amounts and no actuals (a blank ``perfxl template``, a form
whose indicator table is empty) is 未填写 — never graded or averaged: no score or grade in the
result, 未填写 in 评分结果, the summary and the terminal, out of grade counts and unit figures,
one PX110 note on its title cell and no finding per empty field. The blank template is ours: it
is written (results appended)."""

from __future__ import annotations

import csv
import dataclasses
import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from perfxl.cli import main
from perfxl.examples import laiyuan_2023
from perfxl.write.spec import ProjectSpec
from perfxl.write.template import write_workbook


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"CI": "1"})


def sheet_rows(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def check_json(path: Path) -> dict:
    res = invoke("check", path, "--format", "json")
    [doc] = json.loads(res.stdout)["workbooks"]
    return doc


def with_blank_form(path: Path) -> Path:
    """The complete example workbook plus one 自评表 nobody filled in."""
    spec = laiyuan_2023(complete=True)
    write_workbook(path, dataclasses.replace(
        spec, projects=[*spec.projects, ProjectSpec(sheet="自评表99", year=2023)]))
    return path


def test_blank_template_is_unfilled_not_graded_and_written(tmp_path):
    path = tmp_path / "模板.xlsx"
    assert invoke("template", path).exit_code == 0
    doc = check_json(path)
    assert doc["status"] == "checked" and "自评表" in doc["forms"]
    assert [(p["status"], p["total_score"], p["grade"]) for p in doc["projects"]] == \
        [("unfilled", None, None)] * 3
    assert {f["code"] for f in doc["findings"]} == {"PX110"}  # no PX102/PX401 flood
    assert [f["cell"] for f in doc["findings"] if f["sheet"] == "自评表01"] == ["A1:I1"]
    text = invoke("check", path)
    assert text.exit_code == 0 and "未填写" in text.stdout and "差" not in text.stdout
    run = invoke("run", path)
    assert run.exit_code == 0, run.output
    assert [r[-1] for r in sheet_rows(path, "评分结果")[1:]] == ["未填写"] * 3


def test_a_blank_form_does_not_lower_the_units_figures(tmp_path):
    plain, padded = tmp_path / "a" / "单位.xlsx", tmp_path / "b" / "单位.xlsx"
    plain.parent.mkdir()
    padded.parent.mkdir()
    write_workbook(plain, laiyuan_2023(complete=True))
    with_blank_form(padded)
    scored = [p for p in check_json(padded)["projects"] if p["status"] == "scored"]
    [blank] = [p for p in check_json(padded)["projects"] if p["status"] == "unfilled"]
    assert blank["sheet"] == "自评表99" and blank["grade"] is None and blank["budget"] is None
    assert [p["total_score"] for p in scored] == \
        [p["total_score"] for p in check_json(plain)["projects"]]
    assert all(f["code"] == "PX110" for f in check_json(padded)["findings"]
               if f["sheet"] == "自评表99")
    for folder in (plain.parent, padded.parent):
        assert invoke("run", folder, "--jobs", 1).exit_code in (0, 1)
    summaries = [next(f.parent.glob("perfxl汇总_*.xlsx")) for f in (plain, padded)]
    charts = [sheet_rows(s, "图表") for s in summaries]
    grades = [{r[0]: r[1] for r in c[1:5]} for c in charts]
    assert grades[0] == grades[1] and grades[1]["差"] == 0  # not counted 差, not counted at all
    units = [[r[3:6] for r in c[1:] if r[3]] for c in charts]
    assert units[0] == units[1]  # the unit's 执行率 is the same
    rows = sheet_rows(summaries[1], "汇总")
    [row] = [r for r in rows if r[3] == "自评表99"]
    assert row[9] == "未填写" and row[8] == ""  # 等级 未填写, no 得分
    with open(padded.parent / "perfxl历史.csv", encoding="utf-8-sig") as f:
        history = list(csv.DictReader(f))
    [h] = [r for r in history if r["项目"] == "自评表99"]
    assert h["得分"] == "" and h["等级"] == ""
    scores = [Decimal(r["得分"]) for r in history if r["得分"]]
    assert len(scores) == len(scored)  # the unit's average is over the graded forms only
