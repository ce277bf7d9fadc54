"""A 绩效目标申报表 laid out as a form → :class:`~perfxl.model.Declaration`.

Two layouts (declaration.md "The layouts perfxl must read"), told apart by their tables:

- **one form per sheet** (``二级项目支出绩效目标申报表``; perfxl's own blank too): header fields
  in label/value pairs (``项目编码 | … | 项目名称 | …``), 项目总金额（中期规划，万元） and
  本年度项目金额（万元）, 政策依据 … 长期目标 one per row, then one indicator table
  ``一级指标 · 二级指标 · 三级指标 · 目标值 · 指标解释`` with its pre-printed 二级 rows;
- **the 一体化 export** (``XX项目绩效目标表``): two money columns side by side (``中期资金总额：``
  and ``年度资金总额：``, each with its ``其中：财政拨款 · 上年结转资金 · 其他资金`` rows below) and
  two indicator column groups, medium term and year (:mod:`perfxl.read.declaration_table`).

The third layout, a flat target list, is :mod:`perfxl.read.declaration_list`. Every field is
found by its label (the label table's ``[declaration.fields]``); what cannot be read is an
observation, never a finding.
"""

from __future__ import annotations

import re
from dataclasses import replace

from perfxl.model import FUND_KEYS, Declaration, Loc, Observation, Val
from perfxl.read import declaration_labels as D
from perfxl.read import exports as X
from perfxl.read import labels as L
from perfxl.read.cells import CellReader, as_text
from perfxl.read.declaration_table import find_table, read_indicators
from perfxl.read.grid import Grid

MEDIUM_TOTAL = ("中期资金总额", "中期资金")  # the export's money labels
YEAR_TOTAL = ("年度资金总额", "资金总额")
GOAL_LABELS = ("中期目标", "年度目标")  # the export's goals, below their labels

EXCEL_DIGITS = 15
"""Excel keeps 15 significant digits of a number: a longer 项目编码 typed as a number is lost."""
_SCIENTIFIC = re.compile(r"^[+-]?\d(?:\.\d+)?[eE][+-]?\d+$")


def read_declaration(grid: Grid, observations: list[Observation],
                     title: tuple[int, int] | None = None) -> Declaration:
    """``title``: the form's title cell when the caller has found it (else found here)."""
    title = title or X.find_title(grid)
    d = Declaration(sheet=grid.name, title_loc=X.title_loc(grid, title))
    local: list[Observation] = []
    words = L.words()
    form = _Form(grid, CellReader(grid, local), words)
    table = find_table(grid)
    d.layout = "export" if _is_export(form, table) else "sheet"
    d.title_year = X.title_year(grid, title)
    fields = words.DECLARATION_FIELDS
    d.name = form.text(fields["project_name"], "项目名称", required=True)
    form.cells.project = d.name.value
    d.code, d.code_lost = form.code(fields["code"])
    d.department = form.text(fields["department"], "主管部门")
    d.implementer = form.text(fields["applicant"], "申请单位")
    d.period = form.text(fields["period"], "实施期限")
    d.policy_basis = form.text(fields["policy"], "政策依据")
    d.calc_basis = form.text(fields["calc"], "测算依据")
    if d.layout == "export":
        d.medium_funds = form.funds(MEDIUM_TOTAL, "中期资金总额")
        d.year_funds = form.funds(YEAR_TOTAL, "年度资金总额")
        d.goal_medium = form.goal_below(("中期目标",), "总体目标·中期目标")
        d.goal_year = form.goal_below(("年度目标",), "总体目标·年度目标")
    else:
        d.medium_funds = form.funds(fields["total"], "项目总金额")
        d.year_funds = form.funds(fields["year"], "本年度项目金额")
        d.goal_medium = form.goal(fields["goal_long"], "长期目标")
        d.goal_year = form.goal(fields["goal_year"], "年度目标")
    read_indicators(grid, form.cells, d, table)
    observations.extend(replace(o, project=o.project or d.name.value) for o in local)
    return d


def _is_export(form: _Form, table) -> bool:
    """The export: two indicator groups, or its 中期资金总额 money block."""
    return (table is not None and len(table.groups) > 1) or form.label(MEDIUM_TOTAL) is not None


# --------------------------------------------------------------------------- fields


