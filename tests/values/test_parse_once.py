"""The two shortcuts of the 申报表 read (issue 16 item 10) give what the full path gives: a
target read without its indicator's name, then given the name (:func:`for_name`), equals
:func:`parse_target` with the name; the whole-text test before the statement search
(``_may_hold_statement``) never drops a statement, in any width of ``=`` or bracket."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from perfxl.values import parse_target
from perfxl.values.statements import _fold_with_positions, _may_hold_statement, find_statements
from perfxl.values.targets import COMPARE, for_name

ROWS = tomllib.loads((Path(__file__).parent / "data" / "targets_realistic.toml").read_text(
    encoding="utf-8"))["rows"]
SHAPES = tomllib.loads((Path(__file__).parent / "data" / "statements.toml").read_text(
    encoding="utf-8"))["statements"]
NAMES = (None, "", "安全事故发生次数", "群众投诉数", "培训人数", "成本")
TEXTS = [row[0] for row in ROWS] + ["无", " 无 ", "没有", "未发生。", "零事故", "—", "不适用"]


@pytest.mark.parametrize("name", NAMES)
def test_for_name_reads_as_parse_target_with_the_name(name):
    for text in TEXTS:
        assert for_name(parse_target(text), name) == parse_target(text, name), text


def test_none_word_of_an_incident_count_is_zero_once_named():
    assert for_name(parse_target("无"), "安全事故发生次数").kind == COMPARE


@pytest.mark.parametrize("text", [s["text"] for s in SHAPES]
                         + ["10人＊5万元＝50万元", "199.92万元（200人*700元/人/月*12个月）",
                            "2×3﹦6", "合计⁽2+3⁾", "按每人每月500元，12人12个月"])
def test_the_quick_test_keeps_every_text_that_holds_a_statement(text):
    folded = _fold_with_positions(text)[0]
    could = "=" in folded or any(ch in folded for ch in "([{")
    assert _may_hold_statement(text) or not could
    if not _may_hold_statement(text):
        assert find_statements(text) == []


def test_prose_without_sign_or_bracket_is_skipped():
    assert not _may_hold_statement("按每人每月500元，12人12个月")
