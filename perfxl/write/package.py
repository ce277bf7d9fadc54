"""Writing an OOXML package back: its members in order, without recompressing.

Write-back must leave every part perfxl does not own byte-identical, so members we do not touch
are copied with their original compressed bytes (no inflate/deflate round trip), in their
original order. Only replaced and new members are deflated. Exotic archives (ZIP64, encrypted
members) fall back to re-deflating the identical decompressed bytes. The package is opened and
read by :mod:`perfxl.ooxml`.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO

from perfxl.ooxml import Package, PackageError

_LOCAL_SIG = 0x04034B50
_CENTRAL_SIG = 0x02014B50
_END_SIG = 0x06054B50
_NEW_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # what Excel itself stamps on members
_LEVEL = 1  # deflate level for rewritten parts: ~3x faster than 6, a few % larger on XML


def write_package(pkg: Package, replace: dict[str, bytes], remove: set[str],
                  add: list[tuple[str, bytes]]) -> bytes:
    """The package with members replaced/removed (by exact member name) and new ones appended.

    Untouched members keep their compressed bytes; ZIP64 or encrypted archives fall back to
    re-deflating identical content through :mod:`zipfile`.
    """
    infos = pkg.members
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


def stored_bytes(src: bytes, info: zipfile.ZipInfo) -> tuple[bytes, bytes]:
    """A member's name as its local header spells it and its compressed bytes as stored."""
    off = info.header_offset
    sig, = struct.unpack_from("<I", src, off)
    if sig != _LOCAL_SIG:
        raise PackageError(f"zip 包结构异常（{info.filename} 的本地文件头损坏）")
    n, m = struct.unpack_from("<HH", src, off + 26)
    start = off + 30 + n + m
    return src[off + 30:off + 30 + n], src[start:start + info.compress_size]


def _append_raw(out: bytearray, central: bytearray, src: bytes, info: zipfile.ZipInfo) -> int:
    """Copy a member's compressed bytes as they are, with a fresh local header (no descriptor)."""
    payload = stored_bytes(src, info)[1]
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
        for info in pkg.members:
            if info.filename in remove:
                continue
            data = replace.get(info.filename)
            if data is None:
                data = pkg.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            zout.writestr(zi, data)
        for name, data in add:
            zi = zipfile.ZipInfo(name, _NEW_DATE_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    return buf.getvalue()
