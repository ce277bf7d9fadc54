"""One worksheet as a grid of calamine values, with merged cells resolved and labels indexed.

Rows and columns are 0-based inside the reader; :func:`a1` turns them into the addresses users
see. ``to_python(skip_empty_area=False)`` starts at A1, so indices are exact sheet positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perfxl.cellref import a1, col_letters
from perfxl.located import Loc
from perfxl.read import labels
from perfxl.read.row import LABEL_COLS, Row
from perfxl.read.xlsxmeta import SheetMeta
from perfxl.values import normalize_label

__all__ = ["Grid", "Row", "a1", "col_letters", "load_grid"]

MAX_ROWS = 20_000
"""Rows read per sheet: far above any real unit (a few hundred rows), bounded for hostile files."""
MAX_COLS = 200
LABEL_ROWS = 200
"""Labels (fields, headers, titles) are searched in this many first rows (and in the first
LABEL_COLS columns, :mod:`perfxl.read.row`)."""


def _is_blank(v) -> bool:
    return v is None or v == "" or (isinstance(v, str) and not v.strip())


@dataclass
class Grid:
    name: str
    rows: list[list]
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    meta: SheetMeta | None = None
    truncated: bool = False  # more than MAX_ROWS rows were present

    def __post_init__(self) -> None:
        self.height = len(self.rows)
        self.width = max(map(len, self.rows), default=0)
        self._origin, self._span = _merge_maps(self.merges, self.height - 1, self.width - 1)
        self._labels: dict[tuple[int, int], str] = {}  # (r, c) → label, computed on first ask
        self._made_rows: dict[int, Row] = {}  # the rows a reader asked for, each worked out once
        self._by_key: dict[str, list[tuple[int, int]]] = {}  # the window's index …
        self._indexed = 0  # … of its first rows up to this one, extended as searches ask
        self._window_end = min(self.height, LABEL_ROWS)
        uncached = self.meta.uncached_formulas if self.meta is not None else ()
        self._uncached_by_row: dict[int, list[int]] = {}  # row → its formulas without a value
        for r, c in uncached:
            self._uncached_by_row.setdefault(r, []).append(c)

    # ------------------------------------------------------------------ cells

    def origin(self, r: int, c: int) -> tuple[int, int]:
        """The top-left cell of the merge covering (r, c), or (r, c) itself."""
        return self._origin.get((r, c), (r, c))

    def own(self, r: int, c: int):
        """The cell's own value, ignoring merges ('' when empty or outside the grid)."""
        if 0 <= r < self.height and 0 <= c < len(self.rows[r]):
            v = self.rows[r][c]
            return "" if v is None else v
        return ""

    def value(self, r: int, c: int):
        """The value shown at (r, c): a cell under a merge shows the merge's top-left value."""
        return self.own(*self.origin(r, c))

    def has_content(self, r: int, c: int) -> bool:
        """Non-empty, counting a formula without a cached value (calamine shows it as '')."""
        at = self.origin(r, c)
        if not _is_blank(self.own(*at)):
            return True
        meta = self.meta
        return meta is not None and (at in meta.uncached_formulas or at in meta.error_cells)

    def ref(self, r: int, c: int) -> str:
        """A1 address of the value at (r, c): the merge's range when merged (``B3:I3``)."""
        return self.origin_ref(*self.origin(r, c))

    def origin_ref(self, r: int, c: int) -> str:
        """:meth:`ref` of a cell already known to be its merge's origin (or unmerged)."""
        span = self._span.get((r, c))
        if span is not None:
            return f"{a1(r, c)}:{a1(*span)}"
        return a1(r, c)

    def loc(self, r: int, c: int) -> Loc:
        """Where the value at (r, c) is: :meth:`ref` as a :class:`~perfxl.model.Loc`, whose
        address is formatted only when a finding shows it."""
        return self.origin_loc(*self.origin(r, c))

    def origin_loc(self, r: int, c: int) -> Loc:
        """:meth:`loc` of a cell already known to be its merge's origin (or unmerged)."""
        return Loc.at(self.name, r, c, self._span.get((r, c)))

    def cell(self, r: int, c: int) -> tuple[tuple[int, int], Loc, object]:
        """What a reader takes from (r, c), in one look-up: where its value is (the merge's
        top-left), that place as a :class:`Loc`, and the value there ('' when empty)."""
        at = self._origin.get((r, c))
        if at is None:
            at = (r, c)
        else:
            r, c = at
        row = self.rows[r] if 0 <= r < self.height else ()
        v = row[c] if 0 <= c < len(row) else None
        return at, Loc(self.name, None, (r, c, self._span.get(at))), "" if v is None else v

    def same_merge(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        return self.origin(*a) == self.origin(*b)

    def row(self, r: int) -> Row:
        """Row ``r`` worked out once: its text cells, the cells holding something of their
        own, whether it is empty (:class:`~perfxl.read.row.Row`). ``r`` inside the grid."""
        row = self._made_rows.get(r)
        if row is None:
            row = self._made_rows[r] = Row(self, r)
        return row

    def row_is_empty(self, r: int) -> bool:
        """No cell of the row holds anything of its own (merges from above do not count)."""
        if not 0 <= r < self.height:
            return True
        return self.row(r).empty

    def has_own_content(self, r: int, c: int) -> bool:
        """The cell itself holds something (a cell under a merge from elsewhere does not)."""
        if (r, c) in self._origin:
            return False
        if not _is_blank(self.own(r, c)):
            return True
        return self.meta is not None and (r, c) in self.meta.uncached_formulas

    # ------------------------------------------------------------------ labels

    def label(self, r: int, c: int) -> str:
        """The normalised text at (r, c) ('' for non-text cells), as labels are compared.
        Kept per cell: header and total-row probes ask the same cells again."""
        key = (r, c)
        text = self._labels.get(key)
        if text is None:
            v = self.value(r, c)
            text = self._labels[key] = normalize_label(v) if isinstance(v, str) else ""
        return text

    def _index(self, stop: int) -> dict[str, list[tuple[int, int]]]:
        """Label key → own cells holding it, in the label window's rows before ``stop``: each
        row's text cells are indexed once, the first time a search reaches it, so a search of
        the first rows (a title, a list's header) does not index the whole window."""
        if stop > self._indexed < self._window_end:
            stop = min(stop, self._window_end)
            by_key = self._by_key
            for r in range(self._indexed, stop):
                for c, text in self.row(r).texts:
                    by_key.setdefault(labels.key(text), []).append((r, c))
            self._indexed = stop
        return self._by_key

    def row_labels(self, r: int) -> list[tuple[int, str]]:
        """(column, label) of the text cells of row ``r`` in the first LABEL_COLS columns (a
        cell under a merge gives its merge's label), in column order."""
        return self.row(r).texts

    def find(self, match, rows: range | None = None) -> list[tuple[int, int]]:
        """Cells in the label window whose label satisfies ``match`` (a str, a
        :class:`labels.Names` or a predicate), row-major."""
        if isinstance(match, labels.Names):  # looked up by key in the window's index
            by_key = self._index(LABEL_ROWS if rows is None else (rows[-1] + 1 if rows else 0))
            hits = [rc for name in match for rc in by_key.get(name, ())]
            hits.sort()
            return hits if rows is None else [h for h in hits if h[0] in rows]
        if isinstance(match, str):
            match = match.__eq__
        window = range(self._window_end)
        if rows is not None and len(rows) <= 20:  # a few rows (titles): only theirs are read
            scan = [r for r in rows if r < window.stop]
        else:
            scan = window if rows is None else [r for r in window if r in rows]
        hits = [(r, c) for r in scan for c, text in self.row_labels(r) if match(text)]
        hits.sort()
        return hits

    def first(self, match, rows: range | None = None) -> tuple[int, int] | None:
        hits = self.find(match, rows)
        return hits[0] if hits else None

    def inline(self, names, rows: range | None = None) -> tuple[tuple[int, int], str] | None:
        """A cell holding label and value together, ``单位名称：某镇`` → ((r, c), '某镇'): of the
        window's texts holding a colon, first seen first (asked only when a label was not found
        on its own, so worked out when asked)."""
        with_colon: dict[str, list[tuple[int, int]]] = {}
        for r in range(self._window_end):
            for c, text in self.row(r).texts:
                if ":" in text:
                    with_colon.setdefault(text, []).append((r, c))
        for text, cells in with_colon.items():
            head, _, rest = text.partition(":")
            if not rest or labels.key(head) not in names:
                continue
            for r, c in sorted(cells):
                if rows is not None and r not in rows:
                    continue
                raw = str(self.own(*self.origin(r, c)))
                value = raw.replace("：", ":", 1).partition(":")[2].strip()
                if value:
                    return (r, c), value
        return None

    # ------------------------------------------------------------------ values near a label

    def right_of(self, r: int, c: int, is_label=lambda s: False, limit: int = LABEL_COLS):
        """The next cell right of (r, c) with content, outside the label's own merge.
        Returns None when that cell is another label (the value was left empty)."""
        seen = {self.origin(r, c)}
        for cc in range(c + 1, min(self.width, c + 1 + limit)):
            at = self.origin(r, cc)
            if at in seen:
                continue  # the label's own merge, or a merge already seen
            seen.add(at)
            if self.has_content(r, cc):
                text = self.label(r, cc)
                if text and text == self.label(r, c):
                    continue  # an export repeats a merged label in every cell it covers
                return None if is_label(text) else (r, cc)
        return None

    def below(self, r: int, c: int, is_label=lambda s: False):
        """The cell right below (r, c) (below the label's merge), if it has content and is no label."""
        start = (r, c)
        rr = r + 1
        while rr < self.height and self.same_merge(start, (rr, c)):
            rr += 1
        if rr < self.height and self.label(rr, c) and self.label(rr, c) == self.label(r, c):
            rr += 1  # the label repeated below (an unmerged export)
        if rr < self.height and self.has_content(rr, c) and not is_label(self.label(rr, c)):
            return (rr, c)
        return None

    def value_cell(self, r: int, c: int, is_label=lambda s: False) -> tuple[int, int] | None:
        """Where a label's value is: to the right, else below (vertical layouts)."""
        return self.right_of(r, c, is_label) or self.below(r, c, is_label)

    def empty_value_cell(self, r: int, c: int) -> tuple[int, int]:
        """Where the value should have been (for a missing-field observation): the cell right of the label."""
        cc = c + 1
        while self.same_merge((r, c), (r, cc)):
            cc += 1
        return self.origin(r, cc)


def _merge_maps(merges, last_row: int, last_col: int):
    """(covered cell → its merge's top-left, top-left → bottom-right) of a sheet's merges,
    clipped to the grid."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    span: dict[tuple[int, int], tuple[int, int]] = {}
    for (r0, c0), (r1, c1) in merges:
        r1, c1 = min(r1, last_row), min(c1, last_col)
        if r1 < r0 or c1 < c0:
            continue
        top = (r0, c0)
        span[top] = (r1, c1)
        before = covered.get(top, top)  # overlapping merges (hostile files): keep as it was
        cols = range(c0, c1 + 1)
        covered.update({(r, c): top for r in range(r0, r1 + 1) for c in cols})
        if before is top:
            del covered[top]
        else:
            covered[top] = before
    return covered, span


def load_grid(sheet, name: str, meta: SheetMeta | None) -> Grid:
    """Read one calamine sheet, bounded to MAX_ROWS × MAX_COLS."""
    rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
    truncated = len(rows) > MAX_ROWS
    if truncated:
        rows = rows[:MAX_ROWS]
    if any(len(row) > MAX_COLS for row in rows):  # rows are fresh lists: cut only when needed
        rows = [row[:MAX_COLS] for row in rows]
    merges = list(sheet.merged_cell_ranges or [])
    return Grid(name, rows, merges, meta, truncated)
