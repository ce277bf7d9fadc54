"""Reading one-project exports of the 预算管理一体化 system (.xlsx and .xls) exactly."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest

from perfxl.rules.read import read_findings
from perfxl.findings import Severity
from perfxl.read import read_workbook
from perfxl.values import Op
from tests.helpers.exportfix import Export, Ind, write_export

D = Decimal


@pytest.fixture(params=["xlsx", "xls"])
def suffix(request):
    return request.param


def read(tmp_path, suffix, e: Export | None = None):
    return read_workbook(write_export(tmp_path / f"导出.{suffix}", e))


def codes(wb, code):
    return [f for f in read_findings(wb) if f.code == code]


def test_three_forms_recognised_by_title_not_by_sheet_order(tmp_path, suffix):
    wb = read(tmp_path, suffix)
    assert wb.sheet_names[:5] == ["项目基本信息", "项目支出立项依据", "项目支出实施方案",
                                  "项目支出计划", "项目支出明细"]
    assert [d.sheet for d in wb.declarations] == ["项目支出绩效目标申报表"]
    assert [m.sheet for m in wb.monitorings] == ["项目支出绩效目标执行监控"]
    assert wb.projects == [] and [p.sheet for p in wb.blank_forms] == ["项目支出绩效自评表"]
    assert wb.unit is None and wb.parcels == []
    assert not codes(wb, "PX101")


def test_declaration_header_money_and_goals(tmp_path, suffix):
    d = read(tmp_path, suffix).declarations[0]
    assert d.title_loc.cell == "A1:H1"
    year = d.title_year
    assert (year.value, year.raw, year.loc.cell) == (2020, "( 2020年度)", "A2:H2")
    assert (d.name.value, d.name.loc.cell) == ("城关镇中心小学校园安全管理项目", "C3:H3")
    assert d.department.value == "某县教育和体育局" and d.implementer.value == "某县城关镇中心小学"
    assert {k: v.value for k, v in d.medium_funds.items()} == {
        "total": D("570.00"), "fiscal": D("570.00"), "carryover": D("0.00"), "other": D("0.00")}
    assert {k: v.value for k, v in d.year_funds.items()} == {
        "total": D("190.00"), "fiscal": D("190.00"), "carryover": D("0.00"), "other": D("0.00")}
    assert d.medium_funds["total"].loc.cell == "D5" and d.year_funds["fiscal"].loc.cell == "G6:H6"
    assert d.goal_medium.value == "三年内建成校园安全管理长效机制"
    assert d.goal_year.value == "保障校园安全，全年无重大安全事故"


def test_declaration_two_indicator_groups(tmp_path, suffix):
    d = read(tmp_path, suffix).declarations[0]
    year = [(i.row, i.level1.value, i.level2.value, i.name.value, i.target.value.text)
            for i in d.year_indicators]
    assert year == [
        (13, "产出指标", "数量指标", "安全巡查次数", "≥100次"),
        (14, "产出指标", "数量指标", "安全教育片", "20集"),
        (15, "产出指标", "数量指标", "应急演练", "5次"),
        (16, "产出指标", "质量指标", "安全事故数", "≥0"),
        (17, "产出指标", "时效指标", "设备更新完成", "1"),
        (18, "效益指标", "社会效益指标", "校园安全水平", "优秀"),
        (20, "满意度指标", "校园用户满意度", "师生满意度", "≥90%"),
    ]
    medium = [(i.name.value, i.target.value.text) for i in d.medium_indicators]
    assert ("安全管理长效机制", "逐步建立") in medium and len(medium) == 8
    assert ("安全巡查次数", "≥300次") in medium
    t = d.year_indicators[0].target
    assert (t.value.op, t.value.number, t.value.unit, t.loc.cell) == (Op.GE, D(100), "次", "H13")
    bare = d.year_indicators[4].target.value
    assert (bare.op, bare.number, bare.unit) == (None, D(1), None)
    assert d.year_indicators[5].target.value.qualitative


def test_monitoring_month_money_and_goals(tmp_path, suffix):
    m = read(tmp_path, suffix).monitorings[0]
    assert (m.title_year.value, m.name.value, m.implementer.value) == (
        2020, "城关镇中心小学校园安全管理项目", "某县城关镇中心小学")
    assert (m.month.value, m.month.raw, m.month.loc.cell) == (7, "1-7月执行数", "F5")
    assert list(m.funds) == ["total", "fiscal", "carryover", "other"]
    t = m.total_funds
    assert (t.row, t.initial_budget.value, t.executed.value, t.rate.value, t.projected.value) == (
        6, D("190.00"), D("50.00"), D("0.2632"), D("190.00"))
    assert (t.executed.loc.cell, t.rate.loc.cell, t.reason_text.loc.cell) == ("F6", "G6", "I6:P6")
    assert m.funds["other"].rate.value == 0
    assert m.goal_expected.value == "保障校园安全，全年无重大安全事故"
    assert m.goal_progress.value == "已开展巡查40次"


def test_monitoring_indicators_under_two_row_header(tmp_path, suffix):
    m = read(tmp_path, suffix).monitorings[0]
    got = [(i.row, i.level1.value, i.level2.value, i.name.value, i.target.value.text,
            i.executed.value.text if i.executed.value else None, i.projected.value.text,
            i.ticked_reasons, i.reason_text.value, i.ticked_likelihood) for i in m.indicators]
    assert got == [
        (14, "产出指标", "数量指标", "安全巡查次数", "≥100次", "40", "100", [], None, ["确定能"]),
        (15, "产出指标", "数量指标", "安全教育片", "20集", "5", "20", [], None, ["确定能"]),
        (16, "产出指标", "数量指标", "应急演练", "5次", "1", "4", ["经费保障", "其他"],
         "上半年疫情停课，演练推迟", ["有可能"]),
        (17, "产出指标", "质量指标", "安全事故数", "≥0", "0", "0", [], None, ["确定能"]),
        (18, "产出指标", "时效指标", "设备更新完成", "1", "0", "1", [], None, []),
        (19, "效益指标", "社会效益指标", "校园安全水平", "优秀", "良好", "优秀", [], None, ["确定能"]),
        (20, "满意度指标", "校园用户满意度", "师生满意度", "≥90%", None, "90%", [], None,
         ["确定能", "有可能"]),
    ]
    ind = m.indicators[2]
    assert ind.reasons["经费保障"].loc.cell == "H16" and ind.likelihood["有可能"].loc.cell == "O16"


def test_junk_in_an_execution_column_is_px103_with_its_cell(tmp_path, suffix):
    wb = read(tmp_path, suffix)
    [f] = codes(wb, "PX103")
    assert (f.sheet, f.cell, f.actual, f.severity) == ("项目支出绩效目标执行监控", "F20", "一般",
                                                       Severity.ERROR)
    assert "≥90%" in f.expected and f.project == "城关镇中心小学校园安全管理项目"
    assert wb.monitorings[0].indicators[-1].executed.raw == "一般"


def test_blank_selfeval_reported_once_and_not_scored(tmp_path, suffix):
    wb = read(tmp_path, suffix)
    [blank] = wb.blank_forms
    assert blank.blank and blank.name.value == "城关镇中心小学校园安全管理项目"
    assert blank.title_year.value == 2021  # the year line differs between sheets
    # one PX110 note (表格尚未填写, 提示), not an empty-field finding per cell
    px110 = codes(wb, "PX110")
    assert len(px110) == 1 and px110[0].severity == Severity.INFO
    assert "尚未填写" in px110[0].message and px110[0].sheet == "项目支出绩效自评表"
    assert [f for f in read_findings(wb) if f.sheet == "项目支出绩效自评表"] == px110
    assert codes(wb, "PX102") == []
    assert wb.month == 7 and wb.year == 2020


def test_text_numbers_of_an_export_are_one_note_per_sheet(tmp_path, suffix):
    wb = read(tmp_path, suffix)
    notes = codes(wb, "PX104")
    assert sorted(f.sheet for f in notes) == ["项目支出绩效目标执行监控", "项目支出绩效目标申报表"]
    assert all(f.severity == Severity.WARNING for f in notes)  # PX104's documented 警告
    decl = next(f for f in notes if f.sheet == "项目支出绩效目标申报表")
    assert decl.actual == "8 个文本数字"  # 4 中期 + 4 年度 amounts


def test_filled_selfeval_reads_through_the_form_reader(tmp_path, suffix):
    wb = read(tmp_path, suffix, Export(selfeval="filled"))
    [p] = wb.projects
    assert not p.blank and wb.blank_forms == []
    assert p.title_year.value == 2021 and p.name.value == "城关镇中心小学校园安全管理项目"
    total = p.total_funds
    assert (total.budget.value, total.executed.value, total.rate.value) == (
        D("190.00"), D("185.00"), D("0.9737"))
    assert p.funds["fiscal"].executed.value == D("185.00")
    assert [(i.level2.value, i.name.value, i.target.value.text) for i in p.indicators][-1] == (
        "校园用户满意度", "师生满意度", "≥90%")
    assert wb.month == 12  # a filled 自评表 makes the export a year-end one


def test_titles_with_project_name_and_dashes(tmp_path, suffix):
    e = Export(monitor_title="城关镇中心小学校园安全管理项目绩效目标执行监控表", month=3)
    wb = read(tmp_path, suffix, e)
    assert len(wb.monitorings) == 1 and wb.monitorings[0].month.value == 3
    assert len(wb.declarations) == 1


def test_an_only_monitoring_workbook_is_no_missing_form(tmp_path, suffix):
    wb = read(tmp_path, suffix, Export(selfeval="none"))
    assert wb.blank_forms == [] and wb.projects == [] and not codes(wb, "PX101")
    assert not codes(wb, "PX102")


def test_a_unit_workbook_is_not_an_export(tmp_path):
    """A standard 自评表 in a unit workbook keeps its own findings (no folding, no setting aside)."""
    from tests.helpers.readfix.build import read_sheets, standard_form

    wb = read_sheets(tmp_path, {"自评表01": standard_form()})
    assert wb.declarations == [] and wb.monitorings == [] and len(wb.projects) == 1
    assert wb.blank_forms == []


def test_an_empty_form_of_a_unit_workbook_is_unfilled_too(tmp_path):
    """Issue 15: a blank form is 未填写 in any workbook (not only in an export): set aside, one
    PX110 note on its title, no PX102 per empty field."""
    from perfxl.write.official_forms import write_official_form

    write_official_form(tmp_path / "自评.xlsx", "自评表")
    wb = read_workbook(tmp_path / "自评.xlsx")
    assert wb.projects == [] and len(wb.blank_forms) == 1
    found = read_findings(wb)
    assert [f.code for f in found] == ["PX110"] and found[0].severity == Severity.INFO


def test_custom_indicators_round_trip(tmp_path, suffix):
    inds = [Ind("产出指标", "数量指标", "培训人次", "≥500人次", "≥1500人次", "120", "500",
                reasons=("人员保障",), likelihood=("完全不可能",), note="见附件")]
    m = read(tmp_path, suffix, Export(indicators=inds, month=11)).monitorings[0]
    [i] = m.indicators
    assert i.target.value.number == 500 and i.target.value.unit == "人次"
    assert (i.ticked_reasons, i.ticked_likelihood, i.note.value) == (["人员保障"], ["完全不可能"],
                                                                     "见附件")
    assert m.month.value == 11


def digest(wb):
    """What the forms say, without cell addresses (which differ when merges differ)."""
    def vals(*vs):
        return tuple(v.value.text if hasattr(v.value, "text") else v.value for v in vs)

    out = []
    for d in wb.declarations:
        out.append(("申报", vals(d.title_year, d.name, d.department, d.implementer),
                    sorted((k, v.value) for k, v in d.year_funds.items()),
                    [vals(i.level1, i.level2, i.name, i.target) for i in d.year_indicators],
                    [vals(i.level1, i.level2, i.name, i.target) for i in d.medium_indicators]))
    for m in wb.monitorings:
        f = m.total_funds
        out.append(("监控", vals(m.title_year, m.name, m.month),
                    vals(f.initial_budget, f.executed, f.rate, f.projected),
                    [(vals(i.name, i.target, i.executed, i.projected), i.ticked_reasons,
                      i.ticked_likelihood) for i in m.indicators]))
    out.append(([p.name.value for p in wb.projects], [p.name.value for p in wb.blank_forms]))
    return out


@pytest.mark.parametrize("variant", [
    {"dash": "—"}, {"dash": "－"}, {"declare_merges": False},
])
def test_variants_read_the_same(tmp_path, suffix, variant):
    """`1—7月` / `１－７月` labels, and values repeated over ranges the file does not merge."""
    base = read(tmp_path, suffix)
    other = read_workbook(write_export(tmp_path / f"变体.{suffix}", Export(**variant)))
    assert digest(other) == digest(base)
    assert sorted(f.code for f in read_findings(other)) == sorted(f.code for f in read_findings(base))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_xls_reads_like_the_xlsx(tmp_path):
    """An .xls saved by a real office suite (LibreOffice converting the .xlsx fixture)."""
    src = write_export(tmp_path / "导出.xlsx")
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xls", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    xls = read_workbook(out / "导出.xls")
    assert digest(xls) == digest(read_workbook(src))
    assert [f.code for f in read_findings(xls) if f.code == "PX103"] == ["PX103"]


def test_blank_selfeval_with_zeros_is_still_blank(tmp_path, suffix):
    """The system may fill an unfilled form's money cells with 0.00 / 0.00%."""
    wb = read(tmp_path, suffix, Export(blank_zeros=True))
    assert wb.projects == [] and len(wb.blank_forms) == 1
    assert wb.blank_forms[0].total_funds.executed.value == 0
    assert [f.code for f in read_findings(wb) if f.sheet == "项目支出绩效自评表"] == ["PX110"]
