"""Project names as written in a report vs as in the workbook.

Reports shorten and reword names (``防火经费项目`` for ``涞源镇防火经费``, ``农村环境卫生整治项目`` for
``涞源镇农村环境治理费``), so names are compared by their core: place names of the unit and generic
words such as 项目/经费 removed, then a similarity ratio.
"""

from __future__ import annotations

import re
import unicodedata

from perfxl.rules.matching import similarity
from perfxl.values import unit_key

MATCH_THRESHOLD = 0.6
GENERIC_WORDS = ("专项经费", "专项资金", "工作经费", "项目", "经费", "资金", "专项", "费用", "费")
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:省|市|县|区|镇|乡|街道)")
_PUNCT = re.compile(r"[\s\W_]+")

CN_DIGITS = "零一二三四五六七八九"


def place_names(unit_name: str | None) -> list[str]:
    """``涞源县涞源镇人民政府`` → ``['涞源县', '涞源镇']`` (and ``'涞源'``), longest first."""
    if not unit_name:
        return []
    places = _PLACE.findall(unit_key(unit_name))
    roots = [p[:-1] for p in places if len(p) > 2]
    return sorted(set(places + roots), key=len, reverse=True)


def match(text_names: list[str], wb_names: list[list[str]], places: list[str] = ()
          ) -> dict[int, int]:
    """Pair text names with workbook projects (each given by one or more names), best pairs
    first, each used once; pairs below :data:`MATCH_THRESHOLD` stay unpaired. Equal scores go to
    the pair at the same position, which is how reports list projects."""
    pairs = []
    for i, t in enumerate(text_names):
        for j, names in enumerate(wb_names):
            score = max((similarity(t, n, places) for n in names if n), default=0.0)
            if score >= MATCH_THRESHOLD:
                pairs.append((-score, abs(i - j), i, j))
    pairs.sort()
    used_t: set[int] = set()
    used_w: set[int] = set()
    out: dict[int, int] = {}
    for _, _, i, j in pairs:
        if i not in used_t and j not in used_w:
            out[i] = j
            used_t.add(i)
            used_w.add(j)
    return out


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 21 → 二十一 (1–99)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def parse_cn_number(s: str) -> int | None:
    """一 → 1, 十五 → 15, 二十一 → 21; digits pass through; None if not a number."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_DIGITS + "十〇两" for ch in s):
        return None
    s = s.replace("〇", "零").replace("两", "二")
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = CN_DIGITS.index(tens) if tens else 1
        o = CN_DIGITS.index(ones) if ones else 0
        return t * 10 + o
    if len(s) == 1:
        return CN_DIGITS.index(s)
    return None
