"""Which cell is wrong: one decision for every check that relates figures to each other.

Several checks look at the same typed cells (a 项目清单 amount against its 自评表, the 预算总金额
against the list, a 自评表 total against its fund sources and against its land parcels, a parcel's
金额 against 面积 × 单价 …). When one cell is mistyped, every check it takes part in disagrees. This
module decides from all of them together which cell is the wrong one — the *root* — so that the
finding with an 应为 lands there and the other disagreements are reported as its consequences.

The vocabulary:

* a :class:`Figure` is one typed cell taking part in the checks (its value, what it is, its unit;
  :mod:`perfxl.rules.figures` holds this vocabulary);
* a :class:`Relation` is one check between figures, as an equation: ``derived = scale × Σ inputs``
  (a total and its parts; an equality is a sum of one), ``derived = Π inputs`` (金额 = 面积 × 单价)
  or ``derived = inputs[0] ÷ inputs[1]`` (a typed 执行率). ``derived`` is the figure the
  relation computes — a total, a product, a rate, a summary copied from its source;
* :func:`decide` votes: every figure of a disagreeing relation is a *candidate*, with the value
  that relation needs it to have. A candidate is admissible when setting it breaks no relation
  that holds now (breaking a relation whose derived figure merely follows its inputs — a
  合计 row, a typed 执行率 — and takes part in nothing else is no evidence: it followed the
  wrong cell — it is *absorbed* and becomes a consequence). The admissible candidate that makes the most disagreeing relations agree is the
  root. Ties are settled only by evidence: a correction that is exactly a 元/万元 slip, else the
  derived figure of the one relation concerned (a total against its typed parts, a list amount
  against its own 自评表), else the one part of a sum that carries money when the other parts'
  rows carry none in any column (``empty_inputs``: 上年结转资金 0 / 0 / 0 states there is no
  such source); otherwise the cells are *undecided* — named, with no 应为.
  The vote repeats with the root corrected, so independent mistakes each get their root. A root
  whose every fixed relation leans on a figure another check leaves in dispute (undecided or
  unexplained) is no root: its 应为 would be copied from that figure — named, no 应为.

The result is a :class:`Verdict`: for each relation, an :class:`Outcome` (it agrees; it is the
root's own report; it is a consequence of a root; it is undecided between cells; or no single
correction explains it). Rules ask the verdict about their relations and word the findings; no
rule decides alone. Other families (the 申报表, the 支出明细/支出计划 estimate) add relations of
their own figures and ask the same verdict.

>>> from perfxl.model import Loc, Val
>>> def fig(value, cell, what):
...     return Figure(Val(Decimal(value), Loc("表", cell)), what, "万元", Decimal("0.0001"))
>>> total, fiscal, other = fig("37.5", "D6", "年度资金总额"), fig("35.7", "D7", "当年财政拨款"), fig("0", "D9", "其他资金")
>>> listed = fig("37.5", "E15", "项目清单的全年预算数")
>>> parts = Relation("PX204", total, (fiscal, other), label="年度资金总额 = 各来源之和")
>>> copy = Relation("PX203", listed, (total,), label="项目清单 = 自评表")
>>> rate = Relation("PX505", Figure(Val(Decimal(1), Loc("表", "G7")), "执行率", "", Decimal("0.0001")),
...                 (Figure(Val(Decimal("37.5"), Loc("表", "E7")), "执行数", "万元", Decimal("0.0001")), fiscal),
...                 kind=RATIO)
>>> verdict = decide([parts, copy, rate])
>>> [(r.figure.val.loc.cell, str(r.value)) for r in verdict.roots]
[('D7', '37.5')]
>>> verdict.outcome(parts).kind, verdict.outcome(rate).kind, verdict.outcome(copy).kind
('root', 'consequence', 'agrees')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from perfxl.model import Loc, Val
from perfxl.rules.figures import (  # noqa: F401  (the vocabulary, importable from here as before)
    PRODUCT, RATIO, SUM, Figure, Relation, Values, figure_key,
)
from perfxl.rules.slips import unit_slip

# A correction must be a figure someone could have typed: at most this many decimal places.
TYPED_PLACES = 6


# --------------------------------------------------------------------------- the verdict


@dataclass(frozen=True, eq=False)
class Root:
    """The cell decided to be wrong, the value it should have, and the evidence."""

    figure: Figure
    value: Decimal  # the value that makes ``fixed`` agree
    fixed: tuple[Relation, ...]  # disagreeing relations that agree once it is corrected
    absorbed: tuple[Relation, ...]  # totals that followed the wrong cell: recompute them
    slip: Decimal | None  # the amount meant, when the mistake is a 元/万元 slip

    @property
    def meant(self) -> Decimal:
        """The 应为: the slipped figure converted, else the value the relations need."""
        return self.slip if self.slip is not None else self.value

    @property
    def evidence(self) -> tuple[Relation, ...]:
        """The relations that agree once corrected, most direct first (an equality, then a
        product, then sums of many)."""
        return tuple(sorted(self.fixed, key=lambda r: len(r.figures)))


AGREES, ROOT, CONSEQUENCE, UNDECIDED, UNEXPLAINED = (
    "agrees", "root", "consequence", "undecided", "unexplained")


@dataclass(frozen=True)
class Outcome:
    """What the verdict says about one relation.

    * ``agrees`` — nothing to report;
    * ``root`` — this relation's rule reports ``root`` (on the root's cell, with its 应为);
    * ``consequence`` — it disagrees because of ``root`` (reported by another finding):
      a note "因 X 而不一致", no 应为; ``absorbed`` when it is a total that followed the wrong
      cell (it agrees now, and must be recomputed once the root is corrected);
    * ``undecided`` — the evidence cannot tell which of ``cells`` is wrong: name them, no 应为;
    * ``unexplained`` — no single correction makes it agree without breaking another figure.
    """

    kind: str
    root: Root | None = None
    cells: tuple[Figure, ...] = ()
    absorbed: bool = False
    same_cell: bool = False  # the root is this relation's own derived cell, reported elsewhere


@dataclass(eq=False)
class Verdict:
    """The decision over all relations of one workbook (see :func:`decide`)."""

    relations: list[Relation]
    roots: list[Root]
    reporter: dict[int, str]  # id(root) → the code that reports it
    _outcomes: dict[int, Outcome]
    _disagreeing: list[Relation]  # the relations that disagree as typed, in order

    def outcome(self, relation: Relation) -> Outcome:
        return self._outcomes.get(id(relation), Outcome(AGREES))

    def disagreeing(self, code: str) -> list[tuple[Relation, Outcome]]:
        """The relations of ``code`` that disagree as typed, with their outcome, in order."""
        return [(r, self.outcome(r)) for r in self._disagreeing if r.code == code]

    def reported_by(self, code: str) -> list[Root]:
        """The roots the rule ``code`` reports (PX206: the slips)."""
        return [r for r in self.roots if self.reporter.get(id(r)) == code]

    def corrected(self, val: Val) -> Decimal | None:
        """The value of a typed cell once the reported roots are corrected: the root's value
        when the cell is one, else as typed (a check outside the vote, such as PX205, asks this
        so that it does not word a wrong cell's consequence with an 应为 of its own)."""
        for root in self.roots:
            if id(root) in self.reporter and val.loc is not None and root.figure.key == val.loc:
                return root.value
        return val.value

    def find(self, code: str, loc: Loc | None) -> tuple[Relation, Outcome] | None:
        """The relation of ``code`` whose derived figure is at ``loc``, with its outcome."""
        for r in self.relations:
            if r.code == code and r.derived.val.loc == loc:
                return r, self.outcome(r)
        return None


@dataclass(eq=False)
class _Candidate:
    figure: Figure
    value: Decimal
    fixed: list[Relation]
    absorbed: list[Relation]
    slip: Decimal | None


def decide(relations: Iterable[Relation], enabled: Callable[[str], bool] = lambda code: True,
           slip_code: str | None = None) -> Verdict:
    """Vote over ``relations`` (see the module doc). ``enabled`` says which rules run: a root
    is reported by an enabled rule; a 元/万元 slip by ``slip_code`` when that rule is on."""
    relations = list(relations)
    disagreeing = [r for r in relations if not r.holds()]
    outcomes: dict[int, Outcome] = {}
    roots: list[Root] = []
    if not disagreeing:  # the usual case: every figure agrees
        return Verdict(relations, roots, {}, outcomes, disagreeing)
    by_figure: dict[object, list[Relation]] = {}
    for r in relations:
        for f in r.figures:
            by_figure.setdefault(f.key, []).append(r)
    for r in disagreeing:
        if not r.complete:  # a part not read: no value can be worked out from it
            outcomes[id(r)] = Outcome(UNDECIDED, cells=r.figures)
    values: dict[object, Decimal] = {}
    while True:
        # a correction never breaks a relation that agrees (unless it is absorbed, and then it
        # has its outcome): only relations that disagree as typed can still be pending
        pending = [r for r in disagreeing if id(r) not in outcomes and not r.holds(values)]
        if not pending:
            break
        scored = _candidates(pending, by_figure, values, outcomes)
        if not scored:
            for r in pending:
                outcomes[id(r)] = Outcome(UNEXPLAINED)
            break
        best = max(len(c.fixed) for c in scored)
        top = [c for c in scored if len(c.fixed) == best]
        chosen = [c for c in top if not any(o is not c and _overlap(o, c) for o in top)]
        if not chosen:
            group = [c for c in top if _overlap(c, top[0])]
            pick = _tie_break(group)
            if pick is None:
                cells = _unique_figures(group)
                for r in _unique_relations(c for g in group for c in g.fixed):
                    outcomes[id(r)] = Outcome(UNDECIDED, cells=cells)
                continue
            chosen = [pick]
        taken: set = set()
        for c in chosen:
            if c.figure.key in taken:
                continue
            taken.add(c.figure.key)
            root = Root(c.figure, c.value, tuple(c.fixed), tuple(c.absorbed), c.slip)
            roots.append(root)
            values[c.figure.key] = c.value
            for r in c.fixed:
                outcomes[id(r)] = Outcome(CONSEQUENCE, root)
            for r in c.absorbed:
                outcomes[id(r)] = Outcome(CONSEQUENCE, root, absorbed=True)
    roots = _drop_unsupported(roots, disagreeing, outcomes)
    reporter = _assign_reporters(roots, outcomes, enabled, slip_code)
    return Verdict(relations, roots, reporter, outcomes, disagreeing)


def _drop_unsupported(roots: list[Root], disagreeing: list[Relation],
                      outcomes: dict[int, Outcome]) -> list[Root]:
    """Keep a root (other than a 元/万元 slip, its own evidence) only when one relation it fixes
    rests on figures nothing disputes: when each relation it fixes shares a figure with a
    relation left undecided or unexplained, its 应为 would be copied from a disputed figure
    (a 申报表 total against a plan row that disagrees with the 明细 and the 细化经济分类 alike),
    so its relations are undecided instead — the cells named, no 应为."""
    while True:
        unsettled = [r for r in disagreeing if id(r) in outcomes
                     and outcomes[id(r)].kind in (UNDECIDED, UNEXPLAINED)]
        disputed = {f.key for r in unsettled for f in r.figures}
        drop = [root for root in roots if root.slip is None and all(
            any(f.key in disputed for f in r.figures if f.key != root.figure.key)
            for r in root.fixed)]
        if not drop:
            return roots
        for root in drop:
            for r in root.fixed:
                outcomes[id(r)] = Outcome(UNDECIDED, cells=r.figures)
            for r in root.absorbed:
                outcomes.pop(id(r), None)  # it agrees as typed
        roots = [root for root in roots if root not in drop]


def _candidates(pending: list[Relation], by_figure: dict, values: dict,
                outcomes: dict[int, Outcome]) -> list[_Candidate]:
    """Every admissible correction of a figure of a disagreeing relation, with what it fixes."""
    pending_ids = {id(r) for r in pending}
    seen: set = set()
    out: list[_Candidate] = []
    for rel in pending:
        for f in rel.figures:
            if f.val.loc is None:
                continue
            v = rel.solve(f, values)
            if v is None or not _typeable(v) or (f.key, v) in seen:
                continue
            seen.add((f.key, v))
            trial = {**values, f.key: v}
            fixed, absorbed, admissible = [], [], True
            for r in by_figure[f.key]:
                if id(r) in pending_ids:
                    if r.holds(trial):
                        fixed.append(r)
                elif r.holds(values) and not r.holds(trial):  # it would break
                    # a relation a root made agree is never undone; a lone total is absorbed
                    if id(r) not in outcomes and _lone_derived(r, f, by_figure):
                        absorbed.append(r)
                    else:
                        admissible = False
                        break
            if admissible and fixed:
                out.append(_Candidate(f, v, fixed, absorbed, _slip_of(f, v)))
    return out


def _lone_derived(relation: Relation, changed: Figure, by_figure: dict) -> bool:
    """The relation's derived figure follows its inputs and takes part in nothing else:
    breaking it says nothing against ``changed`` (it followed the wrong cell; recompute it)."""
    d = relation.derived
    return relation.follows and d.key != changed.key and len(by_figure[d.key]) == 1


def _slip_of(figure: Figure, value: Decimal) -> Decimal | None:
    return unit_slip(figure.value, value, figure.unit, figure.tolerance)


def _typeable(v: Decimal) -> bool:
    """A value someone could have typed: finite, at most :data:`TYPED_PLACES` decimals."""
    if not v.is_finite():
        return False
    exponent = v.normalize().as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -TYPED_PLACES


def _overlap(a: _Candidate, b: _Candidate) -> bool:
    ids = {id(r) for r in a.fixed}
    return any(id(r) in ids for r in b.fixed)


def _tie_break(group: list[_Candidate]) -> _Candidate | None:
    """Evidence that settles a tie: exactly one correction is a 元/万元 slip; else all fix the
    same one relation and its derived figure is among them (a total against its parts); else
    the total is not among them (it agrees elsewhere) and exactly one part is of a row that
    carries money (the others' rows carry none in any column)."""
    slips = [c for c in group if c.slip is not None]
    if len(slips) == 1:
        return slips[0]
    if slips:
        return None
    fixed = _unique_relations(r for c in group for r in c.fixed)
    if len(fixed) != 1:
        return None
    relation = fixed[0]
    derived = [c for c in group if c.figure.key == relation.derived.key]
    if relation.prefer_derived and len(derived) == 1:
        return derived[0]
    with_money = [c for c in group if c.figure.key not in relation.empty_inputs]
    if not derived and len(with_money) == 1 and len(group) > 1:
        return with_money[0]
    return None


def _unique_relations(relations: Iterable[Relation]) -> list[Relation]:
    out: dict[int, Relation] = {}
    for r in relations:
        out.setdefault(id(r), r)
    return list(out.values())


def _unique_figures(group: list[_Candidate]) -> tuple[Figure, ...]:
    out: dict[object, Figure] = {}
    for c in group:
        out.setdefault(c.figure.key, c.figure)
    return tuple(out.values())


def _assign_reporters(roots: list[Root], outcomes: dict[int, Outcome],
                      enabled: Callable[[str], bool], slip_code: str | None) -> dict[int, str]:
    """Which rule reports each root: the slip rule for a 元/万元 slip (when on), else the
    relation on the root's own cell, else the first enabled relation it fixes. That relation's
    outcome becomes ``root``; a relation on the root's cell reported by another rule is marked
    ``same_cell`` (no note: the cell already has its finding)."""
    reporter: dict[int, str] = {}
    for root in roots:
        key = root.figure.key
        primary: Relation | None = None
        if root.slip is not None and slip_code is not None and enabled(slip_code):
            reporter[id(root)] = slip_code
        else:
            candidates = [r for r in root.fixed if enabled(r.code)]
            own = [r for r in candidates if r.derived.key == key]
            primary = (own or candidates or [None])[0]
            if primary is not None:
                reporter[id(root)] = primary.code
                outcomes[id(primary)] = Outcome(ROOT, root)
        for r in root.fixed:
            if r is not primary and r.derived.key == key:
                outcomes[id(r)] = Outcome(CONSEQUENCE, root, same_cell=True)
    return reporter
