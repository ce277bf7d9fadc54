"""The 处理意见 column of 校验结果: a dropdown staff fill in Excel/WPS/LibreOffice, valid OOXML in
its place, and carried over by the next ``perfxl run FILE`` (real files, the real CLI)."""

from __future__ import annotations

import json
import shutil
import subprocess
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.findings import Finding, Severity
from perfxl.write.sheets import findings_sheet, sheet_xml
from tests.helpers.decisionsfix import (COUNT_ERROR, TOTAL_ERROR, findings_rows, members,
                                        set_decision, sheet_part, two_error_workbook)

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LIST = '"待处理,已修改,已核实无误,不适用"'
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# the splice rewrites these (and adds our sheets); every other member stays byte for byte
OURS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
        "docProps/app.xml", "xl/styles.xml"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"CI": "1"})


@pytest.fixture
def written(tmp_path):
    path = two_error_workbook(tmp_path / "涞源镇2023.xlsx")
    res = run("run", path)
    assert res.exit_code == 1, res.output
    return path


def test_run_writes_the_decision_column_with_a_dropdown(written):
    assert findings_rows(written) == {COUNT_ERROR: (2, "待处理"), TOTAL_ERROR: (3, "待处理")}
    root = ET.fromstring(members(written)[sheet_part(written, "校验结果")])
    children = [c.tag.replace(M, "") for c in root]
    # schema order: autoFilter < dataValidations < hyperlinks < pageMargins
    assert children.index("autoFilter") < children.index("dataValidations") < children.index(
        "hyperlinks") < children.index("pageMargins")
    (dv,) = root.find(M + "dataValidations")
    assert root.find(M + "dataValidations").get("count") == "1"
    assert (dv.get("type"), dv.get("sqref"), dv.find(M + "formula1").text) == ("list", "I2:I3",
                                                                              LIST)
    header = root.find(f"{M}sheetData/{M}row")[-1]
    assert (header.get("r"), header.find(f"{M}is/{M}t").text) == ("I1", "处理意见")
    # the decision cells stay editable when staff protect the sheet
    style = int(root.find(f"{M}sheetData/{M}row[2]")[-1].get("s"))
    styles = ET.fromstring(members(written)["xl/styles.xml"])
    xf = styles.find(f"{M}cellXfs")[style]
    assert xf.get("applyProtection") == "1" and xf.find(M + "protection").get("locked") == "0"


def test_openpyxl_sees_the_dropdown(written):
    ws = openpyxl.load_workbook(written)["校验结果"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == LIST and str(dv.sqref) == "I2:I3"
    assert [ws.cell(r, 9).value for r in (1, 2, 3)] == ["处理意见", "待处理", "待处理"]
    assert ws.cell(2, 9).protection.locked is False


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_it_and_keeps_the_dropdown(written, tmp_path):
    out = tmp_path / "lo"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(out), str(written)],
                   check=True, capture_output=True, timeout=180)
    ws = openpyxl.load_workbook(out / written.name)["校验结果"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and "已核实无误" in dv.formula1 and "I2" in str(dv.sqref)


def test_no_findings_no_dropdown():
    xml = sheet_xml(findings_sheet([]), {s: 1 for s in ("header", "text", "wrap")})
    assert b"dataValidation" not in xml
    one = findings_sheet([Finding("PX201", Severity.ERROR, "m", "表", "A1")])
    assert one.rows[1][-1].value == "待处理" and one.choices == {8: ("待处理", "已修改", "已核实无误",
                                                                   "不适用")}


def test_a_staff_decision_is_carried_over_and_a_waived_error_no_longer_counts(written):
    set_decision(written, COUNT_ERROR, "已核实无误")
    before = members(written)
    res = run("run", written)
    assert res.exit_code == 1, res.output  # PX201 is still an error (待处理)
    assert "项目个数填写为 16，但项目清单列出 15 个项目（已核实无误）" in res.output  # still listed
    assert findings_rows(written)[COUNT_ERROR][1] == "已核实无误"
    after = members(written)
    ours = {sheet_part(written, "校验结果"), sheet_part(written, "评分结果")}
    assert {n: b for n, b in after.items() if n not in OURS | ours} == {
        n: b for n, b in before.items() if n not in OURS | ours}  # the rest byte for byte

    set_decision(written, TOTAL_ERROR, "不适用")
    res = run("run", written)
    assert res.exit_code == 0, res.output
    assert "（不适用）" in res.output and "（已核实无误）" in res.output
    assert findings_rows(written) == {COUNT_ERROR: (2, "已核实无误"), TOTAL_ERROR: (3, "不适用")}


def test_fixed_and_pending_decisions_still_count(written):
    set_decision(written, COUNT_ERROR, "已修改")
    res = run("check", written, "--format", "json")
    assert res.exit_code == 1
    doc = json.loads(res.stdout)["workbooks"][0]
    assert doc["counts"]["error"] == 2 and doc["stale_decisions"] == 0
    assert {f["code"]: f["decision"] for f in doc["findings"]} == {COUNT_ERROR: "已修改",
                                                                  TOTAL_ERROR: "待处理"}


def test_a_user_save_with_another_program_keeps_the_decisions(written, tmp_path):
    """A copy saved by openpyxl (shared strings, its own XML): the marker and the column
    survive, so the decisions are read back."""
    copy = tmp_path / "另存.xlsx"
    wb = openpyxl.load_workbook(written)
    wb["校验结果"].cell(2, 9).value = "已核实无误"
    wb["校验结果"].cell(3, 9).value = "不适用"
    wb.save(copy)
    res = run("run", copy)
    assert res.exit_code == 0, res.output
    assert findings_rows(copy) == {COUNT_ERROR: (2, "已核实无误"), TOTAL_ERROR: (3, "不适用")}
