"""A hostile-input corpus, generated (never committed as binaries).

Each maker writes one file into a folder and returns its path. ``RAW_MAKERS`` are files that are
not a usable workbook at package level (perfxl must give one clear per-file error);
``content makers`` (in ``content.py``) are real standard workbooks with hostile contents (perfxl
must give the right findings). Everything here is plain Python + xlsxwriter, so it runs anywhere.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import xlsxwriter

SHEET_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def small_xlsx_bytes(title: str = "项目清单") -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(title)
    ws.write("A1", title)
    wb.close()
    return buf.getvalue()


def replace_part(package: bytes, part: str, data: bytes | None = None, *, stream=None) -> bytes:
    """The package with one member replaced by ``data`` (or by chunks from ``stream``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info.filename))
                continue
            if stream is None:
                dst.writestr(part, data)
            else:
                info = zipfile.ZipInfo(part)
                info.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(info, "w", force_zip64=True) as fh:
                    for chunk in stream:
                        fh.write(chunk)
    return out.getvalue()


# --------------------------------------------------------------------------- package-level makers


def zero_bytes(folder: Path) -> Path:
    p = folder / "空文件.xlsx"
    p.write_bytes(b"")
    return p


def truncated_zip(folder: Path) -> Path:
    p = folder / "截断.xlsx"
    data = small_xlsx_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


def zip_not_ooxml(folder: Path) -> Path:
    p = folder / "普通压缩包.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "这不是工作簿")
    p.write_bytes(buf.getvalue())
    return p


def csv_renamed(folder: Path) -> Path:
    p = folder / "其实是CSV.xlsx"
    p.write_text("项目名称,全年预算数\n防火经费,2\n", encoding="utf-8")
    return p


def docx_renamed(folder: Path) -> Path:
    import docx

    p = folder / "其实是Word.xlsx"
    d = docx.Document()
    d.add_paragraph("自评报告")
    d.save(str(p))
    return p


def encrypted(folder: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    p = folder / "有密码.xlsx"
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(small_xlsx_bytes())).encrypt("123456", out)
    p.write_bytes(out.getvalue())
    return p


def owner_file(folder: Path) -> Path:
    """What Excel leaves beside an open workbook: 165 bytes, user name inside."""
    p = folder / "~$自评表.xlsx"
    p.write_bytes(b"\x06admin" + b"\x20" * 48 + b"\x00" * 111)
    return p


def zip_bomb(folder: Path, size_mb: int = 400) -> Path:
    """A tiny file whose sheet XML inflates to ``size_mb`` MB (spaces inside a row)."""
    p = folder / "压缩炸弹.xlsx"
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_MAIN}"><sheetData>'
    chunk = b" " * (1 << 20)

    def stream():
        yield head.encode()
        for _ in range(size_mb):
            yield chunk
        yield b"</sheetData></worksheet>"

    p.write_bytes(replace_part(small_xlsx_bytes(), "xl/worksheets/sheet1.xml", stream=stream()))
    return p


def entity_bomb(folder: Path) -> Path:
    """Billion laughs in sharedStrings.xml: must not be expanded."""
    p = folder / "实体炸弹.xlsx"
    ents = ['<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">']
    ents += [f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    sst = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE sst [' + "".join(ents) + "]>"
           f'<sst xmlns="{SHEET_MAIN}" count="1" uniqueCount="1"><si><t>&a9;</t></si></sst>')
    p.write_bytes(replace_part(small_xlsx_bytes(), "xl/sharedStrings.xml", sst.encode()))
    return p


def _entity_part(root: str, body: str, pad: int) -> bytes:
    ents = ['<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">']
    ents += [f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0" encoding="UTF-8"?>' + " " * pad + f"<!DOCTYPE {root} ["
            + "".join(ents) + "]>" + body).encode()


def entity_bomb_padded(folder: Path) -> Path:
    """Billion laughs in sharedStrings.xml, the DTD pushed 5,000 bytes down by legal whitespace
    (past a scanner that only looks at the start of a part)."""
    p = folder / "实体炸弹_靠后.xlsx"
    body = f'<sst xmlns="{SHEET_MAIN}" count="1" uniqueCount="1"><si><t>&a9;</t></si></sst>'
    p.write_bytes(replace_part(small_xlsx_bytes(), "xl/sharedStrings.xml",
                               _entity_part("sst", body, 5000)))
    return p


def entity_bomb_sheet(folder: Path) -> Path:
    """Billion laughs inside a worksheet part (inline string), DTD after 5,000 bytes."""
    p = folder / "实体炸弹_工作表.xlsx"
    body = (f'<worksheet xmlns="{SHEET_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
            "<is><t>&a9;</t></is></c></row></sheetData></worksheet>")
    p.write_bytes(replace_part(small_xlsx_bytes(), "xl/worksheets/sheet1.xml",
                               _entity_part("worksheet", body, 5000)))
    return p


def _with_extra_member(package: bytes, name: str, data: bytes) -> bytes:
    """The package with one more member, its name written exactly as given."""
    import warnings

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about a duplicate name
            dst.writestr(zipfile.ZipInfo(name), data)
    return out.getvalue()


def traversal_name(folder: Path) -> Path:
    """A member named ``../../…``: extracted naively, it would land outside the folder."""
    p = folder / "路径越界.xlsx"
    p.write_bytes(_with_extra_member(small_xlsx_bytes(), "../../perfxl_evil.txt", b"x"))
    return p


def duplicate_member(folder: Path) -> Path:
    """The sheet part twice: which one a reader takes is up to the reader."""
    p = folder / "部件重名.xlsx"
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_MAIN}"><sheetData>'
             "</sheetData></worksheet>").encode()
    p.write_bytes(_with_extra_member(small_xlsx_bytes(), "xl/worksheets/sheet1.xml", sheet))
    return p


