"""Deadlines and dates in a target or actual text (spec/targets.md "Time limits and deadlines").

``11月底前完成`` · ``11月前`` · ``11月30日前`` · ``2023年12月前`` · ``2023年12月31日前`` ·
``2023年底前`` · ``年底前`` · ``年内`` · ``当年完成`` · ``12月31日之前`` · ``三季度末前`` are
deadlines (the year from the form when not written); ``10月底完成`` is a date (an actual's
finishing date). The words are data (``target_words.toml`` ``[deadline]``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from perfxl.values.ops import WORDS
from perfxl.values.quantity import chinese_number, read_unit


@dataclass(frozen=True)
class Deadline:
    """A date as written: ``year`` None when not written (the form's year applies), ``day``
    None for the end of the month."""

    year: int | None
    month: int
    day: int | None = None

    def on(self, year: int | None = None) -> dt.date | None:
        """The date, with ``year`` for a deadline that does not write its own; None when no
        year is known."""
        y = self.year or year
        if y is None:
            return None
        day = self.day or calendar.monthrange(y, self.month)[1]
        return dt.date(y, self.month, min(day, calendar.monthrange(y, self.month)[1]))

    def __str__(self) -> str:
        year = f"{self.year}年" if self.year else ""
        return f"{year}{self.month}月{self.day}日" if self.day else f"{year}{self.month}月底"


_WORDS = WORDS["deadline"]
_BEFORE = tuple(sorted(_WORDS["before"], key=len, reverse=True))
_MONTH_END = "|".join(map(re.escape, _WORDS["month_end"]))
_YEAR_END = "|".join(sorted(map(re.escape, _WORDS["year_end"]), key=len, reverse=True))
_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_MONTH_DAY = re.compile(rf"(?:(\d{{4}})年)?{_MONTH}月(?:(\d{{1,2}})[日号]|({_MONTH_END}|上旬|中旬|下旬))?")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{4})[.\-/](\d{1,2})(?:[.\-/](\d{1,2}))?(?!\d)")
# not after a number: 一年内 / 3年内 is a time limit, not the year's end
_YEAR_END_RE = re.compile(rf"(?<![\d一二两三四五六七八九十半个])(\d{{4}})?(?:{_YEAR_END})")
_QUARTER = re.compile(r"第?([一二三四1-4])季度(?:末|底)?")
# any of the shapes above, anywhere: most texts hold none and are passed over in one search
_ANY_DATE = re.compile("|".join(p.pattern for p in (_MONTH_DAY, _NUMERIC_DATE, _QUARTER,
                                                    _YEAR_END_RE)))
_UNTIL = ("截至", "截止", "截止到", "于")
_TEN_DAYS = {"上旬": 10, "中旬": 20}


def find_deadline(s: str) -> tuple[Deadline, bool] | None:
    """(the date, whether a 前/之前/内 makes it a deadline) in folded ``s``, or None."""
    if _ANY_DATE.search(s) is None:
        return None
    for find in (_month_day, _numeric_date, _quarter_end, _year_end):
        found = find(s)
        if found is not None:
            deadline, start, end, before = found
            before = before or s[end:].startswith(_BEFORE) or s[:start].endswith(_UNTIL)
            return deadline, before
    return None


def _month_day(s: str):
    for m in _MONTH_DAY.finditer(s):
        if not m.group(1) and m.start() > 0 and (s[m.start() - 1].isdigit()
                                                 or s[m.start() - 1] in "-~至到个"):
            continue  # 1-7月, 12个月: a period, not a date
        month = int(chinese_number(m.group(2)) or 0) if not m.group(2).isdigit() else int(
            m.group(2))
        day = int(m.group(3)) if m.group(3) else _TEN_DAYS.get(m.group(4) or "")
        if _valid(month, day):
            return Deadline(_year(m.group(1)), month, day), m.start(), m.end(), False
    return None


def _numeric_date(s: str):
    m = _NUMERIC_DATE.search(s)
    if m is None or not _valid(int(m.group(2)), int(m.group(3)) if m.group(3) else None):
        return None
    if not _YEARS[0] <= int(m.group(1)) <= _YEARS[1] or _amount_unit_after(s, m.end()):
        return None  # 1234.5亩, 2023.5万元, 95.5%: a number with its unit, not a date
    day = int(m.group(3)) if m.group(3) else None
    return Deadline(int(m.group(1)), int(m.group(2)), day), m.start(), m.end(), False


def _quarter_end(s: str):
    m = _QUARTER.search(s)
    if m is None or not s[m.end():].startswith(_BEFORE):
        return None
    quarter = int(chinese_number(m.group(1)) or 0) if not m.group(1).isdigit() else int(m.group(1))
    return Deadline(None, quarter * 3), m.start(), m.end(), False


def _year_end(s: str):
    m = _YEAR_END_RE.search(s)
    if m is None or re.search(r"\d", s[:m.start()] + s[m.end():]):
        return None  # 年内完成培训200人次: the number is the target, not the year's end
    return Deadline(_year(m.group(1)), 12, 31), m.start(), m.end(), True


_YEARS = (1900, 2199)
"""Years a numeric date (``2023.12``) may name: ``1234.5`` is a number."""
_CALENDAR_UNITS = frozenset({"天", "月", "年"})  # 2023.12.31日前, 2023.12月底, 2024.12年底前: dates


def _amount_unit_after(s: str, end: int) -> bool:
    """A unit other than a day or month right after ``s[:end]`` (``%``, ``万元``, ``亩`` …)."""
    found = read_unit(s, end)
    return found is not None and found[0] not in _CALENDAR_UNITS


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _valid(month: int, day: int | None) -> bool:
    return 1 <= month <= 12 and (day is None or 1 <= day <= 31)
