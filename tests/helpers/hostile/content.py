"""Content-level hostile workbooks: real standard workbooks (``write_workbook``) whose contents
are what a careless or malicious sender may put in them.

Each maker writes one file into ``folder`` and returns its path. ``EXPECT[name]`` states what a
correct ``perfxl check --format json`` must say about it (as a predicate over the workbook's
JSON object), so a test can assert "the right findings", not just "no crash".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from perfxl.write.spec import Formula, ListRowSpec, ProjectSpec
from perfxl.write.template import write_workbook

from .build import consistent_spec, land_plan, relayout, simple_plans

MAX_CELL = 32_767  # Excel's limit of characters in one cell
INJECTIONS = ("=HYPERLINK(\"http://example.invalid\",\"点我\")", "+1+1", "-2+3", "@SUM(1,2)",
              "=cmd|' /C calc'!A0")
"""Texts that a spreadsheet would run as formulas if written as formulas (DDE included)."""


def _base(n: int = 3):
    return consistent_spec(simple_plans(n) + [land_plan("土地流转项目", [D("50.452"), D("18.19")])])


def _rename(spec, index: int, name: str) -> None:
    """Give project ``index`` a new name in the list and on its 自评表 (still consistent)."""
    spec.unit.rows[index].name = name
    spec.projects[index].name = name


# --------------------------------------------------------------------------- makers


def many_projects(folder: Path, n: int = 10_000) -> Path:
    """``n`` projects: ``n`` list rows and ``n`` 自评表 sheets, all consistent."""
    p = folder / f"{n}个项目.xlsx"
    spec = consistent_spec(simple_plans(n, seed=n))
    spec.instructions = False
    spec.protect = False
    write_workbook(p, spec)
    return p


def long_cell(folder: Path) -> Path:
    """A project name of exactly 32,767 characters (list and form agree), and a 项目概况 too."""
    p = folder / "超长单元格.xlsx"
    spec = _base()
    long_name = ("很长的项目名称" * (MAX_CELL // 7 + 1))[:MAX_CELL]
    _rename(spec, 0, long_name)
    spec.unit.rows[1].summary = "概" * MAX_CELL
    write_workbook(p, spec)
    return p


CONTROL_NAME = "防汛\x07经费\x1b项目"
EMOJI_NAME = "防火经费🔥🚒项目"


def control_emoji(folder: Path) -> Path:
    """Control characters and emoji in names (copied into perfxl's own sheets later)."""
    p = folder / "控制字符与表情.xlsx"
    spec = _base()
    _rename(spec, 0, CONTROL_NAME)
    _rename(spec, 1, EMOJI_NAME)
    spec.unit.name = "测试镇\x01人民政府👍"
    write_workbook(p, spec)
    return p


def tabbed_labels(folder: Path) -> Path:
    """Tabs and line feeds inside labels, an emoji-only 项目概况 (saved by openpyxl)."""
    p = folder / "标签含制表符.xlsx"
    spec = _base()
    spec.unit.rows[0].summary = "🌲🌲🌲"
    write_workbook(p, spec)
    relayout(p, respellings={"项目名称": "tab", "全年预算数": "newline", "单位名称": "tab"})
    return p


def error_formulas(folder: Path) -> Path:
    """Formulas whose cached result is an error value: ``#DIV/0!`` in the list, ``#REF!`` on a form."""
    p = folder / "公式错误值.xlsx"
    spec = _base()
    spec.unit.rows[0].budget = Formula("1/0", "#DIV/0!")
    spec.projects[1].funds["total"] = dataclasses.replace(
        spec.projects[1].funds["total"], executed=Formula("#REF!+1", "#REF!"))
    write_workbook(p, spec)
    return p


def dates_for_numbers(folder: Path) -> Path:
    """Dates typed where amounts belong (a cell formatted as a date by Excel's guess)."""
    p = folder / "日期当金额.xlsx"
    spec = _base()
    spec.unit.rows[0].budget = dt.date(2023, 12, 1)
    spec.projects[1].funds["total"] = dataclasses.replace(
        spec.projects[1].funds["total"], budget=dt.datetime(2023, 6, 30, 12, 0))
    write_workbook(p, spec)
    return p


def merged_labels(folder: Path) -> Path:
    """On 自评表01 one merge covers the 项目名称 label and its value (the value is hidden)."""
    import openpyxl

    p = folder / "合并覆盖标签.xlsx"
    write_workbook(p, _base())
    wb = openpyxl.load_workbook(p)
    ws = wb["自评表01"]
    ws.unmerge_cells("B3:I3")
    ws.merge_cells("A3:I3")
    wb.save(p)
    return p


def pasted_twice(folder: Path) -> Path:
    """自评表01 copied as a second sheet, the way Excel names a copy: ``自评表01 (2)``."""
    p = folder / "自评表复制两次.xlsx"
    spec = _base()
    for i, proj in enumerate(spec.projects, start=1):
        proj.sheet = f"自评表{i:02d}"
    spec.projects.insert(1, dataclasses.replace(spec.projects[0], sheet="自评表01 (2)"))
    write_workbook(p, spec)
    return p


def pasted_twice_in_sheet(folder: Path) -> Path:
    """自评表01 pasted a second time below itself, in the same sheet (two blank rows between)."""
    import openpyxl
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange

    p = folder / "同表粘贴两次.xlsx"
    write_workbook(p, _base())
    wb = openpyxl.load_workbook(p)
    ws = wb["自评表01"]
    height, width = ws.max_row, ws.max_column
    for r in range(1, height + 1):
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            if cell.value is not None and not isinstance(cell, MergedCell):
                ws.cell(r + height + 2, c).value = cell.value
    for m in [CellRange(str(m)) for m in ws.merged_cells.ranges]:
        m.shift(row_shift=height + 2)
        ws.merge_cells(m.coord)
    wb.save(p)
    return p


def cyclic_external(folder: Path) -> Path:
    """A self-referencing (cyclic) formula and an external-link formula, both with cached values
    equal to the right figures, and one external link saved without a cached value."""
    p = folder / "循环与外部链接.xlsx"
    spec = _base()
    b0, b1, b2 = (spec.unit.rows[i].budget for i in range(3))
    spec.projects[0].funds["total"] = dataclasses.replace(
        spec.projects[0].funds["total"], executed=Formula("E6+0", b0))  # E6 is this very cell
    spec.unit.rows[1].executed = Formula("'[2023预算.xlsx]Sheet1'!F8", b1)
    spec.unit.rows[2].executed = Formula("'[2023预算.xlsx]Sheet1'!F9", "")
    rows = spec.unit.rows
    spec.unit.total_values = tuple(sum((r.budget for r in rows), D("0")) for _ in range(3))
    write_workbook(p, spec)
    return p


def injection_text(folder: Path) -> Path:
    """Names and texts that begin with ``=``, ``+``, ``-``, ``@`` (written as text by staff or a
    malicious sender): perfxl must copy them into its sheets as text, never as formulas."""
    p = folder / "公式注入.xlsx"
    spec = consistent_spec(simple_plans(len(INJECTIONS)))
    for i, text in enumerate(INJECTIONS):
        _rename(spec, i, text)
    # A 自评表 whose name differs from its list row: the finding quotes both names.
    spec.projects[0].name = INJECTIONS[0] + "x"
    spec.projects[1].indicators[0].name = "=1+1"
    spec.projects[1].indicators[0].deviation = "@无"
    spec.unit.name = "=2+3"
    write_workbook(p, spec)
    return p


CONTENT_MAKERS = {
    "long_cell": long_cell,
    "control_emoji": control_emoji,
    "tabbed_labels": tabbed_labels,
    "error_formulas": error_formulas,
    "dates_for_numbers": dates_for_numbers,
    "merged_labels": merged_labels,
    "pasted_twice": pasted_twice,
    "cyclic_external": cyclic_external,
    "injection_text": injection_text,
}
"""Fast content makers (a few hundred ms each). ``many_projects`` is slow: see the tests."""


# --------------------------------------------------------------------------- expectations


def errors(w: dict) -> list[dict]:
    return [f for f in w["findings"] if f["severity"] == "error"]


def has(w: dict, code: str, sheet: str, cell: str | None = None, text: str = "") -> bool:
    return any(f["code"] == code and f["sheet"] == sheet and (cell is None or f["cell"] == cell)
               and text in f["message"] for f in w["findings"])


def _clean(w: dict, names: list[str] | None = None) -> None:
    assert w["error"] is None
    assert errors(w) == [], errors(w)
    if names is not None:
        got = [p["name"] for p in w["projects"]]
        for name in names:
            assert name in got, (name[:40], [g[:40] for g in got])


def _expect_long_cell(w):
    long_name = ("很长的项目名称" * (MAX_CELL // 7 + 1))[:MAX_CELL]
    _clean(w, [long_name])


def _expect_control_emoji(w):
    _clean(w, [EMOJI_NAME])
    assert len(w["projects"]) == 4


def _expect_error_formulas(w):
    assert w["error"] is None
    assert has(w, "PX103", "项目清单", "E8", "#DIV/0!"), w["findings"]
    assert has(w, "PX103", "自评表02", "E6", "#REF!"), w["findings"]


def _expect_dates(w):
    assert w["error"] is None
    assert has(w, "PX103", "项目清单", "E8"), w["findings"]
    assert has(w, "PX103", "自评表02", "D6"), w["findings"]


def _expect_merged_labels(w):
    assert w["error"] is None
    assert has(w, "PX102", "自评表01", text="项目名称"), w["findings"]


def _expect_pasted_twice(w):
    assert w["error"] is None
    assert any(f["code"] == "PX503" and "自评表01 (2)" in f["message"] for f in w["findings"])


def _expect_cyclic_external(w):
    assert w["error"] is None
    assert has(w, "PX105", "项目清单", "F10"), w["findings"]
    # the cyclic cell (自评表01 E6) and the linked cell with a cached value (F9) were read
    assert not any(f["sheet"] == "自评表01" for f in w["findings"]), w["findings"]
    assert not any(f["cell"] == "F9" for f in w["findings"]), w["findings"]


def _expect_injection(w):
    _clean(w, list(INJECTIONS[1:]))
    assert has(w, "PX502", "项目清单", "B8", INJECTIONS[0])


EXPECT = {
    "long_cell": _expect_long_cell,
    "control_emoji": _expect_control_emoji,
    "tabbed_labels": lambda w: _clean(w, ["土地流转项目"]),
    "error_formulas": _expect_error_formulas,
    "dates_for_numbers": _expect_dates,
    "merged_labels": _expect_merged_labels,
    "pasted_twice": _expect_pasted_twice,
    "cyclic_external": _expect_cyclic_external,
    "injection_text": _expect_injection,
}
"""What ``perfxl check --format json`` must report for each content maker (one workbook)."""