class _Form:
    """The header fields of one form, read right of (or below) their labels. Where each label
    is comes from one lookup of the sheet's label index for every word a field may have, not
    one search per field; the words of the table in use are taken once."""

    def __init__(self, grid: Grid, cells: CellReader, words: L.Words):
        self.grid, self.cells, self.words = grid, cells, words
        names = L.is_one_of(*words.DECLARATION_FIELD_WORDS, *MEDIUM_TOTAL, *YEAR_TOTAL,
                            *GOAL_LABELS)
        first: dict[str, tuple[int, int]] = {}
        for r, c in grid.find(names):
            if grid.origin(r, c) == (r, c):
                first.setdefault(L.key(grid.label(r, c)), (r, c))
        self._first = first

    def label(self, names) -> tuple[int, int] | None:
        """The first own cell (row-major) whose label is one of ``names``
        (:func:`perfxl.read.exports.first_label`)."""
        return min((self._first[n] for n in names if n in self._first), default=None)

    def is_label(self, text: str) -> bool:
        return D.is_label(text, self.words)

    def value_right(self, at: tuple[int, int]) -> tuple[int, int] | None:
        return X.value_right(self.grid, *at, is_label=self.is_label)

    def text(self, names, field: str, required: bool = False) -> Val[str]:
        at = self.label(names)
        if at is None:
            if required:
                self.cells.missing(field, None, f"（没有找到写着“{field}”的单元格）")
            return Val(None)
        value_at = self.value_right(at)
        if value_at is None:
            if required:
                self.cells.missing(field, self.grid.ref(*self.grid.empty_value_cell(*at)))
            return Val(None, self.empty_loc(at))
        return self.cells.text(value_at, field, required)

    def empty_loc(self, at) -> Loc:
        """Where an empty field's value belongs (a finding about the field points there)."""
        return Loc(self.grid.name, self.grid.ref(*self.grid.empty_value_cell(*at)))

    def code(self, names) -> tuple[Val[str], bool]:
        """项目编码 as text, and whether Excel lost it (:func:`code_of`)."""
        at = self.label(names)
        if at is None:
            return Val(None), False
        value_at = self.value_right(at)
        if value_at is None:
            return Val(None, self.empty_loc(at)), False
        return code_of(self.cells.text(value_at, "项目编码"))

    def goal(self, names, field: str) -> Val[str]:
        """A goal right of its label (sheet form), else below it."""
        at = self.label(names)
        if at is None:
            return Val(None)
        value_at = self.value_right(at) or X.value_below(self.grid, *at)
        if value_at is None or self.is_label(self.grid.label(*value_at)):
            return Val(None, self.empty_loc(at))  # left empty: the next row's label is no goal
        return self.cells.text(value_at, field)

    def goal_below(self, names, field: str) -> Val[str]:
        at = self.label(names)
        if at is None:
            return Val(None)
        below = X.value_below(self.grid, *at)
        return self.cells.text(below, field) if below else Val(None)

    def funds(self, total_names, title: str) -> dict[str, Val]:
        """The total right of its label and the ``其中`` rows below it, in 万元 (a label saying
        ``（元）`` is in 元). An empty total is kept with the cell it belongs in (a finding on
        it points there)."""
        at = self.label(total_names)
        if at is None:
            return {}
        grid, cells, fund_rows = self.grid, self.cells, self.words.FUND_ROWS
        r, c = at
        unit = L.unit_of(grid.label(r, c)) or "万元"
        out = {"total": cells.money(self.slot(r, c), title, unit)}
        for rr in range(r + 1, min(r + 6, grid.height)):
            label = L.strip_qizhong(grid.label(rr, c))
            for key in FUND_KEYS[1:]:
                if key not in out and label in fund_rows[key]:
                    out[key] = cells.money(self.slot(rr, c), f"{title}中的{label}")
        return out

    def slot(self, r: int, c: int) -> tuple[int, int]:
        """The value cell right of a money label, or where it should be when left empty."""
        return self.value_right((r, c)) or self.grid.empty_value_cell(r, c)


def code_of(v: Val[str]) -> tuple[Val[str], bool]:
    """The code a cell holds (text; a number as its digits) and whether it is a rounded number:
    a number of more than 15 digits is stored rounded (``4.403062313915e+20``) — the code is
    then kept as shown, never with digits made up."""
    raw = v.raw
    if isinstance(raw, bool) or v.value is None:
        return v, False
    if isinstance(raw, (int, float)):
        if abs(raw) >= 10 ** EXCEL_DIGITS:
            return Val(repr(float(raw)), v.loc, raw), True
        return Val(as_text(raw), v.loc, raw), False
    text = str(v.value).strip()
    return Val(text, v.loc, raw), bool(_SCIENTIFIC.match(text))
