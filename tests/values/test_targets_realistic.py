"""Issue 17's measure of the target grammar on a realistic list (data/targets_realistic.toml):
≥ 95 % of the texts with a number give it, ≥ 95 % of the time limits read as ≤. The misses are
printed (``pytest -s``) so the word table can grow where real wording is not yet read."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from perfxl.values import Op, parse_target
from perfxl.values.targets import DEADLINE, RANGE

ROWS = tomllib.loads((Path(__file__).parent / "data" / "targets_realistic.toml").read_text(
    encoding="utf-8"))["rows"]


def _gives_number(row) -> bool:
    text, _op, number, unit, _tag = row
    t = parse_target(text)
    return t.number == Decimal(number) and (t.unit or "") == unit


def _reads_as_ceiling(row) -> bool:
    t = parse_target(row[0])
    return t.op in (Op.LE, Op.LT) and t.direction == "反向"


def _reads_as_written(row) -> bool:
    text, op, _number, _unit, _tag = row
    t = parse_target(text)
    if op == "deadline":
        return t.kind == DEADLINE
    if op == "range":
        return t.kind == RANGE
    return (t.op.value if t.op else "") == op


def test_the_list_is_long_enough():
    assert len(ROWS) >= 300 and len({row[0] for row in ROWS}) == len(ROWS)


def test_texts_with_a_number_give_it():
    with_number = [row for row in ROWS if row[2]]
    misses = [row[0] for row in with_number if not _gives_number(row)]
    print("number misses:", misses)
    assert len(misses) <= 0.05 * len(with_number), misses


def test_time_limits_read_as_ceilings():
    limits = [row for row in ROWS if row[4] == "时效"]
    misses = [row[0] for row in limits if not _reads_as_ceiling(row)]
    print("time-limit misses:", misses)
    assert len(limits) >= 50 and len(misses) <= 0.05 * len(limits), misses


def test_operators_read_as_written():
    misses = [row[0] for row in ROWS if not _reads_as_written(row)]
    print("operator misses:", misses)
    assert len(misses) <= 0.05 * len(ROWS), misses
