"""Fuzzing whole workbooks (issue 7, part 5).

Hypothesis draws unit workbooks — random projects, fund splits, indicator counts, land parcels,
figures with up to 4 decimals — written by the standard writer, then moved around within the
spec's tolerances (rows/columns inserted above/left, labels spaced, half-width, with colons or
line breaks, amounts typed as text). Invariants:

- reading and checking never raises and never gives a file-level error;
- a workbook built consistent has no PX1xx/PX2xx/PX3xx error and every project scores 100;
- a planted mismatch (total off by 0.01 万元, a parcel off by 1 元, a list amount off by 1 元,
  a fund row off by 0.01, the count off by one) is always found, at the planted place.
"""

from __future__ import annotations

import dataclasses
import os
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.helpers.hostile.build import RESPELLINGS, Plan, consistent_spec, field_labels, land_budget, relayout
from perfxl.api import check_file
from perfxl.config import Config
from perfxl.findings import Severity
from perfxl.write.template import write_workbook

EXAMPLES = int(os.environ.get("PERFXL_FUZZ_EXAMPLES", "30"))
"""Examples per fuzz test: 30 in CI; set e.g. 500 locally."""
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

NAME_CHARS = "镇村乡道路防火防汛环境治理卫生服务土地流转公园租赁信访党建水利"

# From 1 元 (the money tolerance): amounts that small once passed for 元/万元 slips.
amount = st.integers(min_value=1, max_value=99_999_999).map(lambda n: D(n) / 10000)  # 万元
area = st.integers(min_value=1, max_value=999_999).map(lambda n: D(n) / 1000)  # 亩, ≥ 1 元


@st.composite
def plan(draw, index: int) -> Plan:
    stem = draw(st.text(NAME_CHARS, min_size=2, max_size=12))
    name = f"{stem}项目{index:03d}"  # unique, and never a near-duplicate of another name
    counts = draw(st.tuples(*[st.integers(1, 3)] * 3))
    if draw(st.booleans()):
        areas = draw(st.lists(area, min_size=1, max_size=3))
        return Plan(name, land_budget(areas), indicators_per_category=counts,
                    parcel_areas=areas)
    budget = draw(amount)
    units = int(budget * 10000)  # the budget in 元: split it into fiscal / carryover / other
    carry = D(draw(st.integers(0, units))) / 10000
    other = D(draw(st.integers(0, units - int(carry * 10000)))) / 10000
    return Plan(name, budget, carryover=carry, other=other, indicators_per_category=counts)


@st.composite
def plans(draw) -> list[Plan]:
    n = draw(st.integers(1, 5))
    return [draw(plan(i)) for i in range(1, n + 1)]


@st.composite
def layouts(draw) -> dict:
    labels = sorted(field_labels())
    return {
        "rows": draw(st.integers(0, 3)),
        "cols": draw(st.integers(0, 2)),
        "respellings": draw(st.dictionaries(st.sampled_from(labels), st.sampled_from(RESPELLINGS),
                                            max_size=8)),
        "numbers_as_text": draw(st.sampled_from([False, "ascii", "fullwidth"])),
    }


FULLWIDTH_DIGITS = str.maketrans("0123456789.", "０１２３４５６７８９．")


def as_text(value, how):
    """An amount typed as text: ``"646.3344"`` or ``"６４６．３３４４"``."""
    text = str(value)
    return text.translate(FULLWIDTH_DIGITS) if how == "fullwidth" else text


def build(tmp_path, the_plans, layout, plant=None):
    spec = consistent_spec(the_plans)
    if plant is not None:
        plant(spec)
    how = layout["numbers_as_text"]
    if how:  # amounts typed as text in the list and on the forms (read; PX104 warnings)
        rows = spec.unit.rows
        spec.unit.total_values = tuple(
            as_text(sum((getattr(r, k) for r in rows), D("0")), how)
            for k in ("initial_budget", "budget", "executed"))
        for row in rows:
            row.initial_budget, row.budget, row.executed = (
                as_text(v, how) for v in (row.initial_budget, row.budget, row.executed))
        for project in spec.projects:
            for key, f in project.funds.items():
                project.funds[key] = dataclasses.replace(
                    f, initial_budget=as_text(f.initial_budget, how),
                    budget=as_text(f.budget, how), executed=as_text(f.executed, how))
    path = tmp_path / "工作簿.xlsx"
    write_workbook(path, spec)
    if layout["rows"] or layout["cols"] or layout["respellings"]:
        relayout(path, rows=layout["rows"], cols=layout["cols"],
                 respellings=layout["respellings"])
    return check_file(path, Config())


