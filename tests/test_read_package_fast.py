"""The cheap paths of opening a workbook give exactly what the plain ones gave.

- ``scan_sheet`` / ``sheet_extent`` against the plain scan they replaced (kept here as the
  oracle), on hypothesis-made sheet XML full of unusual layouts and junk;
- a zip member inflated directly against zipfile reading it, on sound and damaged packages;
- small-part results remembered by their bytes against fresh ones;
- ``open_workbook(path, data=...)`` against ``open_workbook(path)``.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

import perfxl.read.xlsxmeta as X
from perfxl.api import UnreadableWorkbook
from perfxl.read.package import open_workbook

# --------------------------------------------------------------------------- the plain scan
# (perfxl's scanner before the speed work, verbatim: the meaning the fast paths must keep)

_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>([^<]+)</", re.S)
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s")
_CELL_END = re.compile(rb"</(?:\w+:)?c>|<(?:\w+:)?c[\s>]")


def _cell_start(xml, pos):
    plain = xml.rfind(b"<c ", 0, pos)
    prefixed = xml.rfind(b":c ", 0, pos)
    if prefixed > plain:
        plain = xml.rfind(b"<", 0, prefixed)
    if plain < 0 or xml.find(b"</", plain, pos) >= 0:
        return -1
    return plain


def _rc(attrs):
    m = _REF.search(attrs)
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ch - 64
    return int(m.group(2)) - 1, col - 1


def _positions(data, needle):
    i = data.find(needle)
    while i >= 0:
        yield i
        i = data.find(needle, i + 1)


def plain_scan_sheet(xml, percent_style_ids):
    meta = X.SheetMeta()
    for style in percent_style_ids:
        for pos in _positions(xml, b' s="%d"' % style):
            start = xml.rfind(b"<", 0, pos)
            tag = xml[start:xml.find(b">", pos)]
            if _CELL_TAG.match(tag):
                rc = _rc(tag)
                if rc:
                    meta.percent_cells.add(rc)
    hits = [i for needle in (b"<f", b":f") for i in _positions(xml, needle)
            if xml[i + 2:i + 3] in (b">", b" ", b"/")]
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


def plain_rows_bound(xml):
    i = max(xml.rfind(b"<row "), xml.rfind(b":row "))
    if i < 0:
        return 0
    m = _ROW_NUMBER.search(xml, i, xml.find(b">", i))
    return int(m.group(1)) if m else 0


# --------------------------------------------------------------------------- generated sheets

_JUNK = [b"<", b">", b"/", b'"', b" ", b"<f>", b"</f>", b"</c>", b' t="e"', b' s="15"', b"<v>",
         b"</v>", b":f ", b"<c ", b"<c>", b'<c r="B2">', b"x:", b"<row ", b":row ", b'r="AB3"',
         b"<!-- -->", b"\xe4\xb8\xad", b"\xff"]


@st.composite
def cells(draw):
    ns = draw(st.sampled_from([b"", b"x:"]))
    attrs = []
    if draw(st.booleans()):
        col = draw(st.sampled_from([b"A", b"B", b"Z", b"AA", b"XFD", b"a"]))
        attrs.append(b'r="%s%d"' % (col, draw(st.integers(1, 30))))
    if draw(st.booleans()):
        attrs.append(b's="%d"' % draw(st.sampled_from([0, 1, 15, 17, 150, 5])))
    kind = draw(st.sampled_from([None, b"s", b"e", b"str", b"n", b"inlineStr"]))
    if kind:
        attrs.append(b't="%s"' % kind)
    attrs = draw(st.permutations(attrs))
    sep = draw(st.sampled_from([b" ", b"  ", b"\n"]))
    head = b"<" + ns + b"c" + b"".join(sep + a for a in attrs)
    if draw(st.integers(0, 6)) == 0:
        return head + b"/>"
    formula = draw(st.sampled_from([b"", b"<f>A1+1</f>", b'<f t="shared" si="0"/>',
                                    b'<f t="shared" ref="A1:A2" si="0">B1</f>', b"<f/>",
                                    b"<f>SUM(A:f )</f>"]))
    formula = formula.replace(b"<f", b"<" + ns + b"f").replace(b"</f", b"</" + ns + b"f")
    value = draw(st.sampled_from([b"", b"<v>1</v>", b"<v></v>", b"<v/>", b"<v>#N/A</v>",
                                  b'<v xml:space="preserve">x</v>', b"<is><t>x</t></is>",
                                  b"<v>\xe4\xb8\xad</v>"]))
    value = value.replace(b"<v", b"<" + ns + b"v").replace(b"</v", b"</" + ns + b"v")
    return head + b">" + formula + value + b"</" + ns + b"c>"


@st.composite
def sheets(draw):
    rows = []
    for r in range(draw(st.integers(0, 6))):
        ns = draw(st.sampled_from([b"", b"", b"x:"]))
        style = draw(st.sampled_from([b"", b' s="15" customFormat="1"']))
        body = b"".join(draw(st.lists(st.one_of(cells(), st.sampled_from(_JUNK)), max_size=6)))
        rows.append(b'<%srow r="%d"%s>%s</%srow>' % (ns, r + 1, style, body, ns))
    return (b'<?xml version="1.0"?><worksheet><sheetData>' + b"".join(rows)
            + b"</sheetData></worksheet>")


def _facts(meta):
    return (meta.percent_cells, meta.uncached_formulas, list(meta.error_cells.items()))


@settings(max_examples=600, deadline=None)
@given(sheets(), st.sets(st.sampled_from([0, 1, 5, 15, 17, 150]), max_size=3))
def test_scan_sheet_equals_the_plain_scan(xml, percent_styles):
    assert _facts(X.scan_sheet(xml, percent_styles)) == _facts(plain_scan_sheet(xml,
                                                                                 percent_styles))


@settings(max_examples=300, deadline=None)
@given(sheets())
def test_the_rows_bound_equals_the_plain_one(xml):
    rows, cols, _ = X.sheet_extent(xml, 10**12)  # a large limit: only the cheap bound
    assert rows == plain_rows_bound(xml)


def test_error_cell_named_twice_keeps_the_plain_scans_value():
    xml = (b'<sheetData><row r="1"><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
           b'<c r="B2" t="e"><v>#N/A</v></c><c r="C3"><f>A1</f></c></row></sheetData>')
    fast, plain = X.scan_sheet(xml, set()), plain_scan_sheet(xml, set())
    assert _facts(fast) == _facts(plain)
    assert fast.error_cells == {(1, 1): "#N/A"} and fast.uncached_formulas == {(2, 2)}


# --------------------------------------------------------------------------- zip members


def _package(tmp_path):
    path = tmp_path / "a.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表")
    for r in range(40):
        ws.write_row(r, 0, [f"项目{r}", r * 1.5, "说明" * 5])
    ws.write_formula("E1", "=B1*2", None, 0)
    wb.close()
    return path.read_bytes()


def _central_entry(data: bytes, name: str) -> int:
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + n] == name.encode():
            return pos
        pos = data.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(name)


SHEET = "xl/worksheets/sheet1.xml"


def _damaged(data: bytes) -> dict[str, bytes]:
    """Ways a member can be broken or unusual, each the only damage in its package."""
    entry = _central_entry(data, SHEET)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(SHEET)
    n, e = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + n + e

    def patched(offset, fmt, value):
        b = bytearray(data)
        struct.pack_into(fmt, b, offset, value)
        return bytes(b)

    flipped = bytearray(data)
    flipped[start + 40] ^= 0x55
    stored = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(stored, "w") as dst:
        for i in src.infolist():
            dst.writestr(i.filename, src.read(i.filename))
    return {
        "sound": data,
        "bad crc": patched(entry + 16, "<I", info.CRC ^ 1),
        "declared smaller": patched(entry + 24, "<I", info.file_size - 7),
        "declared larger": patched(entry + 24, "<I", info.file_size + 7),
        "compressed size short": patched(entry + 20, "<I", info.compress_size - 9),
        "encrypted flag": patched(entry + 8, "<H", 1),
        "unknown method": patched(entry + 10, "<H", 99),
        "local signature": patched(info.header_offset, "<I", 0x04034B51),
        "local name": patched(info.header_offset + 30, "<B", ord("Y")),
        "deflate stream": bytes(flipped),
        "stored": stored.getvalue(),
        "prefixed": b"\0" * 64 + data,
    }


def _outcome(fn):
    try:
        return fn()
    except X.PackageError as e:
        return ("PackageError", str(e))
    except Exception as e:  # what zipfile raises outside read_part: compare the kind only
        return type(e).__name__


@pytest.mark.parametrize("cap", [X.MAX_PART_BYTES, 100])
def test_members_read_from_memory_as_zipfile_reads_them(tmp_path, cap):
    for damage, data in _damaged(_package(tmp_path)).items():
        path = tmp_path / f"{damage}.xlsx"
        path.write_bytes(data)

        def read(source):
            with zipfile.ZipFile(source) as zf:  # a path: zipfile reads every member
                return [_outcome(lambda: X.read_part(zf, n, cap)) for n in zf.namelist()]

        assert _outcome(lambda: read(io.BytesIO(data))) == _outcome(lambda: read(path)), damage


def test_the_direct_path_is_taken_for_a_sound_package(tmp_path):
    data = _package(tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            assert X._inflate_plain_member(zf, name, X.MAX_PART_BYTES) == zf.read(name)
        assert X._inflate_plain_member(zf, SHEET, 10) is None  # over the cap: zipfile's job


# --------------------------------------------------------------------------- small parts


def test_remembered_results_equal_fresh_ones(tmp_path):
    data = _package(tmp_path)

    def scan():
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            main = X.workbook_part(zf)
            metas = X.scan_package(zf, main)
            return main, X.sheet_parts(zf, main), {k: vars(m) for k, m in metas.items()}

    X._MEMO.clear()
    fresh = scan()
    assert X._MEMO  # remembered
    assert scan() == fresh


def test_a_part_that_does_not_parse_is_refused_every_time(tmp_path):
    data = _package(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/styles.xml":
                part = part[:-20]  # cut: not well-formed
            dst.writestr(info.filename, part)
    for _ in range(2):
        with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
            with pytest.raises(X.PackageError, match="styles.xml"):
                X.scan_package(zf)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "xl", "xl/", "/", "a/b"]),
       st.lists(st.sampled_from(["a", "sheet1.xml", ".", "..", "", ".x", "x.."]), max_size=4)
       .map("/".join))
def test_targets_resolve_as_normpath_does(folder, target):
    expected = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join(folder, target))
    assert X._resolve(folder, target) == expected


# --------------------------------------------------------------------------- open_workbook


def _opened(path, **kw):
    try:
        opened = open_workbook(path, **kw)
    except UnreadableWorkbook as e:
        return str(e)
    opened.calamine.close()
    meta = {k: vars(m) for k, m in opened.meta.items()} if opened.meta is not None else None
    return opened.sheet_names, meta


def test_bytes_given_open_as_the_file_does(tmp_path):
    import xlwt

    good = tmp_path / "好.xlsx"
    good.write_bytes(_package(tmp_path))
    xls = tmp_path / "旧.xls"
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("项目清单").write(0, 0, "项目清单")
    book.save(str(xls))
    odd = {"空.xlsx": b"", "文本.xlsx": "项目,金额\n".encode("gbk"),
           "截断.xlsx": good.read_bytes()[:300], "网页.xlsx": b"<html></html>"}
    paths = [good, xls]
    for name, data in odd.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    for path in paths:
        assert _opened(path, data=path.read_bytes()) == _opened(path), path.name


def _cells(opened) -> dict:
    try:
        return {name: opened.calamine.get_sheet_by_name(name).to_python()
                for name in opened.sheet_names}
    finally:
        opened.calamine.close()


def test_the_cells_come_from_the_bytes_given_not_from_the_file_again(tmp_path):
    """The runner checks the bytes it splices: a file saved again after they were read must
    not lend its cells to the check (one read of the file, not two)."""
    before, after = tmp_path / "旧.xlsx", tmp_path / "新.xlsx"
    for path, text in ((before, "保存前"), (after, "保存后")):
        with xlsxwriter.Workbook(str(path)) as book:
            book.add_worksheet("项目清单").write(0, 0, text)
    data = before.read_bytes()
    before.write_bytes(after.read_bytes())  # staff save the workbook meanwhile
    assert _cells(open_workbook(before, data=data)) == {"项目清单": [["保存前"]]}
    assert _cells(open_workbook(before)) == {"项目清单": [["保存后"]]}


def test_a_fault_is_named_alike_from_bytes_and_from_the_file(tmp_path):
    """calamine over bytes says only "Cannot detect file format"; the message still names the
    fault as reading the file does (here the XML entity of a billion-laughs part)."""
    from tests.hostile.corpus import entity_bomb_padded

    path = entity_bomb_padded(tmp_path)
    from_bytes, from_file = _opened(path, data=path.read_bytes()), _opened(path)
    assert from_bytes == from_file
    assert "Cannot detect" not in from_bytes and "entity" in from_bytes
