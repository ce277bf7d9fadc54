"""PX206 only for a real 元/万元 slip: near the 1 元 money tolerance the scaled comparison alone
would pass amounts whose ratio is nowhere near 10,000 (0.0002 vs 0.0001 万元), so every slip path
— list ↔ form, declared total, 合计/小计 rows, parcel 金额, parcels ↔ budget — also needs the
ratio itself near 10,000 and the amount meant at least 1 元."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, strategies as st

from perfxl.rules.amounts import SLIP_RATIO, ten_thousand_times, typed_in_other_unit
from tests.helpers.rulefix import clean_workbook, list_row, parcel, project, run, unit, workbook

TOL = D("0.0001")  # 万元: 1 元
money = st.integers(min_value=-10**12, max_value=10**12).map(lambda n: D(n) / 10000)


def codes(findings) -> list[str]:
    return sorted({f.code for f in findings})


# --------------------------------------------------------------------------- the test itself


@given(big=money, small=money)
def test_no_slip_unless_the_ratio_is_near_ten_thousand(big, small):
    if ten_thousand_times(big, small, TOL):
        assert SLIP_RATIO[0] <= big / small <= SLIP_RATIO[1]
        assert abs(small) >= TOL and abs(big) / 10000 >= TOL


@given(small=st.integers(min_value=1, max_value=10**10).map(lambda n: D(n) / 10000),
       sign=st.sampled_from([1, -1]))
def test_every_exact_ten_thousand_factor_from_one_yuan_is_a_slip(small, sign):
    small *= sign
    assert ten_thousand_times(small * 10000, small, TOL)
    assert typed_in_other_unit(small * 10000, small, "万元", TOL)  # 元 in a 万元 column
    assert typed_in_other_unit(small, small * 10000, "元", D(1))  # 万元 in a 元 column


def test_amounts_near_one_yuan_are_not_slips():
    assert not ten_thousand_times(D("0.0002"), D("0.0001"), TOL)
    assert not ten_thousand_times(D("0.0101"), D("0.0001"), TOL)
    assert not typed_in_other_unit(D("0.0001"), D("1.5"), "元", D(1))  # 1.5 元 vs 1 元
    assert not ten_thousand_times(D("0.1"), D("0.00001"), TOL)  # a tenth of a 元 is never meant
    assert ten_thousand_times(D("1"), D("0.0001"), TOL)  # 10,000 元 typed for 1 元: a slip


# --------------------------------------------------------------------------- each slip path


def test_list_and_form_one_yuan_apart_is_px203():
    p = project("自评表01", "涞源镇防火经费", budget="0.0001", executed="0.0001",
                initial="0.0001")
    rows = [list_row(8, "涞源镇防火经费", "0.0002", "0.0001", "0.0001")]
    wb = workbook([p], unit(rows, declared_total="0.0002", declared_count=1))
    found = run(wb, "PX2")
    assert "PX206" not in codes(found)
    [f] = [f for f in found if f.code == "PX203"]
    assert (f.cell, f.expected, f.actual) == ("E8", "0.0001", "0.0002")


def test_declared_total_off_by_a_cent_is_px201():
    rows = [list_row(8, "项目1", "0.0001")]
    found = run(workbook([], unit(rows, declared_total="0.0101", declared_count=1)), "PX2")
    assert codes(found) == ["PX201"]


def test_one_row_that_only_seems_to_explain_a_tiny_total_is_px201():
    """Reading 0.0002 as 元 (0.00000002 万元) brings the sum within 1 元 of the total 0.0001:
    no slip, the total is simply wrong."""
    rows = [list_row(8, "项目1", "0.0001"), list_row(9, "项目2", "0.0002")]
    found = run(workbook([], unit(rows, declared_total="0.0001", declared_count=2)), "PX2")
    assert codes(found) == ["PX201"]


def test_tiny_list_total_row_is_px207():
    rows = [list_row(8, "项目1", "0.0001"), list_row(9, "项目2", "0.0002")]
    u = unit(rows, declared_total="0.0003", declared_count=2,
             total_row=list_row(10, "合计", "0.0001", seq=""))
    assert codes(run(workbook([], u), "PX2")) == ["PX207"]


def test_parcel_amount_one_yuan_in_wan_column_is_px301():
    """面积 × 单价 = 1.5 元, 金额 0.0001: ×10,000 it is 1 元, within the 1 元 tolerance, but
    1.5 元 is not 10,000 × 0.0001."""
    wb = clean_workbook()
    wb.parcels = [parcel(3, "建设721片区街头公园土地流转费", "城里村", "0.0015", "1000", "0.0001")]
    found = run(wb, "PX3") + run(wb, "PX206")
    assert "PX206" not in codes(found) and "PX301" in codes(found)


def test_tiny_subtotal_is_px207():
    wb = clean_workbook()
    wb.parcels = [parcel(3, "建设721片区街头公园土地流转费", "城里村", "0.0015", "1000", "1.5"),
                  parcel(4, "小计", None, None, None, "0.0001", subtotal=True)]
    found = run(wb, "PX2")
    assert "PX206" not in codes(found) and "PX207" in codes(found)


def test_parcels_two_yuan_against_a_one_yuan_budget_is_px302():
    p = project("自评表01", "土地流转费", budget="0.0002", executed="0.0002", initial="0.0002")
    wb = workbook([p], None, [parcel(3, "土地流转费", "城里村", "0.001", "1000", "1")])
    found = run(wb, "PX3") + run(wb, "PX206")
    assert "PX206" not in codes(found) and "PX302" in codes(found)


def test_a_real_slip_of_one_yuan_is_still_px206():
    """1 元 typed as 10000 in a 万元 column: ratio exactly 10,000, meant amount 1 元."""
    p = project("自评表01", "涞源镇防火经费", budget="0.0001", executed="0.0001",
                initial="0.0001")
    rows = [list_row(8, "涞源镇防火经费", "1", "0.0001", "0.0001")]
    wb = workbook([p], unit(rows, declared_total="0.0001", declared_count=1))
    found = run(wb, "PX2")
    assert "PX203" not in codes(found)
    assert [(f.cell, f.expected) for f in found if f.code == "PX206"] == [("E8", "0.0001")]
