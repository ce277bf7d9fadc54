"""What calamine does not tell, for every sheet of an .xlsx/.xlsm package: per-cell percent
formats, formulas without a cached value, error values, and the range calamine will allocate.

The package is opened, read and parsed by :mod:`perfxl.ooxml` (its limits, its refusal of
DTDs and entities, its one :class:`~perfxl.ooxml.PackageError`); the workbook's sheets and
styles are found through the relationships, never by fixed names; each sheet's bytes are
scanned by :mod:`perfxl.read.sheetscan`.

.xls/.xlsb/.ods have no such metadata here: the reader falls back to context (see
``cells.py``).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from perfxl.ooxml import Package, local_name
from perfxl.read.sheetscan import SheetMeta, SheetScanner, cells_span, sheet_extent

__all__ = ["MAX_CELLS", "SheetMeta", "percent_styles", "scan_package"]

MAX_CELLS = 20_000_000
"""Largest rows × columns range handed to calamine (about 32 bytes per cell)."""

PERCENT_BUILTIN_FORMATS = {9, 10}


def scan_package(pkg: Package, main: str | None = None,
                 workbook_root: Element | None = None) -> dict[str, SheetMeta]:
    """Sheet name → :class:`SheetMeta` for the workbook part ``main`` (default: the package's
    own; ``workbook_root``: that part already parsed). Raises
    :class:`~perfxl.ooxml.PackageError`.

    The parts calamine will inflate (shared strings, every sheet) are read here first, within
    the package limits, so an unsafe one is refused before calamine sees it."""
    main = main or pkg.workbook_part() or "xl/workbook.xml"
    rels = pkg.relationships(main)
    sheets = pkg.sheet_parts(main, rels, workbook_root)
    shared_strings = [n for n in pkg.names if n.lower().endswith("sharedstrings.xml")]
    styles = next((rel.target for rel in rels if rel.type.endswith("/styles")), "xl/styles.xml")
    scanner = SheetScanner(percent_styles(pkg, styles))
    part_sheet = {part: sheet for sheet, part in sheets.items() if pkg.has(part)}  # real names
    scanned: dict[str, SheetMeta] = {}
    for part, xml in pkg.read_each(shared_strings + list(part_sheet)):
        if part in part_sheet:
            span = cells_span(xml)
            scanned[part] = meta = scanner.scan(xml, span)
            rows, cols, meta.last_cell = sheet_extent(xml, MAX_CELLS, span)
            meta.extent = (rows, cols)
    return {sheet: scanned.get(part) or SheetMeta() for sheet, part in sheets.items()}


def percent_styles(pkg: Package, styles_part: str | None = "xl/styles.xml") -> set[int]:
    """Indices into cellXfs whose number format shows a percent."""
    if styles_part is None or not pkg.has(styles_part):
        return set()
    root = pkg.xml(styles_part)
    percent_formats = set(PERCENT_BUILTIN_FORMATS)
    cell_xfs = []
    for el in root.iter():  # one walk: the formats, and the cell styles to match after it
        name = local_name(el.tag)
        if name == "numFmt":
            code = re.sub(r'"[^"]*"|\\.', "", el.get("formatCode", ""))  # drop literal text
            if "%" in code:
                percent_formats.add(_int(el.get("numFmtId")))
        elif name == "cellXfs":
            cell_xfs.append(el)
    styles: set[int] = set()
    for el in cell_xfs:
        xfs = [xf for xf in el if local_name(xf.tag) == "xf"]
        styles.update(i for i, xf in enumerate(xfs) if _int(xf.get("numFmtId")) in percent_formats)
    return styles


def _int(s: str | None) -> int:
    try:
        return int(s or "")
    except ValueError:
        return -1
