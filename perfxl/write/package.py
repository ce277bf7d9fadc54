"""An OOXML package as bytes: its members in order, read and re-written without recompressing.

Write-back must leave every part perfxl does not own byte-identical, so members we do not touch
are copied with their original compressed bytes (no inflate/deflate round trip), in their
original order. Only replaced and new members are deflated. Exotic archives (ZIP64, encrypted
members) fall back to re-deflating the identical decompressed bytes.
"""

from __future__ import annotations

import functools
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import unquote

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

_LOCAL_SIG = 0x04034B50
_CENTRAL_SIG = 0x02014B50
_END_SIG = 0x06054B50
_NEW_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # what Excel itself stamps on members
_LEVEL = 1  # deflate level for rewritten parts: ~3x faster than 6, a few % larger on XML


class PackageError(Exception):
    """The file is not an OOXML package perfxl can write into (message in Chinese)."""


@dataclass
class Package:
    """A zip opened from bytes. ``names`` keeps member order."""

    data: bytes
    zf: zipfile.ZipFile

    @classmethod
    def open(cls, data: bytes) -> "Package":
        try:
            zf = zipfile.ZipFile(BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise PackageError(f"文件不是有效的 Excel 2007+ 工作簿（zip 包损坏：{e}）") from e
        return cls(data, zf)

    @property
    def names(self) -> list[str]:
        return [i.filename for i in self.zf.infolist()]

    @property
    def _by_lower(self) -> dict[str, str]:
        cached = self.__dict__.get("_lower_cache")
        if cached is None:
            cached = self.__dict__["_lower_cache"] = {n.lower(): n for n in reversed(self.names)}
        return cached

    def has(self, name: str) -> bool:
        return self.find(name) is not None

    def find(self, name: str) -> str | None:
        """The member name matching ``name`` case-insensitively (OPC part names are)."""
        return self._by_lower.get(name.lower())

    def read(self, name: str) -> bytes:
        """A member's bytes (inflated once: the splicer asks for the same few parts again)."""
        real = self.find(name)
        if real is None:
            raise PackageError(f"工作簿缺少部件 {name}")
        cache = self.__dict__.setdefault("_read_cache", {})
        if real not in cache:
            cache[real] = self.inflate(real)
        return cache[real]

    def inflate(self, real: str) -> bytes:
        """A member's bytes by its exact name, not kept (for copying a whole package)."""
        try:
            return self.zf.read(real)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error) as e:
            raise PackageError(f"工作簿部件 {real} 无法解压：{e}") from e

    def text(self, name: str) -> str:
        raw = self.read(name)
        try:
            return raw.decode("utf-8-sig") if raw[:3] == b"\xef\xbb\xbf" else raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise PackageError(f"工作簿部件 {name} 不是 UTF-8 编码的 XML，不能安全修改") from e


# --------------------------------------------------------------------------- part names


def rels_name(part: str) -> str:
    """``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``; the package ("") → ``_rels/.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


@functools.lru_cache(maxsize=4096)  # the self-check resolves every relationship of a package
def resolve_target(source_part: str, target: str) -> str:
    """A relationship target as a member name (no leading slash), relative to the source part."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    base = posixpath.dirname(source_part)
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def relative_target(source_part: str, member: str) -> str:
    """The relative target text from ``source_part`` to ``member``."""
    return posixpath.relpath(member, posixpath.dirname(source_part) or ".")


# --------------------------------------------------------------------------- writing


