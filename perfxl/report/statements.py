"""What a report states about itself, found line by line: years (2022年度, a date), project
counts (共3个项目) and 预算总金额 — each with the line it stands in, for the check's messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from perfxl import values
from perfxl.report.names import parse_cn_number


@dataclass(frozen=True)
class Line:
    index: int  # order in the document, 0-based
    text: str  # as written
    norm: str  # NFKC-folded, for parsing
    where: str  # "第12行" (txt) / "第12段" (docx paragraph) / "表1第3行" (docx table)


@dataclass(frozen=True)
class YearMention:
    year: int
    text: str  # "2022年度"
    kind: str  # "年度" / "年" / "日期" (a date such as 2009年4月30日)
    line: Line
    start: int  # offset in line.norm
    sentence: str  # the sentence it stands in (folded)
    scope: bool  # the sentence states the report's own scope (title, project count, total …)


@dataclass(frozen=True)
class Statement:
    """A stated project count (``value`` int) or 预算总金额 (``value`` Decimal, 万元)."""

    value: object
    text: str
    line: Line


NUM = r"(\d[\d,]*(?:\.\d+)?)"
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(度)?(\s*\d{1,2}\s*月)?")
SENTENCE_END = re.compile(r"[。;!?]")
CITATION = re.compile(r"《[^》]*》")
COUNT_PATTERNS = (
    re.compile(r"项目[^。;,\d]{0,6}?(?:共计?|合计|总计)\s*([\d一二三四五六七八九十两]+)\s*个"),
    re.compile(r"(?:共计?|合计|总计)\s*([\d一二三四五六七八九十两]+)\s*个项目"),
    re.compile(r"(?:年度?|全部|所有|全镇|本单位|我单位|涉及)\s*([\d一二三四五六七八九十两]+)\s*个项目"),
    re.compile(r"(?<!其中)(?<!有)(?<!\d)(\d+)\s*个项目(?:工作)?中"),
)
TOTAL = re.compile(rf"(预算总金额|预算总额|总预算|资金总额|总金额)[^\d\n]{{0,6}}?{NUM}\s*(万元|万|元)")
SCOPE_WORDS = ("所有项目", "全部项目", "各项目", "所有县级", "项目中", "开展了绩效自评",
               "开展绩效自评", "绩效自评工作报告")


def to_wan(number: str, unit: str) -> Decimal | None:
    """Text amount → 万元 (元 ÷ 10000), exactly (:func:`perfxl.values.to_wan`)."""
    try:
        d = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    return values.to_wan(d, unit)


def _sentences(norm: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(norm):
        out.append((start, norm[start:m.end()]))
        start = m.end()
    if start < len(norm):
        out.append((start, norm[start:]))
    return out


def years_in(ln: Line, in_title: bool, in_entry: bool = False) -> list[YearMention]:
    out = []
    for start, sentence in _sentences(ln.norm):
        scope = in_title or (not in_entry and _states_scope(sentence))
        cited = [(m.start(), m.end()) for m in CITATION.finditer(sentence)]
        for m in YEAR.finditer(sentence):
            if any(a <= m.start() < b for a, b in cited):
                continue  # a year in the title of a cited document (《……2022年度……通知》)
            kind = "日期" if m.group(3) else "年度" if m.group(2) else "年"
            out.append(YearMention(int(m.group(1)), m.group(0).strip(), kind, ln,
                                   start + m.start(), sentence, scope))
    return out


def _states_scope(sentence: str) -> bool:
    fake = Line(0, sentence, sentence, "")
    return bool(counts_in(fake) or totals_in(fake)) or any(w in sentence for w in SCOPE_WORDS)


def counts_in(ln: Line) -> list[Statement]:
    out, seen = [], set()
    for pattern in COUNT_PATTERNS:
        for m in pattern.finditer(ln.norm):
            if m.start(1) in seen:
                continue
            n = parse_cn_number(m.group(1))
            if n is not None:
                seen.add(m.start(1))
                out.append(Statement(n, m.group(0), ln))
    return out


def totals_in(ln: Line) -> list[Statement]:
    out = []
    for m in TOTAL.finditer(ln.norm):
        amount = to_wan(m.group(2), m.group(3))
        if amount is not None:
            out.append(Statement(amount, m.group(0), ln))
    return out
