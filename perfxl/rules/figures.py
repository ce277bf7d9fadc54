"""The vocabulary of the root-cause vote (:mod:`perfxl.rules.root_cause`): a :class:`Figure` is
one typed cell taking part in the checks, a :class:`Relation` one check between figures, as an
equation (a sum, a product, a ratio) that can say what a figure must be for it to hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from perfxl.model import Loc, Val

SUM, PRODUCT, RATIO = "sum", "product", "ratio"


@dataclass(eq=False)
class Figure:
    """One typed cell taking part in the checks. Two figures are the same cell when their
    :attr:`key` is the same (the vote compares keys, never figures); a plain record, as a
    workbook makes hundreds of them for every check."""

    val: Val
    what: str  # what the cell holds, in Chinese: "项目清单第8行“涞源镇防火经费”的全年预算数"
    unit: str  # "万元", "元", "亩", "元/亩", "" (a rate as a fraction)
    tolerance: Decimal  # figures closer than this in ``unit`` agree

    @property
    def key(self) -> Loc | int:
        """What makes two figures the same cell."""
        return figure_key(self.val)

    @property
    def value(self) -> Decimal:
        return self.val.value

    @property
    def place(self) -> str:
        """Where it is, for messages: ``自评表08 D7``."""
        loc = self.val.loc
        return f"{loc.sheet} {loc.cell}" if loc is not None else self.what

    @property
    def ref(self) -> str | None:
        """The cell as a reference, ``自评表08!D7`` (:attr:`Finding.consequence_of`)."""
        loc = self.val.loc
        return f"{loc.sheet}!{loc.cell}" if loc is not None else None


def figure_key(val: Val) -> Loc | int:
    """What makes two figures the same cell: its place, else (read without one) the value."""
    return val.loc if val.loc is not None else id(val)


Values = Mapping[object, Decimal]  # figure key → a corrected value


@dataclass(eq=False)
class Relation:
    """One check between figures: ``derived`` against what ``inputs`` make it (see module doc).

    ``code`` is the rule that reports it; ``label`` says the relation in Chinese
    ("项目清单第8行的全年预算数 = 自评表01的全年预算数"); ``basis`` and ``context`` carry what the
    rule's message needs. ``prefer_derived``: in a tie the derived figure is the one to correct
    (a total against its parts, a copy against its source). ``solve_inputs``: whether an input
    can be worked out from the relation (not from a rounded typed rate). ``follows``: the
    derived figure is worked out from the inputs rather than typed from a source of its own (a
    合计/小计 row, often a formula; the 预算总金额 added up from the list; a typed 执行率) — when it takes part in nothing else, it may
    disagree after a correction of an input: it followed the wrong cell and is recomputed.
    ``empty_inputs``: the keys of inputs whose row carries no money in any column (a source
    the form states it does not have): in a tie between parts, not the one to correct.
    ``complete``: False when a part could not be read (a money row with a label the table does
    not know): the relation then proposes no value — when it disagrees, its cells are named.
    """

    code: str
    derived: Figure
    inputs: tuple[Figure, ...]
    kind: str = SUM
    scale: Decimal = Decimal(1)
    label: str = ""
    basis: str = ""
    project: str | None = None
    context: dict = field(default_factory=dict)
    prefer_derived: bool = True
    solve_inputs: bool = True
    follows: bool = False
    empty_inputs: frozenset = frozenset()
    complete: bool = True

    @property
    def figures(self) -> tuple[Figure, ...]:
        return (self.derived, *self.inputs)

    @property
    def tolerance(self) -> Decimal:
        return self.derived.tolerance

    def implied(self, values: Values = {}) -> Decimal | None:
        """What ``derived`` must be, from the inputs (with ``values`` corrected); None when it
        cannot be known (a rate of a zero budget)."""
        xs = [_value(f, values) for f in self.inputs]
        if self.kind == SUM:
            return self.scale * sum(xs, Decimal(0))
        if self.kind == PRODUCT:
            out = Decimal(1)
            for x in xs:
                out *= x
            return out
        executed, budget = xs
        return executed / budget if budget > 0 else None

    def holds(self, values: Values = {}) -> bool:
        want = self.implied(values)
        return want is None or abs(_value(self.derived, values) - want) < self.tolerance

    def solve(self, figure: Figure, values: Values = {}) -> Decimal | None:
        """The value ``figure`` needs for the relation to hold, the others as they are."""
        if figure.key == self.derived.key:
            return self.implied(values)
        if not self.solve_inputs or self.kind == RATIO:
            return None
        others = [_value(f, values) for f in self.inputs if f.key != figure.key]
        d = _value(self.derived, values)
        try:
            if self.kind == SUM:
                return d / self.scale - sum(others, Decimal(0))
            rest = Decimal(1)
            for x in others:
                rest *= x
            return d / rest if rest else None
        except (InvalidOperation, ZeroDivisionError):
            return None


def _value(figure: Figure, values: Values) -> Decimal:
    """The figure's value, corrected when ``values`` corrects it."""
    return values.get(figure.key, figure.val.value) if values else figure.val.value
