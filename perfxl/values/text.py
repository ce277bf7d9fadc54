"""Labels and names as compared: the one text folding (NFKC, no whitespace), form titles, month
headers and the normaliser of unit names. Layer 0, no workbook knowledge."""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from importlib import resources


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
    return fold(str(s)).rstrip(":")


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
    s = _NAME_MARKS.sub("", fold(str(name)))
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


@functools.lru_cache(maxsize=16384)  # kept: saves 1.4–2.0 of 15 ms read per file (bench_check corpus)
def fold(s: str) -> str:
    """NFKC-fold and drop every whitespace character (also inside: `１４４．９５５２`, `项 目`)."""
    s = unicodedata.normalize("NFKC", s)
    return _WHITESPACE.sub("", s).translate(EXTRA_FOLD)


_WHITESPACE = re.compile(r"\s+")
# characters NFKC leaves alone that staff use for the same thing
EXTRA_FOLD = str.maketrans({"−": "-", "–": "-", "—": "-", "≧": "≥", "≦": "≤", "⩾": "≥",
                             "⩽": "≤", "。": ".", "﹪": "%"})
_TITLE_YEAR = re.compile(r"(\d{4})年度?")
# after folding, — － – are '-': 1-7月执行数, 1~7月, 1至7月, 1到7月
_MONTH_RANGE = re.compile(r"^(\d{1,2})(?:-|~|至|到)(\d{1,2})月(.*)$")
