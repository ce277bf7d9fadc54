"""The drafted report as a list of typed paragraphs, before any typesetting.

Every sentence comes from a template phrase filled with figures from :class:`ReportFacts`; the
Word writer only decides how each kind of paragraph looks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from perfxl.findings import Finding
from perfxl.model import Indicator
from perfxl.report.facts import ProjectFacts, ReportFacts
from perfxl.report.names import cn_number
from perfxl.report.template import Template
from perfxl.report.template import placeholders as placeholders_of
from perfxl.rules import load_rules
from perfxl.scoring.types import IndicatorScore
from perfxl.values import fmt_decimal

TITLE, HEADING1, HEADING2, BODY = "title", "heading1", "heading2", "body"
WARNING, SIGNATURE = "warning", "signature"  # the first page's caution; the 落款 lines
QUALITY_PREFIX = "PX4"
PLACEHOLDER = re.compile(r"【(?:待补充|注意)[^】]*】")
"""What a person must fill or heed before the report is handed in: highlighted in the draft and
listed on the terminal (the template's texts for missing facts all start so)."""
UNIT_SLIP = "PX206"  # 元 typed for 万元: a draft would print the slipped amount
MISSING_CATEGORY = "PX401"  # a 一级指标 the framework requires is missing: its points are lost
GRADES = ("优", "良", "中", "差")


@dataclass(frozen=True)
class Block:
    kind: str  # TITLE / HEADING1 / HEADING2 / BODY
    text: str


def build_blocks(facts: ReportFacts, tpl: Template, today: date | None = None,
                 warn_unit_slip: bool = False) -> list[Block]:
    """The report's paragraphs. ``warn_unit_slip``: the workbook has a 元/万元 slip and the user
    asked for a draft anyway — a caution goes under the title."""
    ctx = {"unit": facts.unit, "year": facts.year if facts.year is not None else "",
           "count": facts.count, "total": fmt_decimal(facts.total)}
    blocks = [Block(TITLE, tpl.fill(str(line), "[title] lines", **ctx))
              for line in tpl.section("title").get("lines", [])]
    if warn_unit_slip:
        blocks.append(Block(WARNING, tpl.text("warning", "unit_slip")))
    blocks.append(Block(BODY, tpl.text("intro", "text", **ctx)))
    blocks += _organisation(facts, tpl, ctx)
    blocks += _achievement(facts, tpl, ctx)
    blocks += _quality(facts, tpl)
    blocks += _rectification(facts, tpl)
    blocks += _signature(facts, tpl, today or date.today())
    return blocks


def has_unit_slip(facts: ReportFacts) -> bool:
    """The workbook has a 元/万元 slip that staff have not marked as checked."""
    return any(f.code == UNIT_SLIP and not f.waived for f in facts.findings)


def placeholders(blocks: list[Block]) -> list[tuple[int, str, str]]:
    """(paragraph number as the check counts it, the placeholder, the paragraph's text) for
    everything a person must fill in or heed."""
    written = [b for b in blocks if b.text.strip()]  # the check does not count empty ones
    return [(i, m.group(0), b.text) for i, b in enumerate(written, 1)
            for m in PLACEHOLDER.finditer(b.text)]


def _signature(facts: ReportFacts, tpl: Template, today: date) -> list[Block]:
    """落款: the unit and the date of drafting, under the last paragraph."""
    unit = facts.unit or tpl.text("achievement", "missing_value")
    return [Block(SIGNATURE, tpl.text("signature", "unit", unit=unit)),
            Block(SIGNATURE, tpl.text("signature", "date", year=today.year, month=today.month,
                                      day=today.day))]


# --------------------------------------------------------------------------- 一


def _organisation(facts: ReportFacts, tpl: Template, ctx: dict) -> list[Block]:
    t = lambda key, **kw: tpl.text("organisation", key, **ctx, **kw)  # noqa: E731
    out = [Block(HEADING1, t("heading")),
           Block(HEADING2, t("practice_heading")), Block(BODY, t("practice")),
           Block(HEADING2, t("implementation_heading")), Block(BODY, t("implementation")),
           Block(HEADING2, t("overview_heading")), Block(BODY, t("overview"))]
    for p in facts.projects:
        out.append(Block(BODY, _project_line(p, t)))
    return out


def _project_line(p: ProjectFacts, t) -> str:
    if p.budget is None:
        return t("project_no_budget", seq=p.seq, name=p.name)
    summary = _sentence(p.summary)
    key = "project" if summary else "project_no_summary"
    return t(key, seq=p.seq, name=p.name, budget=fmt_decimal(p.budget), summary=summary)


def _sentence(text: str | None) -> str:
    """Staff text as one clause: line breaks joined, final full stop dropped (the phrase adds it)."""
    if not text:
        return ""
    s = "".join(part.strip() for part in str(text).splitlines())
    return s.rstrip("。.；;，, ")


# --------------------------------------------------------------------------- 二


def _achievement(facts: ReportFacts, tpl: Template, ctx: dict) -> list[Block]:
    t = lambda key, **kw: tpl.text("achievement", key, **kw)  # noqa: E731
    out = [Block(HEADING1, t("heading"))]
    totals = [p.score.total for p in facts.projects if p.score is not None]
    if totals:
        average = _round(sum(totals, Decimal(0)) / len(totals))
        counts = Counter(p.score.grade for p in facts.projects if p.score is not None)
        grades = t("grade_separator").join(
            t("grade_count", grade=g, n=counts[g]) for g in GRADES if counts[g])
        out.append(Block(BODY, t("summary", **ctx, average=fmt_decimal(average), grades=grades)))
    for p in facts.projects:
        out.append(Block(HEADING2, t("project_heading", cn_seq=cn_number(p.seq), name=p.name)))
        out += [Block(BODY, line) for line in _project_items(p, tpl)]
    return out


def _project_items(p: ProjectFacts, tpl: Template) -> list[str]:
    t = lambda key, **kw: tpl.text("achievement", key, **kw)  # noqa: E731
    s = p.score
    lines = []
    if s is not None and s.execution_rate is not None and s.execution_score is not None:
        lines.append(t("execution", n=1, budget=_money(p.budget), executed=_money(p.executed),
                       rate=fmt_decimal(_round(s.execution_rate * 100)),
                       score=fmt_decimal(s.execution_score),
                       weight=fmt_decimal(s.execution_weight)))
    else:
        lines.append(t("execution_unknown", n=1))
    for label, items in _grouped(p, tpl):
        n = len(lines) + 1
        if items:
            details = t("indicator_separator").join(_indicator_text(i, tpl) for i in items)
            lines.append(t("group", n=n, label=label, details=details))
        else:
            lines.append(t("group_empty", n=n, label=label))
    if s is not None:
        lines.append(t("overall", n=len(lines) + 1, total=fmt_decimal(s.total), grade=s.grade))
    return lines


def _grouped(p: ProjectFacts, tpl: Template) -> list[tuple[str, list]]:
    """Indicators into the template's groups; every group is listed, an empty one says so."""
    sec = tpl.section("achievement")
    groups = [(g.get("label", ""), tuple(g.get("match", ()))) for g in sec.get("groups", [])]
    buckets: dict[str, list] = {label: [] for label, _ in groups}
    other_label = sec.get("other_group", {}).get("label", "其他指标")
    other: list = []
    for item in _indicators(p):
        ind = item.indicator if isinstance(item, IndicatorScore) else item
        label = _group_of(ind, groups)
        (buckets[label] if label is not None else other).append(item)
    out = [(label, buckets[label]) for label, _ in groups]
    if other:
        out.append((other_label, other))
    return out


def _group_of(ind: Indicator, groups) -> str | None:
    for text in (ind.level2.value, ind.level1.value):
        for label, words in groups:
            if text and any(w in text for w in words):
                return label
    return None


def _indicators(p: ProjectFacts) -> list:
    """Scored indicators when scoring ran, else the indicators as read."""
    if p.score is not None:
        return list(p.score.indicators)
    return list(p.project.indicators) if p.project else []


def _indicator_text(item, tpl: Template) -> str:
    ind = item.indicator if isinstance(item, IndicatorScore) else item
    missing = tpl.text("achievement", "missing_value")
    weight = item.weight if isinstance(item, IndicatorScore) else ind.weight.value
    score = item.score if isinstance(item, IndicatorScore) else None
    values = dict(name=ind.name.value or missing, target=_measure(ind.target, missing),
                  actual=_measure(ind.actual, missing), weight=_money(weight, missing))
    if score is None:
        return tpl.text("achievement", "indicator_no_score", **values)
    return tpl.text("achievement", "indicator", score=fmt_decimal(score), **values)


def _measure(val, missing: str) -> str:
    if val.value is not None:
        return val.value.text
    if val.raw not in (None, ""):
        return str(val.raw)
    return missing


# --------------------------------------------------------------------------- 三 and 四


def _quality(facts: ReportFacts, tpl: Template) -> list[Block]:
    t = lambda key, **kw: tpl.text("quality", key, **kw)  # noqa: E731
    out = [Block(HEADING1, t("heading"))]
    found = _unique(f for f in facts.findings if f.code.startswith(QUALITY_PREFIX))
    if not found:
        return out + [Block(BODY, t("good"))]
    out.append(Block(BODY, t("issues")))
    wording = tpl.section("quality").get("wording", {})
    by_project: dict[str | None, list[str]] = {}
    for f in found:  # one item per project, in the order the findings came; the report's own
        said = by_project.setdefault(f.project, [])  # words, not the check's instructions
        raw = wording.get(f.code)
        if raw and ({"expected", "actual"} & placeholders_of(raw)) - _known(f):
            raw = None  # the phrase quotes a figure this finding does not carry
        phrase = (tpl.fill(raw, f"[quality.wording] {f.code}", expected=f.expected,
                           actual=f.actual) if raw else _summary_of(f.code))
        if phrase not in said:
            said.append(phrase)
    for n, (project, messages) in enumerate(by_project.items(), 1):
        message = t("message_separator").join(messages)
        line = (t("item", n=n, project=project, message=message) if project
                else t("item_no_project", n=n, message=message))
        out.append(Block(BODY, line))
    return out + [Block(BODY, t("closing"))]


def _unique(findings) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.project, f.code)
        if key not in seen and not f.waived:
            seen.add(key)
            out.append(f)
    return out


