"""Every figure a report states about a project or the whole unit, matched against the workbook
(PX610): each project's 全年预算数, 全年执行数, 执行率, 执行得分, each indicator's 实际完成值,
得分 and 分值, the 自评总分 and 评价等级, and for the unit the 平均得分 and the number of projects per 等级.

A figure is found by the words before it (``全年执行数2万元``, ``执行率100%``, ``总分95分``,
``等级为“优”``), so a report a person wrote in other sentences is checked wherever it uses those
words. A number is compared at the precision it is written with (``96分`` for 95.5 is a rounding,
not an error); money exactly (``元`` converted to 万元).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from perfxl.report.facts import ProjectFacts, ReportFacts
from perfxl.report.read_text import Line, ReportText
from perfxl.report.statements import NUM, to_wan

MONEY = {
    "全年预算数": re.compile(rf"(?:全年)?预算数\s*(?:为|是|:)?\s*{NUM}\s*(万元|万|元)"),
    "全年执行数": re.compile(rf"(?:全年)?执行数\s*(?:为|是|:)?\s*{NUM}\s*(万元|万|元)"),
}
RATE = re.compile(rf"执行率\s*(?:为|是|达到?|:)?\s*{NUM}\s*%")
EXECUTION_SCORE = re.compile(rf"执行率[^。;]*?得分\s*(?:为|:)?\s*{NUM}\s*分")
TOTAL = re.compile(rf"总分\s*(?:为|是|:)?\s*{NUM}\s*分")
GRADE = re.compile(r"等级\s*(?:为|是|:)?\s*[“\"「']?\s*(优秀|良好|优|良|中|差)")
AVERAGE = re.compile(rf"平均(?:得)?分\s*(?:为|是|:)?\s*{NUM}\s*分")
GRADE_COUNT = re.compile(r"[“\"「']\s*(优|良|中|差)\s*[”\"」']\s*(?:等级)?(?:的)?(?:项目)?\s*(\d+)\s*个")
ACTUAL_AFTER = re.compile(r"实际完成值\s*(?:为|是|:)?\s*([^,;。]+)")
SCORE_AFTER = re.compile(rf"得分\s*(?:为|:)?\s*{NUM}\s*分(?:\s*\(\s*分值\s*{NUM}\s*分\s*\))?")
GRADE_WORDS = {"优秀": "优", "良好": "良"}


@dataclass(frozen=True)
class Mismatch:
    """One figure of the report that disagrees with the workbook."""

    line: Line
    what: str  # "全年执行数" …
    project: str | None
    written: str  # as the report writes it: "2.5万元"
    expected: str  # the workbook's figure, in the report's way of writing it: "2万元"


def mismatches(doc: ReportText, facts: ReportFacts, paired: dict[int, int]
               ) -> Iterator[Mismatch]:
    """Every disagreeing figure: the unit's summary first, then each paired project section
    (``paired``: index in ``doc.project_sections`` → index in ``facts.projects``)."""
    yield from _unit_figures(doc, facts)
    for i, sub in enumerate(doc.project_sections):
        if i in paired:
            yield from _project_figures(sub.lines, facts.projects[paired[i]])


def _at_precision(value: Decimal, written: str) -> Decimal:
    """``value`` rounded half-up to as many decimals as ``written`` has."""
    places = len(written.split(".")[1]) if "." in written else 0
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _differs(value: Decimal | None, written: str) -> bool:
    return value is not None and _at_precision(value, written) != _number(written)


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")


def _unit_figures(doc: ReportText, facts: ReportFacts) -> Iterator[Mismatch]:
    totals = [p.score.total for p in facts.projects if p.score is not None]
    if not totals:
        return
    average = sum(totals, Decimal(0)) / len(totals)
    grades = Counter(p.score.grade for p in facts.projects if p.score is not None)
    in_projects = {id(ln) for sub in doc.project_sections for ln in sub.lines}
    for ln in doc.lines:
        if id(ln) in in_projects:
            continue
        for m in AVERAGE.finditer(ln.norm):
            if _differs(average, m.group(1)):
                yield Mismatch(ln, "平均得分", None, f"{m.group(1)}分",
                               f"{_plain(_at_precision(average, m.group(1)))}分")
        for m in GRADE_COUNT.finditer(ln.norm):
            if int(m.group(2)) != grades[m.group(1)]:
                yield Mismatch(ln, f"“{m.group(1)}”等级项目个数", None, f"{m.group(2)}个",
                               f"{grades[m.group(1)]}个")


def _project_figures(lines: list[Line], p: ProjectFacts) -> Iterator[Mismatch]:
    s = p.score
    facts = {"全年预算数": p.budget, "全年执行数": p.executed}
    for ln in lines:
        for what, pattern in MONEY.items():
            for m in pattern.finditer(ln.norm):
                written = to_wan(m.group(1), m.group(2))
                if facts[what] is not None and written is not None and written != facts[what]:
                    yield Mismatch(ln, what, p.name, f"{m.group(1)}{m.group(2)}",
                                   f"{_plain(facts[what])}万元")
        if s is None:
            continue
        if s.execution_rate is not None:
            for m in RATE.finditer(ln.norm):
                rate = s.execution_rate * 100
                if _differs(rate, m.group(1)):
                    yield Mismatch(ln, "执行率", p.name, f"{m.group(1)}%",
                                   f"{_plain(_at_precision(rate, m.group(1)))}%")
        if s.execution_score is not None:
            for m in EXECUTION_SCORE.finditer(ln.norm):
                if _differs(s.execution_score, m.group(1)):
                    yield Mismatch(ln, "预算执行得分", p.name, f"{m.group(1)}分",
                                   f"{_plain(s.execution_score)}分")
        for m in TOTAL.finditer(ln.norm):
            if _differs(s.total, m.group(1)):
                yield Mismatch(ln, "自评总分", p.name, f"{m.group(1)}分", f"{_plain(s.total)}分")
        for m in GRADE.finditer(ln.norm):
            grade = GRADE_WORDS.get(m.group(1), m.group(1))
            if s.grade and grade != s.grade:
                yield Mismatch(ln, "评价等级", p.name, f"“{m.group(1)}”", f"“{s.grade}”")
        yield from _indicator_figures(ln, p)


def _actual_text(ind) -> str | None:
    """The 实际完成值 as the workbook holds it (as the draft writes it)."""
    if ind.actual.value is not None:
        return ind.actual.value.text
    return str(ind.actual.raw) if ind.actual.raw not in (None, "") else None


def _folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _indicator_figures(ln: Line, p: ProjectFacts) -> Iterator[Mismatch]:
    """得分/分值 stated after an indicator's name, up to the end of its clause (；or 。)."""
    for item in p.score.indicators:
        name = item.indicator.name.value
        if not name or item.score is None:
            continue
        start = ln.norm.find(name)
        if start < 0:
            continue
        clause = re.split(r"[;。]", ln.norm[start + len(name):], maxsplit=1)[0]
        actual = _actual_text(item.indicator)
        written = ACTUAL_AFTER.search(clause)
        if actual and written and _folded(written.group(1)) != _folded(actual):
            yield Mismatch(ln, f"“{name}”实际完成值", p.name, written.group(1), actual)
        m = SCORE_AFTER.search(clause)
        if m is None:
            continue
        if _differs(item.score, m.group(1)):
            yield Mismatch(ln, f"“{name}”得分", p.name, f"{m.group(1)}分",
                           f"{_plain(item.score)}分")
        if m.group(2) and item.weight is not None and _differs(item.weight, m.group(2)):
            yield Mismatch(ln, f"“{name}”分值", p.name, f"{m.group(2)}分",
                           f"{_plain(item.weight)}分")
