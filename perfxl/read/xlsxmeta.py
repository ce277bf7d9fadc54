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

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from types import MappingProxyType

from xml.etree import ElementTree as ET
from xml.parsers import expat

from perfxl.memo import remember

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
    data = _inflate_plain_member(zf, name, cap)
    if data is None:  # anything unusual: zipfile reads it (and words any error) as it always did
        data = _read_member(zf, name, cap)
    if budget is not None:
        budget.spend(len(data))
    if len(data) > cap:
        raise PackageError(
            f"工作簿内部的“{name}”解压后超过 {cap // (1024 * 1024)} MB，"
            "可能是损坏或恶意构造的文件，已拒绝读取。")
    if _declares(data, 4096):
        raise PackageError(f"工作簿内部的“{name}”含有不安全的 XML 声明（DTD/实体），已拒绝读取。")
    return data


def _declares(data: bytes, end: int) -> bool:
    """Does ``data[:end]`` hold ``<!DOCTYPE`` or ``<!ENTITY``? (A part without any ``!`` — a
    single-byte search, far quicker — holds neither.)"""
    if data.find(b"!", 0, end) < 0:
        return False
    return data.find(b"<!DOCTYPE", 0, end) >= 0 or data.find(b"<!ENTITY", 0, end) >= 0


def _read_member(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """Up to ``cap`` + 1 inflated bytes of a member, through zipfile (its checks and errors)."""
    try:
        with zf.open(name) as fh:
            return fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as e:
        raise PackageError(f"工作簿内部的“{name}”已损坏，无法读取（{type(e).__name__}）。") from e
    except Exception as e:  # zlib.error and friends: never leak a third-party exception
        raise PackageError(f"工作簿内部的“{name}”已损坏，无法读取（{type(e).__name__}）。") from e


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_UNUSUAL_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, compressed patched data, strong encryption


def _inflate_plain_member(zf: zipfile.ZipFile, name: str, cap: int) -> bytes | None:
    """The member's bytes when the package is held in memory and the member is the ordinary
    case — deflated, not encrypted, its local header agreeing with the directory, inflating to
    exactly its declared size (at most ``cap``) and matching its CRC — else ``None``.

    Why: ``zipfile.open`` + ``read`` costs more Python than the inflating itself for the small
    parts of a workbook. In the ordinary case zipfile returns exactly these bytes (it inflates
    the same stream, cuts at the declared size, checks the same CRC); every other case (a bomb,
    a broken stream, a lying size, a bad CRC) is left to zipfile, so its result and its error
    stay what they were."""
    info = zf.NameToInfo.get(name)
    raw = _package_bytes(zf)
    if (raw is None or info is None or info.compress_type != zipfile.ZIP_DEFLATED
            or info.flag_bits & _UNUSUAL_FLAGS or info.file_size > cap):
        return None
    try:
        offset = info.header_offset
        if offset < 0:  # zipfile cannot seek there; unpack_from would count from the end
            return None
        header = _LOCAL_HEADER.unpack_from(raw, offset)
        if header[0] != b"PK\x03\x04":
            return None
        name_end = offset + _LOCAL_HEADER.size + header[10]
        local_name = raw[offset + _LOCAL_HEADER.size:name_end]
        encoding = "utf-8" if header[3] & 0x800 else (zf.metadata_encoding or "cp437")
        # an ASCII name reads the same in UTF-8 and cp437 (the cheap comparison); any other
        # is compared as zipfile compares it
        plain = encoding in ("utf-8", "cp437") and local_name.isascii()
        if (local_name.decode("ascii") if plain else local_name.decode(encoding)) \
                != info.orig_filename:
            return None
        start = name_end + header[11]
        end = start + info.compress_size
        if getattr(info, "_end_offset", None) is not None and end > info._end_offset:
            return None  # newer zipfile refuses overlapping entries: let it say so
        inflater = zlib.decompressobj(-15)
        data = inflater.decompress(memoryview(raw)[start:end], info.file_size + 1)
    except Exception:  # struct.error, zlib.error, UnicodeDecodeError …: zipfile will tell
        return None
    if not inflater.eof or len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data


def _package_bytes(zf: zipfile.ZipFile) -> bytes | None:
    """The whole package when the zip was opened over an in-memory copy (no copy is made)."""
    fp = zf.fp
    return fp.getvalue() if isinstance(fp, io.BytesIO) else None


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
    if body.lstrip()[:1] == b"<" and not _declares(data, len(data)):
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
    """The part's root element (its bytes read once per ``cache``, a dict shared by one scan)."""
    return _tree(name, _part_data(zf, name, cache))


def _part_data(zf: zipfile.ZipFile, name: str, cache: dict | None) -> bytes:
    if cache is not None and name in cache:
        return cache[name]
    data = read_part(zf, name)
    if cache is not None:
        cache[name] = data
    return data


def _tree(name: str, data: bytes):
    try:
        return _safe_tree(data)
    except Exception as e:  # ExpatError, a refused entity …
        raise PackageError(f"工作簿内部的“{name}”不是有效的 XML，无法读取。") from e


_MEMO: dict[tuple, object] = {}
_MEMO_ENTRIES = 64
_MEMO_PART_BYTES = 256 * 1024  # at most 16 MB remembered


def _derived(zf: zipfile.ZipFile, name: str, derive, key=(), cache: dict | None = None):
    """``derive(root)`` of a small part, remembered by the part's exact bytes (and ``key``).

    Why: the workbooks of one batch are mostly made from one template and repeat their
    relationships, content types and styles byte for byte; parsing them again costs more than
    the rest of the scan. The same bytes always give the same result, and the part is still
    read (size caps, DTD refusal) every time; a part that does not parse is never remembered,
    so its error is raised again. ``derive`` returns immutable values."""
    data = _part_data(zf, name, cache)
    if len(data) > _MEMO_PART_BYTES:
        return derive(_tree(name, data))
    memo_key = (derive.__qualname__, key, data)
    value = _MEMO.get(memo_key)
    if value is None:
        value = remember(_MEMO, memo_key, derive(_tree(name, data)), _MEMO_ENTRIES)
    return value


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _by_local_name(elements, *names: str) -> dict[str, list]:
    """The elements whose local tag name is one of ``names``, per name, in order. A part
    repeats a handful of tags many times: each distinct tag's local name is worked out once."""
    found: dict[str, list] = {name: [] for name in names}
    local_names: dict[str, str] = {}
    for el in elements:
        tag = el.tag
        name = local_names.get(tag)
        if name is None:
            name = local_names[tag] = _local(tag)
        if name in found:
            found[name].append(el)
    return found


def _relationships(zf: zipfile.ZipFile, part: str,
                   cache: dict | None = None) -> list[tuple[str, str, str]]:
    """(Id, Type, resolved target) of a part's relationships ('' part: the package's own)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.NameToInfo:
        return []

    def relationships(root) -> tuple:
        rels = []
        for rel in root:
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            rels.append((rel.get("Id", ""), rel.get("Type", ""), _resolve(folder, target)))
        return tuple(rels)

    return list(_derived(zf, rels_name, relationships, folder, cache))


_NORMAL_PATH = re.compile(r"(?!\.\.?(?:/|\Z))[^/]+(?:/(?!\.\.?(?:/|\Z))[^/]+)*\Z")


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip member name (the join is posixpath.join's)."""
    if target.startswith("/"):
        return target.lstrip("/")
    path = f"{folder}/{target}" if folder and not folder.endswith("/") else folder + target
    # normpath changes only empty, '.' and '..' segments and leading/trailing slashes
    return path if _NORMAL_PATH.match(path) else posixpath.normpath(path)


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
    return _derived(zf, "[Content_Types].xml", _spreadsheet_overrides).get(part, False)


def _spreadsheet_overrides(root) -> MappingProxyType:
    """Part name → declared a workbook?, from the first Override naming it."""
    declared: dict[str, bool] = {}
    for el in _by_local_name(root, "Override")["Override"]:
        content_type = el.get("ContentType", "")
        declared.setdefault(el.get("PartName", "").lstrip("/"),
                            "spreadsheetml" in content_type or "ms-excel" in content_type)
    return MappingProxyType(declared)


def sheet_parts(zf: zipfile.ZipFile, workbook_part: str = "xl/workbook.xml",
                cache: dict | None = None) -> dict[str, str]:
    """Sheet name → zip member name of its XML, via the workbook relationships."""
    targets = {rid: path for rid, _, path in _relationships(zf, workbook_part, cache)}

    def sheets(root) -> MappingProxyType:
        parts: dict[str, str] = {}
        for el in _by_local_name(root.iter(), "sheet")["sheet"]:
            rid = next((v for k, v in el.attrib.items() if k.endswith("id") and _local(k) == "id"),
                       None)
            if rid in targets and el.get("name"):
                parts[el.get("name")] = targets[rid]
        return MappingProxyType(parts)

    return dict(_derived(zf, workbook_part, sheets, tuple(targets.items()), cache))


def percent_styles(zf: zipfile.ZipFile, styles_part: str | None = "xl/styles.xml") -> set[int]:
    """Indices into cellXfs whose number format shows a percent."""
    if styles_part is None or styles_part not in zf.NameToInfo:
        return set()
    return set(_derived(zf, styles_part, _percent_styles))


def _percent_styles(root) -> frozenset[int]:
    found = _by_local_name(root.iter(), "numFmt", "cellXfs")  # one walk for both
    percent_fmts = set(PERCENT_BUILTIN_FORMATS)
    for el in found["numFmt"]:
        code = re.sub(r'"[^"]*"|\\.', "", el.get("formatCode", ""))  # drop literal text
        if "%" in code:
            percent_fmts.add(_int(el.get("numFmtId")))
    styles: set[int] = set()
    for el in found["cellXfs"]:
        for i, xf in enumerate(_by_local_name(el, "xf")["xf"]):
            if _int(xf.get("numFmtId")) in percent_fmts:
                styles.add(i)
    return frozenset(styles)


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
    prefixed = xml.rfind(b":c ", plain + 1, pos)  # only one after `plain` can matter
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


# The scan looks at the few places of a sheet that matter (percent-styled cells, formulas,
# error values): one regex pass per kind of place finds them in C, and each is read in Python.
# The meaning of each place is fixed by the plain reading (``_percent_at``, ``_formula_cell_at``);
# a place laid out the way Excel, WPS and xlsxwriter write cells is read by one regex match
# instead, only where the comments below show the two readings agree.
_FORMULA_TAG = re.compile(rb"f(?<=[<:]f)(?=[> /])")  # the f of <f>, <f …, <f/, <x:f …
_ERROR_TYPE = re.compile(rb't="e"')  # the space before is checked per hit: a faster pass
_PLAIN_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"')
_PLAIN_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"(?: s="\d+")?(?: t="(\w+)")?>'
    rb"(?:<f>[^<]*</f>|<f [^<>]*(?:/>|>[^<]*</f>))?(?:<v>([^<]*)</v>)?</c>")
