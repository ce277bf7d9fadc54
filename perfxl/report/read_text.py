"""Read a written self-evaluation report (.docx or .txt) into its parts.

A report is a sequence of lines (:mod:`~perfxl.report.file_lines`): a title and preamble, then
sections (``一、`` …), sub-sections (``（一）`` …) and numbered items (``1、`` / ``1.``). From them
this module picks what the check compares with the workbook: the statements about the whole
report (years, project count and 预算总金额, :mod:`~perfxl.report.statements`), the project
entries of （三）项目概况 with their amounts, and the per-project sub-sections of 二.

Parsing works on an NFKC-folded copy of each line (full-width digits and brackets folded), while
messages quote the line as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

# UnreadableReport and decode_text are re-exported: callers read reports through this module
from perfxl.report.file_lines import UnreadableReport, decode_text, file_lines  # noqa: F401
from perfxl.report.names import parse_cn_number
from perfxl.report.statements import (NUM, Line, Statement, YearMention, counts_in, to_wan,
                                      totals_in, years_in)


@dataclass
class Item:
    number: int
    label: str | None  # "项目效益" in "5、项目效益：…"
    body: str
    line: Line


@dataclass
class Subsection:
    number: int | None
    title: str
    line: Line
    items: list[Item] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # every line under it


@dataclass
class Section:
    number: int | None
    title: str
    line: Line
    subsections: list[Subsection] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # numbered items outside any sub-section
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectEntry:
    number: int | None
    name: str
    amount: Decimal | None  # 万元
    amount_text: str | None  # "预算金额2.07万元"
    amount_word: str | None  # "预算金额" / "预计金额" …
    line: Line


@dataclass
class ReportText:
    name: str  # the file name, used as the findings' sheet
    lines: list[Line]
    preamble: list[Line]
    sections: list[Section]
    years: list[YearMention]
    counts: list[Statement]
    totals: list[Statement]
    overview: Subsection | None  # （三）项目概况
    entries: list[ProjectEntry]
    achievement: Section | None  # 二、绩效目标实现情况
    project_sections: list[Subsection]
    auto_numbered: int = 0  # .docx paragraphs numbered by Word (their numbers are not in the text)


CN = "一二三四五六七八九十"
H1 = re.compile(rf"^\s*([{CN}]{{1,3}})\s*[、.]\s*(.*)$")
H2 = re.compile(rf"^\s*\(\s*([{CN}]{{1,3}})\s*\)\s*[、.,]?\s*(.*)$")
ITEM = re.compile(r"^\s*(?:(\d{1,3})\s*[、.](?!\d)|\(\s*(\d{1,3})\s*\))\s*(.*)$")
AMOUNT = re.compile(rf"(预算金额|预计金额|预算资金|预算数|预算|金额|资金)\s*(?:为|是|:)?\s*{NUM}\s*(万元|万|元)")
BARE_AMOUNT = re.compile(rf"{NUM}\s*(万元|万)")


def read_report(path: Path) -> ReportText:
    """Read a .docx or .txt report. Raises :class:`UnreadableReport` with a Chinese message."""
    raw, auto = file_lines(path)
    doc = parse_lines(Path(path).name, raw)
    doc.auto_numbered = auto
    return doc


def parse_lines(name: str, raw: list[tuple[str, str]]) -> ReportText:
    lines = [Line(i, text, unicodedata.normalize("NFKC", text), where)
             for i, (text, where) in enumerate(raw) if text.strip()]
    preamble, sections = _structure(lines)
    overview = _find_sub(sections, "项目概况")
    achievement = _find_section(sections, "目标实现", 2)
    # a project entry of （三） speaks of that project: its counts and totals (“共3个村”) and
    # years are not statements about the report as a whole
    entry_lines = {id(i.line) for i in overview.items} if overview else set()
    title = {id(ln) for ln in _title_lines(preamble)}
    years = [m for ln in lines
             for m in years_in(ln, in_title=id(ln) in title, in_entry=id(ln) in entry_lines)]
    totals = [s for ln in lines if id(ln) not in entry_lines for s in totals_in(ln)]
    counts = [s for ln in lines if id(ln) not in entry_lines for s in counts_in(ln)]
    return ReportText(
        name=name, lines=lines, preamble=preamble, sections=sections, years=years,
        counts=counts, totals=totals,
        overview=overview, entries=[_entry(i) for i in overview.items] if overview else [],
        achievement=achievement,
        project_sections=list(achievement.subsections) if achievement else [])


def _structure(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    preamble: list[Line] = []
    sections: list[Section] = []
    for ln in lines:
        if m := H1.match(ln.norm):
            sections.append(Section(parse_cn_number(m.group(1)), m.group(2).strip(), ln))
            continue
        if not sections:
            preamble.append(ln)
            continue
        sec = sections[-1]
        sec.lines.append(ln)
        if m := H2.match(ln.norm):
            sec.subsections.append(Subsection(parse_cn_number(m.group(1)),
                                              _clean_title(m.group(2)), ln))
            continue
        if sec.subsections:
            sec.subsections[-1].lines.append(ln)
        if item := _item(ln):
            (sec.subsections[-1].items if sec.subsections else sec.items).append(item)
    return preamble, sections


def _clean_title(s: str) -> str:
    return s.strip().rstrip(":：、 ").strip()


def _item(ln: Line) -> Item | None:
    m = ITEM.match(ln.norm)
    if not m:
        return None
    number = int(m.group(1) or m.group(2))
    body = m.group(3).strip()
    head, sep, _ = body.partition(":")
    label = head.strip() if sep and 0 < len(head.strip()) <= 40 else None
    return Item(number, label, body, ln)


def _find_sub(sections: list[Section], word: str) -> Subsection | None:
    for sec in sections:
        for sub in sec.subsections:
            if word in sub.title:
                return sub
    return None


def _find_section(sections: list[Section], word: str, number: int) -> Section | None:
    return (next((s for s in sections if word in s.title), None)
            or next((s for s in sections if s.number == number), None))


def _entry(item: Item) -> ProjectEntry:
    name = (item.label or item.body.split(":")[0]).strip()
    m = AMOUNT.search(item.body) or BARE_AMOUNT.search(item.body)
    if not m:
        return ProjectEntry(item.number, name, None, None, None, item.line)
    word = m.group(1) if m.re is AMOUNT else None
    number, unit = (m.group(2), m.group(3)) if m.re is AMOUNT else (m.group(1), m.group(2))
    return ProjectEntry(item.number, name, to_wan(number, unit), m.group(0), word, item.line)


def _title_lines(preamble: list[Line]) -> list[Line]:
    """The title: preamble lines before the first sentence (a line with 。 or ending in ：)."""
    out = []
    for ln in preamble:
        if "。" in ln.text or ln.norm.rstrip().endswith(":"):
            break
        out.append(ln)
    return out
