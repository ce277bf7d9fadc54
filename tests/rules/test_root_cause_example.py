"""Issue 18, done when: each of the three single mistakes, typed into a copy of the shipped example
涞源镇2023 (完整), gives exactly one error with an 应为 — on the wrong cell, with the right value —
and ``perfxl check`` exits 1. What disagrees only because of it is a note without 应为.

The copies are written from the example's own data (perfxl.examples, which test_examples proves
equal to the shipped 完整.xlsx cell by cell) with the one cell changed. The 合计 row of 项目清单 is
kept as shipped (a typed 144.9552), or, where it matters, recomputed as an Excel SUM would.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from perfxl.api import check_file
from perfxl.cli import main
from perfxl.examples import laiyuan_2023
from perfxl.findings import Severity
from perfxl.write.template import write_workbook


def shipped():
    """完整 as shipped: its 合计 row typed, as in the file."""
    spec = laiyuan_2023(complete=True)
    t = spec.unit.declared_total
    spec.unit.total_values = (t, t, t)
    return spec


def write(tmp_path, spec):
    path = tmp_path / "涞源镇2023.xlsx"
    write_workbook(path, spec)
    return path


def errors_with_expected(result):
    return [(f.code, f.sheet, f.cell, f.expected) for f in result.findings
            if f.severity is Severity.ERROR and f.expected is not None]


def exit_code(path) -> int:
    return CliRunner().invoke(main, ["check", str(path)]).exit_code


def notes_point_to(result, ref):
    notes = [f for f in result.findings if f.is_consequence]
    assert all(f.consequence_of == ref and f.expected is None
               and f.severity is Severity.INFO for f in notes), notes
    return notes


def test_the_shipped_copy_is_clean(tmp_path):
    path = write(tmp_path, shipped())
    assert errors_with_expected(check_file(path)) == [] and exit_code(path) == 0


# --------------------------------------------------------------------------- 1. 元 for 万元


@pytest.mark.parametrize("total_row", ["typed", "sum"])
def test_a_list_amount_typed_in_yuan_is_one_error_on_that_cell(tmp_path, total_row):
    """20000 typed in 项目清单 where 2 万元 is meant: PX206, an error, on the row, 应为 2; the
    预算总金额 (right) is never given the slipped total 20142.9552 as 应为, whether the 合计 row
    is typed (144.9552) or a SUM that followed the slip (20142.9552)."""
    spec = shipped()
    if total_row == "sum":
        spec.unit.total_values = None
    spec.unit.rows[0] = replace(spec.unit.rows[0], budget=D("20000"))
    path = write(tmp_path, spec)
    result = check_file(path)
    assert errors_with_expected(result) == [("PX206", "项目清单", "E8", "2")]
    [slip] = [f for f in result.findings if f.code == "PX206"]
    assert "自评表01" in slip.message and "“元”" in slip.message
    assert all("20142.9552" != f.expected for f in result.findings)
    notes = notes_point_to(result, "项目清单!E8")
    assert [f.cell.split(":")[0] for f in notes if f.code == "PX201"] == ["C6"]  # 因 E8 而不一致
    assert exit_code(path) == 1


# --------------------------------------------------------------------------- 2. a parcel


def test_a_mistyped_parcel_is_one_error_on_the_parcel(tmp_path):
    """168880 for 186.88 亩 × 1000 元/亩: PX301 on the parcel, 应为 186880; the project's budget
    (自评表13, agreeing with 项目清单) gets a note, not an 应为."""
    spec = shipped()
    k = next(i for i, p in enumerate(spec.parcels) if p.area == D("186.88"))
    spec.parcels[k] = replace(spec.parcels[k], amount_yuan=D("168880"))
    path = write(tmp_path, spec)
    result = check_file(path)
    [(code, sheet, cell, expected)] = errors_with_expected(result)
    assert (code, sheet, expected) == ("PX301", "土地流转明细", "186880")
    notes = notes_point_to(result, f"土地流转明细!{cell}")
    assert [(f.code, f.sheet, f.cell) for f in notes] == [("PX302", "自评表13", "D6")]
    assert "因" in notes[0].message and "而不一致" in notes[0].message
    assert exit_code(path) == 1


# --------------------------------------------------------------------------- 3. a fund part


def test_a_mistyped_fund_part_is_one_error_on_the_part(tmp_path):
    """当年财政拨款 35.7 for 37.5 while 年度资金总额 37.5 agrees with 项目清单 and 预算总金额:
    the finding is on 当年财政拨款 (D7), 应为 37.5 (PX204 reports it there, not on the total);
    the part's typed 执行率 100% (which 37.5 makes right again) is a note."""
    spec = shipped()
    funds = spec.projects[7].funds  # 自评表08, 涞源镇社区服务群众专项经费, 37.5 万元
    funds["fiscal"] = replace(funds["fiscal"], budget=D("35.7"))
    path = write(tmp_path, spec)
    result = check_file(path)
    assert errors_with_expected(result) == [("PX204", "自评表08", "D7", "37.5")]
    notes = notes_point_to(result, "自评表08!D7")
    assert [(f.code, f.cell) for f in notes] == [("PX505", "G7")]
    assert not [f for f in result.findings if f.cell == "D6"]  # the total is right
    assert exit_code(path) == 1


