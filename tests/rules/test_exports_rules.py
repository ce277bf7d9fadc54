"""PX504 (from the 执行监控表's own month), PX506, PX507, PX508 and PX103 on system exports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.api import check_file, check_workbook
from perfxl.config import Config
from perfxl.model import (
    Declaration, DeclaredIndicator, Indicator, Loc, MonitorFund, MonitorIndicator, Monitoring,
    Project, Val, Workbook,
)
from perfxl.values import parse_measure
from tests.helpers.exportfix import Export, Ind, default_indicators, write_export

MON = "项目支出绩效目标执行监控"
SELF = "项目支出绩效自评表"
DECL = "项目支出绩效目标申报表"


def check(tmp_path, e: Export | None = None, suffix="xlsx"):
    return check_file(write_export(tmp_path / f"导出.{suffix}", e))


def of(result, code):
    return [f for f in result.findings if f.code == code]


def where(result, code):
    return sorted((f.sheet, f.cell) for f in of(result, code))


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_default_export_findings(tmp_path, suffix):
    r = check(tmp_path, suffix=suffix)
    assert r.scores == []  # the blank 自评表 is not scored
    [lag] = of(r, "PX504")
    assert (lag.sheet, lag.cell, lag.expected, lag.actual) == (MON, "G6", "≥38.33%", "26.32%")
    assert "7月" in lag.message
    assert where(r, "PX507") == [(MON, "F15"), (MON, "F18"), (MON, "G6")]
    assert where(r, "PX508") == [(MON, "N18:P18"), (MON, "N20:P20")]
    two = next(f for f in of(r, "PX508") if f.cell == "N20:P20")
    assert two.actual == "确定能、有可能" and "勾选了2项" in two.message
    assert where(r, "PX103") == [(MON, "F20")]
    assert of(r, "PX506") == []
    # the blank 自评表 adds one note and nothing else
    assert [f.code for f in r.findings if f.sheet == SELF] == ["PX110"]
    assert not {"PX101", "PX401", "PX402", "PX404", "PX509"} & {f.code for f in r.findings}


def test_money_lag_explained_in_its_row_is_no_px507_but_still_px504(tmp_path):
    r = check(tmp_path, Export(money_reason="部分工程款待验收后支付"))
    assert (MON, "G6") not in where(r, "PX507")
    assert where(r, "PX504") == [(MON, "G6")]


def test_no_lag_when_on_schedule(tmp_path):
    inds = [Ind("产出指标", "数量指标", "安全巡查次数", "≥100次", "≥300次", "30", "100")]
    r = check(tmp_path, Export(month=3, executed="20.00", rate="10.53%", indicators=inds))
    # 3月: 序时进度 25%, floor 5%: 10.53% and 30/100 are not lagging
    assert of(r, "PX504") == [] and of(r, "PX507") == [] and of(r, "PX508") == []


def test_projected_short_of_target_needs_a_reason(tmp_path):
    inds = [Ind("产出指标", "数量指标", "安全巡查次数", "≥100次", "≥300次", "80", "90"),
            Ind("产出指标", "数量指标", "培训人次", "≥100人次", "", "80", "90",
                reason_text="师资不足")]
    r = check(tmp_path, Export(indicators=inds, executed="150.00", rate="78.95%"))
    [f] = of(r, "PX507")
    assert (f.cell, f.actual) == ("F14", "未说明")
    assert "全年预计执行数 90 达不到年度指标值 ≥100次" in f.message


def test_percent_targets_are_not_prorated(tmp_path):
    inds = [Ind("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "≥90%", "0%", "90%")]
    r = check(tmp_path, Export(indicators=inds, executed="150.00"))
    assert of(r, "PX507") == []


def filled(**kw) -> Export:
    inds = default_indicators()
    for i in inds:
        for k, v in kw.get(i.name, {}).items():
            setattr(i, k, v)
    return Export(selfeval="filled", indicators=inds)


def test_px506_changed_target(tmp_path):
    r = check(tmp_path, filled(应急演练={"self_target": "≥3次"}, 校园安全水平={"self_target": "良好"},
                               安全教育片={"self_target": "≥20集"}))
    got = sorted((f.cell, f.expected, f.actual) for f in of(r, "PX506") if f.sheet == SELF)
    assert got == [("E15", "5次", "≥3次"), ("E18", "优秀", "良好")]
    f = next(f for f in of(r, "PX506") if f.cell == "E15")
    assert f.sheet == SELF and "项目支出绩效目标申报表（H15）" in f.message
    # issue 16 item 7: the mismatch is reported on the 申报表's cell too
    declared = sorted((f.sheet, f.cell, f.expected, f.actual) for f in of(r, "PX506")
                      if f.sheet != SELF)
    assert declared == [(DECL, "H15", "≥3次", "5次"), (DECL, "H18", "良好", "优秀")]


def test_px506_monitoring_target_changed(tmp_path):
    r = check(tmp_path, filled(安全巡查次数={"monitor_target": "≥80次"}))
    assert [(f.sheet, f.cell, f.expected, f.actual) for f in of(r, "PX506")] == [
        (MON, "E14", "≥100次", "≥80次"), (DECL, "H13", "≥80次", "≥100次")]


def test_px506_silent_when_targets_kept(tmp_path):
    r = check(tmp_path, filled())
    assert of(r, "PX506") == []
    assert len(r.scores) == 1  # a filled export 自评表 is scored


def test_filled_export_is_year_end_but_monitoring_keeps_its_month(tmp_path):
    r = check(tmp_path, filled())
    assert r.workbook.month == 12
    assert where(r, "PX504") == [(MON, "G6")]


def test_rules_can_be_ignored(tmp_path):
    path = write_export(tmp_path / "导出.xlsx")
    r = check_file(path, Config(ignore=("PX507", "PX508")))
    assert of(r, "PX507") == [] and of(r, "PX508") == [] and of(r, "PX504")


# --------------------------------------------------------------------------- on model objects


def _mon(month, budget, executed, initial=None) -> Monitoring:
    fund = MonitorFund(row=6, key="total", initial_budget=Val(initial or budget),
                       budget=Val(budget if initial else None),
                       executed=Val(executed, Loc("监控", "F6")), rate=Val(None))
    return Monitoring(sheet="监控", name=Val("甲项目"), month=Val(month), funds={"total": fund})


def _run(wb):
    return check_workbook(wb, Config()).findings


@pytest.mark.parametrize("executed,lags", [
    (Decimal("38.33"), True),   # 38.33% < 38.333…%
    (Decimal("38.3334"), False),
    (Decimal("50"), False),
])
def test_px504_boundary_is_exact(executed, lags):
    wb = Workbook(path="x.xlsx", monitorings=[_mon(7, Decimal(100), executed)])
    assert bool([f for f in _run(wb) if f.code == "PX504"]) is lags


def test_px504_uses_adjusted_budget_when_present():
    # 年初 100, 调整后 200: 60 / 200 = 30 % lags at 7月; 60 / 100 would not
    wb = Workbook(path="x.xlsx",
                  monitorings=[_mon(7, Decimal(200), Decimal(60), initial=Decimal(100))])
    [f] = [f for f in _run(wb) if f.code == "PX504"]
    assert f.actual == "30%"


def test_px504_not_at_month_12():
    wb = Workbook(path="x.xlsx", monitorings=[_mon(12, Decimal(100), Decimal(1))])
    assert [f for f in _run(wb) if f.code in ("PX504", "PX507")] == []


def test_px506_matches_by_project_when_several_declarations():
    def decl(name, target):
        ind = DeclaredIndicator(row=5, name=Val("巡查次数"),
                                target=Val(parse_measure(target), Loc(name, "H5")))
        return Declaration(sheet=name, name=Val(name), year_indicators=[ind])

    proj = Project(sheet="自评表", name=Val("乙项目"), indicators=[
        Indicator(row=13, name=Val("巡查次数"), target=Val(parse_measure("≥50次"), Loc("自评表", "E13")))])
    wb = Workbook(path="x.xlsx", projects=[proj], declarations=[decl("甲项目", "≥10次"),
                                                                decl("乙项目", "≥60次")])
    both = {f.sheet: f for f in _run(wb) if f.code == "PX506"}
    f, on_declared = both.pop("自评表"), both.pop("乙项目")
    assert both == {}
    assert (f.expected, f.actual, f.cell) == ("≥60次", "≥50次", "E13")
    assert (on_declared.sheet, on_declared.cell) == ("乙项目", "H5")  # issue 16 item 7


def test_px508_skips_forms_without_likelihood_columns():
    ind = MonitorIndicator(row=14, name=Val("x"), target=Val(parse_measure("优秀")))
    mon = _mon(7, Decimal(100), Decimal(100))
    mon.indicators = [ind]
    wb = Workbook(path="x.xlsx", monitorings=[mon])
    assert [f for f in _run(wb) if f.code == "PX508"] == []
