"""Written arithmetic statements of a 测算依据 (spec/estimate.md), found and evaluated exactly.

``巡查电瓶车车辆保险费2000元/辆*30辆=6万元`` · ``550元*200人*3天=33万元`` ·
``10人×9.3万/人/年＋2人×9.3万/人/年÷12×10=108.5万`` · ``[368人+（1人*12月）]*452元*12月=206.1120万`` ·
the result first: ``199.92万元（200人*700元/人/月*12个月）``.

Operators ``× * x X ＊ ÷ / + ＋ - － − ( ) （ ） [ ]``; a number may carry a unit of the unit table
(:mod:`perfxl.values.quantity`, the same grammar as the targets). After an amount, ``/人/年`` is a
unit; ``/12`` is a division. A scale word before a counted unit multiplies, as in the targets
(``1.2万人次`` is 12000 人次, ``0.5万亩`` 5000 亩). Amounts in 元 and 万元 are converted exactly
(arithmetic in :class:`~fractions.Fraction`). A written result holds when the computed value, rounded half-up to
the decimals written, equals it (``150.38`` holds for 150.375 ≤ x < 150.385; a whole number must be
exact, money to 1 元). Prose that is no plain statement (``按每人每月500元，12人12个月``) is not
read: never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from math import ceil, floor
from typing import NamedTuple

from perfxl.values.quantity import (
    Quantity, inside_number, money_factor, read_quantity, split_scale,
)
from perfxl.values.text import EXTRA_FOLD

_MULTIPLY = "*×xX"
_DIVIDE = "÷/"
_OPEN = {"(": ")", "[": "]", "{": "}"}
_LOOK_BACK = 200  # characters before a `=` where its statement may start
_MARKS = re.compile("[=" + re.escape("".join(_OPEN)) + "]")  # what every statement holds
_IDEOGRAPHS = ("\u4e00", "\u9fff")  # CJK Unified Ideographs: NFKC leaves each one as it is


@dataclass(frozen=True)
class Statement:
    """One statement found in a text.

    ``text`` is the statement as written and ``start``/``end`` its span in the text searched;
    ``expression`` the arithmetic part (folded). ``computed`` is the expression's value in the
    unit of the written result (``unit``: ``万元``, ``元``, ``人次`` or None), ``written`` the result
    as written with ``places`` decimals. ``holds`` compares them to the precision written;
    ``rounded_up_last_digit`` says a result that does not hold is the computed value rounded up
    in its last digit (``610万元/12=50.84万元``: info, not an error). ``result_first`` for
    ``199.92万元（200人*700元/人/月*12个月）``."""

    text: str
    start: int
    end: int
    expression: str
    computed: Decimal
    written: Decimal
    unit: str | None
    places: int
    holds: bool
    rounded_up_last_digit: bool
    result_first: bool = False

    @property
    def ten_thousand_off(self) -> bool:
        """The written result is the computed one × or ÷ 10000 (元 typed for 万元, PX206)."""
        return self.written != 0 and self.computed != 0 and (
            self.written == self.computed * 10000 or self.written * 10000 == self.computed)


def holds_to_precision(computed: Decimal | Fraction, written: Decimal, places: int,
                       *, money_unit: str | None = None) -> bool:
    """Whether ``written`` (``places`` decimals) is ``computed`` to the precision written: rounded
    half-up to ``places`` decimals when there are some; a whole number exactly, or, for money
    (``money_unit`` given), to 1 元."""
    c, w = Fraction(computed), Fraction(written)
    if places > 0:
        return _half_up(c * 10 ** places) == w * 10 ** places
    factor = money_factor(money_unit)
    if factor is not None:
        return _half_up(_times(c, factor)) == _times(w, factor)
    return c == w


def rounded_up(computed: Decimal | Fraction, written: Decimal, places: int) -> bool:
    """``written`` is ``computed`` rounded up in its last written digit (50.8333… → 50.84)."""
    c, w = Fraction(computed), Fraction(written)
    return c < w and ceil(c * 10 ** places) == w * 10 ** places


def _times(x: Fraction, factor: Decimal) -> Fraction:
    """``x`` × a unit's factor (most are 1: 元, a unit without a scale word)."""
    return x if factor == 1 else x * Fraction(factor)


