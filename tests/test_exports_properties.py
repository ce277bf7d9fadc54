"""The monitoring lag (PX504/PX507) agrees with exact rational arithmetic, boundaries included."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from perfxl.model import MonitorFund, Monitoring, Val
from perfxl.rules.consistency import ExecutionLag

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
