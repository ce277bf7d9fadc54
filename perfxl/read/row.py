"""One row of a :class:`~perfxl.read.grid.Grid`, worked out once: its text cells, which cells
hold something of their own, and whether it is empty.

A table reader walks a sheet row by row and asks each row the same questions: is it empty (the
table ended)? which of its cells hold text, and what does each say? does this cell hold a value?
:meth:`Grid.row <perfxl.read.grid.Grid.row>` answers them from one pass over the row's raw
values, made the first time any of them is asked and kept with the grid. Testing a row this
way makes no :class:`~perfxl.model.Val` and no :class:`~perfxl.model.Loc`: a reader makes those
(through its :class:`~perfxl.read.cells.CellReader`) only for the cells the model keeps, and
reads a value shown under a merge with :meth:`Grid.value <perfxl.read.grid.Grid.value>`.
"""

from __future__ import annotations

from perfxl.values import normalize_label

LABEL_COLS = 50
"""Text cells (labels) are taken from this many first columns of a row."""


class Row:
    """Row ``r`` of ``grid`` (0-based, inside the grid). Read-only once made.

    - ``values``: the row's raw values as calamine gave them (``None`` for an empty cell), not
      resolved through merges — the grid's own list, not a copy;
    - ``texts``: ``(column, label)`` of its text cells in the first :data:`LABEL_COLS`
      columns, in column order, each label normalised as labels are compared (a cell under a
      merge gives its merge's label) — what :meth:`Grid.row_labels` returns;
    - ``own``: the columns whose cell holds something of its own (a cell under a merge from
      elsewhere does not; a formula without a cached value does), ascending (not to be changed);
    - ``empty``: no cell among ``values`` holds anything of its own (merges from above do not
      count; a formula without a value right of the row's last value does not either, as
      :meth:`Grid.row_is_empty` always had it).
    """

    def __init__(self, grid, r: int):
        # the row keeps no reference to its grid, which keeps the row: no cycle for the
        # garbage collector to find, a sheet's grid is freed as soon as it is read
        self.r = r
        self.values: list = grid.rows[r]
        texts: list[tuple[int, str]] = []
        own: list[int] = []
        covered, labels_ = grid._origin, grid._labels
        for c, v in enumerate(self.values[:LABEL_COLS]):  # labels are read from these only
            if v is None:
                continue
            if isinstance(v, str):
                if not v.strip():
                    continue  # spaces only: blank
                rc = (r, c)
                if rc in covered:  # a text the file repeats under a merge: the merge's label
                    texts.append((c, grid.label(r, c)))
                    continue
                own.append(c)
                text = labels_.get(rc)
                if text is None:
                    text = labels_[rc] = normalize_label(v)
                texts.append((c, text))
            elif (r, c) not in covered:
                own.append(c)
        if len(self.values) > LABEL_COLS:
            own += _own_beyond_labels(self.values, r, covered)
        beyond: list[int] = []  # formulas right of the row's last value (not in `own`)
        formulas = grid._uncached_by_row.get(r)
        if formulas:  # shown as '' by calamine (or not at all), yet the cell holds a formula
            own, beyond = _with_formulas(own, formulas, r, covered, len(self.values))
        self.texts = texts
        self.own: list[int] = own
        self.empty: bool = not own
        self._beyond = beyond

    def has_own(self, c: int) -> bool:
        """:meth:`Grid.has_own_content` of (r, c), from the row's pass."""
        return c in self.own or c in self._beyond

    def __repr__(self) -> str:
        return f"Row({self.r}, own={self.own}, texts={self.texts})"


def _own_beyond_labels(values: list, r: int, covered) -> list[int]:
    """The columns right of the label columns that hold something of their own."""
    return [c for c, v in enumerate(values[LABEL_COLS:], LABEL_COLS)
            if v is not None and not (isinstance(v, str) and not v.strip())
            and (r, c) not in covered]


def _with_formulas(own: list[int], formulas: list[int], r: int, covered,
                   width: int) -> tuple[list[int], list[int]]:
    """(own columns, formula columns right of the row's values) once the row's formulas
    without a cached value are counted (a cell under a merge from elsewhere still is not)."""
    kept = [c for c in formulas if (r, c) not in covered]
    return sorted({*own, *(c for c in kept if c < width)}), [c for c in kept if c >= width]
