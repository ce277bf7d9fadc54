"""PX301–PX304: land transfer parcels (元, 亩) against each other and the project budget."""

from __future__ import annotations

from tests.helpers.rulefix import (
    acted_on, clean_workbook, notes_to, parcel, project, run, workbook,
)

NAME = "涞源镇关于旅发大会南关、西关、新街等村土地流转所需资金"


def seed_item_14(budget="17.573", parcels=None):
    """Seed item 14: 75.01 + 37.5 + 63.22 = 175.73 亩 × 1000 = 175730 元 = 17.573 万元."""
    rows = parcels or [
        parcel(3, NAME, "南关村", "75.01", "1000", "75010"),
        parcel(4, None, "新街村", "37.5", "1000", "37500"),
        parcel(5, None, "西关村", "63.22", "1000", "63220"),
        parcel(6, "小计", None, "175.73", None, "175730", subtotal=True),
    ]
    return workbook([project("自评表14", NAME, budget=budget, executed=budget)], None, rows)


def test_seed_item_14_is_clean():
    assert run(seed_item_14(), "PX3") == []
    assert run(seed_item_14(), "PX206") == []


# --------------------------------------------------------------------------- PX301


def test_px301_fires_when_area_times_rate_differs():
    wb = seed_item_14()
    wb.parcels[0] = parcel(3, NAME, "南关村", "75.01", "1000", "75100")
    [f] = run(wb, "PX301")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("土地流转明细", "E3", "75010", "75100")
    assert "75.01" in f.message and "75010" in f.message


def test_px301_silent_when_it_multiplies_out():
    assert run(seed_item_14(), "PX301") == []


def test_px301_amount_typed_in_wan_is_px206():
    wb = seed_item_14()
    wb.parcels[0] = parcel(3, NAME, "南关村", "75.01", "1000", "7.501")
    assert run(wb, "PX301") == []
    [f] = run(wb, "PX206")
    assert (f.cell, f.expected, f.actual) == ("E3", "75010", "7.501")
    assert "万元" in f.message and "75010" in f.message


# --------------------------------------------------------------------------- PX302


def test_px302_fires_when_parcels_differ_from_budget():
    [f] = run(seed_item_14(budget="17.5"), "PX302")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("自评表14", "D6", "17.573", "17.5")
    assert "175730" in f.message and f.project == NAME


def test_px302_silent_when_parcels_match_budget():
    assert run(seed_item_14(), "PX302") == []


def test_px302_budget_typed_in_yuan_is_px206():
    wb = seed_item_14(budget="175730")
    assert run(wb, "PX302") == []
    [f] = run(wb, "PX206")
    assert (f.sheet, f.cell, f.expected, f.actual) == ("自评表14", "D6", "17.573", "175730")


def test_px302_matches_the_land_name_by_similarity():
    """The land sheet may use a shorter name; it is matched like PX502 matches the list."""
    wb = clean_workbook()
    wb.parcels[0] = parcel(3, "721片区街头公园土地流转", "城里村", "30.452", "1000", "30452")
    wb.projects[1] = project("自评表02", "建设721片区街头公园土地流转费", budget="5.1",
                             executed="5.1")
    [f] = run(wb, "PX302")
    assert (f.sheet, f.expected) == ("自评表02", "5.0452")


# --------------------------------------------------------------------------- PX303


def test_px303_fires_when_subtotal_area_differs():
    wb = seed_item_14()
    wb.parcels[3] = parcel(6, "小计", None, "175.37", None, "175730", subtotal=True)
    [f] = run(wb, "PX303")
    assert (f.cell, f.expected, f.actual) == ("C6", "175.73", "175.37")
    assert "亩" in f.message


def test_px303_silent_when_areas_add_up():
    assert run(seed_item_14(), "PX303") == []


# --------------------------------------------------------------------------- PX304


def test_px304_fires_on_a_non_standard_rate():
    wb = seed_item_14()
    wb.parcels[2] = parcel(5, None, "西关村", "63.22", "1100", "69542")
    [f] = run(wb, "PX304")
    assert (f.cell, f.expected, f.actual) == ("D5", "1000", "1100")
    assert "1100" in f.message and "1000" in f.message


def test_px304_uses_the_configured_rate():
    from tests.helpers.rulefix import framework

    assert len(run(seed_item_14(), "PX304", fw=framework(land_rate=1200))) == 3


def test_px304_silent_on_the_standard_rate():
    assert run(seed_item_14(), "PX304") == []


def test_px302_one_parcel_typed_in_wan_is_px206():
    """No 单价 to check it against, but only 7.501 read as 万元 (75010 元) makes the parcels
    equal the budget 17.573 万元: PX206 names that parcel, PX302 stays silent."""
    wb = seed_item_14()
    wb.parcels[0] = parcel(3, NAME, "南关村", "75.01", None, "7.501")
    # issue 18: the project's parcels and its 小计 disagree only because of E3: notes, no 应为
    assert acted_on(run(wb, "PX302")) == [] and acted_on(run(wb, "PX207")) == []
    assert len(notes_to(run(wb, "PX3") + run(wb, "PX207"), "土地流转明细!E3")) == 2
    [f] = run(wb, "PX206")
    assert (f.cell, f.expected, f.actual) == ("E3", "75010", "7.501")
