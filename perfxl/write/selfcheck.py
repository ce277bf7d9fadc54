"""A structural self-check of an OOXML workbook package perfxl wrote, run before any replace.

It checks what would make Excel/WPS refuse or "repair" the file: the zip opens and its CRCs
hold; every XML part parses (with defusedxml — no entities, no DTDs; when the writer says which
members it copied verbatim, those are the source's own bytes and only the ones the checks read as
trees are parsed); every internal
relationship target exists; every part has a content type; sheet names are unique, valid and at
most 31 characters; sheet ids and relationship ids are unique; the styles lists' ``count``
attributes match and every ``s=`` in a worksheet names an existing cell format; each
``localSheetId`` and ``activeTab`` is in range.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from xml.etree import ElementTree
from xml.parsers import expat
from collections.abc import Collection
from io import BytesIO

from defusedxml import ElementTree as SafeET

from perfxl.write.package import rels_name, resolve_target

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
T_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
T_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
T_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")
_S_ATTR = re.compile(rb'<(?:\w+:)?(?:c|row)\s[^>]*?\ss="(\d+)"')
_S_ATTR_PLAIN = re.compile(rb'<(?:c|row)\s[^>]*?\ss="(\d+)"')
_S_LOOSE = re.compile(rb's="(\d+)"')  # anywhere, text included: a superset (fast: a literal)
_LIST_NAMES = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs")


def check_package(data: bytes, *, verbatim: Collection[str] = ()) -> list[str]:
    """Problems found (Chinese sentences); an empty list means the package looks sound.

    ``verbatim`` names members copied byte for byte from the source (the writer never touched
    them): their checksums are still verified, but their XML is not parsed again unless a check
    below needs it as a tree (relationships, content types, the workbook and its styles).
    Without it every XML part is parsed.
    """
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        names = zf.namelist()
        contents = {i.filename: _member(zf, data, i) for i in zf.infolist()}  # CRCs verified
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, zlib.error) as e:
        return [f"写出的文件不是有效的 zip 包或部件已损坏：{e}"]
    problems: list[str] = []
    lower = {n.lower(): n for n in names}
    if len(lower) != len(names):
        problems.append("写出的文件中有重名部件")
    skip = set(verbatim)
    trees, problems = _parse_parts(names, lower, contents, skip)
    if problems:
        return problems
    problems += _check_content_types(names, trees)
    problems += _check_relationships(names, lower, trees)
    wb_part = _workbook_part(trees, lower)
    if wb_part is None:
        return problems + ["找不到工作簿部件"]
    problems += _check_workbook(wb_part, trees, lower, contents, skip)
    return problems


def _parse_parts(names: list[str], lower: dict, contents: dict, skip: set[str]):
    """Every XML part the checks read as a tree (relationships, content types, the workbook
    and its styles), and every other XML part not in ``skip`` parsed for well-formedness only
    (a verbatim part is the source's own bytes: nothing perfxl wrote can be wrong in it).
    Returns (trees, problems in member order)."""
    trees: dict = {}
    errors: dict[str, str] = {}

    def parse(n: str, as_tree: bool) -> None:
        try:
            if as_tree:
                trees[n] = _tree(contents[n])
            else:
                _well_formed(contents[n])
        except Exception as e:  # defusedxml/expat raise several kinds; all mean "not safe XML"
            errors[n] = f"部件 {n} 不是有效的 XML：{e}"

    xml = [n for n in names if n.lower().endswith((".xml", ".rels"))]
    for n in xml:  # first the parts that say where the workbook and its styles are
        if n.lower().endswith(".rels") or n.lower() == "[content_types].xml":
            parse(n, True)
    wanted = _workbook_parts(trees, lower)
    for n in xml:
        if n in trees or n in errors:
            continue
        if n in wanted or (not skip and _needs_tree(n.lower())):
            parse(n, True)
        elif n not in skip:
            parse(n, False)
    return trees, [errors[n] for n in xml if n in errors]


def _workbook_parts(trees: dict, lower: dict) -> set[str]:
    """The workbook part and the parts its relationships name as styles, by member name."""
    wb_part = _workbook_part(trees, lower)
    if wb_part is None:
        return set()
    return {wb_part} | {lower[t.lower()] for typ, t in _wb_rels(wb_part, trees, lower).values()
                        if typ == T_STYLES and t.lower() in lower}


def _member(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes with its local header, size and CRC-32 verified — what ``zf.read``
    checks, without its per-member file-object machinery (a package has dozens of members).
    Anything unusual (encryption, another compression, a data descriptor) goes through
    ``zf.read`` itself."""
    off = info.header_offset
    if data[off:off + 4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"{info.filename} 的本地文件头损坏")
    flags, method = struct.unpack_from("<HH", data, off + 6)
    if flags & 0x09 or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or \
            method != info.compress_type:
        return zf.read(info)
    n, m = struct.unpack_from("<HH", data, off + 26)
    raw_name = data[off + 30:off + 30 + n]
    if raw_name.decode("utf-8" if flags & 0x800 else "cp437") != info.orig_filename:
        raise zipfile.BadZipFile(f"{info.filename} 的本地文件头与目录不一致")
    start = off + 30 + n + m
    payload = data[start:start + info.compress_size]
    if len(payload) != info.compress_size:
        raise zipfile.BadZipFile(f"{info.filename} 被截断")
    # like zipfile: the member is its declared size of inflated bytes with the declared CRC
    # (a stream that ends oddly after them is not refused)
    out = zlib.decompressobj(-15).decompress(payload) if method == zipfile.ZIP_DEFLATED \
        else payload
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise zipfile.BadZipFile(f"{info.filename} 的校验和（CRC-32）不符")
    return out


def _needs_tree(low_name: str) -> bool:
    """Parts the checks below inspect as trees; every other XML part is only parsed."""
    return (low_name.endswith(".rels") or low_name == "[content_types].xml"
            or not low_name.startswith(("xl/worksheets/", "xl/drawings/", "xl/charts/",
                                        "xl/sharedstrings", "xl/theme/", "xl/comments",
                                        "xl/pivot", "xl/tables/", "xl/externallinks/")))


def _tree(content: bytes):
    """The part as a tree, refusing DTDs and entities as defusedxml does. A part in an
    ASCII-compatible encoding with no ``<!DOCTYPE``/``<!ENTITY`` anywhere cannot declare or
    expand an entity, so ElementTree's C parser reads it directly (every part Excel and perfxl
    write); anything else goes through defusedxml."""
    body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    if body.lstrip()[:1] == b"<" and b"<!DOCTYPE" not in content and b"<!ENTITY" not in content:
        return ElementTree.fromstring(content)
    return SafeET.fromstring(content)


def _refuse(*args):
    raise ValueError("含有 DTD 或实体声明")


def _well_formed(content: bytes) -> None:
    """Parse without building a tree, refusing DTDs and entities as defusedxml does."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.Parse(content, True)


def _check_content_types(names: list[str], trees: dict) -> list[str]:
    ct = trees.get("[Content_Types].xml")
    if ct is None:
        return ["缺少 [Content_Types].xml"]
    defaults = {e.get("Extension", "").lower() for e in ct.iter(CT + "Default")}
    overrides = {e.get("PartName", "").lower() for e in ct.iter(CT + "Override")}
    out = []
    for n in names:
        if n == "[Content_Types].xml" or n.endswith("/"):
            continue
        ext = n.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(n) else ""
        if "/" + n.lower() not in overrides and ext not in defaults:
            out.append(f"部件 {n} 没有内容类型")
    present = {n.lower() for n in names}
    for o in overrides:
        if o.lstrip("/") not in present:
            out.append(f"内容类型列出了不存在的部件 {o}")
    return out


def _check_relationships(names: list[str], lower: dict, trees: dict) -> list[str]:
    out = []
    for n, tree in trees.items():
        if not n.lower().endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(n))
        source = posixpath.join(folder, posixpath.basename(n)[:-len(".rels")])
        ids = [r.get("Id") for r in tree.iter(PR + "Relationship")]
        if len(ids) != len(set(ids)):
            out.append(f"关系部件 {n} 中有重复的 Id")
        for r in tree.iter(PR + "Relationship"):
            if r.get("TargetMode") == "External":
                continue
            target = resolve_target(source if source != "" else "", r.get("Target", ""))
            if target.lower() not in lower:
                out.append(f"关系 {n}#{r.get('Id')} 指向不存在的部件 {target}")
    return out


def _workbook_part(trees: dict, lower: dict) -> str | None:
    root = trees.get(lower.get("_rels/.rels", ""))
    if root is None:
        return None
    for r in root.iter(PR + "Relationship"):
        if r.get("Type") == T_DOC:
            return lower.get(resolve_target("", r.get("Target", "")).lower())
    return None


def _wb_rels(wb_part: str, trees: dict, lower: dict) -> dict[str, tuple[str, str]]:
    tree = trees.get(lower.get(rels_name(wb_part).lower(), ""))
    if tree is None:
        return {}
    return {r.get("Id"): (r.get("Type"), resolve_target(wb_part, r.get("Target", "")))
            for r in tree.iter(PR + "Relationship")}


def _check_workbook(wb_part: str, trees: dict, lower: dict, contents: dict,
                    verbatim: set[str]) -> list[str]:
    wb = trees[wb_part]
    rels = _wb_rels(wb_part, trees, lower)
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
    styles = next((lower.get(t.lower()) for typ, t in rels.values() if typ == T_STYLES), None)
    if styles is None:
        return out + ["工作簿没有样式部件"]
    xf_count, style_problems = _check_styles(trees[styles])
    out += style_problems
    types = _content_types(trees.get("[Content_Types].xml"))
    for typ, target in rels.values():
        if typ != T_SHEET or target.lower() not in lower:
            continue
        if types(target) != CT_SHEET:
            out.append(f"工作表部件 {target} 的内容类型不对：{types(target)}")
        if lower[target.lower()] in verbatim:
            continue  # untouched sheet: cellXfs was only appended to, its indices still hold
        used = _style_indices(contents[lower[target.lower()]], xf_count)
        if used and max(used) >= xf_count:
            out.append(f"工作表 {target} 引用了不存在的单元格格式 s={max(used)}")
    return out


def _style_indices(xml: bytes, xf_count: int) -> set[int]:
    """The ``s=`` cell-format indices used on ``<c>`` and ``<row>`` elements — or, when every
    ``s="N"`` in the part is below ``xf_count``, just those (a superset found by a fast literal
    scan: if even it is in range, so are the real ones)."""
    loose = {int(v) for v in set(_S_LOOSE.findall(xml))}
    if not loose or max(loose) < xf_count:
        return loose
    # Without a prefixed ``:c``/``:row`` anywhere, the unprefixed pattern finds the same.
    pattern = _S_ATTR if (b":c" in xml or b":row" in xml) else _S_ATTR_PLAIN
    return {int(v) for v in set(pattern.findall(xml))}


def _content_types(ct):
    """part name → its content type (override first, then default by extension)."""
    if ct is None:
        return lambda name: None
    overrides = {e.get("PartName", "").lower(): e.get("ContentType")
                 for e in ct.iter(CT + "Override")}
    defaults = {e.get("Extension", "").lower(): e.get("ContentType")
                for e in ct.iter(CT + "Default")}
    return lambda name: overrides.get("/" + name.lower(),
                                      defaults.get(name.rsplit(".", 1)[-1].lower()))


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
