"""What the reader recognised (issue 15): ``Workbook.forms``, and ``Workbook.unrecognised`` with
the reason when a workbook holds none of the forms; and which forms are 未填写."""

from __future__ import annotations

import xlsxwriter

from perfxl.read import read_workbook
from perfxl.rules.read import read_findings
from tests.helpers.readfix.build import (SheetSpec, findings_with, land_sheet, project_list,
                                         read_sheets, standard_form)


def salary_sheet() -> SheetSpec:
    s = SheetSpec()
    for c, h in enumerate(("姓名", "基本工资", "合计")):
        s.set(0, c, h)
    s.set(1, 0, "张三").set(1, 1, 3000).set(1, 2, 3000)
    return s


def test_a_salary_workbook_is_unrecognised_with_the_reason(tmp_path):
    wb = read_sheets(tmp_path, {"工资": salary_sheet(), "填报说明": salary_sheet()})
    assert wb.forms == []
    assert wb.unrecognised.startswith("未找到自评表（标题“项目支出绩效自评表”）、申报表、执行监控表或项目清单")
    assert "“工资”" in wb.unrecognised and "填报说明" not in wb.unrecognised
    assert wb.observations == [] and read_findings(wb) == []  # no PX101 for it


def test_an_empty_new_workbook_is_unrecognised(tmp_path):
    path = tmp_path / "新建 Microsoft Excel 工作表.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet()
    book.close()
    assert "“Sheet1”" in read_workbook(path).unrecognised


def test_each_form_kind_makes_the_workbook_recognised(tmp_path):
    cases = {"自评表": {"S": standard_form()}, "项目清单": {"清单": project_list()},
             "土地流转明细": {"土地": land_sheet([("涞源镇防火经费", "东村", 1, 500, 500, None)])}}
    for kind, sheets in cases.items():
        wb = read_sheets(tmp_path, {**sheets, "工资": salary_sheet()}, name=f"{kind}.xlsx")
        assert kind in wb.forms and wb.unrecognised is None, kind


def test_a_list_without_forms_is_ours_and_keeps_its_px101(tmp_path):
    wb = read_sheets(tmp_path, {"项目清单": project_list()})
    assert wb.forms == ["项目清单"] and wb.unrecognised is None
    assert findings_with(wb, "PX101")


def test_a_sheet_that_could_not_be_read_is_not_judged_unrecognised(tmp_path):
    from tests.helpers.hostile.corpus import far_corner

    wb = read_workbook(far_corner(tmp_path))  # its only sheet is too large to read
    assert wb.unrecognised is None and findings_with(wb, "PX101")


# --------------------------------------------------------------------------- 未填写


def test_a_form_with_amounts_but_no_indicator_row_nor_actual_is_unfilled(tmp_path):
    form = standard_form(indicators=[], total_row=False,
                         funds={"年度资金总额": (2, 2, None), "其中：当年财政拨款": (2, 2, None)})
    wb = read_sheets(tmp_path, {"S": form})
    assert wb.projects == [] and [p.sheet for p in wb.blank_forms] == ["S"]
    [note] = read_findings(wb)
    assert (note.code, note.sheet, note.cell) == ("PX110", "S", "A1:I1")
    assert "未填写" in note.message and note.severity.value == "info"


def test_a_form_with_amounts_and_targets_but_no_actual_yet_is_still_graded(tmp_path):
    rows = [("产出指标", "数量指标", "巡查次数", "≥100次", None, 50, None)]
    form = standard_form(indicators=rows, total_row=False,
                         funds={"年度资金总额": (2, 2, None)})
    wb = read_sheets(tmp_path, {"S": form})
    assert len(wb.projects) == 1 and wb.blank_forms == []


def test_a_form_with_text_where_the_amount_belongs_is_not_unfilled(tmp_path):
    form = standard_form(indicators=[], total_row=False,
                         funds={"年度资金总额": (None, None, "约2万")})
    wb = read_sheets(tmp_path, {"S": form})
    assert len(wb.projects) == 1 and findings_with(wb, "PX103")
