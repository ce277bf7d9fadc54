"""What calamine does not tell: per-cell number formats, formulas without a cached value, error
values. A small regex scanner over the .xlsx parts (zip), safe against hostile files:

- the workbook part is found through ``_rels/.rels``, its sheets and styles through the
  workbook's relationships, never by fixed names;
- small XML parts (workbook, rels, styles) are parsed once per scan, refusing what
  ``defusedxml`` refuses (entity declarations, external entities): see :func:`_safe_tree`;
- any part that declares a DTD is refused (an entity bomb must not reach calamine either);
- every part is read with a size cap, so a zip bomb is refused instead of inflated.

.xls/.xlsb/.ods have no such metadata here: :func:`scan_package` returns ``None`` for them and
the reader falls back to context (see ``cells.py``).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from xml.etree import ElementTree as ET
from xml.parsers import expat

MAX_PART_BYTES = 200 * 1024 * 1024
"""Largest decompressed XML part perfxl reads (a real 自评表 workbook is a few hundred KB)."""

PERCENT_BUILTIN_FORMATS = {9, 10}


class PackageError(Exception):
    """The package is unsafe or broken; the message is a Chinese sentence for the user."""


@dataclass
class SheetMeta:
    """Cell facts for one worksheet, keyed by 0-based (row, col)."""

    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    uncached_formulas: set[tuple[int, int]] = field(default_factory=set)
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    extent: tuple[int, int] = (0, 0)  # (last row, last column), 1-based: calamine's dense size
    last_cell: str = ""


def read_part(zf: zipfile.ZipFile, name: str, cap: int = MAX_PART_BYTES,
              budget: "_Budget | None" = None) -> bytes:
    """A zip member's bytes, refusing more than ``cap`` bytes once decompressed (and, with a
    ``budget``, more than the package has left)."""
    if budget is not None:
        cap = budget.cap()
    try:
        with zf.open(name) as fh:
            data = fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as e:
        raise PackageError(f"工作簿内部的“{name}”已损坏，无法读取（{type(e).__name__}）。") from e
    except Exception as e:  # zlib.error and friends: never leak a third-party exception
        raise PackageError(f"工作簿内部的“{name}”已损坏，无法读取（{type(e).__name__}）。") from e
    if budget is not None:
        budget.spend(len(data))
    if len(data) > cap:
        raise PackageError(
            f"工作簿内部的“{name}”解压后超过 {cap // (1024 * 1024)} MB，"
            "可能是损坏或恶意构造的文件，已拒绝读取。")
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise PackageError(f"工作簿内部的“{name}”含有不安全的 XML 声明（DTD/实体），已拒绝读取。")
    return data


class _Node:
    """An element of a small XML part: what ElementTree offers and this module uses (``tag``,
    ``attrib``, ``get``, children by iteration, ``iter``), at a fraction of its building cost."""

    __slots__ = ("tag", "attrib", "children")

    def __init__(self, tag: str, attrib: dict):
        self.tag, self.attrib, self.children = tag, attrib, []

    def get(self, key: str, default=None):
        return self.attrib.get(key, default)

    def __iter__(self):
        return iter(self.children)

    def iter(self):
        stack = [self]
        while stack:  # document order, like ElementTree's iter()
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


class _Forbidden(Exception):
    pass


def _refuse(*_args):
    raise _Forbidden("entity declarations and external entities are refused")


def _safe_tree(data: bytes):
    """Parse ``data``, refusing what ``defusedxml`` refuses (entity declarations, unparsed and
    external entities): no entity is ever expanded.

    An ASCII-compatible part without any DTD (every real .xlsx part) cannot declare an entity, so
    ElementTree's C parser reads it as it is; anything else goes through expat with the entity
    handlers refusing."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if body.lstrip()[:1] == b"<" and b"<!DOCTYPE" not in data and b"<!ENTITY" not in data:
        return ET.fromstring(data)
    return _guarded_tree(data)


def _guarded_tree(data: bytes) -> _Node:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    root = _Node("", {})
    stack = [root]

    def start(tag, attrib):
        node = _Node(tag, attrib)
        stack[-1].children.append(node)
        stack.append(node)

    def end(_tag):
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)
    if not root.children:
        raise _Forbidden("no root element")
    return root.children[0]


