"""Findings: what a check reports. Reports are data (frictionless-style), rendered by ``output/``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum

from perfxl.cellref import rowcol


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word an accountant sees."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

# Staff decisions on a finding: the 处理意见 column of the 校验结果 sheet, a dropdown staff fill in
# Excel or WPS. perfxl reads it back on the next run (perfxl/read/decisions.py) and carries it
# over to the same finding (:func:`decision_key`). A waived finding is still listed everywhere
# but no longer counts (the exit code, the error counts): the figure was checked and is right,
# or the rule does not apply to this unit.
DECISION_HEADER = "处理意见"
PENDING, FIXED, VERIFIED, NOT_APPLICABLE = "待处理", "已修改", "已核实无误", "不适用"
DECISIONS = (PENDING, FIXED, VERIFIED, NOT_APPLICABLE)
WAIVED = frozenset({VERIFIED, NOT_APPLICABLE})
FINDINGS_MARKER = "_perfxl_findings"
"""The hidden workbook-scoped defined name that marks perfxl's own 校验结果 sheet: written with
the sheet (perfxl/write), looked for when staff decisions are read back (perfxl/read)."""


def decision_key(code: str, sheet: str | None, cell: str | None, expected: str | None,
                 actual: str | None) -> tuple[str, str, str, str, str]:
    """What makes two findings of two runs the same finding, for carrying a decision over:
    the rule, the sheet and cell, and what was expected and found (empty = "")."""
    return (code, sheet or "", cell or "", expected or "", actual or "")


@dataclass(frozen=True)
class Finding:
    """One problem found, with where it is and what was expected.

    ``expected``/``actual`` are display strings (amounts as their exact Decimal text, e.g.
    ``"144.9552"``), so that JSON and sheets show exactly what perfxl computed.
    ``project`` names the project the finding belongs to, when it belongs to one.
    ``decision`` is the staff decision on it (:data:`DECISIONS`), :data:`PENDING` until staff
    choose one in the 校验结果 sheet.
    ``consequence_of`` marks a note: this check disagrees only because of the wrong cell it
    names (``自评表08!D7``, where the finding with the 应为 is); the note has no 应为 of its own
    (perfxl/rules/root_cause.py decides which cell is the wrong one).
    """

    code: str
    severity: Severity
    message: str
    sheet: str | None = None
    cell: str | None = None
    expected: str | None = None
    actual: str | None = None
    project: str | None = None
    decision: str = PENDING  # what staff wrote in 处理意见 (carried over from the last run)
    consequence_of: str | None = None  # "sheet!cell" of the wrong cell this follows from

    @property
    def is_consequence(self) -> bool:
        """A note "因 X 而不一致": the finding to act on is at :attr:`consequence_of`."""
        return self.consequence_of is not None

    @property
    def waived(self) -> bool:
        """Staff marked it 已核实无误 or 不适用: listed, but it no longer counts."""
        return self.decision in WAIVED

    @property
    def decision_key(self) -> tuple[str, str, str, str, str]:
        return decision_key(self.code, self.sheet, self.cell, self.expected, self.actual)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d

    def sort_key(self) -> tuple:
        return (self.sheet or "", _cell_order(self.cell), self.code)


def _cell_order(cell: str | None) -> tuple[int, int]:
    """Row-major order of an A1 cell (or the first cell of a range) for stable output."""
    rc = rowcol(cell) if cell else None
    return (rc[0] + 1, rc[1] + 1) if rc else (0, 0)
