"""The labels perfxl looks for, and how a normalised cell text is matched against them.

The words come from the label table (:mod:`perfxl.labeltable`: ``perfxl/labels.toml``, extended
by ``[labels]`` in ``perfxl.toml``); this module holds no word of its own. A reader asks for the
words of a meaning by name — ``L.PROJECT_NAME``, ``L.FUND_ROWS["fiscal"]``, ``L.IND_HEADERS`` —
and gets those of the table in use for the workbook being read (:func:`using`, set by
``read_workbook``; the shipped table otherwise).

Cell texts are compared after :func:`perfxl.values.normalize_label` (NFKC, no whitespace, no
trailing colon). A label may carry a unit or points in brackets (``全年预算数(万元)``,
``预算执行情况(10分)``) and a leading ``*`` (required-field marks); :func:`split_label`
separates those.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from perfxl.labeltable import SHIPPED, LabelTable, split_label, strip_qizhong
from perfxl.values import month_range

__all__ = ["split_label", "strip_qizhong"]  # from the table's module: one way to compare


def base(label: str) -> str:
    return split_label(label)[0]


def unit_of(label: str) -> str | None:
    """The money unit a label states: '元' for ``金额(元)``, '万元' for ``(万元)``, else None."""
    unit = split_label(label)[1]
    if unit is None:
        return None
    if unit.startswith("万元"):
        return "万元"
    if unit.startswith("元"):
        return "元"
    return None


class Names(frozenset):
    """Labels to look up by :func:`key` (a dict lookup in the grid's label index); also usable
    as a predicate on one label."""

    def __call__(self, label: str) -> bool:
        return bool(label) and key(label) in self


def is_one_of(*names: str) -> Names:
    """Match labels whose :func:`key` (unit, marks and a leading 其中 removed) is one of ``names``."""
    return Names(names)


def key(label: str) -> str:
    """What a label is looked up by: ``'其中:当年财政拨款(万元)'`` → ``'当年财政拨款'``."""
    return strip_qizhong(label)


def starts_with(*prefixes: str):
    return lambda label: bool(label) and base(label).startswith(prefixes)


# --------------------------------------------------------------------------- the table in use


class Words:
    """The words of one label table under the names the readers use. Built once per table."""

    def __init__(self, table: LabelTable):
        form, fields = table.group("form"), table.group("form.fields")
        self.FORM_TITLE = form["title"]  # suffixes of a title
        self.TOTAL_ROW = form["total_row"]
        self.DEVIATION_PREFIX = form["deviation"]  # prefixes
        self.PROJECT_NAME = fields["project_name"]
        self.DEPARTMENT = fields["department"]
        self.IMPLEMENTER = fields["implementer"]
        self.GOAL = fields["goal"]
        self.GOAL_EXPECTED = fields["goal_expected"]
        self.GOAL_ACTUAL = fields["goal_actual"]
        self.CONCLUSION = fields["conclusion"]
        self.PROBLEMS = fields["problems"]
        self.MEASURES = fields["measures"]
        self.BLOCKS = table.group("form.blocks")
        self.FUND_HEADERS = table.group("form.money_headers")
        self.FUND_ROWS = table.group("form.money_rows")
        self.IND_HEADERS = table.group("form.indicator_headers")

        plist, list_fields = table.group("project_list"), table.group("project_list.fields")
        self.LIST_TITLE = plist["title"]
        self.LIST_TOTAL = plist["total_row"]
        self.UNIT_NAME = list_fields["unit_name"]
        self.EVAL_YEAR = list_fields["eval_year"]
        self.AS_OF = list_fields["as_of"]
        self.DECLARED_COUNT = list_fields["declared_count"]
        self.DECLARED_TOTAL = list_fields["declared_total"]
        self.LIST_HEADERS = table.group("project_list.headers")

        self.LAND_HEADERS = table.group("land.headers")
        self.SUBTOTAL = table.group("land")["subtotal"]  # prefixes
        self.NOTE_PREFIXES = table.group("notes")["prefixes"]
        self.DECLARATION_FIELDS = table.group("declaration.fields")  # 申报表 (declaration_labels)
        self.DECLARATION_HEADERS = table.group("declaration.indicator_headers")
        # every header field's label in one set: is_field asks for each cell left of the table
        self.DECLARATION_FIELD_WORDS = frozenset(w for ws in self.DECLARATION_FIELDS.values()
                                                 for w in ws)
        self.ESTIMATE_HEADERS = table.group("estimate.detail_headers")  # 测算 (read/estimate*.py)
        self.ESTIMATE_PLAN = table.group("estimate.plan")
        self.PLAN_GROUPS = table.group("estimate.plan_groups")
        self.PLAN_PARTS = table.group("estimate.plan_parts")
        self.CLASS_HEADERS = table.group("estimate.class_headers")
        self.CLASS_PARTS = table.group("estimate.class_parts")

        self.KNOWN_LABELS = frozenset(_known_words(table))

    def is_known_label(self, label: str) -> bool:
        """A label of the 自评表 or 项目清单 (a cell holding one is never a field's value)."""
        return bool(label) and (base(label) in self.KNOWN_LABELS
                                or strip_qizhong(label) in self.KNOWN_LABELS
                                or base(label).startswith(self.DEVIATION_PREFIX))

    def is_note(self, label: str) -> bool:
        """A footnote or signature line under a table (``注：…``, ``填表人：``), not a data row."""
        return bool(label) and label.startswith(self.NOTE_PREFIXES)

    def is_form_title(self, label: str) -> bool:
        """A 自评表 title: a short cell ending in 绩效自评表 (a year in brackets may follow); a
        sentence that merely mentions the form (an instruction) is not a title."""
        return len(label) <= 60 and base(label).endswith(self.FORM_TITLE)


def _known_words(table: LabelTable) -> Iterator[str]:
    """The words that are labels (a cell holding one is never a field's value): those of the
    自评表's fields, blocks, columns and rows, and of the 项目清单's fields and columns."""
    for group in ("form.fields", "form.blocks", "form.money_headers", "form.money_rows",
                  "form.indicator_headers", "project_list.fields", "project_list.headers"):
        for words in table.group(group).values():
            yield from words
    yield from table.group("form")["total_row"]


_SHIPPED_WORDS = Words(SHIPPED)
_IN_USE: ContextVar[Words] = ContextVar("perfxl_label_words", default=_SHIPPED_WORDS)


@contextmanager
def using(table: LabelTable | None):
    """Read with this label table (None or the shipped one: the shipped words). A context
    variable, so concurrent reads (threads, tasks) each keep their own."""
    words = _SHIPPED_WORDS if table is None or table is SHIPPED else Words(table)
    token = _IN_USE.set(words)
    try:
        yield words
    finally:
        _IN_USE.reset(token)


def words() -> Words:
    """The words of the table in use."""
    return _IN_USE.get()


def __getattr__(name: str):
    """``L.PROJECT_NAME`` and the other upper-case names: the words of the table in use (a reader
    that asks for many, per cell, takes :func:`words` once instead)."""
    if name.isupper() or name == "KNOWN_LABELS":
        try:
            return getattr(_IN_USE.get(), name)
        except AttributeError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


INSTRUCTIONS_SHEET = "说明"
"""A sheet whose name holds this (填报说明) is instructions for staff, never data."""


def is_note(label: str) -> bool:
    """:meth:`Words.is_note` of the table in use."""
    return _IN_USE.get().is_note(label)


def is_known_label(label: str) -> bool:
    """:meth:`Words.is_known_label` of the table in use."""
    return _IN_USE.get().is_known_label(label)


def header_map(grid, r: int, headers: dict[str, tuple[str, ...]], first_col: int = 0) -> dict:
    """Field → column for a header row: the first column whose label matches each field.
    Also returns the money unit each header states, under key ``(field, 'unit')``."""
    found: dict = {}
    for c in range(first_col, min(grid.width, 200)):
        label = grid.label(r, c)
        if not label:
            continue
        at = grid.origin(r, c)
        if at[1] != c and at[0] == r:
            continue  # inside a horizontal merge already seen
        b = base(label)
        month_key = month_field(b)
        for key, names in headers.items():
            if key not in found and (b in names or key == month_key):
                found[key] = c
                found[(key, "unit")] = unit_of(label)
                break
    return found


def month_field(b: str) -> str | None:
    """``1-7月执行数`` / ``1-7月执行率`` of a monitoring form stand for 全年执行数 / 执行率:
    'executed' / 'rate' for such a (base) label, else None."""
    month = month_range(b)
    if month is None:
        return None
    return {"执行数": "executed", "执行率": "rate"}.get(month[1])
