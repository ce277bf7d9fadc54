"""Reading 土地流转明细 (parcels, amounts in 元) from real .xlsx files."""

from __future__ import annotations

from decimal import Decimal

from perfxl.rules.read import read_findings
from tests.helpers.readfix.build import (
    LAND_HEADS, SheetSpec, findings_with, land_sheet, read_sheets, standard_form,
)

P14 = "涞源镇关于旅发大会南关、西关、新街等村土地流转所需资金"


def read_land(tmp_path, spec: SheetSpec):
    wb = read_sheets(tmp_path, {"自评表01": standard_form(), "土地流转明细": spec})
    assert wb.land_sheet == "土地流转明细"
    return wb


def test_seed_parcels_are_exact(tmp_path):
    rows = [("建设721片区街头公园土地流转费", "城里村、太平关村", 50.452, 1000, 50452, None),
            ("涞源镇城里大街修路所需占地款", "城里村", 18.19, 1000, 18190, None),
            ("涞源镇烟墩山公园土地流转资金", "水云乡", 186.88, 1000, 186880, None),
            (P14, "南关", 75.01, 1000, 75010, None),
            (None, "新街", 37.5, 1000, 37500, None),
            (None, "西关", 63.22, 1000, 63220, None),
            ("小计", None, 175.73, None, 175730, None),
            ("涞源镇金家井乡黑木耳基地土地流转费", "辛庄村", 1.8, 1000, 1800, None)]
    wb = read_land(tmp_path, land_sheet(rows))
    got = [(p.project_name.value, p.area.value, p.amount.value, p.is_subtotal) for p in wb.parcels]
    assert got[3:7] == [(P14, Decimal("75.01"), Decimal(75010), False),
                        (P14, Decimal("37.5"), Decimal(37500), False),
                        (P14, Decimal("63.22"), Decimal(63220), False),
                        (P14, Decimal("175.73"), Decimal(175730), True)]
    assert [p.area.value for p in wb.parcels if not p.is_subtotal] == [
        Decimal(x) for x in ("50.452", "18.19", "186.88", "75.01", "37.5", "63.22", "1.8")]
    assert wb.parcels[-1].rate.value == 1000 and wb.parcels[-1].project_name.value.endswith("土地流转费")
    # carried-down names point at the cell that holds them
    assert wb.parcels[4].project_name.loc.cell == "A5"
    assert [p.row for p in wb.parcels] == list(range(2, 10))
    assert not [f for f in read_findings(wb) if f.severity.value == "error"]


def test_merged_project_name_counts_for_every_parcel(tmp_path):
    s = land_sheet([(None, "南关", 75.01, 1000, 75010, None), (None, "新街", 37.5, 1000, 37500, None)])
    s.merge(1, 0, 2, 0, P14)
    wb = read_land(tmp_path, s)
    assert [(p.project_name.value, p.project_name.loc.cell) for p in wb.parcels] == [
        (P14, "A2:A3"), (P14, "A2:A3")]


def test_first_parcel_without_project_is_px102(tmp_path):
    wb = read_land(tmp_path, land_sheet([(None, "南关", 1, 1000, 1000, None)]))
    [f] = findings_with(wb, "PX102")
    assert f.cell == "A2" and "项目名称" in f.message


def test_after_subtotal_the_name_does_not_carry(tmp_path):
    rows = [("甲", "a", 1, 1000, 1000, None), ("小计", None, 1, None, 1000, None),
            (None, "b", 2, 1000, 2000, None)]
    wb = read_land(tmp_path, land_sheet(rows))
    assert wb.parcels[2].project_name.value is None
    assert [f.cell for f in findings_with(wb, "PX102")] == ["A4"]


def test_text_units_and_wan_yuan_header(tmp_path):
    s = SheetSpec()
    heads = list(LAND_HEADS)
    heads[4] = "金额（万元）"
    for c, h in enumerate(heads):
        s.set(0, c, h)
    s.set(1, 0, "甲").set(1, 1, "村").set(1, 2, "1.8亩").set(1, 3, "1000元").set(1, 4, 0.18)
    wb = read_land(tmp_path, s)
    p = wb.parcels[0]
    assert (p.area.value, p.rate.value, p.amount.value) == (Decimal("1.8"), 1000, 1800)
    assert sorted(f.cell for f in findings_with(wb, "PX104")) == ["C2", "D2"]


def test_land_sheet_found_by_header_anywhere(tmp_path):
    s = land_sheet([("甲", "村", 1, 1000, 1000, None)]).shifted(4, 2)
    wb = read_sheets(tmp_path, {"Sheet1": s, "S": standard_form()})
    assert wb.land_sheet == "Sheet1" and wb.parcels[0].amount.loc.cell == "G6"


def test_sheet_total_row_is_not_a_parcel(tmp_path):
    rows = [("甲", "村", 1, 1000, 1000, None), ("合计", None, 1, None, 1000, None)]
    assert len(read_land(tmp_path, land_sheet(rows)).parcels) == 1


def test_footnote_under_the_table_is_not_a_parcel(tmp_path):
    rows = [("甲", "村", 1, 1000, 1000, None), ("注：单价按县文件每亩每年1000元执行", None, None, None,
                                              None, None)]
    wb = read_land(tmp_path, land_sheet(rows))
    assert len(wb.parcels) == 1 and not findings_with(wb, "PX102")
