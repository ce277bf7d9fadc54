"""The rule base class and registry (ruff/sqlfluff style: one small class per code).

A rule's docstring is its documentation (``perfxl rules PX301`` prints it); ``summary`` is the
one-line Chinese description in the catalogue; ``message`` is a ``str.format`` template for the
finding text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from perfxl.findings import Finding, Severity
from perfxl.model import Loc

REGISTRY: dict[str, type["Rule"]] = {}


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]  # short English slug, e.g. "budget-total"
    severity: ClassVar[Severity]
    summary: ClassVar[str]  # one line, Chinese
    message: ClassVar[str] = ""  # str.format template
    year_end_only: ClassVar[bool] = False  # applies only when 数据截至 is month 12

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if getattr(cls, "code", None):
            if cls.code in REGISTRY:
                raise RuntimeError(f"duplicate rule code {cls.code}")
            REGISTRY[cls.code] = cls

    def check(self, ctx) -> Iterable[Finding]:  # ctx: perfxl.rules.context.CheckContext
        raise NotImplementedError

    def finding(self, loc: Loc | None = None, *, expected=None, actual=None, project=None,
                severity: Severity | None = None, message: str | None = None, **fmt) -> Finding:
        """Build this rule's finding; ``fmt`` fills the message template."""
        return Finding(
            self.code,
            severity or self.severity,
            message if message is not None else self.message.format_map(fmt),
            loc.sheet if loc else None,
            loc.cell if loc else None,
            None if expected is None else str(expected),
            None if actual is None else str(actual),
            project,
        )
