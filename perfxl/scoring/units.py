"""Bring an indicator's target and actual to one unit before they are compared.

The rule (rules.md "Scoring" 2): the units must agree, or be made to agree without guessing.

- the same unit, or one side without a unit → taken as they are (``90%`` vs ``92``);
- ``%`` target above 1 and a unitless actual of at most 1 → the actual is a fraction typed for a
  percent (``≥90%`` vs ``0.92`` → 92 %). This is the ONLY percent conversion: a unitless target of
  at most 1 against a percent actual above 1 (``0.9`` vs ``92%``) cannot be told apart from a
  count, so it is a mismatch, not a guess;
- units convert through the unit table (:func:`perfxl.values.convert`): money exactly (``万元`` =
  10000 ``元``; also ``千元``, ``亿元``), time (``150分钟`` against ``3个小时内``), scale words
  (``1.2万人次`` against ``人次``); spellings agree (``个小时`` = ``小时``, ``万`` = ``万元``);
- a target per year (``每年成本不超过1.2万元``: ``万元/年``) takes an actual without the period
  (``1.1万元``): the form reports one year;
- anything else (``个`` vs ``次``, ``%`` vs ``万元``) → None: the caller reports ``unit-mismatch``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from perfxl.values import Measure, convert
from perfxl.values.quantity import canonical_unit

PERCENT = "%"


@dataclass(frozen=True)
class Aligned:
    """Target and actual numbers in the same unit (the target's, where it has one)."""

    target: Decimal
    actual: Decimal
    unit: str | None


def normalize_unit(unit: str | None) -> str | None:
    """``'％'`` → ``'%'``, ``' 万元 '`` → ``'万元'``; empty → None."""
    if unit is None:
        return None
    u = "".join(unicodedata.normalize("NFKC", unit).split())
    return u or None


def align(target: Measure, actual: Measure) -> Aligned | None:
    """Both numbers in one unit, or None when the units cannot be made to agree.
    Both measures must be quantitative (``number`` not None)."""
    t, x = target.number, actual.number
    assert t is not None and x is not None
    tu, xu = normalize_unit(target.unit), normalize_unit(actual.unit)
    if tu == xu or canonical_unit(tu) == canonical_unit(xu):
        return Aligned(t, x, tu)
    if tu == PERCENT and xu is None:
        # 0.92 typed for 92 % — only when the target is clearly a percent figure (above 1)
        return Aligned(t, x * 100 if t > 1 and x <= 1 else x, PERCENT)
    if xu == PERCENT and tu is None:
        return None if t <= 1 < x else Aligned(t, x, PERCENT)
    if tu is None or xu is None:
        return Aligned(t, x, tu or xu)
    converted = convert(x, xu, tu)
    if converted is None and tu.endswith("/年") and "/" not in xu:
        converted = convert(x, xu, tu[: -len("/年")])
    return None if converted is None else Aligned(t, converted, tu)
