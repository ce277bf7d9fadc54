"""Findings worded from the root-cause verdict: what a rule reports for each of its relations
that disagree (:mod:`perfxl.rules.root_cause` decides, this module only words it).

* the root, when this rule reports it: on the wrong cell, with its 应为 and the checks that agree
  once it is corrected;
* a consequence: a note (提示, no 应为) "因 X 填错而不一致", linked to X by
  :attr:`~perfxl.findings.Finding.consequence_of`;
* undecided: the rule's finding with no 应为, naming the cells one of which is wrong;
* unexplained: the rule's finding with no 应为 (no single correction makes every figure agree).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from perfxl.findings import Finding, Severity
from perfxl.model import Loc
from perfxl.rules.base import Rule
from perfxl.rules.common import num
from perfxl.rules.root_cause import (
    CONSEQUENCE, ROOT, UNDECIDED, UNEXPLAINED, Outcome, Relation, Root,
)

Plain = Callable[[Relation], dict]
"""The keyword arguments of ``rule.finding`` for the plain mismatch of a relation: ``loc``,
``expected``, ``actual``, ``project`` and the message fields."""


def relation_findings(rule: Rule, ctx, plain: Plain) -> Iterator[Finding]:
    """The findings of ``rule`` for its relations that disagree, as the verdict decided."""
    for relation, outcome in ctx.verdict.disagreeing(rule.code):
        finding = word(rule, relation, outcome, plain)
        if finding is not None:
            yield finding


def word(rule: Rule, relation: Relation, outcome: Outcome, plain: Plain) -> Finding | None:
    """One relation's finding, by its outcome (None: nothing to say here)."""
    kind = outcome.kind
    if kind == ROOT:
        return root_finding(rule, relation, outcome.root, plain)
    if kind == CONSEQUENCE:
        return None if outcome.same_cell else consequence_note(rule, relation, outcome, plain)
    if kind in (UNDECIDED, UNEXPLAINED):
        kw = plain(relation)
        base = rule.finding(**{**kw, "expected": None})
        if kind == UNDECIDED:
            cells = "、".join(f"{f.what}（{f.place}）" for f in outcome.cells)
            tail = f"；无法判断是哪一处填错，请核对以下几处：{cells}"
        else:
            tail = "；改正其中任何一处都会使另一处核对不上，请逐项核对"
        return dataclasses.replace(base, message=base.message + tail)
    return None


def root_finding(rule: Rule, relation: Relation, root: Root, plain: Plain) -> Finding:
    """The finding on the wrong cell, with its 应为 and the evidence."""
    fig = root.figure
    others = [r.label for r in root.evidence if r is not relation]
    if fig.key == relation.derived.key:
        kw = plain(relation)
        f = rule.finding(**{**kw, "expected": num(root.meant)})
        tail = f"（改正后，{'；'.join(others)} 也相符）" if others else ""
        return dataclasses.replace(f, message=f.message + tail + recompute(root))
    unit = f" {fig.unit}" if fig.unit else ""
    agree = "；".join(r.label for r in root.evidence)
    message = (f"{fig.what}为 {num(fig.value)}{unit}，应为 {num(root.meant)}{unit}："
               f"改正后，{agree} 均相符{recompute(root)}")
    return rule.finding(fig.val.loc, expected=num(root.meant), actual=num(fig.value),
                        project=relation.project, message=message)


def consequence_note(rule: Rule, relation: Relation, outcome: Outcome, plain: Plain) -> Finding:
    """A note: this check disagrees because of the root's cell (提示, no 应为)."""
    root = outcome.root
    kw = plain(relation)
    base = rule.finding(**{**kw, "expected": None}, severity=Severity.INFO)
    cause = f"因 {root.figure.place}（{root.figure.what}）填错而不一致"
    fix = "，改正该处后请重新计算此处" if outcome.absorbed else "，改正该处后即相符，此处无需修改"
    return dataclasses.replace(base, message=f"{base.message}——{cause}{fix}",
                               consequence_of=root.figure.ref)


def recompute(root: Root) -> str:
    """The totals that followed the wrong cell: to be recomputed once it is corrected."""
    if not root.absorbed:
        return ""
    return "；改正后请重新计算：" + "、".join(r.derived.what for r in root.absorbed)


def mismatch(relation: Relation) -> dict:
    """The plain mismatch of a sum relation for the common message template
    ``{what}为 {got} {unit}，而{basis}为 {want} {unit}（相差 {diff} {unit}）``: its derived cell
    against what the others imply."""
    got, want = relation.derived.value, relation.implied()
    unit = relation.derived.unit
    return dict(loc=loc_of(relation), expected=num(want), actual=num(got),
                project=relation.project, what=relation.derived.what, got=num(got),
                basis=relation.basis, want=num(want), unit=unit, diff=num(got - want))


def loc_of(relation: Relation) -> Loc | None:
    """Where a relation's plain mismatch is reported: its derived cell."""
    return relation.derived.val.loc
