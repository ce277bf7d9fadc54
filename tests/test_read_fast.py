"""The reader's fast paths give what the plain computations they replace give.

Each fast path (issue 5: the reader's per-cell cost) is compared with the plain code it stands for:
the shared merge maps with a fresh build, the remembered conversions with a cold call, the
Val/Loc/Measure constructors with what a frozen dataclass promises (eq, hash, repr, replace,
pickling, immutability).
"""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.model import Loc, Val
from perfxl.read import grid as G
from perfxl.read import labels as L
from perfxl.values import Measure, Op, ValueError_, normalize_label, to_decimal
from tests.readfix.plain import merge_maps_one_cell_at_a_time

# --------------------------------------------------------------------------- model objects


def test_val_and_loc_keep_frozen_dataclass_semantics():
    v = Val(Decimal("1.5"), Loc("自评表01", "C6"), 1.5)
    same = Val(Decimal("1.5"), Loc("自评表01", "C6"), 1.5)
    assert v == same and hash(v) == hash(same)
    assert v != Val(Decimal("1.5"), Loc("自评表01", "C7"), 1.5)
    assert repr(v) == "Val(value=Decimal('1.5'), loc=Loc(sheet='自评表01', cell='C6'), raw=1.5)"
    assert dataclasses.replace(v, value=2) == Val(2, Loc("自评表01", "C6"), 1.5)
    assert [f.name for f in dataclasses.fields(Val)] == ["value", "loc", "raw"]
    assert dataclasses.asdict(v)["loc"] == {"sheet": "自评表01", "cell": "C6"}
    assert pickle.loads(pickle.dumps(v)) == v
    assert Val(None) == Val(None, None, None) and Val(value=1, raw="1") == Val(1, None, "1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.value = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.loc.cell = "A1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        del v.raw


def test_measure_keeps_frozen_dataclass_semantics():
    m = Measure("≥90%", Op.GE, Decimal(90), "%")
    assert m == Measure("≥90%", Op.GE, Decimal(90), "%") and hash(m) == hash(
        Measure("≥90%", Op.GE, Decimal(90), "%"))
    assert Measure("好") == Measure("好", None, None, None) and Measure("好").qualitative
    assert dataclasses.replace(m, unit="个").unit == "个"
    assert pickle.loads(pickle.dumps(m)) == m
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.number = Decimal(1)


# --------------------------------------------------------------------------- conversions


def _plain_to_decimal(x: float) -> Decimal:
    if x.is_integer() and abs(x) < 1e15:
        return Decimal(int(x))
    return Decimal(repr(x))


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20))
def test_remembered_float_conversion_equals_a_cold_one(xs):
    for x in xs * 2:  # the second round answers from the memo
        if x != x or x in (float("inf"), float("-inf")):
            with pytest.raises(ValueError_):
                to_decimal(x)
            continue
        got = to_decimal(x)
        assert got == _plain_to_decimal(x) and str(got) == str(_plain_to_decimal(x))


LABEL_TEXT = st.text(alphabet="项目名称全年预算数执行率其中：:（）()万元*1-7月 \t", max_size=12)


@given(st.lists(LABEL_TEXT, max_size=30))
def test_remembered_label_normalisation_equals_normalize_label(texts):
    for t in texts * 2:
        assert G._normalized(t) == normalize_label(t)


@given(LABEL_TEXT)
def test_month_key_agrees_with_month_variant(text):
    b = L.base(normalize_label(text))
    for key in ("executed", "rate", "budget", "weight"):
        assert (L._month_key(b) == key) == L._month_variant(key, b)


@pytest.mark.parametrize("b", ["1-7月执行数", "1-12月执行率", "1-7月执行", "全年执行数", "13-1月执行率x"])
def test_month_key_examples(b):
    for key in ("executed", "rate"):
        assert (L._month_key(b) == key) == L._month_variant(key, b)


# --------------------------------------------------------------------------- merge maps

CELL = st.tuples(st.integers(0, 12), st.integers(0, 8))
MERGE = st.tuples(CELL, CELL).map(lambda m: (m[0], (m[0][0] + m[1][0] % 4, m[0][1] + m[1][1] % 4)))


@settings(max_examples=200)
@given(st.lists(MERGE, max_size=8), st.integers(1, 14), st.integers(1, 10))
def test_shared_merge_maps_equal_a_fresh_build(merges, height, width):
    rows = [[""] * width for _ in range(height)]
    first = G.Grid("表", rows, list(merges))
    again = G.Grid("表2", [list(r) for r in rows], list(merges))  # from the shared cache
    expected = merge_maps_one_cell_at_a_time(merges, height, width)
    for grid in (first, again):
        assert (grid._origin, grid._span) == expected
    by_hand = G.Grid("表3", rows, [[list(a), list(b)] for a, b in merges])  # lists: no caching
    assert by_hand._origin == expected[0]


def test_index_keeps_each_rows_labels_for_the_title_probes():
    rows = [["项目支出绩效自评表", "", ""], ["（2023年度）", 1.0, "  "], ["项目名称", "某项目", None]]
    grid = G.Grid("自评表01", rows, [((0, 0), (0, 2))])
    plain = {r: [(c, grid.label(r, c)) for c, v in enumerate(rows[r])
                 if isinstance(v, str) and v.strip()] for r in range(len(rows))}
    assert {r: grid.row_labels(r) for r in range(len(rows))} == plain
    assert grid.index()["项目名称"] == [(2, 0)]


MEASURE_TEXT = st.text(alphabet="≥≤<>=％%0123456789.,万元次个以上下不低于 ", min_size=1, max_size=10)


@given(st.lists(st.tuples(MEASURE_TEXT, st.booleans(), st.sampled_from([None, "≥", "反向", ""]),
                          st.sampled_from([None, "%", "个", ""])), max_size=20))
def test_remembered_measure_parse_equals_a_fresh_one(cases):
    from perfxl.values import _parse_measure, parse_measure

    for text, pct, op, unit in cases * 2:  # the second round answers from the memo
        try:
            fresh = _parse_measure(text, percent_format=pct, op_hint=op, unit_hint=unit)
        except ValueError_:
            with pytest.raises(ValueError_):
                parse_measure(text, percent_format=pct, op_hint=op, unit_hint=unit)
            continue
        got = parse_measure(text, percent_format=pct, op_hint=op, unit_hint=unit)
        assert got == fresh and repr(got) == repr(fresh)
