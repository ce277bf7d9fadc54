"""What the target grammar (:func:`perfxl.values.parse_target`) changes in scoring (issue 17):

- a target with no operator takes its direction from the indicator's name (``成本`` 反向;
  ``成本节约率`` 正向) — a name that does not tell keeps the rules.md reading of a bare number
  (＝ with T > 0, scored like 正向);
- a time limit (``3个小时内``) and a ceiling (``总成本不超过65.329万元``) are 反向 by their operator;
- a range (``90%-95%``): inside → full weight, below → 正向 against the low end, above → 反向
  against the high end;
- a deadline (``11月底前完成``) is scored by date: an actual finished on or before it (``10月底完成``)
  gets the weight, a later one 0; an actual in words (``按期完成``) is scored by its band.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from perfxl.values import Measure, Target, direction_of_name
from perfxl.values.targets import DATE, DEADLINE, RANGE, REVERSE

ZERO = Decimal(0)
# a year for comparing two dates that both leave it out (11月底 against 10月底): not a leap year
_ANY_YEAR = 2001


def reading_of(m: Measure | None) -> Target | None:
    """The grammar's reading of a cell (None for a number cell or no cell)."""
    return None if m is None else m.reading


def is_deadline(target: Measure | None) -> bool:
    r = reading_of(target)
    return r is not None and r.kind in (DEADLINE, DATE)


def is_range(target: Measure | None) -> bool:
    r = reading_of(target)
    return r is not None and r.kind == RANGE and r.low is not None and r.high is not None


def reverse_by_name(target: Measure, name: str | None) -> bool:
    """No operator written, and the name says 反向 (``项目成本``, ``平均处置时长``)."""
    return target.op is None and direction_of_name(name) == REVERSE


def range_score(low: Decimal, high: Decimal, x: Decimal, w: Decimal,
                reverse_score) -> Decimal:
    """The unrounded score of ``x`` against the range [low, high]: ``reverse_score(t, x, w)``
    is the framework's 反向 formula, used above the high end."""
    if low <= x <= high:
        return w
    if x < low:
        return x * w / low if low > 0 else w
    return reverse_score(high, x, w)


def deadline_met(target: Target, actual: Target, year: int | None) -> bool | None:
    """Whether the date an actual states is on or before the target's deadline; None when the
    actual states no date. A date without its year takes the form's ``year`` (or the other
    side's, or any one year when neither writes it)."""
    if actual.deadline is None or target.deadline is None:
        return None
    year = year or target.deadline.year or actual.deadline.year or _ANY_YEAR
    due, done = target.deadline.on(year), actual.deadline.on(year)
    assert isinstance(due, dt.date) and isinstance(done, dt.date)
    return done <= due