def _errors(result, prefixes=("PX1", "PX2", "PX3")) -> list:
    return [f for f in result.findings
            if f.severity == Severity.ERROR and f.code.startswith(prefixes)]


@FUZZ
@given(the_plans=plans(), layout=layouts())
def test_a_consistent_workbook_checks_clean_in_any_tolerated_layout(tmp_path_factory, the_plans,
                                                                     layout):
    result = build(tmp_path_factory.mktemp("fz"), the_plans, layout)
    assert result.error is None, result.error
    assert _errors(result) == [], [(f.code, f.sheet, f.cell, f.message) for f in _errors(result)]
    assert len(result.scores) == len(the_plans)
    for score in result.scores:
        assert score.total == D("100"), (score.project.name, score.total)


# --------------------------------------------------------------------------- planted mismatches


def _total_off(spec) -> tuple[str, str]:
    spec.unit.declared_total = D(str(spec.unit.declared_total)) + D("0.01")
    return "PX201", "项目清单"


def _count_off(spec):
    spec.unit.declared_count += 1
    return "PX202", "项目清单"


def _list_amount_off(spec):
    row = spec.unit.rows[-1]
    row.budget = D(str(row.budget)) + D("0.0001")  # 1 元
    row.executed = row.budget
    spec.unit.total_values = None
    return "PX203", None


def _fund_row_off(spec):
    funds = spec.projects[0].funds
    f = funds["fiscal"]
    funds["fiscal"] = dataclasses.replace(f, budget=D(str(f.budget)) + D("0.01"))
    return "PX204", spec.projects[0].sheet or "自评表01"


def _parcel_off(spec):
    if not spec.parcels:
        return _total_off(spec)
    p = spec.parcels[-1]
    p.amount_yuan = int(p.amount_yuan) + 1
    return "PX301", "土地流转明细"


PLANTS = {"total": _total_off, "count": _count_off, "list_amount": _list_amount_off,
          "fund_row": _fund_row_off, "parcel": _parcel_off}


@FUZZ
@given(the_plans=plans(), layout=layouts(), which=st.sampled_from(sorted(PLANTS)))
def test_a_planted_mismatch_is_always_found(tmp_path_factory, the_plans, layout, which):
    planted = {}

    def plant(spec):
        planted["code"], planted["sheet"] = PLANTS[which](spec)

    result = build(tmp_path_factory.mktemp("fz"), the_plans, layout, plant)
    assert result.error is None, result.error
    hits = [f for f in result.findings if f.code == planted["code"]
            and f.severity == Severity.ERROR
            and (planted["sheet"] is None or f.sheet == planted["sheet"])]
    assert hits, (planted, [(f.code, f.sheet, f.cell, f.message) for f in result.findings])


# --------------------------------------------------------------------------- found by the fuzzer


def test_tiny_amounts_one_yuan_apart_are_a_mismatch_not_a_unit_slip(tmp_path):
    result = build(tmp_path, [Plan("乡乡项目001", D("0.0001"))],
                   {"rows": 0, "cols": 0, "respellings": {}, "numbers_as_text": False},
                   lambda spec: _list_amount_off(spec))
    codes = {f.code for f in result.findings}
    assert "PX203" in codes and "PX206" not in codes, result.findings


def test_tiny_total_off_by_a_cent_is_px201(tmp_path):
    result = build(tmp_path, [Plan("乡乡项目001", D("0.0001"))],
                   {"rows": 0, "cols": 0, "respellings": {}, "numbers_as_text": False},
                   lambda spec: _total_off(spec))
    codes = {f.code for f in result.findings}
    assert "PX201" in codes and "PX206" not in codes, result.findings
