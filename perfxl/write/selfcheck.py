"""A structural self-check of an OOXML workbook package perfxl wrote, run before any replace.

It checks what would make Excel/WPS refuse or "repair" the file: the zip opens (through
:mod:`perfxl.ooxml`: member names safe and unique) and its CRCs hold — a member the writer says
it copied verbatim, when the source package is given, by being stored exactly as in the source
(name, CRC, sizes, method and compressed bytes), so it is not inflated again; every XML part
parses (with defusedxml — no entities, no DTDs; a verbatim member is the source's own bytes and
only the ones the checks read as trees are parsed); every internal relationship target exists; every part has a content type; sheet names are unique, valid and at
most 31 characters; sheet ids and relationship ids are unique; the styles lists' ``count``
attributes match and every ``s=`` in a worksheet names an existing cell format; each
``localSheetId`` and ``activeTab`` is in range.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Collection

from perfxl.ooxml import (CONTENT_TYPES, MAIN_NS, REL_NS, ContentTypes, Package, PackageError,
                          check_xml, content_types_in, parse_xml, relationships_in, rels_name,
                          source_part)
from perfxl.write.package import stored_bytes

M = "{" + MAIN_NS + "}"
R = "{" + REL_NS + "}"
T_DOC = REL_NS + "/officeDocument"
T_STYLES = REL_NS + "/styles"
T_SHEET = REL_NS + "/worksheet"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")
_S_ATTR = re.compile(rb'<(?:\w+:)?(?:c|row)\s[^>]*?\ss="(\d+)"')
_ANY_S = re.compile(rb's="(\d+)"')  # every s="n" of the text: those of _S_ATTR and more
_LIST_NAMES = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs")


def check_package(data: bytes, *, verbatim: Collection[str] = (),
                  source: Package | None = None) -> list[str]:
    """Problems found (Chinese sentences); an empty list means the package looks sound.

    ``verbatim`` names members copied byte for byte from the source (the writer never touched
    them): their XML is not parsed again unless a check below needs it as a tree
    (relationships, content types, the workbook and its styles). Without it every XML part is
    parsed. ``source``: the package they were copied from; a verbatim member stored exactly as
    there is known sound without inflating it (else it is inflated and its CRC checked, as
    every other member is).
    """
    try:
        pkg = Package.open(data)  # member names checked: none outside, none given twice
        copied = _stored_as_in(pkg, source, verbatim) if source is not None else set()
        contents = _Contents(pkg, copied)  # CRCs verified, but of members stored as in source
    except PackageError as e:
        return [f"写出的文件不是有效的 zip 包或部件已损坏：{e}"]
    parsed = _Parsed(pkg, contents, set(verbatim))
    if parsed.errors:
        return parsed.errors
    types = content_types_in(parsed.trees[CONTENT_TYPES]) if CONTENT_TYPES in parsed.trees \
        else None
    problems = _check_content_types(pkg.names, types)
    problems += _check_relationships(pkg, parsed.rels)
    if parsed.wb_part is None:
        return problems + ["找不到工作簿部件"]
    problems += _check_workbook(parsed, contents, set(verbatim), types or ContentTypes())
    return problems


def _stored_as_in(pkg: Package, source: Package, verbatim: Collection[str]) -> set[str]:
    """The verbatim members of ``pkg`` stored exactly as in ``source``: the same name in the
    local header, CRC, sizes, method and compressed bytes — the source's member, whose
    soundness the write did not change."""
    if pkg.data is None or source.data is None:
        return set()
    same = set()
    for name in verbatim:
        if not source.has(name) or not pkg.has(name):
            continue
        out, src = pkg.zf.getinfo(pkg.find(name)), source.zf.getinfo(source.find(name))
        if (out.CRC, out.file_size, out.compress_size, out.compress_type) != \
                (src.CRC, src.file_size, src.compress_size, src.compress_type):
            continue
        try:
            local_name, stored = stored_bytes(pkg.data, out)
            src_stored = stored_bytes(source.data, src)[1]
        except (PackageError, struct.error):
            continue  # inflated below, where the fault is reported
        if stored == src_stored and local_name == out.orig_filename.encode(
                "utf-8" if out.flag_bits & 0x800 else "cp437", "replace"):
            same.add(name)
    return same


class _Contents(dict):
    """Member name → inflated bytes (CRC checked): every member not in ``copied`` at once, a
    copied one only when a check reads it."""

    def __init__(self, pkg: Package, copied: set[str]):
        super().__init__((n, pkg.read(n)) for n in pkg.names if n not in copied)
        self.pkg = pkg

    def __missing__(self, name: str) -> bytes:
        self[name] = self.pkg.read(name)
        return self[name]


class _Parsed:
    """Every XML part the checks read as a tree (relationships, content types, the workbook
    and its styles), and every other XML part not in ``skip`` (a verbatim part is the source's
    own bytes: nothing perfxl wrote can be wrong in it) checked, all with DTDs and entities
    refused; ``errors`` in member order. Then the relationships of every .rels part, the
    workbook part and its relationships (Id → (type, member))."""

    def __init__(self, pkg: Package, contents: dict, skip: set[str]):
        self.pkg = pkg
        self.trees: dict = {}
        found: dict[str, str] = {}

        def parse(n: str, as_tree: bool = True) -> None:
            try:
                if as_tree:
                    self.trees[n] = parse_xml(contents[n], n)
                else:
                    check_xml(contents[n], n)
            except PackageError as e:
                found[n] = f"部件 {n} 不是有效的 XML：{e.__cause__ or e}"

        xml = [n for n in pkg.names if n.lower().endswith((".xml", ".rels"))]
        for n in xml:  # first the parts that say where the workbook and its styles are
            if n.lower().endswith(".rels") or n.lower() == CONTENT_TYPES.lower():
                parse(n)
        self.rels = {n: relationships_in(tree, source_part(n)) for n, tree in self.trees.items()
                     if n.lower().endswith(".rels")}
        root = self.rels.get(pkg.find("_rels/.rels") or "", [])
        doc = next((r for r in root if r.type == T_DOC), None)
        self.wb_part = pkg.find(doc.target) if doc is not None else None
        self.wb_rels = {r.id: (r.type, r.target) for r in
                        self.rels.get(pkg.find(rels_name(self.wb_part or "")) or "", [])}
        self.styles = next((pkg.find(t) for typ, t in self.wb_rels.values() if typ == T_STYLES),
                           None)
        wanted = {self.wb_part, self.styles} - {None}
        for n in xml:
            if n not in self.trees and n not in found and (n in wanted or n not in skip):
                parse(n, as_tree=n in wanted)
        self.errors = [found[n] for n in xml if n in found]


def _check_content_types(names: list[str], types: ContentTypes | None) -> list[str]:
    if types is None:
        return ["缺少 [Content_Types].xml"]
    out = []
    for n in names:
        if n == CONTENT_TYPES or n.endswith("/"):
            continue
        if types.of(n) is None:
            out.append(f"部件 {n} 没有内容类型")
    present = {n.lower() for n in names}
    for o in types.overrides:
        if o not in present:
            out.append(f"内容类型列出了不存在的部件 /{o}")
    return out


def _check_relationships(pkg: Package, rels: dict) -> list[str]:
    out = []
    for n, relationships in rels.items():
        ids = [r.id for r in relationships]
        if len(ids) != len(set(ids)):
            out.append(f"关系部件 {n} 中有重复的 Id")
        for r in relationships:
            if not r.external and not pkg.has(r.target):
                out.append(f"关系 {n}#{r.id} 指向不存在的部件 {r.target}")
    return out


def _check_workbook(parsed: _Parsed, contents: dict, verbatim: set[str],
                    types: ContentTypes) -> list[str]:
    pkg, trees, rels = parsed.pkg, parsed.trees, parsed.wb_rels
    wb = trees[parsed.wb_part]
    out: list[str] = []
    sheets = list(wb.iter(M + "sheet"))
    seen: set[str] = set()
    for s in sheets:
        name = s.get("name", "")
        if not name or len(name) > 31 or _BAD_NAME.search(name) or name[0] == "'" or \
                name[-1] == "'" or name.casefold() == "history":
            out.append(f"工作表名称无效：{name!r}")
        if name.casefold() in seen:
            out.append(f"工作表名称重复：{name}")
        seen.add(name.casefold())
        rid = s.get(R + "id")
        if rid not in rels:
            out.append(f"工作表 {name} 的关系 {rid} 不存在")
    for attr in ("sheetId", R + "id"):
        vals = [s.get(attr) for s in sheets]
        if len(vals) != len(set(vals)):
            out.append(f"工作表的 {attr.split('}')[-1]} 重复")
    n = len(sheets)
    for d in wb.iter(M + "definedName"):
        local = d.get("localSheetId")
        if local is not None and not (local.isdigit() and int(local) < n):
            out.append(f"名称 {d.get('name')} 的 localSheetId={local} 超出范围")
    for v in wb.iter(M + "workbookView"):
        for attr in ("activeTab", "firstSheet"):
            if v.get(attr) is not None and not (v.get(attr).isdigit() and int(v.get(attr)) < n):
                out.append(f"workbookView 的 {attr}={v.get(attr)} 超出范围")
    styles = parsed.styles
    if styles is None:
        return out + ["工作簿没有样式部件"]
    xf_count, style_problems = _check_styles(trees[styles])
    out += style_problems
    for typ, target in rels.values():
        member = pkg.find(target)
        if typ != T_SHEET or member is None:
            continue
        if types.of(target) != CT_SHEET:
            out.append(f"工作表部件 {target} 的内容类型不对：{types.of(target)}")
        if member in verbatim:
            continue  # untouched sheet: cellXfs was only appended to, its indices still hold
        if max(map(int, set(_ANY_S.findall(contents[member]))), default=-1) < xf_count:
            continue  # every s="n" in the part is in range, so those of its cells and rows are
        used = {int(v) for v in _S_ATTR.findall(contents[member])}
        if used and max(used) >= xf_count:
            out.append(f"工作表 {target} 引用了不存在的单元格格式 s={max(used)}")
    return out


def _check_styles(root) -> tuple[int, list[str]]:
    out = []
    sizes = {}
    for name in _LIST_NAMES:
        el = root.find(M + name)
        if el is None:
            sizes[name] = 0
            continue
        sizes[name] = len(list(el))
        count = el.get("count")
        if count is not None and count != str(sizes[name]):
            out.append(f"styles.xml 的 {name} count={count}，实际 {sizes[name]} 个")
    custom = {int(e.get("numFmtId", "-1")) for e in root.iter(M + "numFmt")}
    xfs = root.find(M + "cellXfs")
    for i, xf in enumerate(list(xfs) if xfs is not None else []):
        for attr, lst in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders"),
                          ("xfId", "cellStyleXfs")):
            v = xf.get(attr)
            if v is not None and not (v.isdigit() and int(v) < sizes[lst]):
                out.append(f"单元格格式 {i} 的 {attr}={v} 超出范围")
        num = xf.get("numFmtId")
        if num is not None and num.isdigit() and int(num) >= 164 and int(num) not in custom:
            out.append(f"单元格格式 {i} 的数字格式 {num} 未定义")
    return sizes["cellXfs"], out
