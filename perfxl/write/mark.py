"""``perfxl run --mark``: an Excel note (comment) on each wrong cell, written losslessly.

A note needs three parts per worksheet: the comments part (:mod:`~perfxl.write.comments_part`),
the VML drawing that shows it (:mod:`~perfxl.write.vml_part`), and the worksheet's
``<legacyDrawing r:id>`` with the relationships. Parts a sheet already has are edited as text;
missing ones are added. Only the sheets that get or lose a note change, and in them only
``<legacyDrawing>`` is inserted; every other member keeps its bytes. perfxl's notes are those by
the author ``perfxl``: a re-run replaces them (one per cell), and notes anyone else wrote are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perfxl.findings import Finding, Severity
from perfxl.ooxml import Package, rels_name, relative_target, resolve_target
from perfxl.write import comments_part, vml_part
from perfxl.write import workbook_part as wbp
from perfxl.write import xmltext as xt
from perfxl.write.package import write_package
from perfxl.write.rels_and_types import edit_content_types, edit_relationships
from perfxl.write.splice import R_DOC, T_OFFICE_DOC, T_WORKSHEET

T_COMMENTS = R_DOC + "/comments"
T_VML = R_DOC + "/vmlDrawing"
NOTED = (Severity.ERROR, Severity.WARNING)
# worksheet children that come after <legacyDrawing> (ECMA-376 CT_Worksheet order)
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                 "webPublishItems", "tableParts", "extLst")


@dataclass
class Marked:
    data: bytes
    noted: int  # cells that carry a perfxl note now
    kept_staff: int  # wrong cells left without a note: someone else's note is there
    changed_parts: list[str] = field(default_factory=list)


def notes_of(findings: list[Finding]) -> dict[str, dict[str, str]]:
    """``sheet → cell → text`` of the errors and warnings that point at a cell (staff-waived
    ones left out); several findings on one cell make one note."""
    out: dict[str, dict[str, str]] = {}
    for f in findings:
        if f.severity not in NOTED or f.waived or not f.sheet or not f.cell:
            continue
        cell = f.cell.split(":")[0].replace("$", "")
        text = f"{f.severity.label}（{f.code}）{f.message}"
        if f.expected is not None:
            text += f"\n应为：{f.expected}"
        cells = out.setdefault(f.sheet, {})
        cells[cell] = f"{cells[cell]}\n\n{text}" if cell in cells else text
    return out


def mark(data: bytes, notes: dict[str, dict[str, str]]) -> Marked:
    """The package ``data`` with perfxl's notes of every worksheet replaced by ``notes``."""
    pkg = Package.open(data)
    return _Marker(pkg).run(notes)


