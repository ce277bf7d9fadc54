"""Insert perfxl's result sheets into an existing .xlsx/.xlsm at the package level.

Only these parts change: the workbook part, its relationships, ``[Content_Types].xml``,
``docProps/app.xml`` (sheet titles, when it lists them consistently) and the styles part
(appended to). Every other member is copied with its compressed bytes untouched. Parts are
found through relationships (``_rels/.rels`` → officeDocument → its rels), never by fixed names;
XML is edited as text so prefixes, ``mc:Ignorable`` and unknown extensions survive.

New sheets go at the END of ``<sheets>`` and are not selected, so ``activeTab`` and every
``localSheetId`` keep meaning what they meant. Sheets an earlier run wrote (recognised by the
hidden marker names, see :mod:`perfxl.write.sheets`) are removed first, with ``localSheetId``,
``activeTab`` and ``firstSheet`` renumbered — correct wherever the user moved them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from perfxl.write import xmltext as xt
from perfxl.write.package import (Package, PackageError, rels_name, relative_target,
                                  resolve_target, write_package)
from perfxl.write.sheets import (FINDINGS_SHEET, MARKER_FINDINGS, MARKER_SCORES, SCORES_SHEET,
                                 STYLES, SheetSpec, filter_ref, sheet_xml)
from perfxl.write.styles_part import StylesEditor, StylesError

R_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
T_OFFICE_DOC = R_DOC + "/officeDocument"
T_STRICT_DOC = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
T_WORKSHEET = R_DOC + "/worksheet"
T_STYLES = R_DOC + "/styles"
T_CALC_CHAIN = R_DOC + "/calcChain"
T_APP = R_DOC + "/extended-properties"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
WORKBOOK_CTS = ("spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml",
                "spreadsheetml.template.main+xml", "ms-excel.template.macroEnabled.main+xml")
MAX_SHEET_NAME = 31
# Children of <workbook> that come after <definedNames> in schema order.
_AFTER_DEFINED_NAMES = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                        "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects",
                        "extLst")
_MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")


class SpliceError(Exception):
    """The workbook cannot be written into safely; ``str(e)`` is a Chinese sentence."""


@dataclass
class SheetEntry:
    index: int
    span: xt.Span
    name: str
    sheet_id: int
    rid: str | None


@dataclass
class SpliceResult:
    data: bytes
    sheet_names: list[str]  # the names our sheets got, in spec order
    removed: list[str] = field(default_factory=list)  # names of earlier perfxl sheets replaced
    changed_parts: list[str] = field(default_factory=list)  # members rewritten or added
    verbatim: list[str] = field(default_factory=list)  # members copied byte for byte


# --------------------------------------------------------------------------- the entry point


def splice_results(data: bytes, specs: list[SheetSpec]) -> SpliceResult:
    """The package ``data`` with ``specs`` added as new sheets (earlier perfxl sheets replaced)."""
    try:
        return _Splicer(Package.open(data)).run(specs)
    except (PackageError, StylesError) as e:
        raise SpliceError(str(e)) from e


class _Splicer:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.replace: dict[str, bytes] = {}
        self.remove: set[str] = set()
        self.add: list[tuple[str, bytes]] = []
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
        self.ct_xml = pkg.text(self.ct_part)
        if not any(ct in self.ct_xml for ct in WORKBOOK_CTS):
            raise SpliceError("工作簿的内容类型不是 Excel 工作簿，不能写入")
        self.wb_xml = pkg.text(self.wb_part)
        self.rels_xml = pkg.text(self.wb_rels_part) if pkg.has(self.wb_rels_part) else None
        if self.rels_xml is None:
            raise SpliceError("工作簿缺少关系部件，不能安全写入")
        self.wb_rels = {r["Id"]: r for r in self._rels(self.wb_part)}

    # ------------------------------------------------------------------ helpers

    def _member(self, name: str) -> str:
        real = self.pkg.find(name)
        if real is None:
            raise SpliceError(f"工作簿缺少部件 {name}，不能安全写入")
        return real

    def _encode(self, part: str, text: str) -> bytes:
        """UTF-8, with the byte-order mark again if the part had one."""
        bom = b"\xef\xbb\xbf" if self.pkg.read(part)[:3] == b"\xef\xbb\xbf" else b""
        return bom + text.encode("utf-8")

    def _member_or_none(self, name: str) -> str | None:
        return self.pkg.find(name)

    def _rels(self, part: str) -> list[dict[str, str]]:
        name = rels_name(part) if part else "_rels/.rels"
        if not self.pkg.has(name):
            return []
        return [e.attrs for e in xt.elements(self.pkg.text(name), "Relationship")]

    def _rel_target(self, rel: dict[str, str]) -> str | None:
        if rel.get("TargetMode") == "External":
            return None
        return self._member_or_none(resolve_target(self.wb_part, rel["Target"]))

    # ------------------------------------------------------------------ the steps

    def run(self, specs: list[SheetSpec]) -> SpliceResult:
        self._refuse_protected()
        sheets = self._sheets()
        names = self._defined_names()
        ours = self._earlier_results(sheets, names)
        kept = [s for s in sheets if s.index not in ours]
        new_names = _free_names([s.name for s in kept], [sp.name for sp in specs])
        first_new = len(kept)
        active_new = self._views_after(sheets, ours, specs, new_names, first_new)

        removed_sheets = [s for s in sheets if s.index in ours]
        self._remove_sheet_parts(removed_sheets)
        xf = self._styles({st for sp in specs for st in sp.styles})
        parts = self._new_part_names(len(specs))
        rids = self._new_rids(len(specs))
        next_id = max((s.sheet_id for s in sheets), default=0) + 1
        new_sheet_tags = []
        sheets_box = xt.element(self.wb_xml, "sheets")
        p = xt.prefix_of(sheets_box)
        r = self._rel_prefix(sheets_box)
        for k, (spec, name, part, rid) in enumerate(zip(specs, new_names, parts, rids)):
            self.add.append((part, sheet_xml(spec, xf, selected=(active_new == first_new + k))))
            rattr = f'{r}:id="{rid}"' if r else f'r:id="{rid}" xmlns:r="{R_DOC}"'
            new_sheet_tags.append(f'<{p}sheet name="{xt.escape(name, attr=True)}" '
                                  f'sheetId="{next_id + k}" {rattr}/>')

        self._edit_workbook(sheets, ours, names, new_sheet_tags, specs, new_names, first_new,
                            active_new)
        self._edit_rels(removed_sheets, parts, rids)
        self._edit_content_types(parts)
        self._edit_app([s.name for s in sheets], [s.name for s in kept] + new_names)
        out = write_package(self.pkg, self.replace, self.remove, self.add)
        verbatim = [n for n in self.pkg.names if n not in self.replace and n not in self.remove]
        return SpliceResult(out, new_names, [s.name for s in removed_sheets],
                            sorted(self.replace) + [n for n, _ in self.add], verbatim)

    def _refuse_protected(self) -> None:
        prot = xt.element(self.wb_xml, "workbookProtection")
        if prot and prot.attrs.get("lockStructure") in ("1", "true"):
            raise SpliceError("工作簿结构受保护（不允许增删工作表），perfxl 不改动它")

    def _wb_prefix(self) -> str:
        return xt.prefix_of(xt.element(self.wb_xml, "workbook"))

    def _rel_prefix(self, sheets_box: xt.Span) -> str | None:
        """The prefix bound to the relationships namespace where new <sheet> elements go (on
        <workbook> or <sheets>). openpyxl declares ``xmlns:r`` on each <sheet> instead, so a
        prefix declared anywhere in the part is not enough; None → declare it on each new one."""
        return xt.prefix_in_scope([xt.element(self.wb_xml, "workbook"), sheets_box], R_DOC)

    def _sheets(self) -> list[SheetEntry]:
        box = xt.element(self.wb_xml, "sheets")
        rng = xt.inner(box) if box else None
        if rng is None:
            raise SpliceError("工作簿里没有工作表列表（sheets），不能安全写入")
        out = []
        for i, span in enumerate(xt.elements(self.wb_xml, "sheet", *rng)):
            a = span.attrs
            try:
                sheet_id = int(a.get("sheetId", "0"))
            except ValueError:
                raise SpliceError("工作簿的工作表编号（sheetId）不是数字，不能安全写入") from None
            out.append(SheetEntry(i, span, a.get("name", ""), sheet_id, xt.local_attr(a, "id")))
        return out

    def _defined_names(self) -> list[xt.Span]:
        box = xt.element(self.wb_xml, "definedNames")
        rng = xt.inner(box) if box else None
        return xt.elements(self.wb_xml, "definedName", *rng) if rng else []

    def _earlier_results(self, sheets: list[SheetEntry], names: list[xt.Span]) -> set[int]:
        """Indices of sheets an earlier run wrote: the marker points at them and they still carry
        our name (``校验结果`` or ``校验结果(2)`` …). A sheet the user renamed has been adopted:
        it stays, and its stale marker is dropped."""
        base = {MARKER_FINDINGS: FINDINGS_SHEET, MARKER_SCORES: SCORES_SHEET}
        by_name = {s.name: s for s in sheets}
        ours: set[int] = set()
        for span in names:
            a = span.attrs
            marker = a.get("name")
            if marker not in base or "localSheetId" in a:
                continue
            target = _ref_sheet(_text_of(span))
            sheet = by_name.get(target) if target else None
            if sheet and re.fullmatch(re.escape(base[marker]) + r"(\(\d+\))?", sheet.name):
                rel = self.wb_rels.get(sheet.rid or "")
                if rel and rel["Type"] == T_WORKSHEET:
                    ours.add(sheet.index)
        return ours

    def _views_after(self, sheets, ours, specs, new_names, first_new) -> int | None:
        """Where the active tab goes when it was on one of our earlier sheets: onto its
        replacement (which is then rendered selected). None when the active tab is the user's."""
        view = xt.element(self.wb_xml, "workbookView")
        active = int(view.attrs.get("activeTab", "0")) if view else 0
        if active not in ours:
            return None
        old = sheets[active].name
        for k, spec in enumerate(specs):
            if re.fullmatch(re.escape(spec.name) + r"(\(\d+\))?", old):
                return first_new + k
        return None

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
            text, xf = _edited_styles(_MINIMAL_STYLES, used)
            self.add.append((part, text.encode("utf-8")))
            self.wb_rels[self._new_styles[1]] = {"Id": self._new_styles[1], "Type": T_STYLES}
            return xf
        self._new_styles = None
        xml = self.pkg.text(part)
        text, xf = _edited_styles(xml, used)
        if text != xml:
            self.replace[part] = self._encode(part, text)
        return xf

    # ------------------------------------------------------------------ removal

    def _remove_sheet_parts(self, removed: list[SheetEntry]) -> None:
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

    # ------------------------------------------------------------------ workbook.xml

    def _edit_workbook(self, sheets, ours, names, new_sheet_tags, specs, new_names, first_new,
                       active_new) -> None:
        xml = self.wb_xml
        edits: list[tuple[int, int, str]] = []
        for s in sheets:
            if s.index in ours:
                edits.append((s.span.start, s.span.end, ""))
        sheets_box = xt.element(xml, "sheets")
        close = sheets_box.end - len(sheets_box.text) + sheets_box.text.rindex("</")
        edits.append((close, close, "".join(new_sheet_tags)))

        def renumber(i: int) -> int:
            return i - sum(1 for j in ours if j < i)

        for span in names:
            a = span.attrs
            local = a.get("localSheetId")
            if a.get("name") in (MARKER_FINDINGS, MARKER_SCORES) and local is None:
                edits.append((span.start, span.end, ""))
            elif local is not None and local.isdigit():
                old = int(local)
                if old in ours:
                    edits.append((span.start, span.end, ""))
                elif renumber(old) != old:
                    tag_end = span.text.index(">") + 1
                    edits.append((span.start, span.start + tag_end, xt.set_attr(
                        span.text[:tag_end], "localSheetId", str(renumber(old)))))
        p = self._wb_prefix()
        ours_names = []
        for k, (spec, name) in enumerate(zip(specs, new_names)):
            ref = "'" + name.replace("'", "''") + "'!"
            ours_names.append(f'<{p}definedName name="{spec.marker}" hidden="1">'
                              f"{xt.escape(ref)}$A$1</{p}definedName>")
            if spec.filter_rows:
                rng = "$" + filter_ref(spec).replace(":", ":$")
                rng = re.sub(r"([A-Z]+)(\d+)", r"\1$\2", rng)
                ours_names.append(f'<{p}definedName name="_xlnm._FilterDatabase" '
                                  f'localSheetId="{first_new + k}" hidden="1">'
                                  f"{xt.escape(ref)}{rng}</{p}definedName>")
        box = xt.element(xml, "definedNames")
        rng = xt.inner(box) if box else None
        if rng:
            edits.append((rng[1], rng[1], "".join(ours_names)))
        elif box:  # <definedNames/>
            edits.append((box.start, box.end, f"<{p}definedNames>{''.join(ours_names)}"
                                              f"</{p}definedNames>"))
        else:
            pos = next((s.start for later in _AFTER_DEFINED_NAMES
                        if (s := xt.element(xml, later)) is not None),
                       xml.rindex(f"</{p}workbook"))
            edits.append((pos, pos, f"<{p}definedNames>{''.join(ours_names)}</{p}definedNames>"))
        edits += self._view_edits(xml, ours, renumber, len(sheets) - len(ours) + len(specs),
                                  active_new)
        self.replace[self.wb_part] = self._encode(self.wb_part, xt.splice(xml, edits))

    def _view_edits(self, xml, ours, renumber, total, active_new) -> list:
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

    # ------------------------------------------------------------------ rels, content types, app

    def _edit_rels(self, removed: list[SheetEntry], parts: list[str], rids: list[str]) -> None:
        xml = self.rels_xml
        gone = {s.rid for s in removed}
        if self._drop_calc_chain:
            gone |= {i for i, r in self.wb_rels.items() if r["Type"] == T_CALC_CHAIN}
        edits = [(e.start, e.end, "") for e in xt.elements(xml, "Relationship")
                 if e.attrs.get("Id") in gone] if gone else []
        box = xt.element(xml, "Relationships")
        p = xt.prefix_of(box)
        new = [f'<{p}Relationship Id="{rid}" Type="{T_WORKSHEET}" '
               f'Target="{relative_target(self.wb_part, part)}"/>'
               for rid, part in zip(rids, parts)]
        if self._new_styles:
            part, rid = self._new_styles
            new.append(f'<{p}Relationship Id="{rid}" Type="{T_STYLES}" '
                       f'Target="{relative_target(self.wb_part, part)}"/>')
        close = box.start + box.text.rindex("</")
        edits.append((close, close, "".join(new)))
        self.replace[self.wb_rels_part] = self._encode(self.wb_rels_part, xt.splice(xml, edits))

    def _edit_content_types(self, parts: list[str]) -> None:
        xml = self.ct_xml
        gone = {"/" + n.lower() for n in self.remove}
        edits = [(e.start, e.end, "") for e in xt.elements(xml, "Override")
                 if e.attrs.get("PartName", "").lower() in gone] if gone else []
        box = xt.element(xml, "Types")
        p = xt.prefix_of(box)
        new = [f'<{p}Override PartName="/{part}" ContentType="{CT_WORKSHEET}"/>' for part in parts]
        if self._new_styles:
            new.append(f'<{p}Override PartName="/{self._new_styles[0]}" '
                       f'ContentType="{CT_STYLES}"/>')
        close = box.start + box.text.rindex("</")
        edits.append((close, close, "".join(new)))
        self.replace[self.ct_part] = self._encode(self.ct_part, xt.splice(xml, edits))

    def _edit_app(self, old_names: list[str], new_names: list[str]) -> None:
        """Update the sheet titles in docProps/app.xml when its worksheet group lists exactly
        sheets of the workbook; otherwise leave it alone (Excel rewrites it on save anyway)."""
        if self.app_part is None:
            return
        try:
            xml = self.pkg.text(self.app_part)
        except PackageError:
            return
        edited = _edit_app_titles(xml, old_names, new_names)
        if edited is not None and edited != xml:
            self.replace[self.app_part] = self._encode(self.app_part, edited)


