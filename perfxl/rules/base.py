"""The rule base class (ruff/sqlfluff style: one small class per code).

A rule's docstring is its documentation (``perfxl rules PX301`` prints it); ``summary`` is the
one-line Chinese description in the catalogue; ``message`` is a ``str.format`` template for the
finding text. Defining a class registers nothing: :mod:`perfxl.rules.registry` lists the rules.
A finding's severity is stamped by ``run_rules`` from the rule and the user's configuration.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from perfxl.findings import Finding, Severity
from perfxl.model import Loc


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]  # short English slug, e.g. "budget-total"
    severity: ClassVar[Severity]
    summary: ClassVar[str]  # one line, Chinese
    message: ClassVar[str] = ""  # str.format template
    year_end_only: ClassVar[bool] = False  # applies only when 数据截至 is month 12
    # A lesser severity the rule's documentation names for a milder case (PX601: a year in a
    # sentence that does not state the report's scope). Kept only while the user's
    # configuration does not set the rule's severity; see perfxl.rules.severity.
    minor_severity: ClassVar[Severity | None] = None

    def check(self, ctx) -> Iterable[Finding]:  # ctx: perfxl.rules.context.CheckContext
        raise NotImplementedError

    def finding(self, loc: Loc | None = None, *, expected=None, actual=None, project=None,
                severity: Severity | None = None, message: str | None = None, **fmt) -> Finding:
        """Build this rule's finding; ``fmt`` fills the message template. ``severity`` may only
        name the rule's :attr:`minor_severity`: anything else is replaced when it is stamped."""
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
