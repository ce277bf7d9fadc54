"""Merged ranges, overlapping ones included, resolve as reading them one cell at a time does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.readfix.plain import merge_maps_one_cell_at_a_time

_MERGE = st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(-1, 4), st.integers(-1, 4)) \
    .map(lambda t: ((t[0], t[1]), (t[0] + t[2], t[1] + t[3])))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8), st.lists(_MERGE, max_size=6))
def test_merge_maps_equal_the_plain_reading_even_when_ranges_overlap(height, width, merges):
    from perfxl.read.grid import Grid

    grid = Grid("表", [[""] * width for _ in range(height)], merges)
    assert (grid._origin, grid._span) == merge_maps_one_cell_at_a_time(merges, height, width)