_percent_needles: dict[frozenset, re.Pattern] = {}


def scan_sheet(xml: bytes, percent_style_ids: set[int]) -> SheetMeta:
    meta = SheetMeta()
    if percent_style_ids:
        for m in _percent_pattern(percent_style_ids).finditer(xml):
            rc = _percent_at(xml, m.start())
            if rc:
                meta.percent_cells.add(rc)
    # the order of the plain reading: every <f, then every :f, then every t="e" (it decides
    # which value an error cell named twice keeps)
    tags = [m.start() - 1 for m in _FORMULA_TAG.finditer(xml)]
    hits = [i for i in tags if xml[i] == 60] + [i for i in tags if xml[i] != 60]
    hits += [i - 1 for i in (m.start() for m in _ERROR_TYPE.finditer(xml))
             if i and xml[i - 1] == 32]  # ` t="e"`
    for pos in hits:
        cell = _formula_cell_at(xml, pos)
        if cell is None:
            continue
        rc, is_error, value = cell
        if is_error:
            meta.error_cells[rc] = value.decode("utf-8", "replace") if value else "#错误"
        elif not value:
            meta.uncached_formulas.add(rc)
    return meta


def _percent_pattern(style_ids: set[int]) -> re.Pattern:
    """One pass for every ` s="N"` needle (they cannot overlap: each starts with the only
    space it holds), longest first so no alternative hides another."""
    key = frozenset(style_ids)
    pattern = _percent_needles.get(key)
    if pattern is None:
        numbers = sorted((b"%d" % i for i in key), key=len, reverse=True)
        pattern = remember(_percent_needles, key,
                           re.compile(rb' s="(?:' + b"|".join(numbers) + rb')"'), 64)
    return pattern


