"""Staff decisions: the 处理意见 column of perfxl's own 校验结果 sheet of an earlier run.

perfxl writes a 校验结果 sheet into every workbook it checks, with a 处理意见 dropdown per
finding (待处理 · 已修改 · 已核实无误 · 不适用) that staff fill in Excel or WPS. Before the next run
replaces that sheet, the reader reads what staff chose there — as data in
:attr:`perfxl.model.Workbook.decisions`, never as findings — so the pipeline can carry each
decision over to the same finding (:func:`perfxl.findings.decision_key`).

The sheet is ours only when the hidden defined name :data:`~perfxl.findings.FINDINGS_MARKER`
points at it (the same test the write-back uses to replace it): a sheet the user merely named
校验结果, or renamed to keep it, is not read.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from perfxl.cellref import sheet_of_ref
from perfxl.findings import DECISION_HEADER, DECISIONS, FINDINGS_MARKER, PENDING, decision_key
from perfxl.model import Loc, Val
from perfxl.ooxml import local_name
from perfxl.read.grid import Grid
from perfxl.values import normalize_label

# The 校验结果 columns a decision is keyed by (headers as perfxl writes them).
KEY_HEADERS = ("规则", "工作表", "单元格", "应为", "实为")
_CANONICAL = {normalize_label(d): d for d in DECISIONS}

Decisions = dict[tuple[str, str, str, str, str], Val[str]]


def marked_findings_sheet(workbook_root: Element) -> str | None:
    """The name of the sheet perfxl's marker names in the (parsed) workbook part, or None."""
    for el in workbook_root.iter():
        if (local_name(el.tag) == "definedName" and el.get("name") == FINDINGS_MARKER
                and el.get("localSheetId") is None):
            return sheet_of_ref(el.text or "")
    return None


def read_decisions(grid: Grid) -> Decisions:
    """Every finding row of our 校验结果 whose 处理意见 staff set to something other than
    待处理 (or an empty cell): its key → the decision, with the cell it was read from. A
    decision typed by hand that is not one of the four is kept as typed (it counts as usual).
    A 校验结果 without the column (written by an older perfxl) has no decisions."""
    columns = {grid.label(0, c): c for c in range(grid.width) if grid.label(0, c)}
    if DECISION_HEADER not in columns or any(h not in columns for h in KEY_HEADERS):
        return {}
    at = columns[DECISION_HEADER]
    code_col, *key_cols = (columns[h] for h in KEY_HEADERS)
    out: Decisions = {}
    for r in range(1, grid.height):
        code = _text(grid.own(r, code_col))
        decision = _decision(grid.own(r, at))
        if code is None or decision is None:
            continue
        key = decision_key(code, *(_text(grid.own(r, c)) for c in key_cols))
        out[key] = Val(decision, Loc(grid.name, grid.ref(r, at)), grid.own(r, at))
    return out


def _decision(raw) -> str | None:
    text = _text(raw)
    if text is None:
        return None
    decision = _CANONICAL.get(normalize_label(text), text)
    return None if decision == PENDING else decision


def _text(raw) -> str | None:
    """A cell as the text perfxl wrote into it (None when empty). Every cell of 校验结果 is
    written as text; a whole number read back as a float (a sheet re-typed by hand) is given
    without its ``.0``."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = str(raw).strip()
    return text or None
