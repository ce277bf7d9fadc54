"""Indicator values (年度指标值 / 实际完成值) as a :class:`Measure`: operator, number and unit.

A thin view of the target grammar (:func:`perfxl.values.targets.parse_target`): the readers keep
a Measure on each indicator, and the full reading (deadline, range, frequency, band …) rides
along as ``Measure.reading``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.values.numbers import ValueError_, plain_decimal, to_decimal
from perfxl.values.ops import DIRECTION_OPS, PREFIX_OPS, SUFFIX_OPS, Op
from perfxl.values.targets import COMPARE, FREQUENCY, RANGE, Target, parse_target
from perfxl.values.text import fold

__all__ = ["Measure", "Op", "parse_measure", "parse_op"]


@dataclass(frozen=True)
class Measure:
    """An indicator value: a target (年度指标值) or an actual (实际完成值).

    ``number`` with ``unit`` for a quantitative value (``≥90%`` → GE, 90, "%";
    ``100次以上`` → GE, 100, "次"; ``3个小时内`` → LE, 3, "小时"; a percent-formatted 0.92 cell →
    None, 92, "%"), or ``number`` None for a qualitative text (``非常高``) or a deadline
    (``11月底前完成``). ``text`` is always what was typed (for numeric cells, the number's text).
    ``op`` is None when none was written. ``reading`` is the whole :class:`Target` the grammar
    read (None for a number cell); it does not take part in comparisons.
    """

    text: str
    op: Op | None = None
    number: Decimal | None = None
    unit: str | None = None
    reading: Target | None = field(default=None, compare=False, repr=False)

    @property
    def qualitative(self) -> bool:
        return self.number is None


def parse_measure(x: object, *, percent_format: bool = False, op_hint: str | None = None,
                   unit_hint: str | None = None, name: str | None = None) -> Measure:
    """Parse an indicator value cell into a :class:`Measure`.

    ``≥90%``, ``＞92%``, ``≤90万元``, ``＝0起``, ``=100%``, ``100次以上``, ``90%以上``, ``不低于90%``,
    ``不超过5%``, ``15个``, ``3个小时内``, ``总成本不超过65.329万元``, or qualitative text.
    ``percent_format`` says the cell had a percent number format (0.92 → 92 %).
    ``op_hint``/``unit_hint`` come from separate 指标性质/计量单位 columns; ``name`` is the
    indicator's name (``无`` is 0 for an incident count).
    """
    hint_op = parse_op(op_hint) if op_hint else None
    hint_unit = (fold(unit_hint) or None) if unit_hint else None
    if x is None or isinstance(x, bool) or (isinstance(x, str) and not x.strip()):
        raise ValueError_("指标值为空")
    if isinstance(x, (int, float, Decimal)):
        number = to_decimal(x)
        if percent_format:
            return Measure(plain_decimal(number * 100) + "%", hint_op, number * 100, "%")
        return Measure(plain_decimal(number), hint_op, number, hint_unit)
    text = str(x).strip()
    reading = parse_target(text, name)
    if reading.kind in (COMPARE, FREQUENCY, RANGE):
        return Measure(text, reading.op or hint_op, reading.number, reading.unit or hint_unit,
                       reading)
    return Measure(text, hint_op, reading=reading)


def parse_op(text: str | None) -> Op | None:
    """An operator written on its own (``≥``, ``>=``, ``不低于``, ``正向``); None if not one."""
    if not text:
        return None
    s = fold(text)
    for word, word_op in PREFIX_OPS + SUFFIX_OPS + DIRECTION_OPS:
        if s == word:
            return word_op
    for word, word_op in DIRECTION_OPS:
        if s.startswith(word):
            return word_op
    return None
