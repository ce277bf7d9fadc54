"""The shipped example (examples/涞源镇2023/完整.xlsx, written by the template writer) reads back
with the seed's exact figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.rules.read import read_findings
from perfxl.read import read_workbook

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023" / "完整.xlsx"


@pytest.fixture(scope="module")
def example():
    if not EXAMPLE.exists():
        pytest.skip("examples/涞源镇2023/完整.xlsx not generated yet")
    return read_workbook(EXAMPLE)


def test_fifteen_budgets_add_up_exactly(example):
    assert len(example.projects) == 15
    budgets = [p.funds["total"].budget.value for p in example.projects]
    assert sum(budgets) == Decimal("144.9552")
    assert sum(r.budget.value for r in example.unit.rows) == Decimal("144.9552")
    assert example.unit.declared_total.value == Decimal("144.9552")
    assert example.unit.declared_count.value == 15


def test_parcels(example):
    parcels = [p for p in example.parcels if not p.is_subtotal]
    assert [p.area.value for p in parcels] == [
        Decimal(x) for x in ("50.452", "18.19", "186.88", "75.01", "37.5", "63.22", "1.8")]
    assert {p.rate.value for p in parcels} == {Decimal(1000)}
    assert all(p.area.value * p.rate.value == p.amount.value for p in parcels)
    assert example.parcels[-1].amount.value == Decimal(1800)


def test_no_read_errors(example):
    assert [f for f in read_findings(example) if f.code.startswith("PX1")] == []