def _parse_xml(zf: zipfile.ZipFile, name: str, cache: dict | None = None):
    """The part's root element (parsed once per ``cache``, a dict shared by one scan)."""
    if cache is not None and name in cache:
        return cache[name]
    data = read_part(zf, name)
    try:
        tree = _safe_tree(data)
    except Exception as e:  # ExpatError, a refused entity …
        raise PackageError(f"工作簿内部的“{name}”不是有效的 XML，无法读取。") from e
    if cache is not None:
        cache[name] = tree
    return tree


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(zf: zipfile.ZipFile, part: str,
                   cache: dict | None = None) -> list[tuple[str, str, str]]:
    """(Id, Type, resolved target) of a part's relationships ('' part: the package's own)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.NameToInfo:
        return []
    rels = []
    for rel in _parse_xml(zf, rels_name, cache):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        rels.append((rel.get("Id", ""), rel.get("Type", ""), path))
    return rels


def workbook_part(zf: zipfile.ZipFile) -> str | None:
    """The main workbook part, from the package relationships (normally ``xl/workbook.xml``)."""
    for _, rel_type, target in _relationships(zf, ""):
        if rel_type.endswith("/officeDocument") and target in zf.NameToInfo \
                and _is_spreadsheet_part(zf, target):
            return target
    return "xl/workbook.xml" if "xl/workbook.xml" in zf.NameToInfo else None


def _is_spreadsheet_part(zf: zipfile.ZipFile, part: str) -> bool:
    """Is ``part`` declared a SpreadsheetML workbook in [Content_Types].xml (not a .docx body)?"""
    if "[Content_Types].xml" not in zf.NameToInfo:
        return False
    for el in _parse_xml(zf, "[Content_Types].xml"):
        if _local(el.tag) == "Override" and el.get("PartName", "").lstrip("/") == part:
            content_type = el.get("ContentType", "")
            return "spreadsheetml" in content_type or "ms-excel" in content_type
    return False


def sheet_parts(zf: zipfile.ZipFile, workbook_part: str = "xl/workbook.xml",
                cache: dict | None = None) -> dict[str, str]:
    """Sheet name → zip member name of its XML, via the workbook relationships."""
    targets = {rid: path for rid, _, path in _relationships(zf, workbook_part, cache)}
    parts: dict[str, str] = {}
    for el in _parse_xml(zf, workbook_part, cache).iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        if rid in targets and el.get("name"):
            parts[el.get("name")] = targets[rid]
    return parts


def percent_styles(zf: zipfile.ZipFile, styles_part: str | None = "xl/styles.xml") -> set[int]:
    """Indices into cellXfs whose number format shows a percent."""
    if styles_part is None or styles_part not in zf.NameToInfo:
        return set()
    root = _parse_xml(zf, styles_part)
    percent_fmts = set(PERCENT_BUILTIN_FORMATS)
    for el in root.iter():
        if _local(el.tag) == "numFmt":
            code = re.sub(r'"[^"]*"|\\.', "", el.get("formatCode", ""))  # drop literal text
            if "%" in code:
                percent_fmts.add(_int(el.get("numFmtId")))
    styles: set[int] = set()
    for el in root.iter():
        if _local(el.tag) == "cellXfs":
            for i, xf in enumerate(x for x in el if _local(x.tag) == "xf"):
                if _int(xf.get("numFmtId")) in percent_fmts:
                    styles.add(i)
    return styles


def _int(s: str | None) -> int:
    try:
        return int(s or "")
    except ValueError:
        return -1


_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>([^<]+)</", re.S)
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s")
_CELL_END = re.compile(rb"</(?:\w+:)?c>|<(?:\w+:)?c[\s>]")


def _cell_start(xml: bytes, pos: int) -> int:
    """Start of the <c> tag enclosing position ``pos`` (-1 if ``pos`` is not inside a cell)."""
    plain = xml.rfind(b"<c ", 0, pos)
    prefixed = xml.rfind(b":c ", 0, pos)
    if prefixed > plain:
        plain = xml.rfind(b"<", 0, prefixed)
    if plain < 0 or xml.find(b"</", plain, pos) >= 0:
        return -1
    return plain


def _rc(attrs: bytes) -> tuple[int, int] | None:
    m = _REF.search(attrs)
    if not m:
        return None  # a cell without r= (rare): position unknown, skip its metadata
    col = 0
    for ch in m.group(1):
        col = col * 26 + ch - 64
    return int(m.group(2)) - 1, col - 1


def _positions(data: bytes, needle: bytes):
    i = data.find(needle)
    while i >= 0:
        yield i
        i = data.find(needle, i + 1)


def scan_sheet(xml: bytes, percent_style_ids: set[int]) -> SheetMeta:
    meta = SheetMeta()
    # plain substring searches (fast in C) find the few cells that matter; only those are parsed
    for style in percent_style_ids:
        for pos in _positions(xml, b' s="%d"' % style):
            start = xml.rfind(b"<", 0, pos)
            tag = xml[start:xml.find(b">", pos)]
            if _CELL_TAG.match(tag):
                rc = _rc(tag)
                if rc:
                    meta.percent_cells.add(rc)
    hits = [i for needle in (b"<f", b":f") for i in _positions(xml, needle)
            if xml[i + 2:i + 3] in (b">", b" ", b"/")]  # <f>, <f t="shared"…/>, <x:f>
    hits += _positions(xml, b' t="e"')
    for pos in hits:
        start = _cell_start(xml, pos + 1)
        if start < 0:
            continue
        tag_end = xml.find(b">", start)
        close = _CELL_END.search(xml, tag_end)
        attrs = xml[start:tag_end]
        body = xml[tag_end + 1: close.start()] if close else b""
        rc = _rc(attrs)
        if rc is None:
            continue
        value = _VALUE.search(body)
        if b't="e"' in attrs:
            meta.error_cells[rc] = value.group(1).decode("utf-8", "replace") if value else "#错误"
        elif not value:
            meta.uncached_formulas.add(rc)
    return meta


_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_REF3 = re.compile(rb'r="[A-Z]{3}\d')  # a literal prefix keeps the search fast; an extra hit
_REF2 = re.compile(rb'r="[A-Z]{2}\d')  # only makes the bound larger (then measured exactly)
_REF23 = re.compile(rb'r="[A-Z]{2,3}\d')  # either: one pass for the usual sheet within A–Z
_VALUED_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>(?:<(?:\w+:)?f[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>))?'
    rb'(?:<(?:\w+:)?v(?:\s[^>]*)?>[^<]|<(?:\w+:)?is[\s>])')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def sheet_extent(xml: bytes, max_cells: int) -> tuple[int, int, str]:
    """(rows, columns, farthest cell) bounding the range calamine will allocate (it allocates
    rows × columns cells: a stray value at XFD100000 would need gigabytes, so the reader checks
    first). A cheap upper bound first (last <row>, widest column letters present); only when
    that exceeds ``max_cells`` are the cells that hold a value (what calamine counts) measured
    exactly, and the farthest one named."""
    rows = 0
    i = max(xml.rfind(b"<row "), xml.rfind(b":row "))
    if i >= 0:
        m = _ROW_NUMBER.search(xml, i, xml.find(b">", i))
        rows = int(m.group(1)) if m else 0
    # an upper bound on the columns from the widest column letters present: 26, 702 or 16384
    cols = 26 if not _REF23.search(xml) else 16384 if _REF3.search(xml) else 702
    if rows * cols <= max_cells:
        return rows, cols, ""
    rows = cols = 0
    far = ""
    for m in _VALUED_CELL.finditer(xml):
        r, c = int(m.group(2)), _col_number(m.group(1))
        if r > rows or c > cols:
            rows, cols = max(rows, r), max(cols, c)
            far = (m.group(1) + m.group(2)).decode()
    return rows, cols, far


MAX_PACKAGE_BYTES = 300 * 1024 * 1024
"""Largest total of inflated sheet and shared-string parts: parts under the per-part cap must
not add up without bound (four 100 MB sheets are a bomb, not a workbook)."""


class _Budget:
    """Inflated bytes still allowed for the package."""

    def __init__(self, total: int):
        self.total = self.left = total

    def cap(self) -> int:
        return min(MAX_PART_BYTES, self.left)

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise PackageError(self.message())

    def message(self) -> str:
        return (f"工作簿解压后的内容合计超过 {self.total // (1024 * 1024)} MB，"
                "可能是损坏或恶意构造的文件，已拒绝读取。")


MAX_CELLS = 20_000_000
"""Largest rows × columns range handed to calamine (about 32 bytes per cell)."""


def scan_package(zf: zipfile.ZipFile, main: str = "xl/workbook.xml") -> dict[str, SheetMeta]:
    """Sheet name → :class:`SheetMeta` for an .xlsx/.xlsm package. Raises :class:`PackageError`.

    The parts calamine will inflate (shared strings, every sheet) are read here first, within
    :data:`MAX_PART_BYTES` each and :data:`MAX_PACKAGE_BYTES` together."""
    budget = _Budget(MAX_PACKAGE_BYTES)
    parsed: dict = {}  # each small part is parsed once
    sheets = sheet_parts(zf, main, parsed)
    declared = sum(zf.NameToInfo[p].file_size for p in sheets.values() if p in zf.NameToInfo)
    if declared > MAX_PACKAGE_BYTES:  # the zip says so itself: refuse before inflating anything
        raise PackageError(budget.message())
    for name in zf.namelist():  # refuse unsafe shared strings before calamine sees them
        if name.lower().endswith("sharedstrings.xml"):
            read_part(zf, name, budget=budget)
    rels = _relationships(zf, main, parsed)
    styles = next((t for _, typ, t in rels if typ.endswith("/styles")), "xl/styles.xml")
    pct = percent_styles(zf, styles)
    metas: dict[str, SheetMeta] = {}
    names = zf.NameToInfo
    for sheet, part in sheets.items():
        if part not in names:
            metas[sheet] = SheetMeta()
            continue
        xml = read_part(zf, part, budget=budget)
        metas[sheet] = meta = scan_sheet(xml, pct)
        rows, cols, meta.last_cell = sheet_extent(xml, MAX_CELLS)
        meta.extent = (rows, cols)
    return metas
