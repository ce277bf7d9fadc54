"""Check a written report against its workbook: every statement that disagrees is a PX6xx finding.

Findings use the report's file name as ``sheet`` and the line (``第12行``) or paragraph
(``第12段``) as ``cell``, and come back in the order of the text.
"""

from __future__ import annotations

from perfxl.result import WorkbookResult
from perfxl.config import Config
from perfxl.findings import Finding, Severity
from perfxl.model import Loc
from perfxl.report.facts import ProjectFacts, ReportFacts, collect_facts
from perfxl.report.figures import mismatches
from perfxl.report.names import cn_number, match
from perfxl.report.read_text import Item, Line, ReportText
from perfxl.rules import px6_report as R
from perfxl.rules import stamp_all
from perfxl.values import fmt_decimal

END = 10**9  # position of findings about the report as a whole: after every line
# a 年度 other than the evaluation year is fine when the sentence compares it with an earlier
# year, or states plans for a later one; any other sentence is about the evaluation year
PAST_WORDS = ("上年", "上一年", "去年", "往年", "历年", "同比", "相比", "比较", "对比",
              "以前", "结转", "至")
FUTURE_WORDS = ("以后", "下一", "明年", "今后", "计划", "安排", "将", "拟", "至")
BENEFIT = "效益"


def check_report(doc: ReportText, result: WorkbookResult, config: Config | None = None
                 ) -> list[Finding]:
    """All PX6xx findings for ``doc`` against the checked workbook ``result``, in text order."""
    facts = collect_facts(result)
    found: list[tuple[int, Finding]] = []
    for check in (_years, _counts, _totals, _overview, _achievement, _figures, _repeats):
        found += check(doc, facts)
    if config is not None:
        found = [(pos, f) for pos, f in found if config.is_enabled(f.code)]
    found.sort(key=lambda pf: pf[0])
    return stamp_all([f for _, f in found], config)


def _loc(doc: ReportText, line: Line | None) -> Loc:
    return Loc(doc.name, line.where if line else None)


def _quote(line: Line, start: int = 0, length: int | None = None, width: int = 60) -> str:
    """The written text around ``start`` (offsets are in the folded text; folding keeps
    one character per character for CJK text, else the folded text is quoted)."""
    text = line.text if len(line.text) == len(line.norm) else line.norm
    end = len(text) if length is None else start + length
    piece = text[start:end].strip()
    return piece if len(piece) <= width else piece[: width - 1] + "…"


# --------------------------------------------------------------------------- PX601–PX603


def _years(doc: ReportText, facts: ReportFacts):
    if facts.year is None:
        return
    rule = R.ReportYear()
    for m in doc.years:
        if m.year == facts.year or m.kind == "日期":
            continue
        if m.scope:
            severity = Severity.ERROR
        elif m.kind == "年度" and not any(
                w in m.sentence for w in (FUTURE_WORDS if m.year > facts.year else PAST_WORDS)):
            severity = Severity.WARNING
        else:
            continue
        sent_start = m.line.norm.find(m.sentence)
        quote = _quote(m.line, sent_start, len(m.sentence))
        yield m.line.index, rule.finding(_loc(doc, m.line), expected=facts.year, actual=m.year,
                                         severity=severity, text=m.text, year=facts.year,
                                         quote=quote)


def _counts(doc: ReportText, facts: ReportFacts):
    rule = R.ReportProjectCount()
    for s in doc.counts:
        if s.value != facts.count:
            yield s.line.index, rule.finding(_loc(doc, s.line), expected=facts.count,
                                             actual=s.value, text=s.text, count=facts.count,
                                             quote=_quote(s.line))


def _totals(doc: ReportText, facts: ReportFacts):
    rule = R.ReportTotal()
    total = facts.total
    for s in doc.totals:
        if s.value != total:
            yield s.line.index, rule.finding(_loc(doc, s.line), expected=fmt_decimal(total),
                                             actual=fmt_decimal(s.value), text=s.text,
                                             total=fmt_decimal(total), quote=_quote(s.line))


# --------------------------------------------------------------------------- （三）项目概况


def _overview(doc: ReportText, facts: ReportFacts):
    if doc.overview is None:
        yield from _missing_part(doc, facts, "项目概况", None)
        return
    paired = _pair([e.name for e in doc.entries], facts)
    for i, entry in enumerate(doc.entries):
        project = facts.projects[paired[i]] if i in paired else None
        if project is None:
            yield entry.line.index, R.ReportProjectUnknown().finding(
                _loc(doc, entry.line), actual=entry.name, name=entry.name,
                quote=_quote(entry.line))
            continue
        if entry.amount is not None and project.budget is not None \
                and entry.amount != project.budget:
            yield entry.line.index, R.ReportProjectAmount().finding(
                _loc(doc, entry.line), expected=fmt_decimal(project.budget),
                actual=fmt_decimal(entry.amount), project=project.name, name=entry.name,
                text=entry.amount_text, budget=fmt_decimal(project.budget),
                quote=_quote(entry.line))
        if entry.amount_word and entry.amount_word.startswith("预计"):
            yield entry.line.index, R.ReportEstimateWording().finding(
                _loc(doc, entry.line), expected="预算金额", actual=entry.amount_word,
                project=project.name, name=entry.name, word=entry.amount_word,
                quote=_quote(entry.line))
    yield from _missing(doc, facts, set(paired.values()), "项目概况", doc.overview.line)


