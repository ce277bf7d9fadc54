"""perfxl/rules/root_cause.py: the vote that decides which cell is wrong, one test per pattern
of issue 18 (on model figures, so each test states only the figures it is about)."""

from __future__ import annotations

from decimal import Decimal as D

from perfxl.model import Loc, Val
from perfxl.rules.root_cause import (
    AGREES, CONSEQUENCE, PRODUCT, RATIO, ROOT, UNDECIDED, Figure, Relation, decide, unit_slip,
)

TOL = D("0.0001")


def fig(value, cell, unit="万元", tol=TOL, sheet="表"):
    return Figure(Val(D(str(value)), Loc(sheet, cell)), f"{sheet}{cell}", unit, tol)


def roots(verdict):
    return [(r.figure.val.loc.cell, r.meant.normalize()) for r in verdict.roots]


def test_a_part_against_a_total_that_agrees_with_two_other_sources():
    total, fiscal, carry = fig("37.5", "D6"), fig("35.7", "D7"), fig("0", "D8")
    listed, declared, other_row = fig("37.5", "E15"), fig("72.5", "C6"), fig("35", "E16")
    rate = Relation("PX505", fig("1", "G7", "", TOL), (fig("37.5", "E7"), fiscal), kind=RATIO)
    parts = Relation("PX204", total, (fiscal, carry))
    copy = Relation("PX203", listed, (total,))
    declared_sum = Relation("PX201", declared, (listed, other_row))
    verdict = decide([parts, copy, declared_sum, rate])
    assert roots(verdict) == [("D7", D("37.5"))]
    assert verdict.outcome(parts).kind == ROOT
    assert verdict.outcome(rate).kind == CONSEQUENCE
    assert verdict.outcome(copy).kind == AGREES


def test_parts_that_tie_are_undecided_and_name_the_cells():
    """No typed rate: 当年财政拨款 or 上年结转资金 could be the wrong one — no 应为."""
    total, fiscal, carry = fig("37.5", "D6"), fig("35.7", "D7"), fig("0", "D8")
    parts = Relation("PX204", total, (fiscal, carry))
    copy = Relation("PX203", fig("37.5", "E15"), (total,))
    verdict = decide([parts, copy])
    assert verdict.roots == []
    outcome = verdict.outcome(parts)
    assert outcome.kind == UNDECIDED
    assert {f.val.loc.cell for f in outcome.cells} == {"D7", "D8"}  # never the total D6


def test_the_one_part_with_money_against_a_total_that_agrees_elsewhere():
    """The same tie, but the 上年结转资金 row carries no money in any column (empty_inputs): the
    form states there is no such source, so the part to correct is 当年财政拨款."""
    total, fiscal, carry = fig("37.5", "C6"), fig("35.7", "C7"), fig("0", "C8")
    parts = Relation("PX204", total, (fiscal, carry), empty_inputs=frozenset({carry.key}))
    copy = Relation("PX203", fig("37.5", "D15"), (total,))
    verdict = decide([parts, copy])
    assert roots(verdict) == [("C7", D("37.5"))]
    assert verdict.outcome(parts).kind == ROOT


def test_no_value_copied_from_a_disputed_figure():
    """A (the 申报表, 190) = B (a plan total, 200), and B = C + D (190 + 0) disagrees too, with B
    bound to its own row: correcting A to 200 would fix one relation, but its value comes from
    B, which another check disputes — undecided, both named, no 应为."""
    a, b, c, d = fig("190", "G5"), fig("200", "I3"), fig("190", "B8"), fig("0", "B7")
    row = fig("200", "B3")
    copy = Relation("PX316", a, (b,), prefer_derived=False)
    classes = Relation("PX315", b, (c, d), prefer_derived=False)
    own_row = Relation("PX314", row, (b,), prefer_derived=False)  # holds: B agrees with its row
    c_total = Relation("PX315", c, (fig("150", "B9"), fig("40", "B10")))  # holds: C is backed
    d_total = Relation("PX315", d, (fig("0", "C7"), fig("0", "D7")))  # holds: D is backed
    verdict = decide([copy, classes, own_row, c_total, d_total])
    assert verdict.roots == []
    outcome = verdict.outcome(copy)
    assert outcome.kind == UNDECIDED and {f.val.loc.cell for f in outcome.cells} == {"G5", "I3"}


def test_a_total_with_nothing_else_against_its_parts_is_the_total():
    """Only the relation itself: the total is computed from the parts (the derived figure)."""
    parts = Relation("PX204", fig("2", "D6"), (fig("1.5", "D7"), fig("0.3", "D8")))
    assert roots(decide([parts])) == [("D6", D("1.8"))]


