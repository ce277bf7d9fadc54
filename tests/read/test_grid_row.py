"""A grid's row worked out in one pass (``Grid.row``) says what asking its cells one at a time
says; the label index built as searches reach further rows finds what one built whole finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.read import labels as L
from perfxl.read.grid import Grid
from perfxl.read.sheetscan import SheetMeta

_MERGE = st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(0, 3), st.integers(0, 3)) \
    .map(lambda t: ((t[0], t[1]), (t[0] + t[2], t[1] + t[3])))
_VALUE = st.sampled_from([None, "", "  ", "项目名称", "其中：当年财政拨款(万元)", "单位名称：某镇",
                          "合计", 0, 1.5, True])
_ROWS = st.integers(1, 8).flatmap(
    lambda width: st.lists(st.lists(_VALUE, min_size=0, max_size=width), min_size=1, max_size=8))
_CELLS = st.sets(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=4)


def _grid(rows, merges, formulas) -> Grid:
    return Grid("表", [list(r) for r in rows], merges, SheetMeta(uncached_formulas=set(formulas)))


@settings(max_examples=300, deadline=None)
@given(_ROWS, st.lists(_MERGE, max_size=4), _CELLS)
def test_a_row_says_what_its_cells_say_one_at_a_time(rows, merges, formulas):
    grid, plain = _grid(rows, merges, formulas), _grid(rows, merges, formulas)
    for r in range(grid.height):
        row = grid.row(r)
        own = [c for c in range(len(rows[r])) if plain.has_own_content(r, c)]
        assert row.own == own
        assert row.empty == (not own) == grid.row_is_empty(r)
        assert all(row.has_own(c) == plain.has_own_content(r, c) for c in range(9))
        texts = [(c, plain.label(r, c)) for c, v in enumerate(rows[r])
                 if isinstance(v, str) and v.strip()]
        assert row.texts == texts == grid.row_labels(r)
        assert row.values is grid.rows[r]
        assert grid.row(r) is row  # worked out once
    assert grid.row_is_empty(grid.height) and grid.row_is_empty(-1)


@settings(max_examples=200, deadline=None)
@given(_ROWS, st.lists(_MERGE, max_size=4),
       st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=4))
def test_the_index_built_as_searches_reach_further_finds_what_the_whole_one_finds(
        rows, merges, windows):
    names = L.is_one_of("项目名称", "当年财政拨款", "合计")
    grid, whole = _grid(rows, merges, ()), _grid(rows, merges, ())
    everything = whole.find(names)
    for start, length in windows:
        within = range(start, start + length)
        assert grid.find(names, within) == [h for h in everything if h[0] in within]
    assert grid.find(names) == everything
    assert grid.inline(L.is_one_of("单位名称")) == whole.inline(L.is_one_of("单位名称"))