def _half_up(x: Fraction) -> int:
    return floor(x + Fraction(1, 2)) if x >= 0 else -floor(-x + Fraction(1, 2))


# --------------------------------------------------------------------------- finding


def find_statements(text: str | None, default_unit: str | None = None) -> list[Statement]:
    """Every plain statement in ``text``, in the order written (see the module docstring).

    ``default_unit`` is the unit of a result written without one (``20集×7.5万元/集=150.0`` in a
    column in 万元); when None, such a result is in the expression's last money unit."""
    if not text or not _may_hold_statement(text):
        return []
    folded, where = _fold_with_positions(text)
    found = [s for s in (_result_after(text, folded, where, i, default_unit)
                         for i, ch in enumerate(folded) if ch == "=") if s is not None]
    found += [s for s in (_result_before(text, folded, where, i) for i, ch in enumerate(folded)
                          if ch in _OPEN) if s is not None]
    return sorted(found, key=lambda s: s.start)


def _may_hold_statement(text: str) -> bool:
    """A `=` or an opening bracket somewhere once folded: the one test of the whole text before
    the per-character fold (most texts are prose without either). NFKD holds every character
    the fold of any one character gives (NFKC only composes what NFKD gave; ``=`` and the
    brackets are no composition), so no statement is missed."""
    return _MARKS.search(unicodedata.normalize("NFKD", text)) is not None


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text (NFKC, no whitespace, the extra folds) and, for each of its characters,
    the position of the character it came from."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if ch.isascii() or _IDEOGRAPHS[0] <= ch <= _IDEOGRAPHS[1]:  # its own fold (most are)
            if not ch.isspace():
                chars.append(ch)
                where.append(i)
            continue
        for c in unicodedata.normalize("NFKC", ch).translate(EXTRA_FOLD):
            if not c.isspace():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def _result_after(text: str, s: str, where: list[int], eq: int,
                  default_unit: str | None) -> Statement | None:
    """``expression=result`` with its ``=`` at ``eq``: the longest expression before it."""
    if s[eq + 1:eq + 2] == "=" or s[eq - 1:eq] in ("=", "<", ">", "≥", "≤"):
        return None
    result = read_quantity(s, eq + 1)
    if result is None:
        return None
    if result[0].unit is None and default_unit is not None:
        result = Quantity(result[0].number, default_unit, result[0].places), result[1]
    for start in range(max(0, eq - _LOOK_BACK), eq):
        if not _may_start(s, start):
            continue
        value = _Parser(s, start, eq).parse()
        if value is not None:
            return _statement(text, s, where, start, result[1], s[start:eq], value, result[0],
                              False)
    return None


def _result_before(text: str, s: str, where: list[int], open_at: int) -> Statement | None:
    """``result（expression）``: a money amount right before the bracket."""
    close = _matching(s, open_at)
    if close is None or "=" in s[open_at:close]:
        return None
    for start in range(max(0, open_at - 20), open_at):
        if not _may_start(s, start):
            continue
        found = read_quantity(s, start)
        if found is None or found[1] != open_at or money_factor(found[0].unit) is None:
            continue
        value = _Parser(s, open_at + 1, close).parse()
        if value is None:
            return None
        return _statement(text, s, where, start, close + 1, s[open_at + 1:close], value,
                          found[0], True)
    return None


def _may_start(s: str, i: int) -> bool:
    """A statement may start here: a bracket, or a number not inside another number."""
    if s[i] in _OPEN:
        return True
    if not (s[i].isdigit() or s[i] == "."):
        return False
    return not inside_number(s, i)


def _matching(s: str, open_at: int) -> int | None:
    depth = 0
    for i in range(open_at, len(s)):
        if s[i] in _OPEN:
            depth += 1
        elif s[i] in _OPEN.values():
            depth -= 1
            if depth == 0:
                return i
    return None


def _statement(text, s, where, start, end, expression, value, result: Quantity,
               result_first: bool) -> Statement:
    computed = value.in_unit(result.unit)
    money = result.unit if money_factor(result.unit) is not None else value.money_unit
    holds = holds_to_precision(computed, result.number, result.places, money_unit=money)
    up = not holds and rounded_up(computed, result.number, result.places)
    original = text[where[start]:where[end - 1] + 1]
    return Statement(original, where[start], where[end - 1] + 1, expression, _decimal(computed),
                     result.number, result.unit or value.money_unit, result.places, holds, up,
                     result_first)


