"""Numbers, units and operators as staff type them.

Pure functions, no workbook knowledge: the reader calls them on cell contents, scoring works on
the :class:`Measure` they return. Money is ``Decimal`` from the first character on — a float never
enters (a float cell from calamine is converted through ``repr`` so 144.9552 stays 144.9552).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from importlib import resources


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
        text = _fold(x)
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
        m = _MONEY.fullmatch(_fold(x))
        if not m:
            raise ValueError_(f"“{x.strip()}”不是数字")
        amount = Decimal(m.group(1).replace(",", ""))
        unit = m.group(2) or default_unit
        return to_wan(amount, unit), True
    return to_wan(to_decimal(x), default_unit), False


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


# --------------------------------------------------------------------------- indicator values


def parse_measure(x: object, *, percent_format: bool = False, op_hint: str | None = None,
                   unit_hint: str | None = None) -> Measure:
    """Parse an indicator value cell into a :class:`Measure`.

    ``≥90%``, ``＞92%``, ``≤90万元``, ``＝0起``, ``=100%``, ``100次以上``, ``90%以上``, ``不低于90%``,
    ``不超过5%``, ``15个``, or qualitative text. ``percent_format`` says the cell had a percent number
    format (0.92 → 92 %). ``op_hint``/``unit_hint`` come from separate 指标性质/计量单位 columns.
    """
    hint_op = parse_op(op_hint) if op_hint else None
    hint_unit = (_fold(unit_hint) or None) if unit_hint else None
    if x is None or isinstance(x, bool) or (isinstance(x, str) and not x.strip()):
        raise ValueError_("指标值为空")
    if isinstance(x, (int, float, Decimal)):
        number = to_decimal(x)
        if percent_format:
            return Measure(plain_decimal(number * 100) + "%", hint_op, number * 100, "%")
        return Measure(plain_decimal(number), hint_op, number, hint_unit)
    text = str(x).strip()
    parsed = _parse_measure_text(_fold(text))
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
    s = _fold(text)
    for word, word_op in _PREFIX_OPS + _SUFFIX_OPS + _DIRECTION_WORDS:
        if s == word:
            return word_op
    for word, word_op in _DIRECTION_WORDS:
        if s.startswith(word):
            return word_op
    return None


def parse_percent(x: object, percent_format: bool = False) -> tuple[Decimal, bool]:
    """A rate as a fraction (``92%`` → 0.92). Returns (fraction, stored_as_text).

    ``92%`` text, ``0.92`` with a percent number format, and a bare ``92`` are all 0.92. A bare
    number without a percent format is read as a fraction when it is at most 1 (``0.92``), as a
    percent when above 1 (``92``): an execution rate of 1 % typed as ``1`` cannot be told from 100 %.
    """
    if isinstance(x, str):
        s = _fold(x)
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
        s = _fold(x)
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
        s = _fold(x)
        m = _YEAR_MONTH.fullmatch(s)
        if m:
            year = int(m.group(1)) if m.group(1) else None
            month = int(m.group(2))
            if 1 <= month <= 12:
                return year, month
    raise ValueError_(f"“{x}”不是年月（例如 2023年12月）")


def year_of_title(text: str) -> int | None:
    """The year of a form's year line: 2023 for ``（2023年度）``, ``( 2020年度)``,
    ``项目支出绩效自评表(2023年度)``; None for a text that does not say 年度."""
    m = _TITLE_YEAR.search(text)
    return int(m.group(1)) if m and "年度" in text else None


def month_range(label: str) -> tuple[int | None, str] | None:
    """A ``1-N月`` header of an 执行监控表 (a normalised label): ``1-7月执行数`` → (7, ``执行数``).
    The month is None when it is not 1–12; None for a label that is no ``1-N月`` header."""
    m = _MONTH_RANGE.match(label)
    if not m:
        return None
    end = int(m.group(2))
    return (end if 1 <= end <= 12 else None), m.group(3)


def normalize_label(s: str) -> str:
    """A label as compared: NFKC (full-width → half-width), all whitespace removed, trailing
    colons removed. ``'项 目 名 称：'`` → ``'项目名称'``; ``'（万元）'`` → ``'(万元)'``."""
    return _fold(str(s)).rstrip(":")


def _unit_name_words() -> dict:
    """The word table of unit names (``unit_names.toml``, shipped in the package)."""
    text = resources.files("perfxl").joinpath("unit_names.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_UNIT_NAME_WORDS = _unit_name_words()
UNIT_NAME_SUFFIXES: tuple[str, ...] = tuple(_UNIT_NAME_WORDS["suffixes"])
"""Words a unit's name may end with or not, for the same unit: 某镇人民政府 = 某镇, 某街道办事处 =
某街道 (``unit_names.toml``: add a word there, not in a caller). Only one is removed."""

ADMIN_AREA_ENDINGS: tuple[str, ...] = tuple(_UNIT_NAME_WORDS["area_endings"])
"""How the name of the area above a unit ends: a roster may write 涞源镇 for the workbook's
涞源县涞源镇人民政府, i.e. leave out a leading 涞源县 (``unit_names.toml``)."""

_NAME_MARKS = re.compile(r"[\W_]+")


def unit_key(name: object) -> str:
    """The one normaliser of unit names, for every comparison of them (the roster, the summary's
    unit rows, the 项目清单 of a unit against its exports, the place names of a unit): NFKC
    (full width → half width), no whitespace or punctuation, one of :data:`UNIT_NAME_SUFFIXES`
    removed. ``'某某镇 人民政府'``, ``'某某镇（人民政府）'`` and ``'某某镇'`` all give ``'某某镇'``.
    The name shown to the user stays as it was written."""
    if name is None:
        return ""
    s = _NAME_MARKS.sub("", _fold(str(name)))
    for suffix in UNIT_NAME_SUFFIXES:
        if s.endswith(suffix):  # the first that ends it; a name that is only the word stays
            return s[: -len(suffix)] or s
    return s


def same_unit(key: str, other: str) -> bool:
    """Two :func:`unit_key` keys name the same unit: equal, or one is the other after the name
    of the area above it (``涞源县`` + ``涞源镇``, ``某县`` + ``城关镇中心小学``: a name of two or
    more characters ending in one of :data:`ADMIN_AREA_ENDINGS`)."""
    if key == other:
        return True
    short, long_ = sorted((key, other), key=len)
    if not short or not long_.endswith(short):
        return False
    area = long_[: -len(short)]
    return len(area) >= 2 and area.endswith(ADMIN_AREA_ENDINGS)


def plain_decimal(d: Decimal) -> str:
    """Decimal as plain text without exponent (any magnitude; fmt_decimal needs ≤ 28 digits)."""
    return format(d.normalize(), "f")


@functools.lru_cache(maxsize=16384)  # kept: saves 1.4–2.0 of 15 ms read per file (bench_check corpus)
def _fold(s: str) -> str:
    """NFKC-fold and drop every whitespace character (also inside: `１４４．９５５２`, `项 目`)."""
    s = unicodedata.normalize("NFKC", s)
    return _WHITESPACE.sub("", s).translate(_EXTRA_FOLD)


_WHITESPACE = re.compile(r"\s+")
# characters NFKC leaves alone that staff use for the same thing
_EXTRA_FOLD = str.maketrans({"−": "-", "–": "-", "—": "-", "≧": "≥", "≦": "≤", "⩾": "≥",
                             "⩽": "≤", "。": ".", "﹪": "%"})
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+"
_PLAIN_NUMBER = re.compile(_NUMBER)
_MONEY = re.compile(rf"({_NUMBER})(万元|万|元)?")
# a unit is a short run of non-digit text after the number: %, 万元, 个, 次, 亩, 起, 人次 …
_MEASURE = re.compile(rf"({_NUMBER})([^\d.,+\-<>=≥≤]{{0,6}})")
_TITLE_YEAR = re.compile(r"(\d{4})年度?")
# after folding, — － – are '-': 1-7月执行数, 1~7月, 1至7月, 1到7月
_MONTH_RANGE = re.compile(r"^(\d{1,2})(?:-|~|至|到)(\d{1,2})月(.*)$")
_YEAR_MONTH = re.compile(r"(?:(\d{4})(?:年|-|/|\.))?(\d{1,2})月?(?:份|末)?")

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


def fmt_decimal(d: Decimal | None) -> str | None:
    """Decimal → display text without exponent and without spurious trailing zeros
    (``Decimal('144.95520')`` → ``'144.9552'``, ``Decimal('1E+1')`` → ``'10'``)."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")
