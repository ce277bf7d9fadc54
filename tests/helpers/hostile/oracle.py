""""Nothing lost": is a workbook on disk exactly its old version, or its old version plus
perfxl's result sheets?

The new version may differ from the old only where the splice is allowed to write (the
workbook part, its relationships, ``[Content_Types].xml``, ``docProps/app.xml``, the styles
part) and by added worksheet parts. Every other part must be byte-identical once inflated, and
calamine must read every original sheet with exactly the same cells.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from perfxl.write.sheets import FINDINGS_SHEET, SCORES_SHEET

OLD, NEW = "old", "new"
SPLICE_EDITS = {"[content_types].xml", "docprops/app.xml", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
RESULT_SHEETS = {FINDINGS_SHEET, SCORES_SHEET}


def sheets_of(data: bytes) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in wb.sheet_names}


def version(old: bytes, now: bytes, *, cells: bool = True) -> str:
    """``OLD`` or ``NEW``; AssertionError (with the reason) when ``now`` is neither.

    ``cells=False`` skips reading the sheets with calamine (for hostile packages whose sheets
    calamine cannot or should not load); the part-by-part comparison still applies."""
    if now == old:
        return OLD
    assert now[:2] == b"PK", f"not a package any more ({len(now)} bytes)"
    with zipfile.ZipFile(io.BytesIO(old)) as zo, zipfile.ZipFile(io.BytesIO(now)) as zn:
        new_names = set(zn.namelist())
        for name in zo.namelist():
            if name.lower() in SPLICE_EDITS:
                assert name in new_names, f"{name} was removed"
                continue
            assert name in new_names, f"{name} was lost"
            assert zo.read(name) == zn.read(name), f"{name} changed"
        for name in new_names - set(zo.namelist()):
            low = name.lower()
            assert low.startswith("xl/worksheets/"), f"unexpected new part {name}"
    names_before = list(CalamineWorkbook.from_filelike(io.BytesIO(old)).sheet_names)
    names_after = list(CalamineWorkbook.from_filelike(io.BytesIO(now)).sheet_names)
    assert names_after[: len(names_before)] == names_before, (names_before, names_after)
    assert set(names_after[len(names_before):]) == RESULT_SHEETS, names_after
    if cells:
        before, after = sheets_of(old), sheets_of(now)
        for name, rows in before.items():
            assert after[name] == rows, f"cells of {name} changed"
    return NEW


def readable(path: Path) -> list[str]:
    """Sheet names as calamine sees them (raises if the file cannot be read)."""
    return list(CalamineWorkbook.from_path(str(path)).sheet_names)
