"""The workbook part (``xl/workbook.xml``): its sheet list and defined names as read, and the
edit that removes an earlier run's result sheets and adds the new ones.

New sheets go at the END of ``<sheets>`` and are not selected, so ``activeTab`` and every
``localSheetId`` keep meaning what they meant. Sheets an earlier run wrote (recognised by the
hidden marker names, see :mod:`perfxl.write.sheets`) are removed, with ``localSheetId``,
``activeTab`` and ``firstSheet`` renumbered — correct wherever the user moved them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from perfxl.cellref import sheet_of_ref
from perfxl.write import xmltext as xt
from perfxl.write.page import print_titles_ref
from perfxl.write.review_sheet import MARKER_REVIEW, REVIEW_SHEET
from perfxl.write.sheets import (FINDINGS_SHEET, MARKER_FINDINGS, MARKER_SCORES, SCORES_SHEET,
                                 SheetSpec, filter_ref)

R_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAX_SHEET_NAME = 31
# Children of <workbook> that come after <definedNames> in schema order.
_AFTER_DEFINED_NAMES = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                        "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects",
                        "extLst")
_MARKED = {MARKER_FINDINGS: FINDINGS_SHEET, MARKER_SCORES: SCORES_SHEET,  # marker → our name
           MARKER_REVIEW: REVIEW_SHEET}


class WorkbookPartError(Exception):
    """workbook.xml has a shape perfxl does not dare to edit (message in Chinese)."""


@dataclass
class SheetEntry:
    """One ``<sheet>`` of the workbook: its position, element, name, sheetId and r:id."""

    index: int
    span: xt.Span
    name: str
    sheet_id: int
    rid: str | None


@dataclass
class NewSheet:
    """A result sheet to add: its spec, the name it gets and its relationship id."""

    spec: SheetSpec
    name: str
    rid: str


# --------------------------------------------------------------------------- reading


def refuse_protected(xml: str) -> None:
    prot = xt.element(xml, "workbookProtection")
    if prot and prot.attrs.get("lockStructure") in ("1", "true"):
        raise WorkbookPartError("工作簿结构受保护（不允许增删工作表），perfxl 不改动它")


def sheets(xml: str) -> list[SheetEntry]:
    box = xt.element(xml, "sheets")
    rng = xt.inner(box) if box else None
    if rng is None:
        raise WorkbookPartError("工作簿里没有工作表列表（sheets），不能安全写入")
    out = []
    for i, span in enumerate(xt.elements(xml, "sheet", *rng)):
        a = span.attrs
        try:
            sheet_id = int(a.get("sheetId", "0"))
        except ValueError:
            raise WorkbookPartError("工作簿的工作表编号（sheetId）不是数字，不能安全写入") from None
        out.append(SheetEntry(i, span, a.get("name", ""), sheet_id, xt.local_attr(a, "id")))
    return out


def defined_names(xml: str) -> list[xt.Span]:
    box = xt.element(xml, "definedNames")
    rng = xt.inner(box) if box else None
    return xt.elements(xml, "definedName", *rng) if rng else []


def earlier_results(entries: list[SheetEntry], names: list[xt.Span],
                    worksheet_rids: set[str]) -> set[int]:
    """Indices of sheets an earlier run wrote: the marker points at them and they still carry
    our name (``校验结果`` or ``校验结果(2)`` …) and are worksheets (``worksheet_rids``). A
    sheet the user renamed has been adopted: it stays, and its stale marker is dropped."""
    by_name = {s.name: s for s in entries}
    ours: set[int] = set()
    for span in names:
        a = span.attrs
        marker = a.get("name")
        if marker not in _MARKED or "localSheetId" in a:
            continue
        target = sheet_of_ref(xt.text_of(span))
        sheet = by_name.get(target) if target else None
        if sheet and _is_variant(sheet.name, _MARKED[marker]) and sheet.rid in worksheet_rids:
            ours.add(sheet.index)
    return ours


def active_after(xml: str, entries: list[SheetEntry], ours: set[int], specs: list[SheetSpec],
                 first_new: int) -> int | None:
    """Where the active tab goes when it was on one of our earlier sheets: onto its
    replacement (which is then rendered selected). None when the active tab is the user's."""
    view = xt.element(xml, "workbookView")
    active = int(view.attrs.get("activeTab", "0")) if view else 0
    if active not in ours:
        return None
    old = entries[active].name
    for k, spec in enumerate(specs):
        if _is_variant(old, spec.name):
            return first_new + k
    return None


def free_names(existing: list[str], wanted: list[str]) -> list[str]:
    """Each wanted name, or ``name(2)``, ``name(3)`` … when a sheet already has it (Excel compares
    sheet names case-insensitively). Always a valid name of at most 31 characters."""
    taken = {n.casefold() for n in existing}
    out = []
    for base in wanted:
        name, k = base[:MAX_SHEET_NAME], 2
        while name.casefold() in taken:
            suffix = f"({k})"
            name = base[:MAX_SHEET_NAME - len(suffix)] + suffix
            k += 1
        taken.add(name.casefold())
        out.append(name)
    return out


# --------------------------------------------------------------------------- the edit