def _decimal(x: Fraction) -> Decimal:
    """A Fraction as a Decimal: exact when it has a finite decimal form, else to 28 digits."""
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal(x.numerator) / Decimal(x.denominator)


# --------------------------------------------------------------------------- evaluating


class _Value(NamedTuple):
    """An intermediate value: ``amount`` in 元 when ``money`` (the last money unit written kept
    in ``money_unit``), a plain number otherwise — in the counted unit ``counted`` without its
    scale word when one was written (``1.2万人次`` → 12000, counted ``人次``)."""

    amount: Fraction
    money: bool = False
    money_unit: str | None = None
    counted: str | None = None

    def in_unit(self, unit: str | None) -> Fraction:
        """The value in the unit of a written result: money in that unit; a count in the
        result's scale (``6000人次×2=1.2万人次``); a plain expression (``9.3*13=120.9万元``) is
        already in it."""
        if not self.money:
            counted, scale = split_scale((unit or "").partition("/")[0])
            return self.amount / Fraction(scale) if counted == self.counted else self.amount
        factor = money_factor(unit) or money_factor(self.money_unit)
        return self.amount if factor == 1 else self.amount / Fraction(factor)


class _Parser:
    """Recursive descent over ``s[start:end]``: expr := term (± term)*; term := factor
    ((×|÷) factor)*; factor := -factor | (expr) | [expr] | quantity. ``parse`` gives None unless
    the whole span is one expression with at least one operator."""

    def __init__(self, s: str, start: int, end: int):
        self.s, self.pos, self.end, self.operators = s, start, end, 0

    def parse(self) -> _Value | None:
        try:
            value = self._expr()
        except (ValueError, ZeroDivisionError):
            return None
        if value is None or self.pos != self.end or self.operators == 0:
            return None
        return value

    def _peek(self) -> str:
        return self.s[self.pos] if self.pos < self.end else ""

    def _expr(self) -> _Value | None:
        value = self._term()
        while value is not None and self._peek() in ("+", "-") and self._peek():
            sign = 1 if self._peek() == "+" else -1
            self.pos += 1
            self.operators += 1
            other = self._term()
            if other is None:
                return None
            value = _Value(value.amount + sign * other.amount, value.money or other.money,
                           other.money_unit or value.money_unit, other.counted or value.counted)
        return value

    def _term(self) -> _Value | None:
        value = self._factor()
        while value is not None and self._peek() and self._peek() in _MULTIPLY + _DIVIDE:
            divide = self._peek() in _DIVIDE
            self.pos += 1
            self.operators += 1
            other = self._factor()
            if other is None:
                return None
            if divide:
                both = value.money and other.money  # 元 ÷ 元: a ratio
                value = _Value(value.amount / other.amount, value.money and not both,
                               value.money_unit, value.counted)
            else:
                value = _Value(value.amount * other.amount, value.money or other.money,
                               other.money_unit or value.money_unit,
                               other.counted or value.counted)
        return value

    def _factor(self) -> _Value | None:
        ch = self._peek()
        if ch == "-":
            self.pos += 1
            inner = self._factor()
            return None if inner is None else _Value(-inner.amount, inner.money, inner.money_unit,
                                                     inner.counted)
        if ch in _OPEN:
            self.pos += 1
            inner = self._expr()
            if inner is None or self._peek() != _OPEN[ch]:
                return None
            self.pos += 1
            return inner
        found = read_quantity(self.s[:self.end], self.pos)
        if found is None:
            return None
        q, self.pos = found
        return _quantity_value(q)


def _quantity_value(q: Quantity) -> _Value:
    number = Fraction(q.number)
    base = (q.unit or "").partition("/")[0]
    factor = money_factor(base)
    if factor is not None:
        return _Value(_times(number, factor), True, base)
    if base == "%":
        return _Value(number / 100)
    counted, scale = split_scale(base)  # 1.2万人次 = 12000 人次, as the target grammar reads it
    return _Value(_times(number, scale), counted=counted or None)
