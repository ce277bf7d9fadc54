"""Numbers and units (perfxl.values.quantity): Arabic, Chinese, units from the table, exact
conversion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfxl.values import YUAN_PER_WAN, chinese_number, convert, fmt_decimal, parse_quantity, to_wan
from perfxl.values.quantity import MONEY_UNITS, Quantity, canonical_unit

D = Decimal
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
amounts = st.decimals(min_value=D(0), max_value=D("1e12"), places=4, allow_nan=False,
                      allow_infinity=False)
UNITS = ["元", "万元", "人", "人次", "次", "辆", "天", "月", "年", "小时", "分钟", "工作日", "%", "亩"]


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("二", 2), ("两", 2), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("一百", 100),
    ("一百二十", 120), ("一百零五", 105), ("两千", 2000), ("半", D("0.5")), ("一个半", D("1.5")),
])
def test_chinese_numerals(text, value):
    assert chinese_number(text) == D(value)


@pytest.mark.parametrize("text", ["一般", "万", "", "三级"])
def test_not_a_chinese_number(text):
    assert chinese_number(text) is None


@pytest.mark.parametrize("text,quantity", [
    ("1,000元", Quantity(D(1000), "元")), ("１２ 人", Quantity(D(12), "人")),
    ("206.1120万", Quantity(D("206.1120"), "万元", 4)), ("三个工作日", Quantity(D(3), "工作日")),
    ("半小时", Quantity(D("0.5"), "小时", 1)), ("1.2万人次", Quantity(D("1.2"), "万人次", 1)),
    ("9.3万/人/年", Quantity(D("9.3"), "万元/人/年", 1)), ("百分之九十", Quantity(D(90), "%")),
    ("-3", Quantity(D(-3), None)), ("100元/人天", Quantity(D(100), "元/人天")),
])
def test_parse_quantity(text, quantity):
    assert parse_quantity(text) == quantity


@pytest.mark.parametrize("text", ["约2万", "两万元好", "abc", "1,00", ""])
def test_parse_quantity_refuses_other_text(text):
    assert parse_quantity(text) is None


def test_money_factors_are_the_one_factor_of_values():
    assert MONEY_UNITS["万元"] == YUAN_PER_WAN and canonical_unit("万") == "万元"


@given(amounts)
def test_yuan_and_wan_convert_exactly_both_ways(amount):
    assert convert(amount, "元", "万元") == to_wan(amount, "元")
    assert convert(convert(amount, "万元", "元"), "元", "万元") == amount


@given(amounts, st.sampled_from(UNITS), st.booleans())
def test_arabic_numbers_with_units_round_trip(amount, unit, full_width):
    text = fmt_decimal(amount)
    if full_width:
        text = text.translate(FULL_WIDTH)
    q = parse_quantity(text + unit)
    assert (q.number, q.unit) == (amount, unit)


@given(st.integers(min_value=1, max_value=999_999_999))
def test_thousands_separators(n):
    assert parse_quantity(f"{n:,}").number == n


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_numerals_agree_with_arabic(n):
    digits = "零一二三四五六七八九"
    text, rest, zero = "", n, False
    for power, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, rest = divmod(rest, power)
        if d:
            text += ("零" if zero else "") + digits[d] + word
            zero = False
        elif text:
            zero = True
    assert chinese_number(text or "零") == n


def test_units_that_cannot_convert():
    assert convert(D(3), "个", "次") is None and convert(D(1), "万元", "%") is None
    assert convert(D(90), "分钟", "小时") == D("1.5") and convert(D(2), "万人次", "人次") == 20000