def with_fund_cell(tmp_path, row: str, **typed):
    """The shipped copy with one money cell of 自评表08 (37.5 万元 in every column) changed."""
    spec = shipped()
    funds = spec.projects[7].funds
    funds[row] = replace(funds[row], **typed)
    path = write(tmp_path, spec)
    return path, check_file(path)


def test_a_mistyped_fund_part_in_the_initial_budget_is_one_error_on_the_part(tmp_path):
    """当年财政拨款的年初预算数 (C7) 35.7 for 37.5 while the total C6 = 37.5 agrees with 项目清单
    D15: PX204 on C7, 应为 37.5 — not on the total with 无法判断. No typed rate backs the part
    here; the 上年结转资金 and 其他资金 rows are 0 in every column, so they are no source to
    correct."""
    path, result = with_fund_cell(tmp_path, "fiscal", initial_budget=D("35.7"))
    assert errors_with_expected(result) == [("PX204", "自评表08", "C7", "37.5")]
    assert [(f.code, f.cell) for f in result.findings] == [("PX204", "C7")]
    assert exit_code(path) == 1


def test_a_mistyped_total_gives_no_over_execution_warning_of_its_own(tmp_path):
    """年度资金总额的全年预算数 (D6) 35.7 for 37.5: PX204 on D6, 应为 37.5; 全年执行数 37.5 is
    over 35.7 only because of D6, so no PX205 warning with its own 应为 ≤35.7."""
    _, result = with_fund_cell(tmp_path, "total", budget=D("35.7"))
    assert errors_with_expected(result) == [("PX204", "自评表08", "D6", "37.5")]
    assert [f for f in result.findings if f.code == "PX205"] == []
    assert [f for f in result.findings if f.expected is not None] == [
        f for f in result.findings if f.code == "PX204"]
    notes_point_to(result, "自评表08!D6")


def test_the_terminal_shows_the_root_with_its_value_and_the_notes_plainly(tmp_path):
    """All three mistakes at once: three errors, each with its 应为; the notes name the cell to
    correct instead of an 应为."""
    spec = shipped()
    spec.unit.rows[0] = replace(spec.unit.rows[0], budget=D("20000"))
    k = next(i for i, p in enumerate(spec.parcels) if p.area == D("186.88"))
    spec.parcels[k] = replace(spec.parcels[k], amount_yuan=D("168880"))
    funds = spec.projects[7].funds
    funds["fiscal"] = replace(funds["fiscal"], budget=D("35.7"))
    path = write(tmp_path, spec)
    assert sorted(errors_with_expected(check_file(path))) == [
        ("PX204", "自评表08", "D7", "37.5"), ("PX206", "项目清单", "E8", "2"),
        ("PX301", "土地流转明细", "E5", "186880")]
    out = CliRunner().invoke(main, ["check", str(path)]).output
    assert "应为：2  实为：20000" in out and "应为：20142.9552" not in out
    assert "（提示：先改正 土地流转明细!E5，此处随之相符）" in out
    assert "错误 3 个" in out
