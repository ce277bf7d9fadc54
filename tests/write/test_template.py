"""The blank standard workbook (perfxl template) and the committed copy in workbook_templates/."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from perfxl.cli import main
from perfxl.write.snapshot import snapshot
from perfxl.write.template import BANDS, LEVEL1, LEVEL2, write_blank_template

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "workbook_templates" / "标准填报工作簿.xlsx"


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "模板.xlsx"
    write_blank_template(path, projects=3)
    return path


def _run_template(out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["template", str(out), *args])
    assert result.exit_code == 0, result.output
    assert out.exists()


# --------------------------------------------------------------------------- the shipped copy


def test_shipped_template_matches_the_command_cell_by_cell(tmp_path):
    out = tmp_path / "新模板.xlsx"
    _run_template(out, "--projects", "3")
    generated, shipped = snapshot(out), snapshot(SHIPPED)
    assert shipped["sheets"] == generated["sheets"]
    for sheet in generated["sheets"]:
        for aspect in ("cells", "merged", "formats", "unlocked", "validations", "protected",
                       "insert_rows_allowed", "freeze"):
            assert shipped[sheet][aspect] == generated[sheet][aspect], (sheet, aspect)


def test_snapshot_notices_a_changed_cell(tmp_path):
    # the comparison above can fail: a one-cell edit shows up in the snapshot
    edited = tmp_path / "改过.xlsx"
    wb = load_workbook(SHIPPED)
    wb["自评表01"]["A3"] = "项目"
    wb.save(edited)
    assert snapshot(edited)["自评表01"]["cells"] != snapshot(SHIPPED)["自评表01"]["cells"]


# --------------------------------------------------------------------------- layout per workbook.md


def test_sheet_names_and_order(blank):
    names = CalamineWorkbook.from_path(str(blank)).sheet_names
    assert names == ["项目清单", "自评表01", "自评表02", "自评表03", "土地流转明细", "填报说明"]


def test_projects_option_sets_the_number_of_forms(tmp_path):
    out = tmp_path / "五张.xlsx"
    _run_template(out, "--projects", "5")
    names = CalamineWorkbook.from_path(str(out)).sheet_names
    assert [n for n in names if n.startswith("自评表")] == [f"自评表{i:02d}" for i in range(1, 6)]


def test_list_sheet_header_fields_and_table(blank):
    ws = load_workbook(blank)["项目清单"]
    assert ws["A1"].value == "项目清单"
    labels = [ws.cell(r, 1).value for r in range(2, 7)]
    assert labels == ["单位名称", "评价年度", "数据截至", "项目个数", "预算总金额（万元）"]
    header = [ws.cell(7, c).value for c in range(1, 8)]
    assert header == ["序号", "项目名称", "资金级次", "年初预算数（万元）", "全年预算数（万元）",
                      "全年执行数（万元）", "项目概况"]
    assert [ws.cell(r, 1).value for r in (8, 9, 10)] == [1, 2, 3]
    assert ws["A11"].value == "合计"
    assert ws["D11"].value == "=SUM(D8:D10)"
    assert ws.freeze_panes == "A8"
    assert ws["C6"].number_format == "0.0000"  # 预算总金额（万元）
    assert ws["E8"].number_format == "0.0000"


def test_form_canonical_positions(blank):
    ws = load_workbook(blank)["自评表02"]
    expected = {
        "A1": "项目支出绩效自评表", "A2": "（    年度）", "A3": "项目名称", "A4": "主管部门",
        "E4": "实施单位", "A5": "项目资金（万元）", "C5": "年初预算数", "D5": "全年预算数",
        "E5": "全年执行数", "F5": "分值", "G5": "执行率", "H5": "得分", "B6": "年度资金总额",
        "B7": "其中：当年财政拨款", "B8": "上年结转资金", "B9": "其他资金", "F6": 10,
        "A10": "年度总体目标", "B10": "预期目标", "F10": "实际完成情况", "A12": "绩效指标",
        "B12": "一级指标", "C12": "二级指标", "D12": "三级指标", "E12": "年度指标值",
        "F12": "实际完成值", "G12": "分值", "H12": "得分", "I12": "偏差原因分析及改进措施",
        "B13": "产出指标", "B17": "效益指标", "B19": "满意度指标", "A20": "总分", "G20": 100,
    }
    assert {cell: ws[cell].value for cell in expected} == expected
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:I1", "A2:I2", "B3:I3", "B4:D4", "F4:I4", "A5:A9", "A10:A11", "B10:E10",
            "F10:I10", "B11:E11", "F11:I11", "A12:A19", "B13:B16", "B17:B18"} <= merged
    assert ws["H20"].value == "=SUM(H6,H13:H19)"
    assert ws["G6"].value == "=IF(D6=0,0,E6/D6)"
    assert ws["H6"].value == "=IF(D6=0,0,MIN(E6/D6,1)*F6)"


def test_every_formula_has_a_numeric_cached_value(blank):
    # an empty-string result would read like a formula without a cached value (PX105)
    wb, cal = load_workbook(blank), CalamineWorkbook.from_path(str(blank))
    seen = 0
    for ws in wb.worksheets:
        values = cal.get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    seen += 1
                    cached = values[c.row - 1][c.column - 1]
                    assert isinstance(cached, (int, float)) and not isinstance(cached, bool), \
                        (ws.title, c.coordinate, cached)
    assert seen == 3 + 3 * 3  # 合计 ×3; per form 执行率, 得分, 总分


def test_year_fills_title_and_unit_year(tmp_path):
    out = tmp_path / "2024.xlsx"
    _run_template(out, "--projects", "1", "--year", "2024")
    wb = load_workbook(out)
    assert wb["自评表01"]["A2"].value == "（2024年度）"
    assert wb["项目清单"]["C3"].value == 2024


def test_number_formats(blank):
    ws = load_workbook(blank)["自评表01"]
    for cell in ("C6", "D7", "E9"):
        assert ws[cell].number_format == "0.0000", cell
    assert ws["G6"].number_format == "0.00%"
    assert ws["H6"].number_format == "0.00"
    assert ws["H20"].number_format == "0.00"
    land = load_workbook(blank)["土地流转明细"]
    assert land["C3"].number_format == "0.00"


def test_land_sheet_header_and_frozen_rows(blank):
    ws = load_workbook(blank)["土地流转明细"]
    assert [ws.cell(2, c).value for c in range(1, 7)] == [
        "项目名称", "地块（村）", "面积（亩）", "单价（元/亩·年）", "金额（元）", "备注"]
    assert ws.freeze_panes == "A3"


def test_instructions_explain_operators_units_and_bands(blank):
    rows = CalamineWorkbook.from_path(str(blank)).get_sheet_by_name("填报说明").to_python()
    text = "\n".join(str(c) for row in rows for c in row)
    for must in ("≥", "≤", "万元", "元/亩", *BANDS, "请勿修改"):
        assert must in text, must


# --------------------------------------------------------------------------- dropdowns, protection


def _validations(ws) -> dict[str, tuple[str, str, str]]:
    return {str(v.sqref): (v.type, v.formula1, v.errorStyle)
            for v in ws.data_validations.dataValidation}


def test_dropdowns_for_closed_lists_warn_but_accept_numbers(blank):
    ws = load_workbook(blank)["自评表01"]
    dv = _validations(ws)
    level2 = [x for names in LEVEL2.values() for x in names]
    assert dv["B13:B19"] == ("list", '"' + ",".join(LEVEL1) + '"', "warning")
    assert dv["C13:C19"] == ("list", '"' + ",".join(level2) + '"', "warning")
    assert dv["F13:F19"] == ("list", '"' + ",".join(BANDS) + '"', "warning")


def test_every_sheet_is_protected_but_rows_can_be_inserted(blank):
    wb = load_workbook(blank)
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert ws.protection.insertRows is False, ws.title  # False = not locked = allowed
        assert ws.protection.formatCells is False, ws.title


def test_labels_locked_inputs_unlocked(blank):
    wb = load_workbook(blank)
    form = wb["自评表01"]
    for label in ("A1", "A3", "A5", "C5", "B6", "A12", "D12", "A20", "G20", "F6"):
        assert form[label].protection.locked, label
    for entry in ("B3", "B4", "F4", "C6", "D6", "E6", "G7", "G9", "B11", "F11", "B13", "C13", "D13",
                  "E13",
                  "F13", "G13", "H13", "I13", "D19"):
        assert not form[entry].protection.locked, entry
    # computed cells (formulas) are locked so the form stays consistent
    assert form["G6"].protection.locked and form["H20"].protection.locked
    lst = wb["项目清单"]
    assert lst["A2"].protection.locked and not lst["C2"].protection.locked
    assert lst["B7"].protection.locked and not lst["B8"].protection.locked
    land = wb["土地流转明细"]
    assert land["A2"].protection.locked and not land["A3"].protection.locked
