"""Reading one cell into a :class:`~perfxl.model.Val`, turning every problem into a finding.

A :class:`CellReader` belongs to one sheet. Each method returns a ``Val`` (value ``None`` when the
cell is empty or unreadable) and appends PX102–PX105 findings with the sheet, the cell, and the
expected and actual content. Nothing is skipped silently, nothing raises.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from perfxl.cellref import COL_LETTERS
from perfxl.findings import Finding, Severity
from perfxl.memo import remember
from perfxl.model import Loc, Val
from perfxl.model import missing as absent
from perfxl.read.grid import Grid
from perfxl.values import (
    Measure, ValueError_, parse_int, parse_measure, parse_money, parse_percent, parse_year_month,
    to_decimal,
)


def as_text(raw) -> str:
    """A cell value as the text staff see (1.0 → '1', a date → 2023-12-01)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.datetime, dt.date, dt.time)):
        return raw.isoformat()
    return str(raw).strip()


_A1: dict[tuple[int, int], str] = {}  # (row, col) → 'C6': the same addresses recur on every form


def _a1(at: tuple[int, int]) -> str:
    return remember(_A1, at, f"{COL_LETTERS[at[1]]}{at[0] + 1}", 65536)


def _is_blank(raw) -> bool:
    return raw is None or raw == "" or (isinstance(raw, str) and not raw.strip())


