"""Numbers, units and operators as staff type them.

Pure functions, no workbook knowledge: the reader calls them on cell contents, scoring works on
the :class:`Measure` they return. Money is ``Decimal`` from the first character on — a float never
enters (a float cell from calamine is converted through ``repr`` so 144.9552 stays 144.9552).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


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


class ValueError_(ValueError):
    """A cell that should hold a number holds something else (``约2万``): becomes PX103."""


def to_decimal(x: object) -> Decimal:
    """A calamine cell value (int, float, str) as an exact Decimal.

    Floats go through ``repr`` (shortest round-trip text), so 144.9552 → Decimal('144.9552').
    Raises :class:`ValueError_` for anything that is not a plain number.
    """
    raise NotImplementedError  # implemented by the reader work


def parse_money(x: object, default_unit: str = "万元") -> tuple[Decimal, bool]:
    """Parse money into 万元. Returns (amount in 万元, stored_as_text).

    Accepts numbers, numeric text, thousands separators (``1,000``), full-width digits
    (``１４４．９５５２``), and unit suffixes (``2万元``, ``50452元``, ``2万``). A number without a unit
    is in ``default_unit``. Raises :class:`ValueError_` for ``约2万``, ``两万元`` etc.
    """
    raise NotImplementedError


def parse_measure(x: object, *, percent_format: bool = False, op_hint: str | None = None,
                  unit_hint: str | None = None) -> Measure:
    """Parse an indicator value cell into a :class:`Measure`.

    ``≥90%``, ``＞92%``, ``≤90万元``, ``＝0起``, ``=100%``, ``100次以上``, ``90%以上``, ``不低于90%``,
    ``不超过5%``, ``15个``, or qualitative text. ``percent_format`` says the cell had a percent number
    format (0.92 → 92 %). ``op_hint``/``unit_hint`` come from separate 指标性质/计量单位 columns.
    """
    raise NotImplementedError


def normalize_label(s: str) -> str:
    """A label as compared: NFKC (full-width → half-width), all whitespace removed, trailing
    colons removed. ``'项 目 名 称：'`` → ``'项目名称'``; ``'（万元）'`` → ``'(万元)'``."""
    raise NotImplementedError


def fmt_decimal(d: Decimal | None) -> str | None:
    """Decimal → display text without exponent and without spurious trailing zeros
    (``Decimal('144.95520')`` → ``'144.9552'``, ``Decimal('1E+1')`` → ``'10'``)."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")