def edit(xml: str, entries: list[SheetEntry], ours: set[int], names: list[xt.Span],
         new: list[NewSheet], active_new: int | None) -> str:
    """workbook.xml without our earlier sheets (``ours``) and with the ``new`` ones after the
    rest: their ``<sheet>`` elements, markers, print titles and autofilter names; defined names and views
    renumbered; the active tab moved to ``active_new`` when given."""
    first_new = len(entries) - len(ours)
    edits = [(s.span.start, s.span.end, "") for s in entries if s.index in ours]
    edits.append(_new_sheet_tags(xml, entries, new))

    def renumber(i: int) -> int:
        return i - sum(1 for j in ours if j < i)

    for span in names:
        a = span.attrs
        local = a.get("localSheetId")
        if a.get("name") in _MARKED and local is None:
            edits.append((span.start, span.end, ""))
        elif local is not None and local.isdigit():
            old = int(local)
            if old in ours:
                edits.append((span.start, span.end, ""))
            elif renumber(old) != old:
                tag_end = span.text.index(">") + 1
                edits.append((span.start, span.start + tag_end, xt.set_attr(
                    span.text[:tag_end], "localSheetId", str(renumber(old)))))
    edits.append(_our_names(xml, new, first_new))
    edits += _view_edits(xml, ours, renumber, first_new + len(new), active_new)
    return xt.splice(xml, edits)


def _new_sheet_tags(xml: str, entries: list[SheetEntry], new: list[NewSheet]) -> tuple:
    """The edit inserting the new ``<sheet>`` elements before ``</sheets>``."""
    box = xt.element(xml, "sheets")
    p = xt.prefix_of(box)
    r = _rel_prefix(xml, box)
    next_id = max((s.sheet_id for s in entries), default=0) + 1
    tags = []
    for k, sheet in enumerate(new):
        rattr = f'{r}:id="{sheet.rid}"' if r else f'r:id="{sheet.rid}" xmlns:r="{R_DOC}"'
        tags.append(f'<{p}sheet name="{xt.escape(sheet.name, attr=True)}" '
                    f'sheetId="{next_id + k}" {rattr}/>')
    close = box.start + box.text.rindex("</")
    return close, close, "".join(tags)


def _rel_prefix(xml: str, sheets_box: xt.Span) -> str | None:
    """The prefix bound to the relationships namespace where new <sheet> elements go (on
    <workbook> or <sheets>). openpyxl declares ``xmlns:r`` on each <sheet> instead, so a
    prefix declared anywhere in the part is not enough; None → declare it on each new one."""
    return xt.prefix_in_scope([xt.element(xml, "workbook"), sheets_box], R_DOC)


def _our_names(xml: str, new: list[NewSheet], first_new: int) -> tuple:
    """The edit adding each new sheet's hidden marker, print titles (and autofilter) defined
    names."""
    p = xt.prefix_of(xt.element(xml, "workbook"))
    tags = []
    for k, sheet in enumerate(new):
        ref = "'" + sheet.name.replace("'", "''") + "'!"
        tags.append(f'<{p}definedName name="{sheet.spec.marker}" hidden="1">'
                    f"{xt.escape(ref)}$A$1</{p}definedName>")
        # print titles: the header row on every printed page (local to the sheet, as Excel
        # writes it; removed with the sheet by the localSheetId rule above on the next run)
        if sheet.spec.header_rows:
            tags.append(f'<{p}definedName name="_xlnm.Print_Titles" '
                        f'localSheetId="{first_new + k}">'
                        f"{xt.escape(print_titles_ref(sheet.name, sheet.spec.header_rows))}"
                        f"</{p}definedName>")
        if sheet.spec.filter_rows:
            rng = "$" + filter_ref(sheet.spec).replace(":", ":$")
            rng = re.sub(r"([A-Z]+)(\d+)", r"\1$\2", rng)
            tags.append(f'<{p}definedName name="_xlnm._FilterDatabase" '
                        f'localSheetId="{first_new + k}" hidden="1">'
                        f"{xt.escape(ref)}{rng}</{p}definedName>")
    box = xt.element(xml, "definedNames")
    rng = xt.inner(box) if box else None
    if rng:
        return rng[1], rng[1], "".join(tags)
    if box:  # <definedNames/>
        return box.start, box.end, f"<{p}definedNames>{''.join(tags)}</{p}definedNames>"
    pos = next((s.start for later in _AFTER_DEFINED_NAMES
                if (s := xt.element(xml, later)) is not None), xml.rindex(f"</{p}workbook"))
    return pos, pos, f"<{p}definedNames>{''.join(tags)}</{p}definedNames>"


def _view_edits(xml, ours, renumber, total, active_new) -> list:
    """``activeTab`` and ``firstSheet`` of every workbook view, renumbered."""
    edits = []
    for view in xt.elements(xml, "workbookView"):
        tag_end = view.text.index(">") + 1
        tag = view.text[:tag_end]
        a = view.attrs
        for attr in ("activeTab", "firstSheet"):
            if attr not in a or not a[attr].isdigit():
                continue
            old = int(a[attr])
            if attr == "activeTab" and active_new is not None:
                new = active_new
            elif old in ours:  # a removed sheet: the one that now sits in its place
                new = min(renumber(old), total - 1)
            else:
                new = renumber(old)
            if new != old:
                tag = xt.set_attr(tag, attr, str(new))
        if tag != view.text[:tag_end]:
            edits.append((view.start, view.start + tag_end, tag))
    return edits


# --------------------------------------------------------------------------- small helpers


def _is_variant(name: str, base: str) -> bool:
    """``name`` is ``base`` or ``base(2)``, ``base(3)`` …"""
    return re.fullmatch(re.escape(base) + r"(\(\d+\))?", name) is not None