def _percent_at(xml: bytes, pos: int) -> tuple[int, int] | None:
    """The cell whose tag holds the percent style attribute at ``pos``."""
    start = xml.rfind(b"<", 0, pos)
    m = _PLAIN_CELL_REF.match(xml, start)
    if m and m.end() == pos:
        # `<c r="B7"` right before the attribute: the plain reading's tag starts with it, so
        # it is a cell tag and this r= is the first one _REF finds in it
        return int(m.group(2)) - 1, _col_number(m.group(1)) - 1
    tag = xml[start:xml.find(b">", pos)]
    return _rc(tag) if _CELL_TAG.match(tag) else None


def _formula_cell_at(xml: bytes, pos: int):
    """(cell, is an error value, cached value bytes or None) for the cell around a formula
    tag or a t="e" at ``pos`` — None when ``pos`` is in no cell with a position."""
    start = _cell_start(xml, pos + 1)
    if start < 0:
        return None
    # What the plain reading makes of a hit depends on this start alone. For a whole ordinary
    # cell there (`<c r= [s=] [t=]>` [formula] [<v>…</v>] `</c>`) it takes the attributes up to
    # the first `>`, ends the body at this `</c>` (no `<` inside is a cell tag) and finds the
    # value in this <v> (no `<` before it can start one), so the match says the same.
    m = _PLAIN_CELL.match(xml, start)
    if m:
        rc = int(m.group(2)) - 1, _col_number(m.group(1)) - 1
        return rc, m.group(3) == b"e", m.group(4) or None
    return _formula_cell_plain(xml, start)


