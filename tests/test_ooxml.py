"""perfxl.ooxml: the one package layer. Real zips written to tmp_path: each unsafe or broken
package gives one PackageError with a Chinese sentence, never a third party's exception."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
import xlsxwriter

import perfxl.ooxml as ooxml
from perfxl.ooxml import (ContentTypes, Package, PackageError, parse_xml, relative_target,
                          rels_name, resolve_target, source_part)

SHEET = "xl/worksheets/sheet1.xml"


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def workbook_bytes() -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("表")
    for r in range(40):
        ws.write_row(r, 0, [f"项目{r}", r * 1.5, "说明" * 5])
    wb.close()
    return buf.getvalue()


def with_members(data: bytes, extra: list[tuple[str, bytes]] = (), replace: dict | None = None
                 ) -> bytes:
    """The package with members replaced and extra ones appended (names kept as given)."""
    replace = replace or {}
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, replace.get(info.filename, src.read(info.filename)))
        for name, body in extra:
            dst.writestr(zipfile.ZipInfo(name), body)
    return buf.getvalue()


def refused(source, action=lambda pkg: None) -> str:
    with pytest.raises(PackageError) as info:
        with Package.open(source) as pkg:
            action(pkg)
    assert _chinese(str(info.value)), str(info.value)
    return str(info.value)


# --------------------------------------------------------------------------- one error each


def test_a_sound_workbook_opens_and_reads(tmp_path):
    path = tmp_path / "好.xlsx"
    path.write_bytes(workbook_bytes())
    for source in (path, path.read_bytes()):
        with Package.open(source) as pkg:
            main = pkg.workbook_part()
            assert main == "xl/workbook.xml"
            assert pkg.sheet_parts(main) == {"表": SHEET}
            assert pkg.read(SHEET).startswith(b"<?xml")
            assert pkg.content_types().of(SHEET).endswith("worksheet+xml")


@pytest.mark.parametrize("name", ["../../evil.txt", "/etc/passwd", "xl/../../x.xml",
                                  "C:/Windows/x.xml", "..\\..\\evil.txt"])
def test_a_member_name_leading_outside_is_refused(tmp_path, name):
    path = tmp_path / "越界.xlsx"
    path.write_bytes(with_members(workbook_bytes(), [(name, b"x")]))
    assert "包外" in refused(path)


def test_a_member_named_twice_is_refused(tmp_path):
    path = tmp_path / "重名.xlsx"
    with pytest.warns(UserWarning):  # zipfile warns about the duplicate it writes
        path.write_bytes(with_members(workbook_bytes(), [(SHEET, b"<worksheet/>")]))
    assert "重名" in refused(path)


def test_names_differing_only_in_case_are_one_part(tmp_path):
    path = tmp_path / "大小写.xlsx"
    path.write_bytes(with_members(workbook_bytes(), [("XL/Workbook.XML", b"<x/>")]))
    assert "重名" in refused(path)


def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path):
    bomb = b"<worksheet>" + b" " * (5 * 1024 * 1024) + b"</worksheet>"
    path = tmp_path / "炸弹.xlsx"
    path.write_bytes(with_members(workbook_bytes(), replace={SHEET: bomb}))
    assert "解压后超过 1 MB" in refused(path, lambda pkg: pkg.read(SHEET, cap=1024 * 1024))


def test_parts_adding_up_past_the_total_are_refused(tmp_path):
    path = tmp_path / "合计.xlsx"
    path.write_bytes(workbook_bytes())
    with Package.open(path) as pkg:
        size = len(pkg.read(SHEET))
        assert [n for n, _ in pkg.read_each([SHEET], total=size)] == [SHEET]
    message = refused(path, lambda pkg: list(pkg.read_each([SHEET, "xl/styles.xml"], total=size)))
    assert "合计超过" in message


def test_a_dtd_is_refused(tmp_path):
    dtd = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
           b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&a;'
           b"</workbook>")
    path = tmp_path / "实体.xlsx"
    path.write_bytes(with_members(workbook_bytes(), replace={"xl/workbook.xml": dtd}))
    assert "DTD" in refused(path, lambda pkg: pkg.read_xml("xl/workbook.xml"))
    assert "不是有效的 XML" in refused(path, lambda pkg: parse_xml(pkg.read("xl/workbook.xml"),
                                                                   "xl/workbook.xml"))


def test_a_missing_part_is_refused(tmp_path):
    path = tmp_path / "缺部件.xlsx"
    path.write_bytes(workbook_bytes())
    assert "缺少部件" in refused(path, lambda pkg: pkg.read("xl/nowhere.xml"))


def _member_offsets(data: bytes, name: str) -> tuple[int, int, zipfile.ZipInfo]:
    """(central directory entry offset, payload offset, info) of a member."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    entry = data.find(b"PK\x01\x02")
    while struct.unpack_from("<H", data, entry + 28)[0] != len(name.encode()) or \
            data[entry + 46:entry + 46 + len(name.encode())] != name.encode():
        entry = data.find(b"PK\x01\x02", entry + 4)
    n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
    return entry, info.header_offset + 30 + n + m, info


def test_a_bad_crc_is_refused(tmp_path):
    data = workbook_bytes()
    entry, _, info = _member_offsets(data, SHEET)
    bad = bytearray(data)
    struct.pack_into("<I", bad, entry + 16, info.CRC ^ 1)
    path = tmp_path / "校验和.xlsx"
    path.write_bytes(bytes(bad))
    assert "已损坏" in refused(path, lambda pkg: pkg.read(SHEET))


