"""``perfxl run DIR`` and staff decisions: a workbook whose only change is a decision is re-read
(and our own write is not a change), ``--force`` keeps decisions, a decision whose finding is
gone is dropped and said once."""

from __future__ import annotations

import json

from click.testing import CliRunner

from perfxl.cli import main
from tests.helpers.batchfix import sheet
from tests.helpers.decisionsfix import (COUNT_ERROR, TOTAL_ERROR, findings_rows,
                                        fix_declared_count, set_decision, two_error_workbook)

NAME = "乡镇/涞源镇2023.xlsx"
GONE = "1 条处理意见对应的问题已不存在，已删除"


def run(folder, *more):
    res = CliRunner().invoke(main, ["run", str(folder), "--jobs", "1", "--format", "json",
                                    *more], env={"CI": "1"})
    (doc,) = [json.loads(x) for x in res.stdout.splitlines()]
    return res, doc


def test_a_decision_edit_is_re_read_and_waived_errors_leave_the_exit_code(tmp_path):
    folder = tmp_path / "绩效"
    path = two_error_workbook(folder / NAME)
    res, doc = run(folder)
    assert res.exit_code == 1 and doc["counts"]["error"] == 2
    res, doc = run(folder)
    assert doc["reused"]  # our own write is no change

    set_decision(path, COUNT_ERROR, "已核实无误")
    set_decision(path, TOTAL_ERROR, "不适用")
    res, doc = run(folder)
    assert not doc["reused"]  # staff edited 处理意见: the bytes changed, the file is re-read
    assert res.exit_code == 0, res.output
    assert doc["counts"]["error"] == 0  # the unit's error count drops …
    assert {f["code"]: f["decision"] for f in doc["findings"]} == {  # … both still listed
        COUNT_ERROR: "已核实无误", TOTAL_ERROR: "不适用"}
    (summary,) = folder.glob("perfxl汇总_*.xlsx")
    findings = sheet(summary, "全部问题")
    assert findings[0][-1] == "处理意见"
    assert sorted((r[4], r[-1]) for r in findings[1:]) == [(TOTAL_ERROR, "不适用"),
                                                           (COUNT_ERROR, "已核实无误")]
    units = sheet(summary, "汇总")
    errors = units[0].index("错误")
    assert {r[errors] for r in units[1:] if r[errors] != ""} == {0}  # the unit's error count
    res, doc = run(folder)
    assert doc["reused"] and res.exit_code == 0 and doc["counts"]["error"] == 0

    res, doc = run(folder, "--force")  # redone from the file: the decisions are read again
    assert not doc["reused"] and res.exit_code == 0
    assert findings_rows(path) == {COUNT_ERROR: (2, "已核实无误"), TOTAL_ERROR: (3, "不适用")}


def test_a_decision_on_a_fixed_finding_is_dropped_and_reported_once(tmp_path):
    folder = tmp_path / "绩效"
    path = two_error_workbook(folder / NAME)
    run(folder)
    set_decision(path, COUNT_ERROR, "已修改")
    set_decision(path, TOTAL_ERROR, "已核实无误")
    fix_declared_count(path)
    res, doc = run(folder)
    assert res.exit_code == 0, res.output
    assert doc["stale_decisions"] == 1 and GONE in doc["message"]
    assert f"{NAME}：{GONE}" in res.stderr
    assert findings_rows(path) == {TOTAL_ERROR: (2, "已核实无误")}  # the PX202 row is gone

    res, doc = run(folder)  # unchanged since: not said again
    assert doc["reused"] and GONE not in res.stderr
    res, doc = run(folder, "--force")  # nor when redone: the decision is no longer in the file
    assert doc["stale_decisions"] == 0 and GONE not in res.stderr
    assert findings_rows(path) == {TOTAL_ERROR: (2, "已核实无误")} and res.exit_code == 0
