"""Reading one cell into a :class:`~perfxl.model.Val`, recording every problem as an observation.

A :class:`CellReader` belongs to one sheet. Each method returns a ``Val`` (value ``None`` when the
cell is empty or unreadable) and records an :class:`~perfxl.model.Observation` with the sheet,
the cell, and what was there and what belongs there. Nothing is skipped silently, nothing raises.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from perfxl.model import Loc, Observation, Val
from perfxl.model import missing as absent
from perfxl.read.grid import Grid
from perfxl.values import (
    Measure, ValueError_, is_placeholder, parse_int, parse_measure, parse_money, parse_percent,
    parse_year_month, plain_decimal, to_decimal, yuan_from_wan,
)


def as_text(raw) -> str:
    """A cell value as the text staff see (1.0 → '1', a date → 2023-12-01)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.datetime, dt.date, dt.time)):
        return raw.isoformat()
    return str(raw).strip()


class CellReader:
    def __init__(self, grid: Grid, observations: list[Observation], project: str | None = None):
        self.grid = grid
        self.observations = observations
        self.project = project
        self.overrides: dict[tuple[int, int], object] = {}  # cell → the part of it to read
        meta = grid.meta
        # formulas without a cached value or with an error value: looked for only if any
        self._formula_cells = meta is not None and bool(meta.uncached_formulas or meta.error_cells)

    def inline(self, rc: tuple[int, int], text: str) -> tuple[int, int]:
        """Read ``text`` for the cell at ``rc`` (the value part of ``单位名称：某镇``)."""
        self.overrides[self.grid.origin(*rc)] = text
        return rc

    # ------------------------------------------------------------------ observations

    def saw(self, kind: str, cell: str | None = None, **what) -> None:
        """Record an observation on this sheet (``what``: the Observation's other fields)."""
        self.observations.append(Observation(kind, self.grid.name, cell, project=self.project,
                                             **what))

    def missing(self, field: str, cell: str | None, what: str = "") -> None:
        """A required field is empty (``cell``) or absent (no cell)."""
        self.saw("missing_field", cell, field=field, context=what)

    # ------------------------------------------------------------------ common path

    def _start(self, rc: tuple[int, int] | None, field: str, required: bool):
        """(raw, loc, done-Val): done-Val is set when the cell is absent, empty or uncached."""
        if rc is None:
            if required:
                self.missing(field, None)
            return None, None, absent()
        at, loc, raw = self.grid.cell(*rc)  # the Loc's address is made only if a finding shows it
        if self._formula_cells:
            done = self._formula_trouble(at, loc, field)
            if done is not None:
                return done
        if self.overrides:
            raw = self.overrides.get(at, raw)
        if isinstance(raw, str) and not raw.strip():  # empty ('' or spaces)
            if required:
                self.missing(field, loc.cell)
            return raw, loc, Val(None, loc, raw)
        return raw, loc, None

    def _start_value(self, rc, field: str, required: bool):
        """Like :meth:`_start`, for a cell that holds a value (money, number, rate, year):
        a placeholder (``—``, ``/``, ``无`` …) is an explicit blank. Where the value is required
        the observation says the cell holds a placeholder, not that it is unreadable."""
        raw, loc, done = self._start(rc, field, required)
        if done is None and is_placeholder(raw):
            if required:
                self.saw("placeholder_for_required", loc.cell, field=field, raw=as_text(raw))
            return raw, loc, Val(None, loc, raw)
        return raw, loc, done

    def _formula_trouble(self, at: tuple[int, int], loc: Loc, field: str):
        """(raw, loc, done-Val) for a formula without a cached value or with an error value."""
        meta = self.grid.meta
        if at in meta.uncached_formulas:
            self.saw("formula_without_value", loc.cell, field=field)
            return None, loc, Val(None, loc, None)
        if at in meta.error_cells:
            err = meta.error_cells[at]
            self.saw("formula_error", loc.cell, field=field, raw=err)
            return err, loc, Val(None, loc, err)
        return None

    def _text_number(self, field: str, loc: Loc, raw, shown) -> None:
        if self.overrides and raw in self.overrides.values():
            return  # 评价年度：2023 written in one cell is text by nature, not a format slip
        self.saw("number_as_text", loc.cell, field=field, raw=as_text(raw), read_as=shown)

    def _not_number(self, field: str, loc: Loc, raw, expected: str) -> Val:
        self.saw("not_a_number", loc.cell, field=field, raw=as_text(raw), expected=expected)
        return Val(None, loc, raw)

    # ------------------------------------------------------------------ typed readers

    def text(self, rc, field: str, required: bool = False) -> Val[str]:
        raw, loc, done = self._start(rc, field, required)
        if done is not None:
            return done
        return Val(raw.strip() if raw.__class__ is str else as_text(raw), loc, raw)

    def money(self, rc, field: str, unit: str = "万元", required: bool = False) -> Val[Decimal]:
        """Money in 万元 (``unit`` is the label's unit: a bare number in a 元 column is 元)."""
        raw, loc, done = self._start_value(rc, field, required)
        if done is not None:
            return done
        try:
            amount, stored_as_text = parse_money(raw, default_unit=unit)
        except ValueError_:
            return self._not_number(field, loc, raw, "数字（万元）" if unit == "万元" else "数字（元）")
        if stored_as_text:
            self._text_number(field, loc, raw, f"{plain_decimal(amount)} 万元")
        return Val(amount, loc, raw)

    def yuan(self, rc, field: str, unit: str = "元", required: bool = False) -> Val[Decimal]:
        """Money in 元 (land amounts); a cell saying 万元 is converted."""
        v = self.money(rc, field, unit, required)
        return Val(yuan_from_wan(v.value), v.loc, v.raw) if v.value is not None else v

    def number(self, rc, field: str, suffixes: tuple[str, ...] = (), required: bool = False,
               expected: str = "数字") -> Val[Decimal]:
        """A plain number; text may end with one of ``suffixes`` (``亩``, ``分``)."""
        raw, loc, done = self._start_value(rc, field, required)
        if done is not None:
            return done
        try:
            if isinstance(raw, str):
                s = raw.strip()
                for suffix in sorted(suffixes, key=len, reverse=True):
                    if s.endswith(suffix):
                        s = s[: -len(suffix)]
                        break
                value = to_decimal(s)
                self._text_number(field, loc, raw, plain_decimal(value))
            else:
                value = to_decimal(raw)
        except ValueError_:
            return self._not_number(field, loc, raw, expected)
        return Val(value, loc, raw)

    def integer(self, rc, field: str, required: bool = False) -> Val[int]:
        raw, loc, done = self._start_value(rc, field, required)
        if done is not None:
            return done
        try:
            value, stored_as_text = parse_int(raw)
        except ValueError_:
            return self._not_number(field, loc, raw, "整数")
        if stored_as_text and _is_plain_number(raw):  # '2023年' is how a year is written: fine
            self._text_number(field, loc, raw, str(value))
        return Val(value, loc, raw)

    def percent(self, rc, field: str, required: bool = False) -> Val[Decimal]:
        """A rate as a fraction (0.92), from ``92%``, a percent-formatted 0.92, or ``92``."""
        raw, loc, done = self._start_value(rc, field, required)
        if done is not None:
            return done
        try:
            value, stored_as_text = parse_percent(raw, self.is_percent_cell(rc))
        except ValueError_:
            return self._not_number(field, loc, raw, "百分比（例如 92%）")
        if stored_as_text and not str(raw).strip().endswith(("%", "％")):
            self._text_number(field, loc, raw, f"{plain_decimal(value * 100)}%")
        return Val(value, loc, raw)

    def year_month(self, rc, field: str) -> tuple[Val[int], Val[int]]:
        raw, loc, done = self._start_value(rc, field, False)
        if done is not None:
            return done, done
        try:
            year, month = parse_year_month(raw)
        except ValueError_:
            self.saw("not_a_year_month", loc.cell, field=field, raw=as_text(raw))
            return Val(None, loc, raw), Val(None, loc, raw)
        return Val(year, loc, raw), Val(month, loc, raw)

    def measure(self, rc, field: str, *, op_hint: str | None = None, unit_hint: str | None = None,
                context: Measure | None = None) -> Val[Measure]:
        """An indicator value. ``context`` is the row's target, used for a bare actual number:
        it takes the target's unit, and with a percent target of more than 1 (``≥90%``) a bare
        0 < x ≤ 1 without a percent format is a fraction (0.92 → 92%): the fallback for .xls, where
        no number format is known, and for percent cells staff left in General format."""
        raw, loc, done = self._start(rc, field, False)
        if done is not None:
            return done
        pct_format = self.is_percent_cell(rc)
        try:
            m = parse_measure(raw, percent_format=pct_format, op_hint=op_hint, unit_hint=unit_hint)
        except ValueError_:
            return Val(None, loc, raw)
        if isinstance(raw, (int, float)) and not pct_format and m.number is not None:
            m = _apply_context(m, context)
        return Val(m, loc, raw)

    def is_percent_cell(self, rc) -> bool:
        meta = self.grid.meta
        return (meta is not None and rc is not None and bool(meta.percent_cells)
                and self.grid.origin(*rc) in meta.percent_cells)


def _apply_context(m: Measure, context: Measure | None) -> Measure:
    unit = m.unit or (context.unit if context else None)
    number = m.number
    if (unit == "%" and context is not None and context.number is not None
            and context.number > 1 and 0 < number <= 1):
        number = number * 100
        return Measure(f"{plain_decimal(number)}%", m.op, number, "%")
    return Measure(m.text, m.op, number, unit)


def _is_plain_number(raw) -> bool:
    try:
        to_decimal(raw)
    except ValueError_:
        return False
    return True

