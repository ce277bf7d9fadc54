"""元/万元 slips: a figure typed in the wrong unit, a factor of 10,000 from what it must be.

The one test for a slip, used by the root-cause vote (PX206 on the 自评表) and by the 申报表's
PX712: :func:`unit_slip` gives the amount meant, or None; :func:`slip_reason` words the evidence.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.values import YUAN_PER_WAN, fmt_decimal

# How far from 10,000 the ratio of two amounts may be and still read as a 元/万元 slip.
SLIP_RATIO = (Decimal(9000), Decimal(11000))


def ten_thousand_times(big: Decimal, small: Decimal, tolerance: Decimal) -> bool:
    """``big`` is ``small`` × 10,000 (compared in ``small``'s unit to its tolerance).

    Near the tolerance the scaled comparison alone says nothing (0.0002 ÷ 10000 and 0.0001 are
    "equal" to 1 元), so the ratio itself must be close to 10,000 too, and an amount below the
    tolerance in ``small``'s unit (under 1 元) is never taken for the amount meant.
    """
    if small == 0 or min(abs(small), abs(big) / YUAN_PER_WAN) < tolerance:
        return False
    return (abs(big / YUAN_PER_WAN - small) < tolerance
            and SLIP_RATIO[0] <= big / small <= SLIP_RATIO[1])


def typed_in_other_unit(typed: Decimal, meant: Decimal, unit: str, tolerance: Decimal) -> bool:
    """``typed``, in a ``unit`` column ("万元" or "元", tolerance in that unit), is the amount
    ``meant`` written in the other unit: 10,000× it in a 万元 column, 1/10,000 in a 元 column."""
    if unit == "万元":
        return ten_thousand_times(typed, meant, tolerance)
    if unit == "元":
        return ten_thousand_times(meant, typed, tolerance / YUAN_PER_WAN)
    return False


def unit_slip(typed: Decimal, implied: Decimal, unit: str, tolerance: Decimal) -> Decimal | None:
    """The amount meant when ``typed`` (in a ``unit`` column: "万元" or "元") is ``implied`` — what
    the other figures say it must be — written in the other unit; else None.

    The amount meant is the typed figure converted (20000 in a 万元 column → 2), so it quotes
    what the accountant typed, not the other figures' arithmetic. This is the one test for a
    元/万元 slip (PX206 on the 自评表, PX712 on the 申报表).

    >>> unit_slip(Decimal("20000"), Decimal("2"), "万元", Decimal("0.0001"))
    Decimal('2')
    >>> unit_slip(Decimal("7.501"), Decimal("75010"), "元", Decimal("1"))
    Decimal('75010.000')
    >>> unit_slip(Decimal("35.7"), Decimal("37.5"), "万元", Decimal("0.0001")) is None
    True
    """
    if not typed_in_other_unit(typed, implied, unit, tolerance):
        return None
    return typed / YUAN_PER_WAN if unit == "万元" else typed * YUAN_PER_WAN


def slip_reason(implied: Decimal, unit: str, basis: str) -> str:
    """The evidence of a slip in a ``unit`` column, in Chinese: what the other figure says.

    >>> slip_reason(Decimal("2"), "万元", "自评表01的全年预算数")
    '是自评表01的全年预算数 2 万元的一万倍'
    >>> slip_reason(Decimal("75010"), "元", "面积 × 单价")
    '是面积 × 单价 75010 元的万分之一'
    """
    ratio = "一万倍" if unit == "万元" else "万分之一"
    return f"是{basis} {fmt_decimal(implied)} {unit}的{ratio}"
