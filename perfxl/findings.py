"""Findings: what a check reports. Reports are data (frictionless-style), rendered by ``output/``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word an accountant sees."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One problem found, with where it is and what was expected.

    ``expected``/``actual`` are display strings (amounts as their exact Decimal text, e.g.
    ``"144.9552"``), so that JSON and sheets show exactly what perfxl computed.
    ``project`` names the project the finding belongs to, when it belongs to one.
    """

    code: str
    severity: Severity
    message: str
    sheet: str | None = None
    cell: str | None = None
    expected: str | None = None
    actual: str | None = None
    project: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d

    def sort_key(self) -> tuple:
        return (self.sheet or "", _cell_order(self.cell), self.code)


def _cell_order(cell: str | None) -> tuple[int, int]:
    """Row-major order of an A1 cell (or the first cell of a range) for stable output."""
    if not cell:
        return (0, 0)
    first = cell.split(":")[0]
    letters = "".join(ch for ch in first if ch.isalpha())
    digits = "".join(ch for ch in first if ch.isdigit())
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return (int(digits) if digits else 0, col)
