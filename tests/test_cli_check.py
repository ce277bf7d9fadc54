"""`perfxl check`: the read-only command and its JSON contract, on the shipped example."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfxl.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "涞源镇2023"
BUDGETS = ["2", "1", "2.07", "1.04", "2", "1", "1.04", "37.5", "19", "35", "5.0452", "1.819",
           "18.688", "17.573", "0.18"]


def check(*args):
    res = CliRunner().invoke(main, ["check", *map(str, args)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    return res


def test_json_carries_the_15_exact_budgets_and_the_declared_total():
    res = check(EXAMPLE / "完整.xlsx", "--format", "json")
    doc = json.loads(res.output)
    (wb,) = doc["workbooks"]
    assert wb["error"] is None
    assert [p["budget"] for p in wb["projects"]] == BUDGETS
    assert wb["project_list"]["declared_total"] == "144.9552"
    assert wb["project_list"]["listed_total"] == "144.9552"
    assert wb["project_list"]["declared_count"] == 15 and wb["project_list"]["listed_count"] == 15
    assert sum(Decimal(b) for b in BUDGETS) == Decimal("144.9552")


def test_json_carries_the_land_parcels_in_yuan_and_mu():
    doc = json.loads(check(EXAMPLE / "完整.xlsx", "--format", "json").output)
    parcels = doc["workbooks"][0]["parcels"]
    areas = [p["area"] for p in parcels if not p["subtotal"]]
    assert areas == ["50.452", "18.19", "186.88", "75.01", "37.5", "63.22", "1.8"]
    assert {p["rate"] for p in parcels if not p["subtotal"]} == {"1000"}
    (sub,) = [p for p in parcels if p["subtotal"]]
    assert (sub["area"], sub["amount_yuan"]) == ("175.73", "175730")
    by_project = {p["name"]: p["parcels"] for p in doc["workbooks"][0]["projects"]}
    assert [x["village"] for x in by_project["涞源镇金家井乡黑木耳基地土地流转费"]] == ["辛庄村"]


def test_json_findings_carry_code_severity_cell_and_expected_actual():
    res = check(EXAMPLE / "原文.xlsx", "--format", "json")
    assert res.exit_code == 1  # the original has error findings
    f = json.loads(res.output)["workbooks"][0]["findings"]
    px502 = [x for x in f if x["code"] == "PX502"]
    assert len(px502) == 1
    assert px502[0]["sheet"] == "项目清单" and px502[0]["cell"]
    assert {px502[0]["expected"], px502[0]["actual"]} == {"涞源镇农村环境治理费", "农村环境卫生整治项目"}
    assert set(f[0]) >= {"code", "severity", "sheet", "cell", "message", "expected", "actual"}


def test_json_projects_carry_scores_and_indicator_methods_as_strings():
    doc = json.loads(check(EXAMPLE / "完整.xlsx", "--format", "json").output)
    p = doc["workbooks"][0]["projects"][0]
    assert (p["total_score"], p["grade"], p["execution_rate"]) == ("100", "优", "1")
    assert all(isinstance(i["score"], str) and i["method"] for i in p["indicators"])


def test_clean_workbook_exits_0_and_says_so():
    res = check(EXAMPLE / "完整.xlsx")
    assert res.exit_code == 0
    assert "未发现问题" in res.output and "错误 0 个" in res.output


def test_text_output_groups_by_sheet_with_cell_and_expected_actual():
    res = check(EXAMPLE / "原文.xlsx")
    assert "[自评表05]" in res.output and "[项目清单]" in res.output
    assert "PX401 错误" in res.output and "应为：" in res.output and "实为：" in res.output


def test_unreadable_file_exits_2_with_one_clear_error(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("项目名称,预算\n", encoding="utf-8")
    res = check(bad, "--format", "json")
    assert res.exit_code == 2
    (wb,) = json.loads(res.output)["workbooks"]
    assert wb["error"] and "Traceback" not in res.output
    assert wb["projects"] == [] and wb["findings"] == []


def test_missing_path_exits_2(tmp_path):
    res = check(tmp_path / "没有这个文件.xlsx")
    assert res.exit_code == 2 and "不存在" in res.output


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_select_and_ignore_change_the_findings(flag):
    args = [EXAMPLE / "原文.xlsx", "--format", "json", flag, "PX4"]
    codes = {x["code"] for x in json.loads(check(*args).output)["workbooks"][0]["findings"]}
    if flag == "--select":
        assert codes and all(c.startswith("PX4") for c in codes)
    else:
        assert codes and not any(c.startswith("PX4") for c in codes)


def test_check_never_writes(tmp_path):
    src = tmp_path / "原文.xlsx"
    src.write_bytes((EXAMPLE / "原文.xlsx").read_bytes())
    before = src.read_bytes()
    check(src)
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["原文.xlsx"]
