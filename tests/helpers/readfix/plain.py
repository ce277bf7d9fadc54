"""Plain readings the reader's fast paths are tested against."""

from __future__ import annotations


def merge_maps_one_cell_at_a_time(merges, height, width):
    """The plain reading of merged ranges: every covered cell but the top-left points to it."""
    origin, span = {}, {}
    for (r0, c0), (r1, c1) in merges:
        r1, c1 = min(r1, height - 1), min(c1, width - 1)
        if r1 < r0 or c1 < c0:
            continue
        span[(r0, c0)] = (r1, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    origin[(r, c)] = (r0, c0)
    return origin, span