def _formula_cell_plain(xml: bytes, start: int):
    tag_end = xml.find(b">", start)
    close = _CELL_END.search(xml, tag_end)
    attrs = xml[start:tag_end]
    body = xml[tag_end + 1: close.start()] if close else b""
    rc = _rc(attrs)
    if rc is None:
        return None
    value = _VALUE.search(body)
    return rc, b't="e"' in attrs, value.group(1) if value else None


_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_REF3 = re.compile(rb'r="[A-Z]{3}\d')  # a literal prefix keeps the search fast; an extra hit
_REF2 = re.compile(rb'r="[A-Z]{2}\d')  # only makes the bound larger (then measured exactly)
_REF23 = re.compile(rb'r="[A-Z]{2,3}\d')  # either: one pass for the usual sheet within A–Z
_VALUED_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>(?:<(?:\w+:)?f[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>))?'
    rb'(?:<(?:\w+:)?v(?:\s[^>]*)?>[^<]|<(?:\w+:)?is[\s>])')


def _col_number(letters: bytes) -> int:
    n = _COLUMN_NUMBERS.get(letters)
    if n is None:
        n = 0
        for ch in letters:
            n = n * 26 + ch - 64
        if len(_COLUMN_NUMBERS) < 20_000:  # a memo: a workbook uses a few dozen columns
            _COLUMN_NUMBERS[letters] = n
    return n


_COLUMN_NUMBERS: dict[bytes, int] = {}


def sheet_extent(xml: bytes, max_cells: int) -> tuple[int, int, str]:
    """(rows, columns, farthest cell) bounding the range calamine will allocate (it allocates
    rows × columns cells: a stray value at XFD100000 would need gigabytes, so the reader checks
    first). A cheap upper bound first (last <row>, widest column letters present); only when
    that exceeds ``max_cells`` are the cells that hold a value (what calamine counts) measured
    exactly, and the farthest one named."""
    rows = 0
    i = xml.rfind(b"<row ")  # the later of the last <row and the last :row (seen from there)
    i = max(i, xml.rfind(b":row ", i + 1))
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