class _Marker:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.replace: dict[str, bytes] = {}
        self.add: list[tuple[str, bytes]] = []
        self.new_types: list[tuple[str, str]] = []
        root = [r for r in self._rels("_rels/.rels") if r["Type"] == T_OFFICE_DOC]
        self.wb_part = pkg.find(resolve_target("", root[0]["Target"]))
        self.wb_rels = {r["Id"]: r for r in self._rels(rels_name(self.wb_part))}
        self.taken = {n.lower() for n in pkg.names}
        self.blocks = set()
        for name in pkg.names:
            if name.lower().endswith(".vml"):
                self.blocks |= vml_part.idmap_blocks(pkg.text(name))

    def _rels(self, name: str) -> list[dict[str, str]]:
        if not self.pkg.has(name):
            return []
        return [e.attrs for e in xt.elements(self.pkg.text(name), "Relationship")]

    def _text(self, part: str) -> str:
        if part in self.replace:
            return self.replace[part].decode("utf-8")
        return self.pkg.text(part)

    def _put(self, part: str, text: str) -> None:
        bom = b"\xef\xbb\xbf" if self.pkg.read(part)[:3] == b"\xef\xbb\xbf" else b""
        self.replace[part] = bom + text.encode("utf-8")

    def _free(self, pattern: str) -> str:
        k = 1
        while pattern.format(k).lower() in self.taken:
            k += 1
        self.taken.add(pattern.format(k).lower())
        return pattern.format(k)

    def run(self, notes: dict[str, dict[str, str]]) -> Marked:
        noted = kept = 0
        for entry in wbp.sheets(self.pkg.text(self.wb_part)):
            rel = self.wb_rels.get(entry.rid or "")
            if rel is None or rel["Type"] != T_WORKSHEET or rel.get("TargetMode") == "External":
                continue
            part = self.pkg.find(resolve_target(self.wb_part, rel["Target"]))
            if part is None:
                continue
            wanted = notes.get(entry.name, {})
            n, k = self._sheet(part, wanted)
            noted, kept = noted + n, kept + k
        if not self.replace and not self.add:
            return Marked(self.pkg.data, noted, kept)
        ct_part = self.pkg.find("[Content_Types].xml")
        ct = self._text(ct_part)
        ct = edit_content_types(ct, set(), self.new_types)
        if 'Extension="vml"' not in ct and any(n.endswith(".vml") for n, _ in self.add):
            ct = _add_default(ct, "vml", vml_part.CONTENT_TYPE)
        self._put(ct_part, ct)
        out = write_package(self.pkg, self.replace, set(), self.add)
        return Marked(out, noted, kept, sorted(self.replace) + [n for n, _ in self.add])

    def _sheet(self, part: str, wanted: dict[str, str]) -> tuple[int, int]:
        rels_part = rels_name(part)
        rels = self._rels(rels_part)
        comments = next((self.pkg.find(resolve_target(part, r["Target"])) for r in rels
                         if r["Type"] == T_COMMENTS), None)
        vml = next((self.pkg.find(resolve_target(part, r["Target"])) for r in rels
                    if r["Type"] == T_VML), None)
        if comments is None and not wanted:
            return 0, 0  # nothing of ours there, nothing to add
        old_xml = self._text(comments) if comments else comments_part.new_part()
        ours_before = set(comments_part.cells_of(old_xml, comments_part.AUTHOR))
        new_xml, noted = comments_part.edit(old_xml, wanted)
        if comments and new_xml == old_xml:
            return len(noted), len(wanted) - len(noted)
        new_rels = []
        if comments:
            self._put(comments, new_xml)
        else:
            comments = self._free("xl/comments{}.xml")
            self.add.append((comments, new_xml.encode("utf-8")))
            self.new_types.append((comments, comments_part.CONTENT_TYPE))
            new_rels.append((T_COMMENTS, relative_target(part, comments)))
        if vml:
            self._put(vml, vml_part.edit(self._text(vml), ours_before, noted))
        else:
            vml = self._free("xl/drawings/vmlDrawing{}.vml")
            block = max(self.blocks | {0}) + 1
            self.blocks.add(block)
            self.add.append((vml, vml_part.edit(vml_part.new_part(block), set(), noted)
                             .encode("utf-8")))
            new_rels.append((T_VML, relative_target(part, vml)))
        if new_rels:
            self._link(part, rels_part, rels, new_rels)
        return len(noted), len(wanted) - len(noted)

    def _link(self, part: str, rels_part: str, rels: list[dict], new: list[tuple[str, str]]):
        """Relationships from the sheet to its new parts, and <legacyDrawing> for a new VML."""
        taken = {r["Id"] for r in rels}
        ids = []
        for _ in new:
            k = 1
            while f"rId{k}" in taken:
                k += 1
            taken.add(f"rId{k}")
            ids.append(f"rId{k}")
        entries = [(rid, rtype, target) for rid, (rtype, target) in zip(ids, new)]
        if self.pkg.has(rels_part):
            self._put(rels_part, edit_relationships(self._text(rels_part), set(), entries))
        else:
            body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>'
                           for i, t, g in entries)
            xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                   f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}'
                   '</Relationships>')
            self.add.append((rels_part, xml.encode("utf-8")))
            self.taken.add(rels_part.lower())
        vml_rid = next((rid for rid, (rtype, _) in zip(ids, new) if rtype == T_VML), None)
        if vml_rid:
            self._put(part, _with_legacy_drawing(self._text(part), vml_rid))


def _with_legacy_drawing(sheet: str, rid: str) -> str:
    """The worksheet with ``<legacyDrawing r:id>`` in its schema position."""
    root = xt.element(sheet, "worksheet")
    p = xt.prefix_of(root)
    r = xt.prefix_in_scope([root], R_DOC)
    attr = f'{r}:id="{rid}"' if r else f'xmlns:r="{R_DOC}" r:id="{rid}"'
    tag = f"<{p}legacyDrawing {attr}/>"
    for name in _AFTER_LEGACY:
        after = xt.element(sheet, name)
        if after is not None:
            return sheet[:after.start] + tag + sheet[after.start:]
    close = sheet.rindex("</")
    return sheet[:close] + tag + sheet[close:]


def _add_default(ct: str, extension: str, content_type: str) -> str:
    box = xt.element(ct, "Types")
    p = xt.prefix_of(box)
    close = box.start + box.text.rindex("</")
    return (ct[:close] + f'<{p}Default Extension="{extension}" ContentType="{content_type}"/>'
            + ct[close:])

