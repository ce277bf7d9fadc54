"""``perfxl template --kind 申报表|监控表|自评表``: the official forms, blank, and read back filled."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from perfxl.rules.read import read_findings
from perfxl.api import check_file
from perfxl.cli import main
from perfxl.read import read_workbook
from perfxl.write.official_forms import SKELETON, TICK, write_official_form
from perfxl.write.snapshot import snapshot


def test_blank_monitoring_form_is_recognised_with_its_month(tmp_path):
    path = tmp_path / "监控.xlsx"
    write_official_form(path, "监控表", year=2024, month=9)
    wb = read_workbook(path)
    [m] = wb.monitorings
    assert (m.month.value, m.month.raw, m.title_year.value) == (9, "1-9月执行数", 2024)
    assert list(m.funds) == ["total", "fiscal", "carryover", "other"]
    assert m.indicators == [] and wb.month == 9
    assert not [f for f in read_findings(wb) if f.code == "PX101"]


def test_blank_declaration_form_is_recognised(tmp_path):
    path = tmp_path / "申报.xlsx"
    write_official_form(path, "申报表")
    [d] = read_workbook(path).blank_declarations  # blank: 未填写, set aside (issue 17 item 5)
    assert d.title_year.value is None
    assert set(d.year_funds) == set(d.medium_funds) == {"total", "fiscal", "carryover", "other"}
    assert d.year_funds["total"].value is None and d.year_funds["total"].loc.cell == "G5:H5"


def test_selfeval_kind_is_the_standard_form_alone(tmp_path):
    path = tmp_path / "自评.xlsx"
    write_official_form(path, "自评表", year=2024)
    wb = read_workbook(path)
    assert wb.sheet_names == ["项目支出绩效自评表"]
    [p] = wb.blank_forms  # blank: 未填写, set aside (issue 15), still read as the form
    assert p.title_year.value == 2024 and wb.unit is None and wb.projects == []


def test_official_look(tmp_path):
    path = tmp_path / "监控.xlsx"
    write_official_form(path, "监控表", month=7)
    ws = openpyxl.load_workbook(path).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:Q1", "A2:Q2", "H12:M12", "N12:P12", "B12:B13", "Q12:Q13"} <= merged
    assert ws["A1"].value == "项目支出绩效目标执行监控表" and ws["A1"].font.b
    assert ws["F5"].value == "1-7月执行数" and ws["A2"].value == "（    年度）"
    assert ws.protection.sheet and not ws["D14"].protection.locked
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert {str(dv.sqref) for dv in lists} == {"H14:L220", "N14:P220"}
    assert all(TICK in dv.formula1 for dv in lists)
    assert [ws.cell(14 + i, 2).value for i in range(len(SKELETON))] == [a for a, _ in SKELETON]


def test_monitoring_form_filled_by_hand_is_checked(tmp_path):
    path = tmp_path / "监控.xlsx"
    write_official_form(path, "监控表", year=2024, month=7)
    book = openpyxl.load_workbook(path)
    ws = book.active
    ws["C3"], ws["C4"], ws["K4"] = "村道养护", "某镇人民政府", "某镇农业农村办"
    ws["E6"], ws["F6"], ws["G6"], ws["H6"] = 20, 4, 0.2, 20
    ws["D14"], ws["E14"], ws["F14"], ws["G14"] = "养护里程", "≥30公里", 10, 30
    ws["N14"] = TICK
    ws["D15"], ws["E15"], ws["F15"], ws["G15"] = "路面完好率", "≥95%", "96%", "95%"
    ws["N15"], ws["O15"] = TICK, TICK
    book.save(path)
    r = check_file(path)
    [m] = r.workbook.monitorings
    assert (m.name.value, m.implementer.value, m.month.value) == ("村道养护", "某镇农业农村办", 7)
    assert (m.total_funds.initial_budget.value, m.total_funds.executed.value) == (20, 4)
    assert [(i.name.value, i.target.value.text, i.ticked_likelihood) for i in m.indicators] == [
        ("养护里程", "≥30公里", ["确定能"]), ("路面完好率", "≥95%", ["确定能", "有可能"])]
    codes = {(f.code, f.cell) for f in r.findings}
    assert ("PX504", "G6") in codes and ("PX507", "G6") in codes
    assert ("PX508", "N15:P15") in codes and ("PX507", "F14") in codes


def test_declaration_filled_by_hand_feeds_px506(tmp_path):
    path = tmp_path / "申报.xlsx"
    write_official_form(path, "申报表", year=2024)
    book = openpyxl.load_workbook(path)
    ws = book.active
    ws["C3"] = "村道养护"
    ws["G5"] = 20
    ws["D13"], ws["E13"], ws["G13"], ws["H13"] = "养护里程", "≥90公里", "养护里程", "≥30公里"
    book.save(path)
    [d] = read_workbook(path).declarations
    assert d.year_funds["total"].value == Decimal(20)
    assert [(i.level1.value, i.level2.value, i.name.value, i.target.value.text)
            for i in d.year_indicators] == [("产出指标", "数量指标", "养护里程", "≥30公里")]
    assert [i.target.value.text for i in d.medium_indicators] == ["≥90公里"]


@pytest.mark.parametrize("kind", ["监控表", "申报表", "二级申报表", "自评表"])
def test_cli_kind(tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    res = CliRunner().invoke(main, ["template", str(out), "--kind", kind, "--month", "3"])
    assert res.exit_code == 0, res.output
    assert kind in res.output and out.exists()
    again = CliRunner().invoke(main, ["template", str(out), "--kind", kind])
    assert again.exit_code != 0 and "不覆盖" in again.output


def test_cli_default_is_the_standard_workbook(tmp_path):
    out = tmp_path / "标准.xlsx"
    res = CliRunner().invoke(main, ["template", str(out), "--projects", "2"])
    assert res.exit_code == 0, res.output
    assert read_workbook(out).unit is not None


def test_unknown_kind_and_month_are_refused(tmp_path):
    with pytest.raises(ValueError):
        write_official_form(tmp_path / "x.xlsx", "项目清单")
    with pytest.raises(ValueError):
        write_official_form(tmp_path / "x.xlsx", "监控表", month=13)


SHIPPED = Path(__file__).resolve().parents[2] / "workbook_templates"


@pytest.mark.parametrize("name,kind", [("绩效目标申报表.xlsx", "申报表"),
                                       ("绩效目标执行监控表.xlsx", "监控表"),
                                       ("项目支出绩效自评表.xlsx", "自评表"),
                                       ("二级项目支出绩效目标申报表.xlsx", "二级申报表")])
def test_shipped_forms_match_the_command_cell_by_cell(tmp_path, name, kind):
    out = tmp_path / name
    res = CliRunner().invoke(main, ["template", str(out), "--kind", kind])
    assert res.exit_code == 0, res.output
    assert snapshot(out) == snapshot(SHIPPED / name)
