"""One worksheet as a grid of calamine values, with merged cells resolved and labels indexed.

Rows and columns are 0-based inside the reader; :func:`a1` turns them into the addresses users
see. ``to_python(skip_empty_area=False)`` starts at A1, so indices are exact sheet positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perfxl.cellref import COL_LETTERS, a1, col_letters  # noqa: F401 - a1/col_letters re-exported
from perfxl.memo import remember
from perfxl.read import labels
from perfxl.read.xlsxmeta import SheetMeta
from perfxl.values import normalize_label

MAX_ROWS = 20_000
"""Rows read per sheet: far above any real unit (a few hundred rows), bounded for hostile files."""
MAX_COLS = 200
LABEL_ROWS = 200
"""Labels (fields, headers, titles) are searched in this many first rows …"""
LABEL_COLS = 50
"""… and columns."""


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
        # the 15 forms of a workbook (and of every workbook) share their merges: the merge maps
        # are built once per distinct layout and shared (read-only after this point)
        try:
            key = (tuple(self.merges), self.height, self.width)
            maps = _MERGE_MAPS.get(key)
        except TypeError:  # merges given as lists (built by hand): nothing to remember them by
            key = maps = None
        if maps is None:
            maps = _merge_maps(self.merges, self.height - 1, self.width - 1)
            if key is not None:
                remember(_MERGE_MAPS, key, maps, 256)
        self._origin, self._span = maps
        self._labels: dict[tuple[int, int], str] = {}
        self._index: dict[str, list[tuple[int, int]]] | None = None
        self._by_key: dict[str, list[tuple[int, int]]] = {}
        self._found: dict = {}  # (match, rows) → hits: the same searches recur (titles, labels)
        self._row_cache: dict[int, list[tuple[int, str]]] = {}
        self._memo: dict = {}  # see remembered()

    # ------------------------------------------------------------------ cells

    def remembered(self, key, compute):
        """``compute()``, worked out once per grid: what classifying a sheet looks for (its
        header row) reading it looks for again. The result must not be changed by callers."""
        memo = self._memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def row_labels(self, r: int) -> list[tuple[int, str]]:
        """(column, label) of the text cells of row ``r`` in the first LABEL_COLS columns (a
        cell under a merge gives its merge's label), in column order."""
        return self._row_labels(r)

    # The methods below run for nearly every cell the reader touches (thousands per file), so
    # they look the merge map and the rows up directly instead of calling one another.

    def origin(self, r: int, c: int) -> tuple[int, int]:
        """The top-left cell of the merge covering (r, c), or (r, c) itself."""
        rc = (r, c)
        return self._origin.get(rc, rc)

    def own(self, r: int, c: int):
        """The cell's own value, ignoring merges ('' when empty or outside the grid)."""
        if 0 <= r < self.height:
            row = self.rows[r]
            if 0 <= c < len(row):
                v = row[c]
                return "" if v is None else v
        return ""

    def value(self, r: int, c: int):
        """The value shown at (r, c): a cell under a merge shows the merge's top-left value."""
        at = self._origin.get((r, c))
        if at is not None:
            r, c = at
        if 0 <= r < self.height:
            row = self.rows[r]
            if 0 <= c < len(row):
                v = row[c]
                return "" if v is None else v
        return ""

    def has_content(self, r: int, c: int) -> bool:
        """Non-empty, counting a formula without a cached value (calamine shows it as '')."""
        at = self._origin.get((r, c))
        if at is not None:
            r, c = at
        v = ""
        if 0 <= r < self.height:
            row = self.rows[r]
            if 0 <= c < len(row):
                v = row[c]
        if v is not None and v != "" and not (isinstance(v, str) and not v.strip()):
            return True
        meta = self.meta
        return meta is not None and ((r, c) in meta.uncached_formulas
                                     or (r, c) in meta.error_cells)

    def ref(self, r: int, c: int) -> str:
        """A1 address of the value at (r, c): the merge's range when merged (``B3:I3``)."""
        return self.origin_ref(*self.origin(r, c))

    def origin_ref(self, r: int, c: int) -> str:
        """:meth:`ref` of a cell already known to be its merge's origin (or unmerged)."""
        span = self._span.get((r, c))
        if span is not None:
            return f"{COL_LETTERS[c]}{r + 1}:{COL_LETTERS[span[1]]}{span[0] + 1}"
        return f"{COL_LETTERS[c]}{r + 1}"

    def same_merge(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        covered = self._origin
        return covered.get(a, a) == covered.get(b, b)

    def row_is_empty(self, r: int) -> bool:
        """No cell of the row holds anything of its own (merges from above do not count)."""
        if r >= self.height:
            return True
        own_content = self._own_content
        return all(not own_content(r, c) for c in range(len(self.rows[r])))

    def has_own_content(self, r: int, c: int) -> bool:
        """The cell itself holds something (a cell under a merge from elsewhere does not)."""
        return self._own_content(r, c)

    def _own_content(self, r: int, c: int) -> bool:
        if (r, c) in self._origin:
            return False
        v = ""
        if 0 <= r < self.height:
            row = self.rows[r]
            if 0 <= c < len(row):
                v = row[c]
        if v is not None and v != "" and not (isinstance(v, str) and not v.strip()):
            return True
        return self.meta is not None and (r, c) in self.meta.uncached_formulas

    # ------------------------------------------------------------------ labels

    def label(self, r: int, c: int) -> str:
        """The normalised text at (r, c) ('' for non-text cells), as labels are compared."""
        key = (r, c)
        text = self._labels.get(key)
        if text is None:
            v = self.value(r, c)
            text = self._labels[key] = _normalized(v) if isinstance(v, str) else ""
        return text

    def index(self) -> dict[str, list[tuple[int, int]]]:
        """Label text → own cells holding it, in the label window (row-major). The same pass
        keeps each row's text cells for :meth:`_row_labels` (the title probes of every sheet)."""
        if self._index is None:
            idx: dict[str, list[tuple[int, int]]] = {}
            cache, covered, row_cache = self._labels, self._origin, self._row_cache
            rows, known = self.rows, _NORMALIZED
            for r in range(min(self.height, LABEL_ROWS)):
                row_labels = []
                row = rows[r]
                for c, v in enumerate(row[:LABEL_COLS] if len(row) > LABEL_COLS else row):
                    if v and v.__class__ is str and v.strip():  # '' and 0.0 fail at once
                        rc = (r, c)
                        if rc in covered:
                            text = self.label(r, c)
                        else:
                            text = cache[rc] = known.get(v) or _normalized(v)
                        row_labels.append((c, text))
                        cells = idx.get(text)
                        if cells is None:
                            idx[text] = [rc]
                        else:
                            cells.append(rc)
                if r not in row_cache:
                    row_cache[r] = row_labels
            self._index = idx
            by_key, keys = self._by_key, _KEYS
            for text, cells in idx.items():
                k = keys.get(text)
                if k is None:
                    k = remember(keys, text, labels.key(text), 16384)
                got = by_key.get(k)
                # the index's own list is shared while one text has the key; a second text
                # makes a new list, so the index's lists are never changed
                by_key[k] = cells if got is None else got + cells
        return self._index

    def find(self, match, rows: range | None = None) -> list[tuple[int, int]]:
        """Cells in the label window whose label satisfies ``match`` (a str or a predicate)."""
        return list(self._hits(match, rows))

    def _hits(self, match, rows: range | None) -> list[tuple[int, int]]:
        """:meth:`find`'s hits as remembered (callers must not change the list): labels are
        looked up by the dozen per form, :meth:`first` needs no copy of them."""
        try:
            key = (match, rows)
            hits = self._found.get(key)
        except TypeError:  # an unhashable predicate: nothing to remember it by
            key = hits = None
        if hits is None:
            hits = self._find(match, rows)
            if key is not None and (match.__class__ is labels.Names or match.__class__ is str
                                    or getattr(match, "__name__", "") != "<lambda>"):
                self._found[key] = hits
        return hits

    def _first_hit(self, match, rows: range | None) -> tuple[int, int] | None:
        hits = self._hits(match, rows)
        return hits[0] if hits else None

    def _find(self, match, rows: range | None) -> list[tuple[int, int]]:
        if isinstance(match, labels.Names):
            self.index()
            by_key = self._by_key
            if rows is not None:  # filtered here rather than after sorting: the same hits
                hits = [rc for name in match for rc in by_key.get(name, ()) if rc[0] in rows]
                hits.sort()
                return hits
            hits = [rc for name in match for rc in by_key.get(name, ())]
        elif isinstance(match, str):
            hits = list(self.index().get(match, ()))
        elif rows is not None and len(rows) <= 20:
            # a few rows (titles): test their cells rather than every label of the window
            limit = min(self.height, LABEL_ROWS)
            hits = [(r, c) for r in rows if r < limit
                    for c, text in self._row_labels(r) if match(text)]
        else:
            hits = [rc for text, cells in self.index().items() if match(text) for rc in cells]
        hits.sort()
        if rows is not None:
            hits = [h for h in hits if h[0] in rows]
        return hits

    def _row_labels(self, r: int) -> list[tuple[int, str]]:
        """(column, label) of the text cells of row ``r`` in the label window (kept: the title
        rows are searched by several predicates)."""
        got = self._row_cache.get(r)
        if got is None and self._index is None and r < LABEL_ROWS:
            self.index()  # fills the row cache of the label window in its one pass
            got = self._row_cache.get(r)
        if got is None:
            got = self._row_cache[r] = [(c, self.label(r, c))
                                        for c, v in enumerate(self.rows[r][:LABEL_COLS])
                                        if isinstance(v, str) and v.strip()]
        return got

    def inline(self, names, rows: range | None = None) -> tuple[tuple[int, int], str] | None:
        """A cell holding label and value together, ``单位名称：某镇`` → ((r, c), '某镇')."""
        for text, cells in self.index().items():
            head, sep, rest = text.partition(":")
            if not sep or not rest or labels.key(head) not in names:
                continue
            for r, c in sorted(cells):
                if rows is not None and r not in rows:
                    continue
                raw = str(self.own(*self.origin(r, c)))
                value = raw.replace("：", ":", 1).partition(":")[2].strip()
                if value:
                    return (r, c), value
        return None

    def first(self, match, rows: range | None = None) -> tuple[int, int] | None:
        return self._first_hit(match, rows)

    # ------------------------------------------------------------------ values near a label

    def right_of(self, r: int, c: int, is_label=lambda s: False, limit: int = LABEL_COLS):
        """The next cell right of (r, c) with content, outside the label's own merge.
        Returns None when that cell is another label (the value was left empty)."""
        covered = self._origin
        start = covered.get((r, c), (r, c))
        for cc in range(c + 1, min(self.width, c + 1 + limit)):
            # an unmerged cell right of the label is never in the label's merge, nor in one
            # already seen: only covered cells need the two merge checks
            at = covered.get((r, cc))
            if at is not None and (at == start or at[1] < cc):
                continue  # the label's own merge, or a merge already seen
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
        """Where the value should have been (for a PX102 finding): the cell right of the label."""
        cc = c + 1
        while self.same_merge((r, c), (r, cc)):
            cc += 1
        return self.origin(r, cc)


_MERGE_MAPS: dict = {}


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


_NORMALIZED: dict[str, str] = {}
_KEYS: dict[str, str] = {}  # label text → labels.key(text), asked for every label of every sheet


def _normalized(text: str) -> str:
    """normalize_label, remembered: the same label texts recur on every sheet of every file
    (a plain dict: every text cell of the label window asks, so the lookup is the cost)."""
    got = _NORMALIZED.get(text)
    if got is None:
        got = remember(_NORMALIZED, text, normalize_label(text), 16384)
    return got


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
