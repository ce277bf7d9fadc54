"""A value read from a cell and where it came from: :class:`Val` and :class:`Loc`.

The smallest piece of the typed model (:mod:`perfxl.model` re-exports both): every value a reader
takes from a cell is a ``Val`` carrying its parsed value, its :class:`Loc` (sheet and cell) and
the raw cell content, so a finding can always name the cell and quote what the accountant typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from perfxl import cellref
from perfxl.cellref import a1

T = TypeVar("T")


class Loc:
    """A place in the workbook: sheet name and A1 cell (or range, e.g. ``B3:I3``). Immutable.

    Made from an address (``Loc("表", "B3")``) or, by the reader, from 0-based positions
    (:meth:`at`): a reader locates every cell it reads but only findings show an address, so
    the A1 text is formatted when :attr:`cell` is asked for, not when the cell is read. Equal
    (and hashed alike) when sheet and address are, however each was made."""

    __slots__ = ("_sheet", "_address", "_position")

    def __init__(self, sheet: str, cell: str | None = None,
                 position: tuple[int, int, tuple[int, int] | None] | None = None):
        self._sheet = sheet
        self._address = cell
        self._position = position  # (row, column, range end or None), when made by `at`

    @classmethod
    def at(cls, sheet: str, r: int, c: int, end: tuple[int, int] | None = None) -> Loc:
        """The cell at 0-based (r, c); with ``end``, the range from it to ``end`` (a merge)."""
        return cls(sheet, None, (r, c, end))

    @property
    def sheet(self) -> str:
        return self._sheet

    @property
    def cell(self) -> str | None:
        """The A1 address (``B3``) or range (``B3:I3``)."""
        if self._position is None:
            return self._address
        r, c, end = self._position
        return f"{a1(r, c)}:{a1(*end)}" if end is not None else a1(r, c)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Loc):
            return NotImplemented
        if self._position is not None and other._position is not None:
            # two cells the reader located: same position, same address (none formatted)
            return self._sheet == other._sheet and self._position == other._position
        return self._sheet == other._sheet and self.cell == other.cell

    def __hash__(self) -> int:
        # by position, not by the address (equal Locs have the same one): rules key findings
        # by the cells the reader located, whose address is then never formatted
        position = self._position
        if position is None and self._address is not None:
            position = cellref.position(self._address) or self._address
        return hash((self._sheet, position))

    def __reduce__(self):
        return Loc, (self._sheet, self._address, self._position)

    def __repr__(self) -> str:
        return f"Loc(sheet={self._sheet!r}, cell={self.cell!r})"

    def __str__(self) -> str:
        return f"{self._sheet}!{self.cell}"


@dataclass(frozen=True)
class Val(Generic[T]):
    """A value read from a cell.

    ``value`` is the parsed value (``None`` when the cell was empty or unreadable — the reader
    then also recorded an :class:`Observation`), ``loc`` where it was read, ``raw`` the cell content as
    calamine returned it (str, float, int, bool, date …) so messages can quote it.
    """

    value: T | None
    loc: Loc | None = None
    raw: object = None

    @property
    def present(self) -> bool:
        return self.value is not None


def missing() -> Val:
    """An absent value (field not found at all). One shared instance: a Val is frozen."""
    return _MISSING


_MISSING: Val = Val(None, None, None)