# --------------------------------------------------------------------------- pure helpers


def _edited_styles(xml: str, used: set[str]) -> tuple[str, dict[str, int]]:
    """styles.xml with our cell formats appended, and each style's ``s=`` index."""
    editor = StylesEditor(xml)
    xf = {name: editor.add(STYLES[name]) for name in sorted(used)}
    return editor.result(), xf


def _text_of(span: xt.Span) -> str:
    rng = xt.inner(span)
    return "" if rng is None else xt.unescape(span.text[rng[0] - span.start:rng[1] - span.start])


def _ref_sheet(ref: str) -> str | None:
    """The sheet a reference like ``'校验结果'!$A$1`` or ``Sheet1!A1`` names."""
    ref = ref.strip().lstrip("=")
    m = re.match(r"'((?:[^']|'')+)'!", ref)
    if m:
        return m.group(1).replace("''", "'")
    m = re.match(r"([^'!]+)!", ref)
    return m.group(1) if m else None


def _free_names(existing: list[str], wanted: list[str]) -> list[str]:
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


def _edit_app_titles(xml: str, old_names: list[str], new_names: list[str]) -> str | None:
    hp, tp = xt.element(xml, "HeadingPairs"), xt.element(xml, "TitlesOfParts")
    if hp is None or tp is None:
        return None
    hp_vec, tp_vec = xt.element(xml, "vector", hp.start, hp.end), xt.element(xml, "vector",
                                                                               tp.start, tp.end)
    if hp_vec is None or tp_vec is None:
        return None
    variants = xt.elements(xml, "variant", hp_vec.start, hp_vec.end)
    items = xt.elements(xml, "lpstr", tp_vec.start, tp_vec.end)
    values = [_text_of(i) for i in items]
    old_set, pos, best = set(old_names), 0, None
    for k in range(0, len(variants) - 1, 2):
        count_el = xt.element(xml, "i4", variants[k + 1].start, variants[k + 1].end)
        if count_el is None or not _text_of(count_el).strip().isdigit():
            return None
        n = int(_text_of(count_el))
        group = values[pos:pos + n]
        fits = n and set(group) <= old_set and group == [x for x in old_names if x in set(group)]
        if fits and (best is None or n > best[1]):  # worksheets: the largest group of sheets
            best = (pos, n, count_el)
        pos += n
    if best is None or pos != len(items):
        return None
    pos, n, count_el = best
    # rewrite the worksheet group as the new sheet list, keeping existing items' text
    raw = {v: i.text for i, v in zip(items[pos:pos + n], values[pos:pos + n])}
    p = xt.prefix_of(items[pos])
    new_items = [raw.get(x, f"<{p}lpstr>{xt.escape(x)}</{p}lpstr>") for x in new_names
                 if x in raw or x not in old_set]
    new_n = len(new_items)
    edits = [(items[pos].start, items[pos + n - 1].end, "".join(new_items))]
    cp = xt.prefix_of(count_el)
    edits.append((count_el.start, count_el.end, f"<{cp}i4>{new_n}</{cp}i4>"))
    vec_tag_end = tp_vec.text.index(">") + 1
    if "size" in tp_vec.attrs:
        edits.append((tp_vec.start, tp_vec.start + vec_tag_end,
                      xt.set_attr(tp_vec.text[:vec_tag_end], "size", str(len(items) - n + new_n))))
    return xt.splice(xml, edits)
