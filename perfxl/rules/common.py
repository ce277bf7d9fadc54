"""Small helpers shared by the rule modules: exact comparison, number display, names, places.

No rules live here. Kept apart so every family module stays about its own checks.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from perfxl.model import Indicator, Loc, Project, Val
from perfxl.values import YUAN_PER_WAN, fmt_decimal

HUNDRED = Decimal(100)
TEN_THOUSAND = YUAN_PER_WAN  # 1 万元 = 10000 元, from perfxl.values
CENT = Decimal("0.01")

# Text that says nothing: a 偏差原因 cell holding only one of these counts as empty.
PLACEHOLDERS = frozenset({"", "无", "/", "-", "—", "--", "——", "无偏差", "不适用"})


def differs(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    """True when two exact figures disagree by the tolerance or more.

    Decimal sums are exact, so any real gap is at least one unit of the last place the
    accountant typed; the tolerance (1 元 = 0.0001 万元 for money, 0.01 for scores) only absorbs
    noise below that place, e.g. a formula's cached 5.045200000001.
    """
    return abs(a - b) >= tolerance


def num(d: Decimal | None) -> str | None:
    """Exact Decimal text for messages and ``expected``/``actual``."""
    return fmt_decimal(d)


def pct(fraction: Decimal) -> str:
    """A fraction as percent text rounded half-up to 0.01 points: 0.923456 → ``92.35%``."""
    return f"{fmt_decimal((fraction * HUNDRED).quantize(CENT, ROUND_HALF_UP))}%"


_PUNCT = re.compile(r"[\s\u3000,，.。、;；:：'\"“”‘’()（）\[\]【】《》<>〈〉·•\-—_/\\|!！?？]+")


def norm_text(s: object) -> str:
    """Text as compared: NFKC (full width → half width), no whitespace, no punctuation."""
    if s is None:
        return ""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", str(s)))


def is_blank(text: object) -> bool:
    """An empty cell or one holding only a placeholder such as ``无`` or ``/``."""
    return norm_text(text) in PLACEHOLDERS or not str(text or "").strip()


def is_empty(text: object) -> bool:
    """Nothing typed at all (for targets and actuals, where ``无`` or ``0`` are real values)."""
    return text is None or not str(text).strip()


def first_loc(*vals: Val | None) -> Loc | None:
    """The first known location among the given values."""
    for v in vals:
        if v is not None and v.loc is not None:
            return v.loc
    return None


def row_loc(project: Project, ind: Indicator, *vals: Val) -> Loc:
    """Where an indicator finding points: the first of ``vals`` with a location, else the
    row's 三级指标 cell, else column D of its row (the canonical 三级指标 column)."""
    return first_loc(*vals, ind.name, ind.level1) or Loc(project.sheet, f"D{ind.row}")


def column_of(loc: Loc | None) -> str | None:
    """The column letters of a single-cell location (``G13`` → ``G``)."""
    if loc is None:
        return None
    m = re.match(r"([A-Za-z]+)", loc.cell.split(":")[0])
    return m.group(1).upper() if m else None


def ind_name(ind: Indicator) -> str:
    """The indicator's 三级指标 text for messages."""
    return str(ind.name.value or ind.name.raw or f"第{ind.row}行指标").strip()


def project_name(project: Project) -> str:
    return str(project.name.value or project.sheet).strip()