class CellReader:
    def __init__(self, grid: Grid, findings: list[Finding], project: str | None = None):
        self.grid = grid
        self.findings = findings
        self.project = project
        self.overrides: dict[tuple[int, int], object] = {}  # cell → the part of it to read
        meta = grid.meta
        # formulas without a cached value or with an error value: checked per cell only if any
        self._trouble = meta is not None and bool(meta.uncached_formulas or meta.error_cells)

    def inline(self, rc: tuple[int, int], text: str) -> tuple[int, int]:
        """Read ``text`` for the cell at ``rc`` (the value part of ``单位名称：某镇``)."""
        self.overrides[self.grid.origin(*rc)] = text
        return rc

    # ------------------------------------------------------------------ findings

    def add(self, code: str, message: str, cell: str | None, *, expected: str | None = None,
            actual: str | None = None, severity: Severity = Severity.ERROR) -> None:
        self.findings.append(Finding(code, severity, message, self.grid.name, cell, expected,
                                     actual, self.project))

    def missing(self, field: str, cell: str | None, what: str = "") -> None:
        """PX102: a required field is empty or absent."""
        self.add("PX102", f"{field}为空{what}" if cell else f"未找到“{field}”{what}", cell,
                 expected=f"填写{field}", actual="（空）")

    # ------------------------------------------------------------------ common path

    def _start(self, rc: tuple[int, int] | None, field: str, required: bool):
        """(raw, loc, done-Val): done-Val is set when the cell is absent, empty or uncached."""
        if rc is None:
            if required:
                self.missing(field, None)
            return None, None, absent()  # Val(None): one shared instance, a Val is frozen
        # this runs for every cell read (about a thousand per workbook): the grid's merge map,
        # rows and addresses are looked up here directly rather than through its methods
        grid = self.grid
        at = grid._origin.get(rc, rc) if rc.__class__ is tuple else grid.origin(*rc)
        r, c = at
        span = grid._span.get(at)
        if span is None:
            cell = _A1.get(at)
            if cell is None:
                cell = _a1(at)
        else:
            cell = f"{COL_LETTERS[c]}{r + 1}:{COL_LETTERS[span[1]]}{span[0] + 1}"
        loc = Loc(grid.name, cell)
        if self._trouble:
            done = self._formula_trouble(at, loc, field)
            if done is not None:
                return done
        raw = self.overrides.get(at) if self.overrides else None
        if raw is None:  # the cell's own value, '' outside the grid (as Grid.own)
            try:
                raw = grid.rows[r][c] if r >= 0 <= c else ""
            except IndexError:
                raw = ""
            if raw is None:
                raw = ""
        if raw.__class__ is str:
            blank = not raw.strip()
        else:  # a number, date or bool is never blank; a str subclass is tested as text
            blank = isinstance(raw, str) and not raw.strip()
        if blank:
            if required:
                self.missing(field, loc.cell)
            return raw, loc, Val(None, loc, raw)
        return raw, loc, None

    def _formula_trouble(self, at: tuple[int, int], loc: Loc, field: str):
        """(raw, loc, done-Val) for a formula without a cached value or with an error value."""
        meta = self.grid.meta
        if at in meta.uncached_formulas:
            self.add("PX105", f"{field}是公式，但文件里没有保存公式的计算结果，无法得知它的值"
                              "（文件可能由程序生成后未经 Excel/WPS 保存）；请在 Excel 或 WPS 中打开并保存后再检查",
                     loc.cell, expected="公式的计算结果", actual="无缓存值")
            return None, loc, Val(None, loc, None)
        if at in meta.error_cells:
            err = meta.error_cells[at]
            self.add("PX103", f"{field}的公式结果是错误值 {err}，无法读取", loc.cell,
                     expected="数字", actual=err)
            return err, loc, Val(None, loc, err)
        return None

    def _text_number(self, field: str, loc: Loc, raw, shown) -> None:
        if self.overrides and raw in self.overrides.values():
            return  # 评价年度：2023 written in one cell is text by nature, not a format slip
        self.add("PX104", f"{field}“{as_text(raw)}”是以文本形式存储的数字，已按 {shown} 读取；"
                          "建议把单元格改为数值格式", loc.cell, expected="数值", actual=as_text(raw),
                 severity=Severity.WARNING)

    def _not_number(self, field: str, loc: Loc, raw, expected: str) -> Val:
        self.add("PX103", f"“{as_text(raw)}”不是数字，{field}需要填写{expected}", loc.cell,
                 expected=expected, actual=as_text(raw))
        return Val(None, loc, raw)

    # ------------------------------------------------------------------ typed readers

    def text(self, rc, field: str, required: bool = False) -> Val[str]:
        raw, loc, done = self._start(rc, field, required)
        if done is not None:
            return done
        return Val(raw.strip() if raw.__class__ is str else as_text(raw), loc, raw)

    def money(self, rc, field: str, unit: str = "万元", required: bool = False) -> Val[Decimal]:
        """Money in 万元 (``unit`` is the label's unit: a bare number in a 元 column is 元)."""
        raw, loc, done = self._start(rc, field, required)
        if done is not None:
            return done
        try:
            amount, stored_as_text = parse_money(raw, default_unit=unit)
        except ValueError_:
            return self._not_number(field, loc, raw, "数字（万元）" if unit == "万元" else "数字（元）")
        if stored_as_text:
            self._text_number(field, loc, raw, f"{_plain(amount)} 万元")
        return Val(amount, loc, raw)

    def yuan(self, rc, field: str, unit: str = "元", required: bool = False) -> Val[Decimal]:
        """Money in 元 (land amounts); a cell saying 万元 is converted."""
        v = self.money(rc, field, unit, required)
        return Val(v.value.scaleb(4), v.loc, v.raw) if v.value is not None else v

    def number(self, rc, field: str, suffixes: tuple[str, ...] = (), required: bool = False,
               expected: str = "数字") -> Val[Decimal]:
        """A plain number; text may end with one of ``suffixes`` (``亩``, ``分``)."""
        raw, loc, done = self._start(rc, field, required)
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
                self._text_number(field, loc, raw, _plain(value))
            else:
                value = to_decimal(raw)
        except ValueError_:
            return self._not_number(field, loc, raw, expected)
        return Val(value, loc, raw)

    def integer(self, rc, field: str, required: bool = False) -> Val[int]:
        raw, loc, done = self._start(rc, field, required)
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
        raw, loc, done = self._start(rc, field, required)
        if done is not None:
            return done
        try:
            value, stored_as_text = parse_percent(raw, self.is_percent_cell(rc))
        except ValueError_:
            return self._not_number(field, loc, raw, "百分比（例如 92%）")
        if stored_as_text and not str(raw).strip().endswith(("%", "％")):
            self._text_number(field, loc, raw, f"{_plain(value * 100)}%")
        return Val(value, loc, raw)

    def year_month(self, rc, field: str) -> tuple[Val[int], Val[int]]:
        raw, loc, done = self._start(rc, field, False)
        if done is not None:
            return done, done
        try:
            year, month = parse_year_month(raw)
        except ValueError_:
            self.add("PX103", f"“{as_text(raw)}”不是年月，{field}需要填写例如 2023年12月 或 12",
                     loc.cell, expected="年月（例如 2023年12月）", actual=as_text(raw))
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
        return Measure(f"{_plain(number)}%", m.op, number, "%")
    return Measure(m.text, m.op, number, unit)


def _is_plain_number(raw) -> bool:
    try:
        to_decimal(raw)
    except ValueError_:
        return False
    return True


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")