def write_package(pkg: Package, replace: dict[str, bytes], remove: set[str],
                  add: list[tuple[str, bytes]]) -> bytes:
    """The package with members replaced/removed (by exact member name) and new ones appended.

    Untouched members keep their compressed bytes; ZIP64 or encrypted archives fall back to
    re-deflating identical content through :mod:`zipfile`.
    """
    infos = pkg.zf.infolist()
    if any(_needs_fallback(i) for i in infos) or len(infos) + len(add) >= 0xFFFF:
        return _write_with_zipfile(pkg, replace, remove, add)
    out = bytearray()
    central = bytearray()
    count = 0
    for info in infos:
        if info.filename in remove:
            continue
        if info.filename in replace:
            count += _append_new(out, central, info.filename, replace[info.filename],
                                 info.date_time, info.external_attr)
        else:
            count += _append_raw(out, central, pkg.data, info)
    for name, data in add:
        count += _append_new(out, central, name, data, _NEW_DATE_TIME, 0)
    if len(out) >= 0xFFFFFFFF:
        return _write_with_zipfile(pkg, replace, remove, add)
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", _END_SIG, 0, 0, count, count, len(central), cd_offset, 0)
    return bytes(out)


def _needs_fallback(info: zipfile.ZipInfo) -> bool:
    big = max(info.compress_size, info.file_size, info.header_offset) >= 0xFFFFFFFF
    return big or bool(info.flag_bits & 0x1) or info.compress_type not in (0, 8)


def _name_bytes(info_name: str, flags: int) -> bytes:
    return info_name.encode("utf-8" if flags & 0x800 else "cp437")


def _dos_time(dt) -> tuple[int, int]:
    y, mo, d, h, mi, s = dt
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def _append_raw(out: bytearray, central: bytearray, src: bytes, info: zipfile.ZipInfo) -> int:
    """Copy a member's compressed bytes as they are, with a fresh local header (no descriptor)."""
    off = info.header_offset
    sig, = struct.unpack_from("<I", src, off)
    if sig != _LOCAL_SIG:
        raise PackageError(f"zip 包结构异常（{info.filename} 的本地文件头损坏）")
    n, m = struct.unpack_from("<HH", src, off + 26)
    start = off + 30 + n + m
    payload = src[start:start + info.compress_size]
    flags = info.flag_bits & ~0x08
    try:
        name = _name_bytes(info.filename, flags)
    except UnicodeEncodeError:
        name = info.filename.encode("utf-8")
        flags |= 0x800
    _emit(out, central, name, payload, flags, info.compress_type, info.date_time, info.CRC,
          info.file_size, info.create_version, info.extract_version, info.internal_attr,
          info.external_attr, info.comment)
    return 1


def _append_new(out: bytearray, central: bytearray, name: str, data: bytes, date_time,
                external_attr: int) -> int:
    comp = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    payload = comp.compress(data) + comp.flush()
    flags = 0x800 if not name.isascii() else 0
    _emit(out, central, name.encode("utf-8"), payload, flags, zipfile.ZIP_DEFLATED, date_time,
          zlib.crc32(data), len(data), 20, 20, 0, external_attr, b"")
    return 1


def _emit(out, central, name: bytes, payload: bytes, flags: int, method: int, date_time,
          crc: int, size: int, create_version: int, extract_version: int, internal_attr: int,
          external_attr: int, comment: bytes) -> None:
    t, d = _dos_time(date_time)
    offset = len(out)
    out += struct.pack("<IHHHHHIIIHH", _LOCAL_SIG, extract_version, flags, method, t, d, crc,
                       len(payload), size, len(name), 0)
    out += name
    out += payload
    central += struct.pack("<IHHHHHHIIIHHHHHII", _CENTRAL_SIG, create_version, extract_version,
                           flags, method, t, d, crc, len(payload), size, len(name), 0,
                           len(comment), 0, internal_attr, external_attr, offset)
    central += name
    central += comment


def _write_with_zipfile(pkg: Package, replace, remove, add) -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout:
        for info in pkg.zf.infolist():
            if info.filename in remove:
                continue
            data = replace.get(info.filename)
            if data is None:
                data = pkg.inflate(info.filename)
            zi = zipfile.ZipInfo(info.filename, info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            zout.writestr(zi, data)
        for name, data in add:
            zi = zipfile.ZipInfo(name, _NEW_DATE_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    return buf.getvalue()