def test_a_parcel_against_area_times_rate():
    amount, area, rate = fig("168880", "E5", "元", D(1)), fig("186.88", "C5", "亩"), fig("1000", "D5", "元/亩")
    budget = fig("18.688", "D6", sheet="自评表13")
    product = Relation("PX301", amount, (area, rate), kind=PRODUCT)
    parcels = Relation("PX302", budget, (amount,), scale=D("0.0001"))
    listed = Relation("PX203", fig("18.688", "E20"), (budget,))
    verdict = decide([product, parcels, listed])
    assert roots(verdict) == [("E5", D("186880"))]
    assert verdict.outcome(product).kind == ROOT
    assert verdict.outcome(parcels).kind == CONSEQUENCE  # never 16.888 for the budget


def test_a_list_row_against_its_own_form():
    row, form = fig("2.5", "E8", sheet="项目清单"), fig("2", "D6", sheet="自评表01")
    parts = Relation("PX204", form, (fig("2", "D7", sheet="自评表01"),))
    copy = Relation("PX203", row, (form,))
    declared = Relation("PX201", fig("7.0452", "C6", sheet="项目清单"),
                        (row, fig("5.0452", "E9", sheet="项目清单")))
    verdict = decide([copy, parts, declared])
    assert roots(verdict) == [("E8", D("2"))]


def test_a_slip_under_a_sum_that_followed_it_is_on_the_row():
    """20000 typed for 2; the 合计 row is a SUM (20142.9552, agreeing with the slip), 预算总金额
    144.9552 is right: the row is the root, the 合计 is absorbed, 预算总金额 keeps its value."""
    row, other = fig("20000", "E8"), fig("142.9552", "E9")
    declared, summed = fig("144.9552", "C6"), fig("20142.9552", "E23")
    form = fig("2", "D6", sheet="自评表01")
    rels = [Relation("PX201", declared, (row, other)), Relation("PX203", row, (form,)),
            Relation("PX207", summed, (row, other), follows=True),
            Relation("PX204", form, (fig("2", "D7", sheet="自评表01"),))]
    verdict = decide(rels)
    [root] = verdict.roots
    assert (root.figure.val.loc.cell, root.meant, root.slip) == ("E8", D(2), D(2))
    assert [r.code for r in root.absorbed] == ["PX207"]
    assert verdict.outcome(rels[0]).kind == CONSEQUENCE  # 预算总金额: a note, no 应为
    slips = decide(rels, slip_code="PX206")
    assert [r.figure.val.loc.cell for r in slips.reported_by("PX206")] == ["E8"]


def test_never_propose_a_value_that_breaks_an_agreeing_figure():
    """The form total agrees with the list; only its parts disagree, and they tie: nothing
    proposes a new total."""
    total = fig("10", "D6")
    rels = [Relation("PX204", total, (fig("4", "D7"), fig("5", "D8"))),
            Relation("PX203", fig("10", "E8"), (total,))]
    verdict = decide(rels)
    assert all(r.figure.key != total.key for r in verdict.roots)


def test_two_independent_mistakes_each_get_their_root():
    a_amount = fig("75100", "E3", "元", D(1))
    b_amount = fig("3750", "E4", "元", D(1))
    rels = [Relation("PX301", a_amount, (fig("75.01", "C3", "亩"), fig("1000", "D3", "元/亩")),
                     kind=PRODUCT),
            Relation("PX301", b_amount, (fig("37.5", "C4", "亩"), fig("1000", "D4", "元/亩")),
                     kind=PRODUCT),
            Relation("PX302", fig("11.251", "D6", sheet="自评表14"), (a_amount, b_amount),
                     scale=D("0.0001")),
            Relation("PX203", fig("11.251", "E21"), (fig("11.251", "D6", sheet="自评表14"),))]
    assert sorted(roots(decide(rels))) == [("E3", D("75010")), ("E4", D("37500"))]


def test_unit_slip_is_the_one_test_for_a_yuan_wan_slip():
    assert unit_slip(D("20000"), D("2"), "万元", TOL) == D(2)
    assert unit_slip(D("7.501"), D("75010"), "元", D(1)) == D("75010")
    assert unit_slip(D("0.0002"), D("0.0001"), "万元", TOL) is None  # ratio 2, not 10,000
    assert unit_slip(D("37.5"), D("35.7"), "万元", TOL) is None


def test_the_module_examples_hold():
    import doctest

    from perfxl.rules import root_cause, slips

    for module in (root_cause, slips):
        assert doctest.testmod(module).failed == 0
