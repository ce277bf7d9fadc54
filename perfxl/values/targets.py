"""The target grammar (spec/targets.md): a 目标值 / 年度指标值 / 实际完成值 text read into a
:class:`Target` — operator, number, unit, range, deadline, frequency or qualitative band.

One public entry, :func:`parse_target`, used by the 申报表, 自评表 and 执行监控表 alike. The words
(operators, time limits, deadlines, frequencies, zero, qualitative scales, actual bands, direction
from the name) are data in ``target_words.toml``; numbers and units come from
:mod:`perfxl.values.quantity`. A text that cannot be read gives a Target of kind ``unreadable``
— never a silent 正向 guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from perfxl.values.deadlines import Deadline, find_deadline
from perfxl.values.numbers import is_placeholder, to_decimal
from perfxl.values.ops import WORDS, Op, op_after, op_before, op_inside
from perfxl.values.quantity import (
    NUMBER_START, Quantity, inside_number, read_quantity,
)
from perfxl.values.text import fold

# kinds of reading
COMPARE = "compare"  # an operator (or none) and a number: ≥90%, 15个, 3个小时内
RANGE = "range"  # 90%-95%
DEADLINE = "deadline"  # 11月底前完成, 2023年12月前, 年底前
DATE = "date"  # a date without 前: 10月底完成 (an actual's finishing date)
FREQUENCY = "frequency"  # 每月1次, 按季度
QUALITATIVE = "qualitative"  # 显著, 满意, 达标, 及时
UNREADABLE = "unreadable"  # text with nothing the grammar knows
EMPTY = "empty"  # blank or a placeholder (— / 无 不适用)

POSITIVE, REVERSE, EQUAL = "正向", "反向", "等于"


@dataclass  # not frozen: one is made for every text read, and nothing changes it after
class Target:
    """What a target (or actual) text says. ``kind`` is one of the module's kinds; ``text`` is
    what was typed. ``number``/``unit`` for COMPARE and FREQUENCY (``unit`` canonical, per-period
    kept: ``万元/年``, ``次/季度``); ``low``/``high`` for RANGE (``number`` = ``low``);
    ``deadline`` for DEADLINE/DATE; ``frequency`` the period (``月``, ``季度``); ``band`` the
    qualitative word (``明显``); ``approximate`` for ``约100人``; ``time_limit`` for ``3个小时内``;
    ``timely`` for ``及时``/``按期完成`` (a time target without a deadline)."""

    text: str
    kind: str
    op: Op | None = None
    number: Decimal | None = None
    unit: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    deadline: Deadline | None = None
    frequency: str | None = None
    band: str | None = None
    approximate: bool = False
    time_limit: bool = False
    timely: bool = False

    @property
    def direction(self) -> str | None:
        """正向 / 反向 / 等于 from the operator; a time limit or a deadline is 反向; None when
        the text does not say (then the indicator's name may: :func:`direction_of_name`)."""
        if self.kind in (DEADLINE, DATE) or self.time_limit:
            return REVERSE
        if self.op is None:
            return None
        return {"positive": POSITIVE, "negative": REVERSE}.get(self.op.direction, EQUAL)

    def as_dict(self) -> dict:
        """The reading as JSON values (numbers as text, exact): what a reviewer sees in the
        ``target_reading`` of an indicator (docs/results.md)."""
        def text(d: Decimal | None) -> str | None:
            return None if d is None else format(d.normalize(), "f")
        return {"kind": self.kind, "op": self.op.value if self.op else None,
                "number": text(self.number), "unit": self.unit, "low": text(self.low),
                "high": text(self.high), "deadline": str(self.deadline) if self.deadline else None,
                "frequency": self.frequency, "band": self.band, "approximate": self.approximate,
                "time_limit": self.time_limit, "direction": self.direction}

    @property
    def readable(self) -> bool:
        return self.kind != UNREADABLE

    @property
    def quantitative(self) -> bool:
        return self.number is not None


# --------------------------------------------------------------------------- the word table

_TIME_LIMIT_UNITS = tuple(WORDS["time_limit"]["units"])
_TIME_UNITS = tuple(WORDS["time_limit"]["time_units"])
_APPROX_BEFORE = tuple(sorted(WORDS["approximate"]["prefix"], key=len, reverse=True))
_APPROX_AFTER = tuple(WORDS["approximate"]["suffix"])
_RANGE_SEPARATORS = tuple(WORDS["range"]["separators"])
_PERIODS: dict[str, str] = WORDS["frequency"]["periods"]
_FREQUENCY = re.compile("(?:{})({})(?:度)?".format(
    "|".join(map(re.escape, WORDS["frequency"]["every"])),
    "|".join(sorted(map(re.escape, _PERIODS), key=len, reverse=True))))
_ZERO_WORDS = tuple(sorted(WORDS["zero"]["words"], key=len, reverse=True))
_ZERO_UNITS = tuple(WORDS["zero"]["count_units"])
_NONE_WORDS = tuple(WORDS["zero"]["none_words"])
_INCIDENT_NAMES = tuple(WORDS["zero"]["incident_names"])
_SCALE = tuple(sorted(WORDS["qualitative"]["scale"], key=len, reverse=True))
_TIMELY = tuple(WORDS["qualitative"]["timely"])
_TRAILING = ".,;:!、"


# --------------------------------------------------------------------------- parse_target


def parse_target(text: object, name: str | None = None) -> Target:
    """Read a target (or actual) cell. ``name`` is the indicator's name, used only where the
    grammar says the name decides (``无`` is = 0 for an incident count, a blank otherwise).

    >>> parse_target("总成本不超过65.329万元").op, parse_target("3个小时内").number
    (<Op.LE: '≤'>, Decimal('3'))
    """
    if text is None or isinstance(text, bool):
        return Target("", EMPTY)
    if isinstance(text, (int, float, Decimal)):
        return Target(str(text), COMPARE, number=to_decimal(text))
    raw = str(text).strip()
    s = fold(raw).rstrip(_TRAILING)
    if not s:
        return Target(raw, EMPTY)
    for reader in (_zero, _deadline, _frequency):
        found = reader(raw, s, name)
        if found is not None:
            return found
    numbers = _numbers(s)  # found once, for the range and the comparison alike
    found = _range(raw, s, numbers) or _compare(raw, s, numbers) or _qualitative(raw, s)
    return found or Target(raw, UNREADABLE)


def for_name(reading: Target, name: str | None) -> Target:
    """``reading`` (read without the indicator's name) as :func:`parse_target` reads it with
    ``name``: the name decides only for a none word (``无`` of an incident count is = 0), so a
    reader parses a cell once and asks again only then."""
    if name and fold(reading.text).rstrip(_TRAILING) in _NONE_WORDS:
        return parse_target(reading.text, name)
    return reading


def _zero(raw: str, s: str, name: str | None) -> Target | None:
    """``零事故``, ``无`` for an incident count (else ``无`` and the placeholders are blank)."""
    if s in _NONE_WORDS and name and any(word in fold(name) for word in _INCIDENT_NAMES):
        return Target(raw, COMPARE, Op.EQ, Decimal(0))
    if is_placeholder(s):
        return Target(raw, EMPTY)
    if not s.startswith(_ZERO_WORDS):
        return None  # most texts: no word of the table to try one by one
    for word in _ZERO_WORDS:
        if s.startswith(word) and read_quantity(s, len(word)) is None and (
                word != "零" or len(s) > 1):
            return Target(raw, COMPARE, Op.EQ, Decimal(0))
    return None


def _deadline(raw: str, s: str, _name: str | None) -> Target | None:
    found = find_deadline(s)
    if found is None:
        return None
    deadline, before = found
    return Target(raw, DEADLINE if before else DATE, Op.LE if before else None,
                  deadline=deadline)


def _frequency(raw: str, s: str, name: str | None) -> Target | None:
    """``每月1次`` ``按季度`` ``每季度不少于1次`` ``每年成本不超过1.2万元``: per-period unit."""
    m = _FREQUENCY.search(s)
    if m is None:
        return None
    period = _PERIODS[m.group(1)]
    rest = s[:m.start()] + s[m.end():]
    inner = _compare(raw, rest, _numbers(rest)) if rest else None
    if inner is None:
        if rest and read_quantity(rest, 0) is None and rest not in ("开展", "检查", "进行"):
            return None  # 每月工作总结: not a frequency target
        return Target(raw, FREQUENCY, Op.GE, Decimal(1), f"次/{period}", frequency=period)
    unit = inner.unit or "次"
    if "/" not in unit:
        unit = f"{unit}/{period}"
    counted = unit.startswith(("次", "场", "期", "轮"))  # 每月1次: at least once a month
    return Target(raw, FREQUENCY, inner.op or (Op.GE if counted else None), inner.number, unit,
                  frequency=period, approximate=inner.approximate)


def _range(raw: str, s: str, numbers: list[tuple[int, Quantity, int]]) -> Target | None:
    """``90%-95%`` ``90%～95%`` ``90%至95%`` ``90-95%``; ``numbers`` those of ``s``."""
    for start, first, end in numbers:
        for sep in _RANGE_SEPARATORS:
            if not s.startswith(sep, end):
                continue
            second = read_quantity(s, end + len(sep))
            if second is None:
                continue
            high, after = second
            unit = first.unit or high.unit
            if first.unit not in (None, high.unit) or high.number <= first.number:
                continue
            if s[after:] and op_after(s[after:]) is None and len(s[after:]) > 4:
                continue
            return Target(raw, RANGE, None, first.number, unit, low=first.number,
                          high=high.number)
        break  # only the first number may open a range
    return None


def _compare(raw: str, s: str, numbers: list[tuple[int, Quantity, int]]) -> Target | None:
    """One number with its operator, unit and approximate/time-limit words around it;
    ``numbers`` those of ``s``."""
    best = _best_number(s, numbers)
    if best is None:
        return None
    start, q, end = best
    prefix, suffix = s[:start], s[end:]
    negative = prefix.endswith("-") and (len(prefix) == 1 or op_before(prefix[:-1]) is not None)
    if negative:
        prefix = prefix[:-1]
    number = -q.number if negative else q.number
    op = op_before(prefix) or op_inside(prefix)
    after = op_after(suffix)
    if after is not None and op is None:
        op = after[0]
    approximate = prefix.endswith(_APPROX_BEFORE) or suffix.startswith(_APPROX_AFTER)
    if approximate and op is None:
        op = Op.EQ
    unit = q.unit
    if unit is None and after is None:
        unit = _loose_unit(suffix)
    base = (unit or "").partition("/")[0]
    inside = after is not None and after[1] in ("内", "以内", "之内")
    time_limit = base in _TIME_UNITS and (inside or op in (Op.LE, Op.LT) or (
        op is None and base in _TIME_LIMIT_UNITS))
    if time_limit and op is None:
        op = Op.LE
    if op is None and number == 0 and base in _ZERO_UNITS:
        op = Op.EQ  # 0起: no incident
    return Target(raw, COMPARE, op, number, unit, approximate=approximate, time_limit=time_limit)


def _loose_unit(suffix: str) -> str | None:
    """A unit the table does not know, written alone after the number (``5G``, ``3座次``): a
    short run of text with no digit, as before the table existed."""
    if 0 < len(suffix) <= 6 and not re.search(r"[\d.,+\-<>=≥≤]", suffix):
        return suffix
    return None


def _numbers(s: str) -> list[tuple[int, Quantity, int]]:
    """(start, quantity, end) of every number in ``s`` that starts a quantity, left to right."""
    numbers, end = [], 0
    for m in NUMBER_START.finditer(s):
        pos = m.start()
        if pos < end or inside_number(s, pos):
            continue
        found = read_quantity(s, pos)
        if found is not None:
            numbers.append((pos, found[0], found[1]))
            end = found[1]
    return numbers


def _best_number(s: str, numbers: list[tuple[int, Quantity, int]]
                 ) -> tuple[int, Quantity, int] | None:
    """The number a target is about: the one with an operator word before it and a known unit
    after it, else the first (``5G基站覆盖率达到90%`` → 90 %)."""
    if len(numbers) < 2:
        return numbers[0] if numbers else None
    best, best_score = None, -1
    for start, q, end in numbers:
        score = (2 if op_before(s[:start].rstrip("-")) else 0) + (1 if q.unit else 0)
        if score > best_score:
            best, best_score = (start, q, end), score
    return best


def _qualitative(raw: str, s: str) -> Target | None:
    for word in _SCALE:
        if word in s:
            return Target(raw, QUALITATIVE, band=word, timely=any(t in s for t in _TIMELY))
    return None


# --------------------------------------------------------------------------- names and actuals

_DIRECTION_WORDS = tuple(sorted(((word, direction) for direction, words in
                                 WORDS["direction"].items() for word in words),
                                key=lambda pair: -len(pair[0])))
_BAND_WORDS = {re.sub(r"[^\w%]", "", fold(word)): band
               for band, words in WORDS["actual_bands"].items() for word in words}


def direction_of_name(name: object) -> str | None:
    """正向 or 反向 from an indicator's name (``成本`` 反向, ``成本节约率`` 正向: the longest word
    of the table wins); None when the name does not tell — also for a rate named after a cost
    word that is not itself a rate (``经费保障率``: the table's 反向 rates are ``发生率``,
    ``投诉率`` …)."""
    if not name:
        return None
    key = fold(str(name))
    for word, direction in _DIRECTION_WORDS:
        if word in key:
            if direction == REVERSE and key.endswith(("率", "度")) and not word.endswith(
                    ("率", "度")):
                return None  # 经费保障率: a rate of something named after a cost, not a cost
            return direction
    return None


def actual_band(text: object) -> str | None:
    """The band of rules.md an actual's wording names — ``达成`` (达成预期指标, 已完成 …),
    ``部分达成`` (基本完成 …) or ``未达成`` (未达到 …) — or None. The whole text must be one of the
    table's words (punctuation ignored): ``未完成`` is not ``完成``."""
    if not text:
        return None
    return _BAND_WORDS.get(re.sub(r"[^\w%]", "", fold(str(text))))