def test_a_truncated_zip_is_a_damaged_zip(tmp_path):
    path = tmp_path / "截断.xlsx"
    path.write_bytes(workbook_bytes()[:300])
    with pytest.raises(PackageError) as info:
        Package.open(path)
    assert info.value.damaged_zip and "zip 包损坏" in str(info.value)
    with pytest.raises(PackageError):
        Package.open(b"not a zip at all")


def _damaged(data: bytes) -> dict[str, bytes]:
    """Ways one member can be broken or unusual, each the only damage in its package."""
    entry, start, info = _member_offsets(data, SHEET)

    def patched(offset, fmt, value):
        b = bytearray(data)
        struct.pack_into(fmt, b, offset, value)
        return bytes(b)

    flipped = bytearray(data)
    flipped[start + 40] ^= 0x55
    return {
        "bad crc": patched(entry + 16, "<I", info.CRC ^ 1),
        "declared smaller": patched(entry + 24, "<I", info.file_size - 7),
        "declared larger": patched(entry + 24, "<I", info.file_size + 7),
        "compressed size short": patched(entry + 20, "<I", info.compress_size - 9),
        "encrypted flag": patched(entry + 8, "<H", 1),
        "unknown method": patched(entry + 10, "<H", 99),
        "local signature": patched(info.header_offset, "<I", 0x04034B51),
        "local name": patched(info.header_offset + 30, "<B", ord("Y")),
        "deflate stream": bytes(flipped),
    }


@pytest.mark.parametrize("damage", sorted(_damaged(workbook_bytes())))
def test_a_damaged_member_is_read_whole_or_is_one_package_error(damage):
    """zipfile's own checks decide (a size declared larger than the stream is no harm: the
    CRC of what inflates still holds); whatever it refuses leaves as a PackageError."""
    sound = workbook_bytes()
    with Package.open(sound) as pkg:
        expected = pkg.read(SHEET)
    try:
        with Package.open(_damaged(sound)[damage]) as pkg:
            assert pkg.read(SHEET) == expected, damage
    except PackageError as e:
        assert _chinese(str(e)) and SHEET in str(e), e


@pytest.mark.parametrize("damage", ["bad crc", "deflate stream", "unknown method",
                                    "encrypted flag", "local signature"])
def test_these_damages_are_refused(damage):
    assert SHEET in refused(_damaged(workbook_bytes())[damage], lambda pkg: pkg.read(SHEET))


def test_parse_errors_and_entities_are_package_errors():
    for doc in (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>',
                b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b"<a>&e;</a>",
                b'<?xml version="1.0"?><!DOCTYPE a><a/>',
                b'<?xml version="1.0"?><a>&undefined;</a>', b"<a><b></a>", b"",
                '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY e "boom">]>'
                '<a>&e;</a>'.encode("utf-16"),
                b'\xef\xbb\xbf<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>'):
        with pytest.raises(PackageError, match="不是有效的 XML"):
            parse_xml(doc, "x.xml")


def test_attribute_escapes_are_decoded():
    doc = b'<?xml version="1.0"?><a x="R&amp;D &#20154;&lt;"><b/></a>'
    assert parse_xml(doc).get("x") == "R&D 人<"


# --------------------------------------------------------------------------- OPC


@pytest.mark.parametrize("source, target, member", [
    ("xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
    ("xl/workbook.xml", "/xl/styles.xml", "xl/styles.xml"),
    ("xl/workbook.xml", "../docProps/app.xml", "docProps/app.xml"),
    ("xl/workbook.xml", "./worksheets//sheet%201.xml#A1", "xl/worksheets/sheet 1.xml"),
    ("", "xl/workbook.xml", "xl/workbook.xml"),
    ("xl/workbook.xml", "../../etc/passwd", "../etc/passwd"),  # names no member
])
def test_targets_resolve_relative_to_their_source(source, target, member):
    assert resolve_target(source, target) == member


def test_rels_names_and_their_sources():
    assert rels_name("xl/workbook.xml") == "xl/_rels/workbook.xml.rels"
    assert rels_name("") == "_rels/.rels"
    assert source_part("xl/_rels/workbook.xml.rels") == "xl/workbook.xml"
    assert source_part("_rels/.rels") == ""
    assert relative_target("xl/workbook.xml", "xl/worksheets/sheet9.xml") == "worksheets/sheet9.xml"


def test_content_types_override_then_default():
    types = ContentTypes({"xl/workbook.xml": "main"}, {"xml": "application/xml"})
    assert types.of("/XL/Workbook.xml") == "main"
    assert types.of("xl/other.xml") == "application/xml"
    assert types.of("xl/noextension") is None


def test_a_docx_has_no_workbook_part(tmp_path):
    import docx

    path = tmp_path / "文档.docx"
    docx.Document().save(str(path))
    with Package.open(path) as pkg:
        assert pkg.workbook_part() is None and pkg.has("word/document.xml")


def test_the_limits_are_the_documented_ones():
    assert ooxml.MAX_PART_BYTES == 200 * 1024 * 1024
    assert ooxml.MAX_PACKAGE_BYTES == 300 * 1024 * 1024
