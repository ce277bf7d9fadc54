"""The rules on real .xlsx files: the shipped 涞源镇2023 examples, and copies of 完整 with one
planted mistake each, written with the template writer and read back by the reader."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest

from perfxl.api import check_file
from perfxl.examples import laiyuan_2023
from perfxl.findings import Severity
from perfxl.write.template import write_workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023"


@pytest.fixture(scope="module")
def original():
    return check_file(EXAMPLES / "原文.xlsx")


def sheets_with(result, code):
    return {f.sheet for f in result.findings if f.code == code}


def test_original_lacks_categories_in_projects_5_6_9(original):
    assert {"自评表05", "自评表06", "自评表09"} <= sheets_with(original, "PX401")


def test_original_project_9_lacks_satisfaction_and_6_lacks_output(original):
    missing = {(f.sheet, f.expected) for f in original.findings if f.code == "PX401"}
    assert {("自评表09", "满意度指标"), ("自评表06", "产出指标"), ("自评表05", "满意度指标")} <= missing


def test_original_names_project_5_differently(original):
    [f] = [f for f in original.findings if f.code == "PX502"]
    assert f.sheet == "项目清单" and "自评表05" in f.message
    assert (f.expected, f.actual) == ("涞源镇农村环境治理费", "农村环境卫生整治项目")


def test_original_flags_every_very_high_target(original):
    """Every 产出/满意度 target 非常高 in the example data gets a PX403 on its form."""
    spec = laiyuan_2023(complete=False)
    expected = {(p.sheet or f"自评表{k + 1:02d}", "非常高") for k, p in enumerate(spec.projects)
                for i in p.indicators if i.target == "非常高" and i.level1 in ("产出指标", "满意度指标")}
    got = {(f.sheet, f.actual) for f in original.findings if f.code == "PX403"}
    assert expected and got == expected


def test_complete_example_has_no_error():
    result = check_file(EXAMPLES / "完整.xlsx")
    assert result.error is None
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []


# --------------------------------------------------------------------------- planted mistakes


def check_spec(tmp_path, spec):
    path = tmp_path / "工作簿.xlsx"
    write_workbook(path, spec)
    return check_file(path)


def complete():
    return laiyuan_2023(complete=True)


def test_written_complete_copy_is_clean(tmp_path):
    result = check_spec(tmp_path, complete())
    assert [f for f in result.findings if f.severity is not Severity.INFO] == []


def test_declared_total_in_yuan_is_a_unit_slip(tmp_path):
    spec = complete()
    spec.unit.declared_total = D("1449552")
    result = check_spec(tmp_path, spec)
    codes = [f.code for f in result.findings]
    assert "PX201" not in codes
    [f] = [f for f in result.findings if f.code == "PX206"]
    assert (f.sheet, f.expected, f.actual) == ("项目清单", "144.9552", "1449552")


def test_declared_total_off_by_one_cent(tmp_path):
    spec = complete()
    spec.unit.declared_total = D("144.9452")
    [f] = [f for f in check_spec(tmp_path, spec).findings if f.code == "PX201"]
    assert (f.expected, f.actual) == ("144.9552", "144.9452")


def test_list_row_in_yuan_names_the_meant_amount(tmp_path):
    spec = complete()
    row = spec.unit.rows[10]  # 建设721片区街头公园土地流转费, 5.0452 万元
    spec.unit.rows[10] = replace(row, budget=D("50452"))
    spec.unit.declared_total = None  # keep this test about the row alone
    result = check_spec(tmp_path, spec)
    slips = [f for f in result.findings if f.code == "PX206"]
    assert [(f.sheet, f.expected, f.actual) for f in slips] == [("项目清单", "5.0452", "50452")]
    assert "PX203" not in {f.code for f in result.findings}


def test_parcel_mistakes(tmp_path):
    spec = complete()
    k = next(i for i, p in enumerate(spec.parcels) if p.village and "西关" in str(p.village))
    spec.parcels[k] = replace(spec.parcels[k], rate=D("1100"))
    result = check_spec(tmp_path, spec)
    codes = {f.code for f in result.findings}
    assert {"PX301", "PX304"} <= codes  # 63.22 × 1100 ≠ 63220, and 1100 ≠ 1000


def test_form_of_last_year(tmp_path):
    spec = complete()
    spec.projects[6] = replace(spec.projects[6], year=2022)
    [f] = [f for f in check_spec(tmp_path, spec).findings if f.code == "PX501"]
    assert (f.expected, f.actual) == ("2023", "2022")
