"""What a reader saw that is not what the form asks for, as data (:class:`Observation`).

Part of the typed model (:mod:`perfxl.model` re-exports it): readers record observations, the
PX1xx rules (``perfxl/rules/read.py``) word them as findings.
"""

from __future__ import annotations

from dataclasses import dataclass

OBSERVATION_KINDS = frozenset({
    "no_form",                # the workbook holds no form at all
    "missing_block",          # a form without one of its tables (项目资金表, 绩效指标表 …)
    "extra_form",             # a second 自评表 pasted below the first one in the same sheet
    "missing_field",          # a required field not found, or its cell empty
    "placeholder_for_required",  # a required value cell holding only — / 无 … (staff's "nothing")
    "missing_month",          # an 执行监控表 without a ``1-N月`` header
    "not_a_number",           # text such as 约2万 where a number belongs
    "not_a_year_month",       # text where 数据截至 (a year and month) belongs
    "text_against_number",    # an 执行数 that is text where the row's target is a number
    "number_as_text",         # a number stored as text (still read as the number)
    "formula_error",          # a formula whose cached result is an error value (#DIV/0!)
    "formula_without_value",  # a formula without a cached result
    "sheet_unreadable",       # reading the sheet failed (a bug or an unexpected layout)
    "sheet_corrupt",          # the file's data for this sheet cannot be parsed
    "sheet_too_large",        # the sheet's used range is too large to read at all
    "sheet_truncated",        # the sheet has more rows than are read
    "form_not_filled",        # a 自评表 laid out but not filled (the blank one of an export)
})
"""Every kind of :class:`Observation`: the rules in ``perfxl/rules/read.py`` handle each one."""


@dataclass(frozen=True)
class Observation:
    """Something the reader saw that is not what the form asks for, as data.

    The reader records it where it reads; the PX1xx rules (``perfxl/rules/read.py``) turn it
    into a finding with its code, severity and Chinese message. The fields hold what the
    message needs:

    ``field``    what the cell or block is (``年度资金总额的全年预算数``, ``项目资金表``);
    ``raw``      the cell content as staff see it (``约2万``, ``#DIV/0!``, the error's text);
    ``expected`` what belongs there, in words (``数字（万元）``, ``年初预算数 / 全年预算数``);
    ``read_as``  for a number stored as text: how it was read (``2 万元``);
    ``context``  the rest of the sentence the reader knows (where a block was looked for, the
                 row's target, the project name of a further copy);
    ``row``      a 1-based sheet row the message names; ``size`` (rows, columns) and ``limit``
                 for a sheet too large.
    """

    kind: str
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None
    raw: str | None = None
    expected: str | None = None
    read_as: str | None = None
    context: str = ""
    row: int | None = None
    size: tuple[int, int] | None = None
    limit: int | None = None
    project: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in OBSERVATION_KINDS:
            raise ValueError(f"unknown observation kind {self.kind!r}")
