"""The monitoring lag (PX504/PX507) agrees with exact rational arithmetic, boundaries included."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from perfxl.rules.read import read_findings
from perfxl.model import MonitorFund, Monitoring, Val
from perfxl.rules.consistency.progress import ExecutionLag

money = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100000"), places=4)


def mon(budget: Decimal, executed: Decimal) -> Monitoring:
    fund = MonitorFund(row=6, initial_budget=Val(budget), executed=Val(executed))
    return Monitoring(sheet="监控", funds={"total": fund})


@given(budget=money, executed=st.decimals(min_value=0, max_value=Decimal("200000"), places=4),
       month=st.integers(1, 11), lag=st.sampled_from([Decimal(0), Decimal(20), Decimal("12.5")]))
def test_monitoring_lag_is_exact(budget, executed, month, lag):
    exact = Fraction(executed) / Fraction(budget) < Fraction(month, 12) - Fraction(lag) / 100
    assert ExecutionLag.monitoring_lags(mon(budget, executed), month, lag) is exact


@given(month=st.integers(1, 11), scale=st.integers(1, 10**6))
def test_exactly_on_the_floor_is_no_lag(month, scale):
    # executed / budget = month/12 − 20 % exactly: (5·month − 12) / 60, scaled
    if 5 * month - 12 < 0:
        return
    budget, executed = Decimal(60 * scale), Decimal((5 * month - 12) * scale)
    assert not ExecutionLag.monitoring_lags(mon(budget, executed), month, Decimal(20))


# --------------------------------------------------------------------------- reader round trip

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

from perfxl.read import read_workbook  # noqa: E402
from tests.helpers.exportfix import REASONS, Export, Ind, write_export  # noqa: E402

LIKELY = ("确定能", "有可能", "完全不可能")
targets = st.sampled_from(["≥100次", "20集", "5次", "≥0", "1", "优秀", "作用明显", "≥90%", "≤50万元",
                           "100%", "很满意"])
amounts = st.decimals(min_value=0, max_value=Decimal("99999"), places=2).map(lambda d: f"{d:.2f}")
indicators = st.builds(
    Ind, level1=st.sampled_from(["产出指标", "效益指标", "满意度指标"]),
    level2=st.sampled_from(["数量指标", "社会效益指标", "校园用户满意度"]),
    name=st.text("安全巡查教育演练设备满意度", min_size=2, max_size=8),
    year_target=targets, medium_target=targets, executed=st.sampled_from(["0", "3", "40", "良好"]),
    projected=st.sampled_from(["1", "100", "优秀"]),
    reasons=st.lists(st.sampled_from(REASONS), unique=True).map(tuple),
    likelihood=st.lists(st.sampled_from(LIKELY), unique=True).map(tuple))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inds=st.lists(indicators, min_size=1, max_size=6, unique_by=lambda i: i.name),
       month=st.integers(1, 11), budget=amounts, executed=amounts,
       suffix=st.sampled_from(["xlsx", "xls"]))
def test_any_export_reads_back_exactly(inds, month, budget, executed, suffix):
    e = Export(indicators=inds, month=month, budget=budget, fiscal=budget, executed=executed)
    with tempfile.TemporaryDirectory() as tmp:
        wb = read_workbook(write_export(Path(tmp) / f"x.{suffix}", e))
    [d], [m] = wb.declarations, wb.monitorings
    assert [(i.level2.value, i.name.value, i.target.value.text) for i in d.year_indicators] == [
        (i.level2, i.name, i.year_target) for i in inds]
    assert [i.target.value.text for i in d.medium_indicators] == [i.medium_target for i in inds]
    assert m.month.value == month
    assert (m.total_funds.initial_budget.value, m.total_funds.executed.value) == (
        Decimal(budget), Decimal(executed))
    def text(v):
        return v.value.text if v.value is not None else None

    def kept(value: str, target: str):  # text where the target is a number is PX103, not read
        return None if numeric(target) and not numeric(value) else value

    assert [(i.name.value, text(i.executed), text(i.projected), tuple(i.ticked_reasons),
             tuple(i.ticked_likelihood)) for i in m.indicators] == [
        (i.name, kept(i.executed, i.year_target), kept(i.projected, i.year_target),
         tuple(r for r in REASONS if r in i.reasons), tuple(x for x in LIKELY if x in i.likelihood))
        for i in inds]
    junk = sorted(f.cell for f in read_findings(wb) if f.code == "PX103")
    assert junk == sorted(f"{col}{14 + k}" for k, i in enumerate(inds) for col, v in
                          (("F", i.executed), ("G", i.projected))
                          if numeric(i.year_target) and not numeric(v))


def numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in text)
