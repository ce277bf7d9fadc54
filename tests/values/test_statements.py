"""The statement evaluator (perfxl.values.statements) on the shapes of data/statements.toml and
on random products with units and rounding."""

from __future__ import annotations

import tomllib
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfxl.values import fmt_decimal
from perfxl.values.statements import find_statements, holds_to_precision

SHAPES = tomllib.loads((Path(__file__).parent / "data" / "statements.toml").read_text(
    encoding="utf-8"))["statements"]
D = Decimal


def test_there_are_at_least_thirty_shapes():
    assert len(SHAPES) >= 30


@pytest.mark.parametrize("shape", SHAPES, ids=[s["text"] for s in SHAPES])
def test_each_shape_gives_its_value(shape):
    found = find_statements(shape["text"], shape.get("default_unit"))
    assert len(found) == 1, found
    s = found[0]
    assert (s.computed, s.written, s.holds, s.rounded_up_last_digit, s.result_first,
            s.ten_thousand_off) == (
        D(shape["computed"]), D(shape["written"]), shape["holds"],
        shape.get("rounded_up", False), shape.get("result_first", False),
        shape.get("ten_thousand_off", False))
    assert s.text in shape["text"] and shape["text"][s.start:s.end] == s.text


def test_prose_is_no_statement():
    assert find_statements("按每人每月500元，12人12个月") == []
    assert find_statements("2023年12月31日前完成=按期") == []
    assert find_statements("") == [] and find_statements(None) == []


def test_several_statements_in_one_text():
    found = find_statements("培训费550元*200人*3天=33万元；资料费20元*200份=0.5万元。")
    assert [(s.text, s.holds) for s in found] == [
        ("550元*200人*3天=33万元", True), ("20元*200份=0.5万元", False)]
    assert found[1].computed == D("0.4")


def test_the_span_points_into_the_original_text():
    text = "测算依据：\n  巡查电瓶车车辆保险费2000元/辆 * 30辆 = 6万元。"
    (s,) = find_statements(text)
    assert text[s.start:s.end] == "2000元/辆 * 30辆 = 6万元"


quantities = st.integers(min_value=1, max_value=5000)
prices = st.decimals(min_value=D("0.01"), max_value=D(100000), places=2)


@given(quantities, quantities, prices, st.integers(min_value=1, max_value=4))
def test_a_product_written_to_its_precision_holds(n, m, price, places):
    exact = D(n) * D(m) * price / 10000  # 元 → 万元
    written = exact.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    result = fmt_decimal_places(written, places)
    (s,) = find_statements(f"{n}人*{m}天*{fmt_decimal(price)}元={result}万元")
    assert s.holds is True and s.computed == exact


@given(quantities, prices, st.integers(min_value=1, max_value=4),
       st.integers(min_value=1, max_value=9))
def test_a_product_off_in_its_last_digit_does_not_hold(n, price, places, off):
    exact = D(n) * price / 10000
    step = D(1).scaleb(-places)
    written = exact.quantize(step, rounding=ROUND_HALF_UP) + off * step
    result = fmt_decimal_places(written, places)
    (s,) = find_statements(f"{n}辆×{fmt_decimal(price)}元/辆={result}万元")
    assert s.holds is False
    rounded_up = written == exact.quantize(step, rounding=ROUND_CEILING) and written != exact
    assert s.rounded_up_last_digit is rounded_up


@given(quantities, quantities, st.integers(min_value=1, max_value=10000))
def test_a_whole_result_holds_only_to_the_yuan(n, m, price):
    exact = D(n) * D(m) * D(price)  # 元
    s = find_statements(f"{n}人*{m}次*{price}元={exact}元")[0]
    assert s.holds
    assert not find_statements(f"{n}人*{m}次*{price}元={exact + 1}元")[0].holds
    wan = exact / 10000
    assert find_statements(f"{n}人*{m}次*{price}元={wan.to_integral_value()}万元")[0].holds is (
        wan == wan.to_integral_value())


@given(quantities, st.integers(min_value=2, max_value=12), prices)
def test_division_rounds_half_up_and_ceiling_is_info(n, months, price):
    exact = D(n) * price / months
    half_up = exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    ceiling = exact.quantize(D("0.01"), rounding=ROUND_CEILING)
    text = f"{n}*{fmt_decimal(price)}/{months}="
    assert find_statements(text + f"{half_up:.2f}")[0].holds
    if ceiling != half_up:
        s = find_statements(text + f"{ceiling:.2f}")[0]
        assert not s.holds and s.rounded_up_last_digit


def test_holds_to_precision_is_the_rule_of_estimate_md():
    assert holds_to_precision(D("150.375"), D("150.38"), 2)
    assert holds_to_precision(D("150.384999"), D("150.38"), 2)
    assert not holds_to_precision(D("150.385"), D("150.38"), 2)
    assert not holds_to_precision(D("150.374999"), D("150.38"), 2)
    assert holds_to_precision(D("6"), D("6"), 0, money_unit="万元")
    assert not holds_to_precision(D("6.0001"), D("6"), 0, money_unit="万元")
    assert holds_to_precision(D("6.00004"), D("6"), 0, money_unit="万元")  # to 1 元


def fmt_decimal_places(d: Decimal, places: int) -> str:
    """``d`` with exactly ``places`` decimals, as staff type a rounded result."""
    return f"{d:.{places}f}"


def _fold_each_character(text: str) -> tuple[str, list[int]]:
    """The fold as defined: each character's NFKC with the extra folds, whitespace dropped."""
    import unicodedata

    from perfxl.values.text import EXTRA_FOLD

    chars, where = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(EXTRA_FOLD):
            if not c.isspace():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


_TEXT_CHARS = st.one_of(
    st.characters(),  # any code point
    st.sampled_from("0123456789.元万人×xX*÷/+-＋－−()（）[]［］{}＝=﹦⁼₌≠ \u3000\t\n。，：﹪–—≧⩾"
                    "每月个人次亩测算依据合计"))


@given(st.text(_TEXT_CHARS, max_size=40))
def test_the_fold_is_each_characters_nfkc_and_the_statement_test_misses_none(text):
    from perfxl.values.statements import _OPEN, _fold_with_positions, _may_hold_statement

    folded, where = _fold_each_character(text)
    assert _fold_with_positions(text) == (folded, where)
    if "=" in folded or any(ch in folded for ch in _OPEN):
        assert _may_hold_statement(text)
