"""Indicator values (年度指标值 / 实际完成值) as a :class:`Measure`: operator, number and unit.

The operator words are those of the target grammar (:mod:`perfxl.values.targets`); this module
keeps the small cell-level view the readers and the scorer use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from perfxl.values.numbers import _NUMBER, ValueError_, plain_decimal, to_decimal
from perfxl.values.text import fold


class Op(str, Enum):
    """The comparison an indicator target states."""

    GE = "≥"  # ≥ ＞= 以上 不低于 不少于 达到 — 正向
    GT = ">"  # ＞ 高于 超过 大于 — 正向
    LE = "≤"  # ≤ 以下 不超过 不高于 — 反向
    LT = "<"  # ＜ 低于 少于 小于 — 反向
    EQ = "="  # ＝ 等于

    @property
    def direction(self) -> str:
        """'positive' (正向), 'negative' (反向) or 'equal' (＝)."""
        if self in (Op.GE, Op.GT):
            return "positive"
        if self in (Op.LE, Op.LT):
            return "negative"
        return "equal"


@dataclass(frozen=True)
class Measure:
    """An indicator value: a target (年度指标值) or an actual (实际完成值).

    ``number`` with ``unit`` for a quantitative value (``≥90%`` → GE, 90, "%";
    ``100次以上`` → GE, 100, "次"; a percent-formatted 0.92 cell → None, 92, "%"),
    or ``number`` None for a qualitative text (``非常高``). ``text`` is always what was typed
    (for numeric cells, the number's text). ``op`` is None when none was written.
    """

    text: str
    op: Op | None = None
    number: Decimal | None = None
    unit: str | None = None

    @property
    def qualitative(self) -> bool:
        return self.number is None


# --------------------------------------------------------------------------- indicator values


def parse_measure(x: object, *, percent_format: bool = False, op_hint: str | None = None,
                   unit_hint: str | None = None) -> Measure:
    """Parse an indicator value cell into a :class:`Measure`.

    ``≥90%``, ``＞92%``, ``≤90万元``, ``＝0起``, ``=100%``, ``100次以上``, ``90%以上``, ``不低于90%``,
    ``不超过5%``, ``15个``, or qualitative text. ``percent_format`` says the cell had a percent number
    format (0.92 → 92 %). ``op_hint``/``unit_hint`` come from separate 指标性质/计量单位 columns.
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
    parsed = _parse_measure_text(fold(text))
    if parsed is None:
        return Measure(text, hint_op)
    op, number, unit = parsed
    return Measure(text, op or hint_op, number, unit or hint_unit)


def _parse_measure_text(s: str) -> tuple[Op | None, Decimal, str | None] | None:
    """(op, number, unit) of a folded text, or None when it is not quantitative."""
    op = None
    m = _PREFIX_RE.match(s)
    if m:
        op, s = _PREFIX_MAP[m.group(0)], s[m.end():]
    m = _SUFFIX_RE.search(s)
    if m and m.start() > 0:
        suffix_op = _SUFFIX_MAP[m.group(0)]
        if op is None or op == suffix_op:
            op, s = suffix_op, s[: m.start()]
    m = _MEASURE.fullmatch(s)
    if not m:
        return None
    number = Decimal(m.group(1).replace(",", ""))
    unit = m.group(2) or None
    return op, number, unit


def parse_op(text: str | None) -> Op | None:
    """An operator written on its own (``≥``, ``>=``, ``不低于``, ``正向``); None if not one."""
    if not text:
        return None
    s = fold(text)
    for word, word_op in _PREFIX_OPS + _SUFFIX_OPS + _DIRECTION_WORDS:
        if s == word:
            return word_op
    for word, word_op in _DIRECTION_WORDS:
        if s.startswith(word):
            return word_op
    return None


# a unit is a short run of non-digit text after the number: %, 万元, 个, 次, 亩, 起, 人次 …
_MEASURE = re.compile(rf"({_NUMBER})([^\d.,+\-<>=≥≤]{{0,6}})")

# longest first, so `>=` wins over `>` and `不低于` over nothing
_PREFIX_OPS: list[tuple[str, Op]] = sorted([
    (">=", Op.GE), ("≥", Op.GE), ("=>", Op.GE), ("不低于", Op.GE), ("不少于", Op.GE),
    ("不小于", Op.GE), ("大于等于", Op.GE), ("大于或等于", Op.GE), ("达到", Op.GE), ("至少", Op.GE),
    (">", Op.GT), ("高于", Op.GT), ("超过", Op.GT), ("大于", Op.GT), ("多于", Op.GT),
    ("<=", Op.LE), ("≤", Op.LE), ("=<", Op.LE), ("不超过", Op.LE), ("不高于", Op.LE),
    ("不大于", Op.LE), ("不多于", Op.LE), ("小于等于", Op.LE), ("小于或等于", Op.LE),
    ("控制在", Op.LE), ("至多", Op.LE),
    ("<", Op.LT), ("低于", Op.LT), ("少于", Op.LT), ("小于", Op.LT),
    ("==", Op.EQ), ("=", Op.EQ), ("等于", Op.EQ),
], key=lambda item: -len(item[0]))
_SUFFIX_OPS: list[tuple[str, Op]] = sorted([
    ("以上", Op.GE), ("及以上", Op.GE), ("或以上", Op.GE),
    ("以下", Op.LE), ("及以下", Op.LE), ("或以下", Op.LE), ("以内", Op.LE),
], key=lambda item: -len(item[0]))
_DIRECTION_WORDS: list[tuple[str, Op]] = [("正向", Op.GE), ("反向", Op.LE), ("等于", Op.EQ)]
_PREFIX_MAP = dict(_PREFIX_OPS)
_SUFFIX_MAP = dict(_SUFFIX_OPS)
# one regex each (longest alternative first) instead of a startswith loop: this runs per cell
_PREFIX_RE = re.compile("|".join(re.escape(w) for w, _ in _PREFIX_OPS))
_SUFFIX_RE = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _SUFFIX_OPS) + ")$")

