"""The OOXML package: a zip of XML parts tied together by content types and relationships.

The one place perfxl opens a workbook's zip — the reader's scan, the write-back and the
write-back's self-check all go through :class:`Package` — so the safety rules are written once:

- member names must be relative, inside the package and unique (case-insensitively, as OPC
  part names are): a ``../`` or absolute name or a name given twice is refused;
- every member is inflated through :mod:`zipfile` (its CRC-32 checked) and refused beyond
  :data:`MAX_PART_BYTES`; the sheets and shared strings together are refused beyond
  :data:`MAX_PACKAGE_BYTES` (:meth:`Package.read_each`), so a zip bomb is never inflated;
- XML is parsed by :func:`parse_xml` (or only checked, :func:`check_xml`) with DTDs and
  entities refused;
- every fault is one :class:`PackageError` whose message is a Chinese sentence for the user.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote
from xml.etree import ElementTree
from xml.etree.ElementTree import Element
from xml.parsers import expat

from defusedxml import ElementTree as SafeET

MAX_PART_BYTES = 200 * 1024 * 1024
"""Largest inflated member perfxl reads (a real 自评表 workbook's parts are a few hundred KB)."""

MAX_PACKAGE_BYTES = 300 * 1024 * 1024
"""Largest total of inflated sheets and shared strings: parts under the per-part cap must not add
up without bound (four 100 MB sheets are a bomb, not a workbook)."""

DTD_WINDOW = 4096
"""A part declaring a DTD within its first bytes is refused when read (:meth:`Package.read_xml`):
an entity bomb must not reach calamine either. A DTD further down is refused by
:func:`parse_xml` for the parts perfxl parses, and by calamine's own parser for the rest."""

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = "[Content_Types].xml"

_MB = 1024 * 1024


class PackageError(Exception):
    """The package is unsafe or broken; ``str(e)`` is a Chinese sentence for the user.

    ``damaged_zip``: the file is not a readable zip at all (truncated, no central directory),
    as opposed to a readable zip with an unsafe or broken member."""

    def __init__(self, message: str, *, damaged_zip: bool = False):
        super().__init__(message)
        self.damaged_zip = damaged_zip


# --------------------------------------------------------------------------- XML


def parse_xml(data: bytes, name: str = "") -> Element:
    """The part's root element, refusing any DTD (so no entity is declared or expanded)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # UTF-16 (OPC allows it): its DTD is not visible in the bytes
        text = None
    try:
        if text is None:
            return SafeET.fromstring(data, forbid_dtd=True)
        # Kept for speed: defusedxml's pure-Python parser for UTF-8 parts too cost +0.5 ms per
        # file on check and +0.4 ms on the self-check (~4 % of a batch, same-run A/B). UTF-8
        # text without "<!DOCTYPE" cannot declare an entity (expat reads a str as UTF-8
        # whatever its declaration says), so the C parser reads it safely.
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            raise ValueError("DTD")
        return ElementTree.fromstring(text)
    except Exception as e:  # ParseError, DTDForbidden, EntitiesForbidden …
        raise PackageError(f"工作簿内部的“{name}”不是有效的 XML，无法读取。") from e


def check_xml(data: bytes, name: str = "") -> None:
    """Is the part well-formed XML without a DTD? Parsed without building a tree — kept for
    speed: a tree for each part perfxl wrote cost the self-check +1.8 ms per file (a 58 KB
    结果 sheet: 2.3 ms as a tree, 0.46 ms parsed only)."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd  # no DTD: no entity declared or expanded
    try:
        parser.Parse(data, True)
    except Exception as e:  # ExpatError, the refusal
        raise PackageError(f"工作簿内部的“{name}”不是有效的 XML，无法读取。") from e


def _refuse_dtd(*_args) -> None:
    raise ValueError("DTD")


def declares_dtd(data: bytes, end: int = DTD_WINDOW) -> bool:
    """Does ``data[:end]`` hold ``<!DOCTYPE`` or ``<!ENTITY``?"""
    return data.find(b"<!DOCTYPE", 0, end) >= 0 or data.find(b"<!ENTITY", 0, end) >= 0


def local_name(tag: str) -> str:
    """``{namespace}name`` → ``name`` (the parts perfxl reads use several namespaces)."""
    return tag.rsplit("}", 1)[-1]


# --------------------------------------------------------------------------- part names


def rels_name(part: str) -> str:
    """``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``; the package ("") → ``_rels/.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    """A relationship target as a member name (no leading slash), relative to the source part
    ("" for the package's own relationships). A target leading outside the package keeps its
    ``..`` and so names no member."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    base = posixpath.dirname(source_part)
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def relative_target(source_part: str, member: str) -> str:
    """The relative target text from ``source_part`` to ``member``."""
    return posixpath.relpath(member, posixpath.dirname(source_part) or ".")


def unsafe_member_name(name: str) -> bool:
    """Absolute (``/x``, ``C:x``, ``\\\\server``) or leading out of the package (``..``)?"""
    path = name.replace("\\", "/")
    return path.startswith("/") or (len(path) > 1 and path[1] == ":") or \
        ".." in path.split("/")


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # the member name it points to (resolved); the raw text when external
    external: bool = False


@dataclass
class ContentTypes:
    """[Content_Types].xml: part name (lower case, no leading slash) or extension → type."""

    overrides: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    def of(self, part: str) -> str | None:
        """The part's content type: its Override, else the Default of its extension."""
        low = part.lower().lstrip("/")
        if low in self.overrides:
            return self.overrides[low]
        base = posixpath.basename(low)
        return self.defaults.get(base.rsplit(".", 1)[-1]) if "." in base else None


def relationships_in(root: Element, part: str) -> list[Relationship]:
    """The relationships of a parsed .rels part whose source is ``part``, targets resolved."""
    rels = []
    for el in root:
        if local_name(el.tag) != "Relationship":
            continue
        target, external = el.get("Target", ""), el.get("TargetMode") == "External"
        rels.append(Relationship(el.get("Id", ""), el.get("Type", ""),
                                 target if external else resolve_target(part, target), external))
    return rels


def source_part(rels_part: str) -> str:
    """``xl/_rels/workbook.xml.rels`` → ``xl/workbook.xml``; ``_rels/.rels`` → "" (the package)."""
    folder = posixpath.dirname(posixpath.dirname(rels_part))
    return posixpath.join(folder, posixpath.basename(rels_part)[:-len(".rels")])


def content_types_in(root: Element) -> ContentTypes:
    """A parsed [Content_Types].xml (the first Override naming a part wins)."""
    types = ContentTypes()
    for el in root:
        kind = local_name(el.tag)
        if kind == "Override":
            types.overrides.setdefault(el.get("PartName", "").lower().lstrip("/"),
                                       el.get("ContentType", ""))
        elif kind == "Default":
            types.defaults.setdefault(el.get("Extension", "").lower(), el.get("ContentType", ""))
    return types


# --------------------------------------------------------------------------- the package


class Package:
    """A zip package opened safely. ``names`` keeps the members' order; parts are found
    case-insensitively (:meth:`find`), as OPC part names are compared."""

    def __init__(self, zf: zipfile.ZipFile, data: bytes | None):
        self.zf = zf
        self.data = data  # the package's bytes when opened from bytes (the write-back copies)
        self.members: list[zipfile.ZipInfo] = zf.infolist()
        self.names = [info.filename for info in self.members]
        self._by_lower: dict[str, str] = {}
        for name in self.names:
            if unsafe_member_name(name):
                raise PackageError(f"工作簿内部的部件名“{name}”指向包外（绝对路径或 ..），"
                                   "可能是恶意构造的文件，已拒绝读取。")
            if name.lower() in self._by_lower:
                raise PackageError(f"工作簿内部有重名部件“{name}”，可能是损坏或恶意构造的文件，"
                                   "已拒绝读取。")
            self._by_lower[name.lower()] = name

    @classmethod
    def open(cls, source: bytes | Path | str | BinaryIO) -> "Package":
        """Open ``source`` (the file's bytes, a path or a binary file object)."""
        data = source if isinstance(source, bytes) else None
        try:
            zf = zipfile.ZipFile(BytesIO(data) if data is not None else source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as e:
            raise PackageError(f"文件不是有效的 Excel 2007+ 工作簿（zip 包损坏：{e}）",
                               damaged_zip=True) from e
        try:
            return cls(zf, data)
        except PackageError:
            zf.close()
            raise

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> "Package":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def find(self, name: str) -> str | None:
        """The member name matching ``name`` case-insensitively, or None."""
        return self._by_lower.get(name.lower())

    def has(self, name: str) -> bool:
        return self.find(name) is not None

    def _member(self, name: str) -> str:
        real = self.find(name)
        if real is None:
            raise PackageError(f"工作簿缺少部件 {name}")
        return real

    def read(self, name: str, cap: int = MAX_PART_BYTES) -> bytes:
        """A member's inflated bytes (its CRC-32 checked), refusing more than ``cap`` bytes."""
        data = self._inflate(name, cap)
        if len(data) > cap:
            raise self._too_large(name, cap)
        return data

    def _too_large(self, name: str, cap: int) -> PackageError:
        return PackageError(f"工作簿内部的“{self._member(name)}”解压后超过 {cap // _MB} MB，"
                            "可能是损坏或恶意构造的文件，已拒绝读取。")

    def _inflate(self, name: str, cap: int) -> bytes:
        """At most ``cap`` + 1 inflated bytes of a member (one more tells it is too large)."""
        real = self._member(name)
        try:
            with self.zf.open(real) as fh:
                return fh.read(cap + 1)
        except Exception as e:  # BadZipFile (bad CRC), zlib.error …: never a third party's
            raise PackageError(f"工作簿内部的“{real}”已损坏，无法读取（{type(e).__name__}）。") from e

    def read_xml(self, name: str, cap: int = MAX_PART_BYTES) -> bytes:
        """:meth:`read`, refusing a part that declares a DTD at its start."""
        return self._refuse_dtd(name, self.read(name, cap))

    def _refuse_dtd(self, name: str, data: bytes) -> bytes:
        if declares_dtd(data):
            raise PackageError(f"工作簿内部的“{self._member(name)}”含有不安全的 XML 声明"
                               "（DTD/实体），已拒绝读取。")
        return data

    def read_each(self, names: Iterable[str], total: int | None = None
                  ) -> Iterator[tuple[str, bytes]]:
        """(name, bytes) of each member present in turn (as :meth:`read_xml`), all of them
        together within ``total`` inflated bytes (default :data:`MAX_PACKAGE_BYTES`): a bomb
        spread over parts that each stay under the per-part cap is refused too."""
        total = MAX_PACKAGE_BYTES if total is None else total
        names = [self.find(n) for n in names if self.has(n)]
        too_much = (f"工作簿解压后的内容合计超过 {total // _MB} MB，"
                    "可能是损坏或恶意构造的文件，已拒绝读取。")
        if sum(self.zf.getinfo(n).file_size for n in names) > total:
            raise PackageError(too_much)  # the zip says so itself: refuse before inflating
        left = total
        for name in names:
            cap = min(MAX_PART_BYTES, left)
            data = self._inflate(name, cap)
            left -= len(data)
            if left < 0:
                raise PackageError(too_much)
            if len(data) > cap:
                raise self._too_large(name, cap)
            yield name, self._refuse_dtd(name, data)

    def text(self, name: str) -> str:
        """A part as text (UTF-8, a byte-order mark dropped), for editing it as text."""
        raw = self.read_xml(name)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise PackageError(f"工作簿部件 {name} 不是 UTF-8 编码的 XML，不能安全修改") from e

    def xml(self, name: str) -> Element:
        """A part's root element (:func:`parse_xml`)."""
        return parse_xml(self.read_xml(name), self._member(name))

    # ----------------------------------------------------------------- OPC

    def relationships(self, part: str) -> list[Relationship]:
        """A part's relationships ("" for the package's own), targets resolved."""
        name = rels_name(part)
        return relationships_in(self.xml(name), part) if self.has(name) else []

    def content_types(self) -> ContentTypes | None:
        """[Content_Types].xml; None when the package has none."""
        return content_types_in(self.xml(CONTENT_TYPES)) if self.has(CONTENT_TYPES) else None

    def workbook_part(self) -> str | None:
        """The main workbook part: the package's officeDocument relationship to a part declared
        a SpreadsheetML workbook (not a .docx body); else ``xl/workbook.xml`` if present."""
        types = None
        for rel in self.relationships(""):
            if rel.external or not rel.type.endswith("/officeDocument") or not self.has(rel.target):
                continue
            types = types or self.content_types()
            declared = (types.overrides.get(rel.target.lower(), "") if types else "")
            if "spreadsheetml" in declared or "ms-excel" in declared:
                return self.find(rel.target)
        return self.find("xl/workbook.xml")

    def sheet_parts(self, workbook_part: str, rels: list[Relationship] | None = None,
                    root: Element | None = None) -> dict[str, str]:
        """Sheet name → member name of its part, through the workbook's relationships ``rels``
        (read when not given); a sheet whose part is missing keeps the name its relationship
        gives. ``root``: the workbook part already parsed (else it is parsed here)."""
        if rels is None:
            rels = self.relationships(workbook_part)
        if root is None:
            root = self.xml(workbook_part)
        targets = {rel.id: rel.target for rel in rels if not rel.external}
        parts: dict[str, str] = {}
        for el in root.iter():
            if local_name(el.tag) != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if local_name(k) == "id"), None)
            name = el.get("name")
            if rid in targets and name:
                parts[name] = self.find(targets[rid]) or targets[rid]
        return parts
