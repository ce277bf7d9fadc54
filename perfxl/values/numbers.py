"""Numbers, units and operators as staff type them.

Pure functions, no workbook knowledge: the reader calls them on cell contents, scoring works on
the :class:`Measure` they return. Money is ``Decimal`` from the first character on — a float never
enters (a float cell from calamine is converted through ``repr`` so 144.9552 stays 144.9552).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import Decimal

from perfxl.values.text import fold


class ValueError_(ValueError):
    """A cell that should hold a number holds something else (``约2万``): becomes PX103."""


def to_decimal(x: object) -> Decimal:
    """A calamine cell value (int, float, str) as an exact Decimal.

    Floats go through ``repr`` (shortest round-trip text), so 144.9552 → Decimal('144.9552').
    Raises :class:`ValueError_` for anything that is not a plain number.
    """
    if isinstance(x, bool) or x is None:
        raise ValueError_(f"“{x}”不是数字")
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError_(f"“{x}”不是数字")
        return x
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            raise ValueError_(f"“{x}”不是数字")
        if x.is_integer() and abs(x) < 1e15:
            return Decimal(int(x))  # calamine gives every number as float: 2.0 → 2
        return Decimal(repr(x))
    if isinstance(x, str):
        text = fold(x)
        if _PLAIN_NUMBER.fullmatch(text):
            return Decimal(text.replace(",", ""))
    raise ValueError_(f"“{x}”不是数字")


def parse_money(x: object, default_unit: str = "万元") -> tuple[Decimal, bool]:
    """Parse money into 万元. Returns (amount in 万元, stored_as_text).

    Accepts numbers, numeric text, thousands separators (``1,000``), full-width digits
    (``１４４．９５５２``), and unit suffixes (``2万元``, ``50452元``, ``2万``). A number without a unit
    is in ``default_unit``. Raises :class:`ValueError_` for ``约2万``, ``两万元`` etc.
    """
    if isinstance(x, str):
        m = _MONEY.fullmatch(fold(x))
        if not m:
            raise ValueError_(f"“{x.strip()}”不是数字")
        amount = Decimal(m.group(1).replace(",", ""))
        unit = m.group(2) or default_unit
        return to_wan(amount, unit), True
    return to_wan(to_decimal(x), default_unit), False


def is_placeholder(x: object) -> bool:
    """A cell holding what staff type for "nothing here" in a value cell: ``—``, ``——``, ``-``,
    ``－``, ``/``, ``／``, ``*``, ``无`` or ``不适用`` (full-width forms and spaces around folded).

    The one definition every reader uses: such a cell is an explicit blank, never unreadable
    text (workbook.md, "Bad input"). Numbers and empty cells are not placeholders.
    """
    return isinstance(x, str) and _PLACEHOLDER.fullmatch(fold(x)) is not None


# --------------------------------------------------------------------------- 元 and 万元

YUAN_PER_WAN = Decimal(10000)
"""1 万元 = 10000 元: the one factor between the two money units."""


def to_wan(amount: Decimal, unit: str | None) -> Decimal:
    """An amount written in ``unit`` (``元`` or ``万元``; None means 万元) in 万元, exactly."""
    return wan_from_yuan(amount) if unit == "元" else amount


def wan_from_yuan(amount: Decimal) -> Decimal:
    """元 → 万元 (÷ 10000). ``scaleb`` is exact: 50452 元 → 5.0452 万元, no rounding context."""
    return amount.scaleb(-4)


def yuan_from_wan(amount: Decimal) -> Decimal:
    """万元 → 元 (× 10000), exactly."""
    return amount.scaleb(4)


def parse_percent(x: object, percent_format: bool = False) -> tuple[Decimal, bool]:
    """A rate as a fraction (``92%`` → 0.92). Returns (fraction, stored_as_text).

    ``92%`` text, ``0.92`` with a percent number format, and a bare ``92`` are all 0.92. A bare
    number without a percent format is read as a fraction when it is at most 1 (``0.92``), as a
    percent when above 1 (``92``): an execution rate of 1 % typed as ``1`` cannot be told from 100 %.
    """
    if isinstance(x, str):
        s = fold(x)
        if s.endswith("%"):
            return to_decimal(s[:-1]).scaleb(-2), True
        number, as_text = to_decimal(s), True
    else:
        number, as_text = to_decimal(x), False
        if percent_format:
            return number, False
    return (number if abs(number) <= 1 else number.scaleb(-2)), as_text


def parse_int(x: object, suffixes: tuple[str, ...] = ("年度", "年", "个", "项")) -> tuple[int, bool]:
    """A whole number (``2023``, ``'2023年度'``, ``'15个'``, 15.0). Returns (value, stored_as_text)."""
    as_text = isinstance(x, str)
    if as_text:
        s = fold(x)
        for suffix in suffixes:
            if s.endswith(suffix):
                s = s[: -len(suffix)]
                break
        number = to_decimal(s)
    else:
        number = to_decimal(x)
    if number != number.to_integral_value():
        raise ValueError_(f"“{x}”不是整数")
    return int(number), as_text


def parse_year_month(x: object) -> tuple[int | None, int]:
    """数据截至: ``2023年12月``, ``2023-12``, ``2023.12``, ``12``, ``12月``, a date → (year, month)."""
    if isinstance(x, (_dt.date, _dt.datetime)):
        return x.year, x.month
    if isinstance(x, (int, float, Decimal)) and not isinstance(x, bool):
        n = to_decimal(x)
        if n == n.to_integral_value() and 1 <= n <= 12:
            return None, int(n)
        raise ValueError_(f"“{x}”不是月份")
    if isinstance(x, str):
        s = fold(x)
        m = _YEAR_MONTH.fullmatch(s)
        if m:
            year = int(m.group(1)) if m.group(1) else None
            month = int(m.group(2))
            if 1 <= month <= 12:
                return year, month
    raise ValueError_(f"“{x}”不是年月（例如 2023年12月）")


def plain_decimal(d: Decimal) -> str:
    """Decimal as plain text without exponent (any magnitude; fmt_decimal needs ≤ 28 digits)."""
    return format(d.normalize(), "f")


def fmt_decimal(d: Decimal | None) -> str | None:
    """Decimal → display text without exponent and without spurious trailing zeros
    (``Decimal('144.95520')`` → ``'144.9552'``, ``Decimal('1E+1')`` → ``'10'``)."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+"
_PLAIN_NUMBER = re.compile(_NUMBER)
# after folding — and － are "-", ／ and ＊ are "/" and "*"; ―― (U+2015) is typed for —— too
_PLACEHOLDER = re.compile(r"-+|―+|/|\*|无|不适用")
_MONEY = re.compile(rf"({_NUMBER})(万元|万|元)?")
_YEAR_MONTH = re.compile(r"(?:(\d{4})(?:年|-|/|\.))?(\d{1,2})月?(?:份|末)?")
