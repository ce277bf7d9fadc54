"""Number, money, percent, operator and label parsers (perfxl.values)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfxl.values import (
    Measure, Op, ValueError_, fmt_decimal, normalize_label, parse_int, parse_measure, parse_money,
    parse_op, parse_percent, parse_year_month, to_decimal,
)

FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")

decimals = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4,
                       allow_nan=False, allow_infinity=False)
non_negative = st.decimals(min_value=Decimal(0), max_value=Decimal("1e9"), places=4,
                           allow_nan=False, allow_infinity=False)


# --------------------------------------------------------------------------- to_decimal


def test_float_stays_exact():
    assert to_decimal(144.9552) == Decimal("144.9552")
    assert to_decimal(0.1) + to_decimal(0.2) == Decimal("0.3")


@pytest.mark.parametrize("raw", ["约2万", "两万元", "", "1,00", "abc", None, True, float("nan")])
def test_to_decimal_rejects_non_numbers(raw):
    with pytest.raises(ValueError_):
        to_decimal(raw)


@given(decimals)
def test_to_decimal_round_trips_text_and_float(d):
    assert to_decimal(fmt_decimal(d)) == d
    assert to_decimal(float(d)) == Decimal(repr(float(d)))


@given(st.one_of(st.text(max_size=12), st.integers(), st.floats(), st.none(), st.booleans(),
                 st.decimals()))
def test_to_decimal_never_raises_anything_else(x):
    try:
        assert isinstance(to_decimal(x), Decimal)
    except ValueError_:
        pass


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize("raw,expected,as_text", [
    (144.9552, "144.9552", False),
    (2, "2", False),
    ("2万元", "2", True),
    ("2万", "2", True),
    ("50452元", "5.0452", True),
    ("1,000", "1000", True),
    ("１４４．９５５２", "144.9552", True),
    ("  37.5 万元 ", "37.5", True),
])
def test_parse_money(raw, expected, as_text):
    assert parse_money(raw) == (Decimal(expected), as_text)


def test_money_default_unit_yuan():
    assert parse_money(175730, default_unit="元") == (Decimal("17.573"), False)
    assert parse_money("2万元", default_unit="元") == (Decimal("2"), True)


@pytest.mark.parametrize("raw", ["约2万", "两万元", "2万多", "一般", "2-3万元"])
def test_parse_money_rejects(raw):
    with pytest.raises(ValueError_):
        parse_money(raw)


@given(non_negative, st.sampled_from(["", "万元", "万", "元"]), st.booleans(), st.booleans())
def test_money_text_round_trips(d, unit, full_width, separators):
    text = f"{d:,f}" if separators else fmt_decimal(d)
    if full_width:
        text = text.translate(FULL_WIDTH)
    amount, as_text = parse_money(text + unit)
    assert as_text
    assert amount == (d.scaleb(-4) if unit == "元" else d)


@given(st.text(max_size=12))
def test_money_never_raises_anything_else(s):
    try:
        parse_money(s)
    except ValueError_:
        pass


# --------------------------------------------------------------------------- measures


@pytest.mark.parametrize("raw,op,number,unit", [
    ("≥90%", Op.GE, "90", "%"),
    ("＞92%", Op.GT, "92", "%"),
    ("≤90万元", Op.LE, "90", "万元"),
    ("＝0起", Op.EQ, "0", "起"),
    ("=100%", Op.EQ, "100", "%"),
    ("100次以上", Op.GE, "100", "次"),
    ("90%以上", Op.GE, "90", "%"),
    ("不低于90%", Op.GE, "90", "%"),
    ("不超过5%", Op.LE, "5", "%"),
    ("15个", None, "15", "个"),
    ("＜ 3 天", Op.LT, "3", "天"),
    ("≥0", Op.GE, "0", None),
    ("0.00%", None, "0.00", "%"),
    ("达到90%以上", Op.GE, "90", "%"),
])
def test_parse_measure_quantitative(raw, op, number, unit):
    m = parse_measure(raw)
    assert (m.op, m.number, m.unit, m.text) == (op, Decimal(number), unit, raw)


@pytest.mark.parametrize("raw", ["非常高", "效果明显", "达成年度指标", "优秀"])
def test_parse_measure_qualitative(raw):
    m = parse_measure(raw)
    assert m.qualitative and m.text == raw and m.op is None


def test_parse_measure_approximate_is_equal():
    # issue 17 / targets.md: `约100人` is = 100 人, marked approximate (it was text before)
    m = parse_measure("约90%")
    assert (m.op, m.number, m.unit, m.reading.approximate) == (Op.EQ, Decimal(90), "%", True)


def test_parse_measure_percent_format_and_hints():
    assert parse_measure(0.92, percent_format=True) == Measure("92%", None, Decimal("92"), "%")
    m = parse_measure(90, op_hint="≥", unit_hint="%")
    assert (m.op, m.number, m.unit) == (Op.GE, Decimal(90), "%")
    m = parse_measure("90", op_hint="反向指标", unit_hint="万元")
    assert (m.op, m.number, m.unit) == (Op.LE, Decimal(90), "万元")
    # an operator written in the cell wins over the column's
    assert parse_measure("≤5", op_hint="≥").op == Op.LE


def test_parse_measure_empty_is_an_error():
    with pytest.raises(ValueError_):
        parse_measure("  ")


OP_SPELLINGS = {
    Op.GE: ["≥", "＞＝", ">=", "不低于", "不少于"],
    Op.GT: [">", "＞", "高于", "超过"],
    Op.LE: ["≤", "<=", "不超过", "不高于"],
    Op.LT: ["<", "＜", "低于", "少于"],
    Op.EQ: ["=", "＝"],
}
SUFFIX_SPELLINGS = {Op.GE: ["以上"], Op.LE: ["以下", "以内"]}


@given(non_negative, st.sampled_from(sorted(OP_SPELLINGS, key=str)), st.data(),
       st.sampled_from(["%", "万元", "元", "个", "次", "亩", ""]), st.booleans())
def test_measure_prefix_operators_round_trip(d, op, data, unit, full_width):
    spelling = data.draw(st.sampled_from(OP_SPELLINGS[op]))
    number = fmt_decimal(d)
    if full_width:
        number = number.translate(FULL_WIDTH)
    m = parse_measure(f"{spelling}{number}{unit}")
    assert (m.op, m.number, m.unit) == (op, d, unit or None)


@given(non_negative, st.sampled_from([Op.GE, Op.LE]), st.data(),
       st.sampled_from(["%", "个", "次", "人次"]))
def test_measure_suffix_operators_round_trip(d, op, data, unit):
    suffix = data.draw(st.sampled_from(SUFFIX_SPELLINGS[op]))
    m = parse_measure(f"{fmt_decimal(d)}{unit}{suffix}")
    assert (m.op, m.number, m.unit) == (op, d, unit)


@given(st.one_of(st.text(max_size=15), st.integers(), st.floats(), st.none(), st.booleans()),
       st.booleans())
def test_measure_never_raises_anything_else(x, pct):
    try:
        m = parse_measure(x, percent_format=pct)
    except ValueError_:
        return
    assert isinstance(m, Measure)


def test_parse_op():
    assert parse_op("≥") == Op.GE and parse_op("＜") == Op.LT and parse_op("正向指标") == Op.GE
    assert parse_op("定性") is None and parse_op("") is None


# --------------------------------------------------------------------------- percent, int, month


@pytest.mark.parametrize("raw,fmt,expected,as_text", [
    ("92%", False, "0.92", True),
    (0.92, True, "0.92", False),
    (92, False, "0.92", False),
    (0.92, False, "0.92", False),
    ("92", False, "0.92", True),
    ("１００％", False, "1.00", True),
    (1.05, True, "1.05", False),
])
def test_parse_percent(raw, fmt, expected, as_text):
    assert parse_percent(raw, fmt) == (Decimal(expected), as_text)


def test_parse_int():
    assert parse_int(2023) == (2023, False)
    assert parse_int(15.0) == (15, False)
    assert parse_int("2023年") == (2023, True)
    assert parse_int("2023年度") == (2023, True)
    assert parse_int("１５个") == (15, True)
    with pytest.raises(ValueError_):
        parse_int(1.5)


@pytest.mark.parametrize("raw,expected", [
    ("2023年12月", (2023, 12)), ("2023-12", (2023, 12)), ("2023.7", (2023, 7)), (12, (None, 12)),
    ("12月", (None, 12)), (dt.date(2023, 7, 31), (2023, 7)), (dt.datetime(2023, 12, 1), (2023, 12)),
])
def test_parse_year_month(raw, expected):
    assert parse_year_month(raw) == expected


@pytest.mark.parametrize("raw", ["13", "2023年13月", "年底", 0])
def test_parse_year_month_rejects(raw):
    with pytest.raises(ValueError_):
        parse_year_month(raw)


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("raw,expected", [
    ("项 目 名 称：", "项目名称"),
    ("项目\n名称:", "项目名称"),
    ("预算总金额（万元）", "预算总金额(万元)"),
    ("　　其中：财政拨款", "其中:财政拨款"),
    ("数据截至１２", "数据截至12"),
])
def test_normalize_label(raw, expected):
    assert normalize_label(raw) == expected


@given(st.one_of(st.text(max_size=12), st.integers(), st.floats(), st.none(), st.dates()),
       st.booleans())
def test_percent_int_and_month_parsers_raise_only_value_error(x, pct):
    for parse in (lambda v: parse_percent(v, pct), parse_int, parse_year_month):
        try:
            parse(x)
        except ValueError_:
            pass


@given(st.decimals(min_value=Decimal(0), max_value=Decimal(1000), places=2))
def test_percent_text_round_trips(d):
    assert parse_percent(f"{fmt_decimal(d)}%") == (d.scaleb(-2), True)


@pytest.mark.parametrize("written", ["某某镇", "某某镇人民政府", "某某镇 人民政府", "某某镇（人民政府）",
                                     "　某某镇政府", "某某镇\u3000"])
def test_unit_key_one_name_for_one_unit(written):
    from perfxl.values import unit_key

    assert unit_key(written) == "某某镇"


def test_unit_key_width_suffix_table_and_bare_word():
    from perfxl.values import UNIT_NAME_SUFFIXES, unit_key

    assert unit_key("ＡＢ街道办事处") == "AB街道" and "办事处" in UNIT_NAME_SUFFIXES
    assert unit_key("人民政府") == "人民政府"  # nothing left: the name stays
    assert unit_key(None) == "" and unit_key("城关镇第二小学") == "城关镇第二小学"


def test_same_unit_tolerates_the_area_above_the_unit_not_other_prefixes():
    from perfxl.values import same_unit, unit_key

    assert same_unit(unit_key("涞源县涞源镇人民政府"), unit_key("涞源镇人民政府"))
    assert same_unit(unit_key("东团堡乡"), unit_key("涞源县 东团堡乡人民政府"))
    assert same_unit(unit_key("某县城关镇中心小学"), unit_key("城关镇中心小学"))
    assert same_unit(unit_key("河北省保定市涞源县涞源镇"), unit_key("涞源镇"))
    assert not same_unit(unit_key("涞源镇"), unit_key("白石山镇"))
    assert not same_unit(unit_key("新涞源镇"), unit_key("涞源镇"))  # 新 is no area name
    assert not same_unit(unit_key("县涞源镇"), unit_key("涞源镇"))  # one character is no area
    assert not same_unit("", unit_key("涞源镇"))
