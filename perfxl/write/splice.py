"""Insert perfxl's result sheets into an existing .xlsx/.xlsm at the package level.

Only these parts change: the workbook part (:mod:`~perfxl.write.workbook_part`), its
relationships and ``[Content_Types].xml`` (:mod:`~perfxl.write.rels_and_types`),
``docProps/app.xml`` (:mod:`~perfxl.write.app_part`) and the styles part (appended to,
:mod:`~perfxl.write.styles_part`). Every other member is copied with its compressed bytes
untouched. Parts are found through relationships (``_rels/.rels`` → officeDocument → its rels),
never by fixed names; XML is edited as text so prefixes, ``mc:Ignorable`` and unknown extensions
survive.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from perfxl.ooxml import Package, PackageError, rels_name, relative_target, resolve_target
from perfxl.write import app_part
from perfxl.write import workbook_part as wbp
from perfxl.write import xmltext as xt
from perfxl.write.package import write_package
from perfxl.write.rels_and_types import edit_content_types, edit_relationships
from perfxl.write.sheets import STYLES, SheetSpec, sheet_xml
from perfxl.write.styles_part import MINIMAL_STYLES, StylesError, append_styles

R_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
T_OFFICE_DOC = R_DOC + "/officeDocument"
T_STRICT_DOC = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
T_WORKSHEET = R_DOC + "/worksheet"
T_STYLES = R_DOC + "/styles"
T_CALC_CHAIN = R_DOC + "/calcChain"
T_APP = R_DOC + "/extended-properties"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
BOM = b"\xef\xbb\xbf"
WORKBOOK_CTS = ("spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml",
                "spreadsheetml.template.main+xml", "ms-excel.template.macroEnabled.main+xml")


class SpliceError(Exception):
    """The workbook cannot be written into safely; ``str(e)`` is a Chinese sentence."""


@dataclass
class SpliceResult:
    data: bytes
    sheet_names: list[str]  # the names our sheets got, in spec order
    removed: list[str] = field(default_factory=list)  # names of earlier perfxl sheets replaced
    changed_parts: list[str] = field(default_factory=list)  # members rewritten or added
    verbatim: list[str] = field(default_factory=list)  # members copied byte for byte
    source: Package | None = None  # the package they were copied from (for the self-check)


# --------------------------------------------------------------------------- the entry point


def splice_results(data: bytes, specs: list[SheetSpec]) -> SpliceResult:
    """The package ``data`` with ``specs`` added as new sheets (earlier perfxl sheets replaced)."""
    try:
        return _Splicer(Package.open(data)).run(specs)
    except (PackageError, StylesError, wbp.WorkbookPartError) as e:
        raise SpliceError(str(e)) from e


def _relationships(xml: str) -> list[dict[str, str]]:
    return [e.attrs for e in xt.elements(xml, "Relationship")]


class _Splicer:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.replace: dict[str, bytes] = {}
        self.remove: set[str] = set()
        self.add: list[tuple[str, bytes]] = []
        self._bom: set[str] = set()  # the parts read that begin with a byte-order mark
        root_rels = self._rels("")
        doc = [r for r in root_rels if r["Type"] in (T_OFFICE_DOC, T_STRICT_DOC)]
        if not doc:
            raise SpliceError("文件里找不到工作簿部件（_rels/.rels 没有 officeDocument 关系），不能写入")
        if doc[0]["Type"] == T_STRICT_DOC:
            raise SpliceError("这是“严格 Open XML”格式的工作簿，perfxl 暂不支持写回；"
                              "请在 Excel 中另存为普通的 .xlsx 后再运行")
        self.wb_part = self._member(resolve_target("", doc[0]["Target"]))
        self.app_part = next((self._member_or_none(resolve_target("", r["Target"]))
                              for r in root_rels if r["Type"] == T_APP), None)
        self.wb_rels_part = self._member_or_none(rels_name(self.wb_part)) or rels_name(
            self.wb_part)
        self.ct_part = self._member("[Content_Types].xml")
        self.ct_xml = self._text(self.ct_part)
        if not any(ct in self.ct_xml for ct in WORKBOOK_CTS):
            raise SpliceError("工作簿的内容类型不是 Excel 工作簿，不能写入")
        self.wb_xml = self._text(self.wb_part)
        if not pkg.has(self.wb_rels_part):
            raise SpliceError("工作簿缺少关系部件，不能安全写入")
        self.rels_xml = self._text(self.wb_rels_part)
        self.wb_rels = {r["Id"]: r for r in _relationships(self.rels_xml)}

    # ------------------------------------------------------------------ helpers

    def _member(self, name: str) -> str:
        real = self.pkg.find(name)
        if real is None:
            raise SpliceError(f"工作簿缺少部件 {name}，不能安全写入")
        return real

    def _text(self, part: str) -> str:
        """A part as text, as :meth:`Package.text` gives it; whether it began with a byte-order
        mark is kept for :meth:`_put`, so a part edited is inflated once."""
        raw = self.pkg.read_xml(part)
        if raw.startswith(BOM):
            self._bom.add(part)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise PackageError(f"工作簿部件 {part} 不是 UTF-8 编码的 XML，不能安全修改") from e

    def _put(self, part: str, text: str) -> None:
        """Replace the part with ``text``: UTF-8, with the byte-order mark again if it had one."""
        self.replace[part] = (BOM if part in self._bom else b"") + text.encode("utf-8")

    def _member_or_none(self, name: str) -> str | None:
        return self.pkg.find(name)

    def _rels(self, part: str) -> list[dict[str, str]]:
        name = rels_name(part) if part else "_rels/.rels"
        if not self.pkg.has(name):
            return []
        return _relationships(self.pkg.text(name))

    def _rel_target(self, rel: dict[str, str]) -> str | None:
        if rel.get("TargetMode") == "External":
            return None
        return self._member_or_none(resolve_target(self.wb_part, rel["Target"]))

    # ------------------------------------------------------------------ the steps

    def run(self, specs: list[SheetSpec]) -> SpliceResult:
        wbp.refuse_protected(self.wb_xml)
        sheets = wbp.sheets(self.wb_xml)
        names = wbp.defined_names(self.wb_xml)
        worksheets = {i for i, r in self.wb_rels.items() if r["Type"] == T_WORKSHEET}
        ours = wbp.earlier_results(sheets, names, worksheets)
        kept = [s for s in sheets if s.index not in ours]
        new_names = wbp.free_names([s.name for s in kept], [sp.name for sp in specs])
        active_new = wbp.active_after(self.wb_xml, sheets, ours, specs, len(kept))

        removed_sheets = [s for s in sheets if s.index in ours]
        self._remove_sheet_parts(removed_sheets)
        xf = self._styles({st for sp in specs for st in sp.styles})
        parts = self._new_part_names(len(specs))
        rids = self._new_rids(len(specs))
        for k, (spec, part) in enumerate(zip(specs, parts)):
            self.add.append((part, sheet_xml(spec, xf, selected=(active_new == len(kept) + k))))
        new = [wbp.NewSheet(spec, name, rid) for spec, name, rid in zip(specs, new_names, rids)]
        self._put(self.wb_part,
                  wbp.edit(self.wb_xml, sheets, ours, names, new, active_new))
        self._edit_rels(removed_sheets, parts, rids)
        self._edit_content_types(parts)
        self._edit_app([s.name for s in sheets], [s.name for s in kept] + new_names)
        out = write_package(self.pkg, self.replace, self.remove, self.add)
        verbatim = [n for n in self.pkg.names if n not in self.replace and n not in self.remove]
        return SpliceResult(out, new_names, [s.name for s in removed_sheets],
                            sorted(self.replace) + [n for n, _ in self.add], verbatim,
                            self.pkg)

    def _new_part_names(self, n: int) -> list[str]:
        folder = posixpath.join(posixpath.dirname(self.wb_part), "worksheets")
        taken = {m.lower() for m in self.pkg.names if m not in self.remove}  # reuse ours
        out, k = [], 1
        while len(out) < n:
            name = posixpath.join(folder, f"sheet{k}.xml").lstrip("/")
            if name.lower() not in taken:
                out.append(name)
                taken.add(name.lower())
            k += 1
        return out

    def _new_rids(self, n: int) -> list[str]:
        taken = set(self.wb_rels)
        out, k = [], 1
        while len(out) < n:
            if f"rId{k}" not in taken:
                out.append(f"rId{k}")
                taken.add(f"rId{k}")
            k += 1
        return out

    # ------------------------------------------------------------------ styles

    def _styles(self, used: set[str]) -> dict[str, int]:
        rel = next((r for r in self.wb_rels.values() if r["Type"] == T_STYLES), None)
        part = self._rel_target(rel) if rel else None
        if part is None:
            part = posixpath.join(posixpath.dirname(self.wb_part), "styles.xml")
            if self.pkg.has(part):
                raise SpliceError("工作簿的样式部件关系缺失，不能安全写入")
            self._new_styles = (part, self._new_rids(1)[0])
            text, xf = append_styles(MINIMAL_STYLES, {n: STYLES[n] for n in used})
            self.add.append((part, text.encode("utf-8")))
            self.wb_rels[self._new_styles[1]] = {"Id": self._new_styles[1], "Type": T_STYLES}
            return xf
        self._new_styles = None
        xml = self._text(part)
        text, xf = append_styles(xml, {n: STYLES[n] for n in used})
        if text != xml:
            self._put(part, text)
        return xf

    # ------------------------------------------------------------------ removal

    def _remove_sheet_parts(self, removed: list[wbp.SheetEntry]) -> None:
        self._drop_calc_chain = False
        for s in removed:
            part = self._rel_target(self.wb_rels[s.rid])
            if part is None:
                continue
            self.remove.add(part)
            if re.search(r"<(?:[\w.-]+:)?f[\s>/]", self.pkg.text(part)):
                self._drop_calc_chain = True  # the user typed formulas into our sheet
            rels = self.pkg.find(rels_name(part))
            if rels:
                self.remove.add(rels)
        if self._drop_calc_chain:
            # calcChain would name cells of a sheet that no longer exists; Excel rebuilds it.
            for rel in self.wb_rels.values():
                if rel["Type"] == T_CALC_CHAIN and self._rel_target(rel):
                    self.remove.add(self._rel_target(rel))

    # ------------------------------------------------------------------ rels, content types, app

    def _edit_rels(self, removed: list[wbp.SheetEntry], parts: list[str],
                   rids: list[str]) -> None:
        gone = {s.rid for s in removed}
        if self._drop_calc_chain:
            gone |= {i for i, r in self.wb_rels.items() if r["Type"] == T_CALC_CHAIN}
        new = [(rid, T_WORKSHEET, relative_target(self.wb_part, part))
               for rid, part in zip(rids, parts)]
        if self._new_styles:
            part, rid = self._new_styles
            new.append((rid, T_STYLES, relative_target(self.wb_part, part)))
        self._put(self.wb_rels_part, edit_relationships(self.rels_xml, gone, new))

    def _edit_content_types(self, parts: list[str]) -> None:
        new = [(part, CT_WORKSHEET) for part in parts]
        if self._new_styles:
            new.append((self._new_styles[0], CT_STYLES))
        self._put(self.ct_part, edit_content_types(self.ct_xml, self.remove, new))

    def _edit_app(self, old_names: list[str], new_names: list[str]) -> None:
        """Update the sheet titles in docProps/app.xml when its worksheet group lists exactly
        sheets of the workbook; otherwise leave it alone (Excel rewrites it on save anyway)."""
        if self.app_part is None:
            return
        try:
            xml = self._text(self.app_part)
        except PackageError:
            return
        edited = app_part.edit_titles(xml, old_names, new_names)
        if edited is not None and edited != xml:
            self._put(self.app_part, edited)
