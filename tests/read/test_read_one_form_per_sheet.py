"""A sheet holds one 自评表: a second one below it (the form pasted again) is not read, and the
user is told so on that cell — never a silent skip (workbook.md)."""

from __future__ import annotations

import pytest

from tests.helpers.readfix.build import SheetSpec, findings_with, read_sheets, standard_form


def stacked(*forms: SheetSpec, gap: int = 2) -> SheetSpec:
    """The forms one under another in one sheet, ``gap`` empty rows between them."""
    out, top = SheetSpec(), 0
    for form in forms:
        moved = form.shifted(rows=top)
        out.cells.update(moved.cells)
        out.merges += moved.merges
        top = max(r for r, _ in moved.cells) + 1 + gap
    return out


@pytest.mark.parametrize("gap", [0, 2, 300])  # right below, a little lower, past the label window
def test_a_form_pasted_twice_is_reported_on_the_second_title(tmp_path, gap):
    first = standard_form()
    height = max(r for r, _ in first.cells) + 1
    wb = read_sheets(tmp_path, {"自评表01": stacked(first, standard_form(), gap=gap)})
    assert [p.name.value for p in wb.projects] == ["涞源镇防火经费"]  # the first copy is read
    assert len(wb.projects[0].indicators) == 5
    [f] = findings_with(wb, "PX101")
    second = height + gap + 1  # 1-based row of the second title
    assert (f.sheet, f.cell) == ("自评表01", f"A{second}:I{second}")
    assert f.severity.value == "error" and f.project == "涞源镇防火经费"
    assert f"第{second}行起又有一张自评表" in f.message and "涞源镇防火经费" in f.message
    assert "单独的工作表" in f.message and f.expected and f.actual


def test_each_further_copy_is_reported_with_its_own_name(tmp_path):
    wb = read_sheets(tmp_path, {"S": stacked(standard_form(), standard_form("二号项目"),
                                             standard_form("三号项目"))})
    found = findings_with(wb, "PX101")
    assert len(found) == 2
    assert "二号项目" in found[0].message and "三号项目" in found[1].message


def test_a_note_below_the_form_naming_it_is_no_second_copy(tmp_path):
    s = standard_form()
    below = max(r for r, _ in s.cells) + 2
    s.set(below, 0, "项目支出绩效自评表")  # a title-like line with no form under it
    s.set(below + 1, 0, "填表人：张三")
    wb = read_sheets(tmp_path, {"S": s})
    assert len(wb.projects) == 1 and findings_with(wb, "PX101") == []


def test_one_form_per_sheet_gets_no_such_finding(tmp_path):
    wb = read_sheets(tmp_path, {"自评表01": standard_form(), "自评表02": standard_form("二号项目")})
    assert len(wb.projects) == 2 and findings_with(wb, "PX101") == []