def bad_crc(folder: Path) -> Path:
    """The sheet's CRC-32 in the central directory does not match its bytes."""
    p = folder / "校验和错误.xlsx"
    data = bytearray(small_xlsx_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46:entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 16] ^= 0xFF
    p.write_bytes(bytes(data))
    return p


def far_corner(folder: Path) -> Path:
    """Two cells, A1 and XFD1048576: a tiny file whose used range is 17 billion cells."""
    p = folder / "最远单元格.xlsx"
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_MAIN}"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>项目清单</t></is></c></row>'
             '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    p.write_bytes(replace_part(small_xlsx_bytes(), "xl/worksheets/sheet1.xml", sheet.encode()))
    return p


def many_inflating_parts(folder: Path, parts: int = 4, size_mb: int = 100) -> Path:
    """``parts`` sheets of ``size_mb`` MB each once inflated: every part stays under the
    per-part cap, the package as a whole does not (~100 KB per part on disk)."""
    p = folder / "多表压缩炸弹.xlsx"
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    for i in range(parts):
        wb.add_worksheet(f"表{i + 1}").write("A1", "项目清单")
    wb.close()
    data = buf.getvalue()
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_MAIN}"><sheetData>'
    chunk = b" " * (1 << 20)

    def stream():
        yield head.encode()
        for _ in range(size_mb):
            yield chunk
        yield b"</sheetData></worksheet>"

    for i in range(parts):
        data = replace_part(data, f"xl/worksheets/sheet{i + 1}.xml", stream=stream())
    p.write_bytes(data)
    return p


def million_rows(folder: Path) -> Path:
    """A 项目清单 sheet whose data runs to row 1,048,576 (Excel's last row)."""
    p = folder / "一百万行.xlsx"
    head = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_MAIN}">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目清单</t></is></c></row>')

    def stream():
        yield head.encode()
        block = []
        for r in range(2, 1_048_577):
            block.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>')
            if len(block) == 20000:
                yield "".join(block).encode()
                block = []
        yield "".join(block).encode()
        yield b"</sheetData></worksheet>"

    p.write_bytes(replace_part(small_xlsx_bytes(), "xl/worksheets/sheet1.xml", stream=stream()))
    return p


def xls_file(folder: Path) -> Path:
    """A real BIFF8 .xls with a 项目清单 header (calamine reads it; perfxl never writes it)."""
    import xlwt

    p = folder / "旧格式.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("项目清单")
    ws.write(0, 0, "项目清单")
    ws.write(1, 0, "单位名称")
    ws.write(1, 1, "测试单位")
    wb.save(str(p))
    return p


RAW_MAKERS = {
    "zero_bytes": zero_bytes,
    "truncated_zip": truncated_zip,
    "zip_not_ooxml": zip_not_ooxml,
    "csv_renamed": csv_renamed,
    "docx_renamed": docx_renamed,
    "encrypted": encrypted,
    "owner_file": owner_file,
    "zip_bomb": zip_bomb,
    "entity_bomb": entity_bomb,
    "entity_bomb_padded": entity_bomb_padded,
    "traversal_name": traversal_name,
    "duplicate_member": duplicate_member,
    "bad_crc": bad_crc,
}
"""Files that are not a readable standard workbook: each must give ONE clear per-file error."""

READABLE_MAKERS = {"entity_bomb_sheet": entity_bomb_sheet, "far_corner": far_corner,
                   "xls": xls_file}
"""Readable packages with one bad sheet: findings (PX101 naming the sheet), never an error."""

SLOW_MAKERS = {"million_rows": million_rows}
"""Readable packages that are expensive to make; they must finish within bounded time."""


def checksum(p: Path) -> int:
    return zlib.crc32(p.read_bytes())
