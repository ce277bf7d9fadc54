"""A value read from a cell and where it came from: :class:`Val` and :class:`Loc`.

The smallest piece of the typed model (:mod:`perfxl.model` re-exports both): every value a reader
takes from a cell is a ``Val`` carrying its parsed value, its :class:`Loc` (sheet and cell) and
the raw cell content, so a finding can always name the cell and quote what the accountant typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Loc:
    """A place in the workbook: sheet name and A1 cell (or range, e.g. ``B3:I3``)."""

    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


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
