"""Quantities as staff write them: a number (Arabic or Chinese) and a unit from the unit table.

One grammar for every place a number with a unit is written: targets (:mod:`perfxl.values.targets`)
and the arithmetic statements of a 测算依据 (:mod:`perfxl.values.statements`).

- numbers: ``1,000`` · ``１２`` (folded first) · ``0.5`` · ``三`` ``十二`` ``两`` ``一百二十`` · ``半``
  (0.5) · ``一个半`` (1.5) · ``百分之九十`` (90 %);
- units: the table ``units.toml`` (money with its factor in 元, time with its factor in minutes,
  counted units, scale words 万/亿 before a counted unit, other spellings); after a unit,
  ``/人/年`` or ``/辆`` is a per-unit (``万元/人/年``);
- conversion: exact between money units (元 ↔ 万元 by :data:`perfxl.values.numbers.YUAN_PER_WAN`,
  the one factor), between time units, and between ``万人次`` and ``人次``.

Functions work on *folded* text (:func:`perfxl.values.text.fold`) unless they say otherwise.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, localcontext
from importlib import resources

from perfxl.values.numbers import YUAN_PER_WAN
from perfxl.values.text import fold


@dataclass  # not frozen: one is made for every text read, and nothing changes it after
class Quantity:
    """A number with its unit as written: ``number`` exact, ``unit`` canonical (``万元``,
    ``小时``, ``万元/人/年``) or None, ``places`` the decimals written (``206.1120`` → 4)."""

    number: Decimal
    unit: str | None
    places: int = 0


# --------------------------------------------------------------------------- the unit table


def _load_units() -> dict:
    text = resources.files("perfxl.values").joinpath("units.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_TABLE = _load_units()
MONEY_UNITS: dict[str, Decimal] = {u: Decimal(f) for u, f in _TABLE["money"].items()}
"""元 per unit of each money unit (``万元`` → 10000)."""
TIME_UNITS: dict[str, Decimal] = {u: Decimal(f) for u, f in _TABLE["time"].items()}
"""Minutes per unit of each time unit that converts exactly (``小时`` → 60)."""
SCALE_WORDS: dict[str, Decimal] = {w: Decimal(f) for w, f in _TABLE["scale"].items()}
COUNTED_UNITS: tuple[str, ...] = tuple(_TABLE["counted"]["units"])
UNIT_ALIASES: dict[str, str] = dict(_TABLE["aliases"])

if MONEY_UNITS["万元"] != YUAN_PER_WAN:  # one factor between 元 and 万元, not two
    raise RuntimeError("units.toml: 万元 must be YUAN_PER_WAN 元")


def _spellings() -> dict[str, str]:
    """Every way a unit is written → its canonical name (scale words on counted units too)."""
    names = {u: u for u in (*MONEY_UNITS, *TIME_UNITS, *COUNTED_UNITS)}
    names.update(UNIT_ALIASES)
    for word in SCALE_WORDS:
        for unit in (*COUNTED_UNITS, *TIME_UNITS):
            if unit not in ("%", "‰") and not unit.startswith("个"):
                names.setdefault(word + unit, word + names.get(unit, unit))
    return names


_SPELLINGS = _spellings()
_LONGEST_UNIT = max(len(s) for s in _SPELLINGS)


def canonical_unit(unit: str | None) -> str | None:
    """A unit as compared: folded, its spelling made canonical (``个小时`` → ``小时``, ``万`` →
    ``万元``), per-units kept (``万/年`` → ``万元/年``); unknown units stay as written; empty → None."""
    if unit is None:
        return None
    u = fold(unit)
    if not u:
        return None
    return "/".join(_SPELLINGS.get(part, part) for part in u.split("/"))


def read_unit(s: str, pos: int) -> tuple[str, int] | None:
    """The longest known unit starting at ``pos`` of folded ``s``, with its per-units
    (``元/人/月``): (canonical unit, end), or None."""
    found = _one_unit(s, pos)
    if found is None:
        return None
    unit, end = found
    while end < len(s) and s[end] == "/":
        per = _one_unit(s, end + 1)
        if per is None:
            break
        unit, end = f"{unit}/{per[0]}", per[1]
    return unit, end


def _one_unit(s: str, pos: int) -> tuple[str, int] | None:
    for length in range(min(_LONGEST_UNIT, len(s) - pos), 0, -1):
        canonical = _SPELLINGS.get(s[pos:pos + length])
        if canonical is not None:
            return canonical, pos + length
    return None


# --------------------------------------------------------------------------- numbers

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+")
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                   "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_POWERS = {"十": 10, "百": 100, "千": 1000}
HALF = Decimal("0.5")
NUMBER_START = re.compile(r"\d|\.\d|百分之|[零〇一二两三四五六七八九十百千半]")
"""Where a number may start (:func:`read_number` reads it): to skip the other characters."""


@dataclass  # not frozen: one is made for every text read, and nothing changes it after
class NumberRead:
    """A number read from a text: its value, where it ends, the decimals written, and whether it
    was written in Chinese (``三``, ``半``)."""

    value: Decimal
    end: int
    places: int
    chinese: bool = False


def read_number(s: str, pos: int = 0) -> NumberRead | None:
    """The number starting at ``pos`` of folded ``s`` (Arabic or Chinese), or None. 万/亿 are
    not read here: they are scale words of the unit (``3万`` = 3 万元)."""
    m = _ARABIC.match(s, pos)
    if m:
        text = m.group(0).replace(",", "")
        places = len(text.split(".")[1]) if "." in text else 0
        return NumberRead(Decimal(text), m.end(), places)
    return _read_chinese(s, pos)


def _read_chinese(s: str, pos: int) -> NumberRead | None:
    if s.startswith("半", pos):
        return NumberRead(HALF, pos + 1, 1, True)
    total, digit, end = 0, None, pos
    while end < len(s):
        ch = s[end]
        if ch in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[ch]
        elif ch in _CHINESE_POWERS:
            total += (1 if digit is None else digit) * _CHINESE_POWERS[ch]
            digit = None
        else:
            break
        end += 1
    if end == pos:
        return None
    return NumberRead(Decimal(total + (digit or 0)), end, 0, True)


def inside_number(s: str, i: int) -> bool:
    """Position ``i`` of ``s`` continues a number (``1,200`` at ``2``, ``0.5`` at ``5``): a number
    read there would be a piece of another. A comma after a word (``元，2人``) is punctuation."""
    if i == 0:
        return False
    before = s[i - 1]
    return before.isdigit() or (before in ".," and i >= 2 and s[i - 2].isdigit())


def chinese_number(text: str) -> Decimal | None:
    """``三`` → 3, ``十二`` → 12, ``一百二十`` → 120, ``两`` → 2, ``半`` → 0.5, ``一个半`` → 1.5;
    None when the whole text is no Chinese number."""
    s = fold(text)
    read = _read_chinese(s, 0)
    if read is None:
        return None
    if s[read.end:] == "个半":
        return read.value + HALF
    return read.value if read.end == len(s) else None


def read_quantity(s: str, pos: int = 0, *, chinese: bool = True) -> tuple[Quantity, int] | None:
    """A number with its unit at ``pos`` of folded ``s``: (quantity, end), or None. A Chinese
    number counts only with a known unit after it (``三次``, ``半小时``; not ``一般``)."""
    if s.startswith("百分之", pos):
        read = read_number(s, pos + 3)
        if read is None:
            return None
        return Quantity(read.value, "%", read.places), read.end
    read = read_number(s, pos)
    if read is None or (read.chinese and not chinese):
        return None
    value, places, end = read.value, read.places, read.end
    if s.startswith("个半", end):
        value, places, end = value + HALF, max(places, 1), end + 2
    unit = read_unit(s, end)
    if unit is None:
        if read.chinese:
            return None
        return Quantity(value, None, places), end
    return Quantity(value, unit[0], places), unit[1]


def parse_quantity(text: str) -> Quantity | None:
    """The whole text as one quantity (``1,000元``, ``三个工作日``, ``1.2万人次``), or None."""
    s = fold(text)
    sign = -1 if s.startswith("-") else 1
    start = 1 if s[:1] in "+-" else 0
    found = read_quantity(s, start)
    if found is None or found[1] != len(s):
        return None
    q = found[0]
    return Quantity(sign * q.number, q.unit, q.places)


# --------------------------------------------------------------------------- conversion


def _dimension(unit: str) -> tuple[str, Decimal] | None:
    """(what a unit measures, its factor): money in 元, time in minutes, ``万人次`` as 10000 人次."""
    base, _, per = unit.partition("/")
    per = "/" + per if per else ""
    if base in MONEY_UNITS:
        return "money" + per, MONEY_UNITS[base]
    if base in TIME_UNITS:
        return "time" + per, TIME_UNITS[base]
    counted, factor = split_scale(base)
    return counted + per, factor


def split_scale(unit: str) -> tuple[str, Decimal]:
    """A counted unit with its scale word taken off: ``万人次`` → (``人次``, 10000), ``万亩`` →
    (``亩``, 10000); a unit without one → (unit, 1). Money units keep their own factor
    (:func:`money_factor`): ``万元`` is no scaled ``元`` here."""
    for word, factor in SCALE_WORDS.items():
        if unit.startswith(word) and len(unit) > len(word) and unit not in MONEY_UNITS:
            return unit[len(word):], factor
    return unit, Decimal(1)


def convert(number: Decimal, unit: str | None, to_unit: str | None) -> Decimal | None:
    """``number`` written in ``unit`` expressed in ``to_unit``, or None when they measure different
    things (``个`` and ``次``). Money converts exactly (powers of ten); time may not (100 分钟 in
    小时), and is then correct to 28 digits."""
    unit, to_unit = canonical_unit(unit), canonical_unit(to_unit)
    if unit == to_unit:
        return number
    if unit is None or to_unit is None:
        return None
    source, target = _dimension(unit), _dimension(to_unit)
    if source is None or target is None or source[0] != target[0]:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return number * source[1] / target[1]


def money_factor(unit: str | None) -> Decimal | None:
    """元 per unit of a money unit (``万元`` and ``万`` → 10000), None for other units."""
    return MONEY_UNITS.get(canonical_unit(unit) or "")

