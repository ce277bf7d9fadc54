"""A real folder for the batch tests: good workbooks made from the shipped example, bad files
(zero bytes, truncated, encrypted, a text file named .xlsx), an .xls, an Excel ``~$`` owner file."""

from __future__ import annotations

import dataclasses
import io
import struct
import zlib
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from perfxl.config import Config
from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook

GOOD = "完整.xlsx"
WITH_ERRORS = "乡镇/原文.xlsx"
BAD = ("空文件.xlsx", "截断.xlsx", "其实是文本.xlsx", "有密码.xlsx")


def configs(_path):
    return Config()


def cfb_encrypted(path: Path) -> None:
    """A minimal, structurally valid OLE (CFB v3) file holding the two streams Office puts into a
    password-protected .xlsx: EncryptionInfo and EncryptedPackage (4096 bytes each)."""
    end, free, fat_sect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = [fat_sect, end] + list(range(3, 10)) + [end] + list(range(11, 18)) + [end]
    fat += [free] * (128 - len(fat))

    def entry(name, kind, child=nostream, right=nostream, start=end, size=0):
        e = bytearray(128)
        raw = (name + "\0").encode("utf-16-le") if name else b""
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, nostream, right, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    directory = (entry("Root Entry", 5, child=1) + entry("EncryptionInfo", 2, right=2, start=2,
                 size=4096) + entry("EncryptedPackage", 2, start=10, size=4096) + entry("", 0))
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>".ljust(4088, b"\0")
    package = struct.pack("<Q", 5000) + bytes(range(256)) * 15 + b"\0" * 248
    path.write_bytes(bytes(header) + struct.pack("<128I", *fat) + directory + info + package)


def make_xls(path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("项目清单")
    ws.write(0, 0, "项目清单")
    ws.write(1, 0, "单位名称")
    ws.write(1, 1, "旧格式单位")
    wb.save(str(path))


def small_xlsx() -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.add_worksheet("项目清单").write("A1", "项目清单")
    wb.close()
    return buf.getvalue()


OTHER_UNIT = "涞源县银坊镇人民政府"
"""The unit of WITH_ERRORS: two units' workbooks, not two copies of one unit's submission (those
are 重复报送, tested in tests/batch/test_duplicates.py)."""


def build_folder(root: Path, *, month: int = 7) -> Path:
    (root / "乡镇").mkdir(parents=True)
    for rel, complete in ((GOOD, True), (WITH_ERRORS, False)):
        spec = laiyuan_2023(complete=complete)
        unit = dataclasses.replace(spec.unit, as_of=f"2023年{month}月")
        if not complete:
            unit = dataclasses.replace(unit, name=OTHER_UNIT)
        write_workbook(root / rel, dataclasses.replace(spec, unit=unit))
    (root / "空文件.xlsx").write_bytes(b"")
    data = small_xlsx()
    (root / "截断.xlsx").write_bytes(data[: len(data) // 2])
    (root / "其实是文本.xlsx").write_text("项目名称,全年预算数\n防火经费,2\n", encoding="utf-8")
    cfb_encrypted(root / "有密码.xlsx")
    (root / "~$别的表.xlsx").write_bytes(b"\x06admin" + b" " * 48 + b"\0" * 111)
    return root


def checksums(root: Path, names) -> dict[str, int]:
    return {n: zlib.crc32((root / n).read_bytes()) for n in names}


def sheet(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
