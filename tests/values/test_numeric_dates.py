"""A number with one decimal looks like a numeric date (``2023.12``): only a plausible year not
followed by an amount's unit is read as one (hypothesis found ``=7617.02%`` read as a date)."""

from decimal import Decimal

import pytest

from perfxl.values.measure import parse_measure
from perfxl.values.targets import parse_target


@pytest.mark.parametrize("text, number, unit", [
    ("=7617.02%", "7617.02", "%"),
    ("≥1234.5亩", "1234.5", "亩"),
    ("=1234.5万元", "1234.5", "万元"),
    ("≤3000.5元/亩", "3000.5", "元/亩"),
    ("2023.5万元", "2023.5", "万元"),   # a plausible year, but an amount's unit follows
    ("1500.5元", "1500.5", "元"),
    ("1234.5", "1234.5", None),         # no year before 1900 is a numeric date
])
def test_a_number_with_its_unit_is_no_date(text, number, unit):
    target = parse_target(text)
    assert target.kind == "compare" and target.deadline is None
    assert (target.number, target.unit) == (Decimal(number), unit)
    assert parse_measure(text).number == Decimal(number)


@pytest.mark.parametrize("text, kind, shown", [
    ("2023.12", "date", "2023年12月底"),
    ("2023.12前", "deadline", "2023年12月底"),
    ("2023.12.31前", "deadline", "2023年12月31日"),
    ("2023.12.31日前", "date", "2023年12月31日"),  # 日 is a calendar word, not an amount
    ("2024-06完成", "date", "2024年6月底"),
    ("2024.12年底前", "date", "2024年12月底"),  # 年底 is a calendar word: a date, as before
    ("2024.6年底", "date", "2024年6月底"),
])
def test_a_numeric_date_is_still_a_date(text, kind, shown):
    target = parse_target(text)
    assert target.kind == kind and str(target.deadline) == shown