def _pair(names: list[str], facts: ReportFacts) -> dict[int, int]:
    return match(names, [p.names or [p.name] for p in facts.projects], facts.places)


def _missing(doc, facts: ReportFacts, found: set[int], part: str, line: Line | None):
    rule = R.ReportProjectMissing()
    for j, p in enumerate(facts.projects):
        if j not in found:
            yield (line.index if line else END), rule.finding(
                _loc(doc, line), expected=p.name, project=p.name, name=p.name, part=part)


def _missing_part(doc, facts: ReportFacts, part: str, line: Line | None):
    """The report has no such part at all: one finding, not one per project."""
    if not facts.projects:
        return
    names = "、".join(p.name for p in facts.projects[:3]) + ("等" if facts.count > 3 else "")
    yield END, R.ReportProjectMissing().finding(
        _loc(doc, line), expected=f"{facts.count}个项目", actual="无",
        message=f"报告中找不到“{part}”部分，工作簿中的{facts.count}个项目（{names}）都没有写到"
                + _numbering_hint(doc))


def _numbering_hint(doc: ReportText) -> str:
    if not doc.auto_numbered:
        return ""
    return (f"（报告中有{doc.auto_numbered}段使用了 Word 自动编号，perfxl 读不到自动编号的“一、”“（三）”"
            "等序号；请把编号转为普通文字后再检查）")


# --------------------------------------------------------------------------- 二


def _achievement(doc: ReportText, facts: ReportFacts):
    if doc.achievement is None:
        yield from _missing_part(doc, facts, "绩效目标实现情况", None)
        return
    subs = doc.project_sections
    paired = _pair([s.title for s in subs], facts)
    for i, sub in enumerate(subs):
        project = facts.projects[paired[i]] if i in paired else None
        if project is None:
            yield sub.line.index, R.ReportProjectUnknown().finding(
                _loc(doc, sub.line), actual=sub.title, name=sub.title, quote=_quote(sub.line))
        if not _mentions_benefit(sub.items, sub.lines):
            yield sub.line.index, R.ReportNoBenefit().finding(
                _loc(doc, sub.line), project=project.name if project else None,
                title=sub.title, detail=_benefit_detail(project))
    yield from _missing(doc, facts, set(paired.values()), doc.achievement.title,
                        doc.achievement.line)


def _mentions_benefit(items: list[Item], lines: list[Line]) -> bool:
    if items:
        return any(BENEFIT in (i.label or i.body[:12]) for i in items)
    return any(BENEFIT in ln.norm for ln in lines)


def _benefit_detail(project: ProjectFacts | None) -> str:
    """What the workbook holds for this project's 效益, so the fix is clear."""
    if project is None or project.project is None:
        return ""
    names = [i.name.value for i in project.project.indicators
             if BENEFIT in (i.level1.value or "") + (i.level2.value or "") and i.name.value]
    if names:
        return f"（自评表中有效益指标：{'、'.join(names)}）"
    return "（自评表中也没有效益指标）"


# --------------------------------------------------------------------------- PX610


def _figures(doc: ReportText, facts: ReportFacts):
    rule = R.ReportFigure()
    paired = _pair([s.title for s in doc.project_sections], facts)
    for m in mismatches(doc, facts, paired):
        where = f"“{m.project}”一节中" if m.project else ""
        yield m.line.index, rule.finding(
            _loc(doc, m.line), expected=m.expected, actual=m.written, project=m.project,
            where=where, what=m.what, written=m.written, figure=m.expected, quote=_quote(m.line))


# --------------------------------------------------------------------------- PX607


def _repeats(doc: ReportText, facts: ReportFacts):
    rule = R.ReportRepeatedItem()
    subs = doc.project_sections
    paired = _pair([s.title for s in subs], facts)
    project_of = {id(sub): facts.projects[paired[i]].name for i, sub in enumerate(subs)
                  if i in paired}
    for sec in doc.sections:
        yield from _repeated(doc, rule, sec.items, f"{_cn(sec.number)}、{sec.title}")
        for sub in sec.subsections:
            yield from _repeated(doc, rule, sub.items, f"（{_cn(sub.number)}）{sub.title}",
                                 project_of.get(id(sub)))
        subs = [Item(s.number, None, s.title, s.line) for s in sec.subsections
                if s.number is not None]
        yield from _repeated(doc, rule, subs, f"{_cn(sec.number)}、{sec.title}")


def _repeated(doc, rule, items: list[Item], part: str, project: str | None = None):
    numbers: set[int] = set()
    bodies: set[str] = set()
    for item in items:
        body = "".join(item.body.split()).rstrip("。.")
        if item.number in numbers or body in bodies:
            yield item.line.index, rule.finding(_loc(doc, item.line), part=part, project=project,
                                                number=item.number, quote=_quote(item.line))
        numbers.add(item.number)
        bodies.add(body)


def _cn(n: int | None) -> str:
    return cn_number(n) if n else ""

