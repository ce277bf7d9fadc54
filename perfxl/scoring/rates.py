"""执行率, the one computation every part of perfxl uses (scoring, the rules, the summary, the
template writer): 执行数 ÷ 预算数 as an exact, unrounded Decimal fraction."""

from __future__ import annotations

from decimal import Decimal


def execution_rate(budget: Decimal | None, executed: Decimal | None) -> Decimal | None:
    """执行数 ÷ 预算数 (0.9234… for 92.34 %), unrounded; None when either figure is missing or
    the budget is not positive (no rate can be said: PX102/PX208 report why)."""
    if budget is None or executed is None or budget <= 0:
        return None
    return executed / budget