def _known(f: Finding) -> set[str]:
    return {name for name in ("expected", "actual") if getattr(f, name) not in (None, "")}


def _summary_of(code: str) -> str:
    """A rule's one-line description, for a code the template has no wording for."""
    rule = load_rules().get(code)
    return rule.summary if rule is not None else code


def _rectification(facts: ReportFacts, tpl: Template) -> list[Block]:
    t = lambda key, **kw: tpl.text("rectification", key, **kw)  # noqa: E731
    out = [Block(HEADING1, t("heading"))]
    shortfalls = list(_shortfalls(facts, t("execution_name")))
    gaps = list(_missing_categories(facts))
    if not shortfalls and not gaps:
        out.append(Block(BODY, t("none")))
        return out + [Block(BODY, t("closing"))]
    out.append(Block(BODY, t("intro")))
    n = 0
    for n, (project, name, score, weight, reason) in enumerate(shortfalls, 1):
        reason = _sentence(reason) or t("no_reason")
        out.append(Block(BODY, t("item", n=n, project=project, name=name,
                                 score=fmt_decimal(score), weight=fmt_decimal(weight),
                                 reason=reason)))
    for k, (project, categories) in enumerate(gaps, n + 1):  # points lost with no indicator
        out.append(Block(BODY, t("missing_category", n=k, project=project,
                                 categories="、".join(categories))))
    return out + [Block(BODY, t("closing"))]


def _missing_categories(facts: ReportFacts) -> list[tuple[str, list[str]]]:
    """(project, 一级指标 it has none of) — points a project lost without any indicator scored
    below its weight, so that 四 never says every indicator got full marks when a total is short."""
    out: dict[str, list[str]] = {}
    for f in facts.findings:
        if f.code == MISSING_CATEGORY and f.project and f.expected and not f.waived:
            said = out.setdefault(f.project, [])
            if f.expected not in said:
                said.append(f.expected)
    return list(out.items())


def _shortfalls(facts: ReportFacts, execution_name: str):
    """(project, indicator, score, weight, 偏差原因) for everything scored below its weight."""
    for p in facts.projects:
        s = p.score
        if s is None:
            continue
        if s.execution_score is not None and s.execution_score < s.execution_weight:
            yield p.name, execution_name, s.execution_score, s.execution_weight, None
        for i in s.indicators:
            if i.score is not None and i.weight is not None and i.score < i.weight:
                yield (p.name, i.indicator.name.value or "", i.score, i.weight,
                       i.indicator.deviation.value)


def _money(d: Decimal | None, missing: str = "—") -> str:
    return fmt_decimal(d) if d is not None else missing


def _round(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
