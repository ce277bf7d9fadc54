"""The summary's large data sheets as worksheet XML written directly, a row at a time.

xlsxwriter costs ~7 µs per cell (a cell object, attribute lists, several regex passes); a summary
of 1000 workbooks has ~500 000 cells. So the workbook is built in two parts:

- xlsxwriter writes the *skeleton*: every sheet with its header row, column widths, frozen pane,
  autofilter and charts, the styles, the document properties — everything but the data rows of
  the big sheets;
- :class:`RowSpool` streams those data rows as ``<row>`` XML (inline strings, exactly the text
  xlsxwriter would have written: control characters as ``_xHHHH_``, whitespace preserved) into
  a temporary file, and :func:`assemble` puts them into the skeleton's sheet parts, fixing each
  sheet's ``<dimension>`` and adding the external hyperlinks (to a workbook, or to a
  cell in it: ``location``, as xlsxwriter writes ``external:FILE#'表'!B3``).

Cell formats are xlsxwriter's own (their ``s=`` indices are fixed before any row is streamed).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from io import BytesIO

from perfxl.cellref import col_letters

MAX_STRING = 32767  # Excel's limit, in UTF-16 units (xlsxwriter truncates there too)
_FLUSH_ROWS = 2000
_LEVEL = 1  # deflate level for the streamed sheets: ~3x faster than 6, a little larger
R_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# Text that needs more than the plain copy: XML specials, control characters (written as Excel's
# ``_xHHHH_`` escapes), a literal ``_xHHHH_`` (its underscore escaped), non-characters, leading
# or trailing whitespace (xml:space="preserve").
_NEEDS_WORK = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _utf16_truncate(s: str) -> str:
    """``s`` cut to Excel's limit of 32 767 UTF-16 units (as xlsxwriter cuts it: a character
    that would straddle the limit is left out whole)."""
    if len(s) <= MAX_STRING // 2:  # at most two units a character: within the limit
        return s
    if not _ASTRAL.search(s):  # every character is one unit
        return s[:MAX_STRING]
    length = 0
    for i, ch in enumerate(s):
        length += 2 if ord(ch) > 0xFFFF else 1
        if length > MAX_STRING:
            return s[:i]
    return s


def inline_text(s: str) -> str:
    """The ``<is>`` content of an inline-string cell holding ``s`` (as xlsxwriter writes it):
    a literal ``_xHHHH_`` with its underscore escaped, control characters and non-characters
    as Excel's ``_xHHHH_`` escapes, the XML specials escaped, ``xml:space="preserve"`` for
    leading or trailing whitespace."""
    s = _utf16_truncate(s)
    if not _NEEDS_WORK.search(s):  # kept: 0.7 ms a workbook, 3 % of a batch (bench_summary.py)
        return f"<is><t>{s}</t></is>"
    s = _LITERAL_ESCAPE.sub(r"_x005F\1", s)
    s = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", s)
    s = s.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if (s[:1].isspace() or s[-1:].isspace()) else ""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{preserve}>{s}</t></is>"


def number_text(x: float | int) -> str:
    """A number as xlsxwriter writes it (``%.16G`` of the float)."""
    return f"{x:.16G}"


class RowSpool:
    """Rows of one sheet, as XML, in a temporary file (memory stays flat for any size).

    ``row(cells)`` takes ``(col, xml)`` pairs where ``xml`` is the cell's content after its
    reference: see :meth:`text` and :meth:`number`."""

    def __init__(self, first_row: int = 2) -> None:
        self.file = tempfile.TemporaryFile()
        self.next_row = first_row  # 1-based; row 1 is the skeleton's header
        self.rows = 0
        self.links = LinkSpool()
        self._pending: list[str] = []

    @staticmethod
    def text(value, s: int | None = None) -> str:
        """A string cell's XML after ``<c r="A1`` (the reference's closing quote on)."""
        style = f' s="{s}"' if s else ""
        return f'"{style} t="inlineStr">{inline_text(str(value))}</c>'

    @staticmethod
    def number(x: float | int, s: int | None = None) -> str:
        """A number cell's XML after ``<c r="A1``."""
        style = f' s="{s}"' if s else ""
        return f'"{style}><v>{number_text(x)}</v></c>'

    def row(self, cells: list[tuple[int, str]]) -> int:
        """Append a row of ``(column, cell xml)`` in column order; returns its 1-based number."""
        r = self.next_row
        self.add(f'<row r="{r}">'
                 + "".join(f'<c r="{col_letters(c)}{r}{xml}' for c, xml in cells) + "</row>")
        return r

    def row_text(self) -> str:
        """The number of the next row, as text (for callers that write the XML themselves)."""
        return str(self.next_row)

    def add(self, row_xml: str) -> None:
        """Append a whole ``<row>`` element numbered :meth:`row_text`."""
        self._pending.append(row_xml)
        self.next_row += 1
        self.rows += 1
        if len(self._pending) >= _FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.file.write("".join(self._pending).encode("utf-8", "replace"))
            self._pending.clear()

    def chunks(self):
        """The rows' XML, in blocks."""
        self._flush()
        return _blocks(self.file)

    def link(self, ref: str, target: str, location: str | None = None) -> None:
        """An external hyperlink in cell ``ref``: to the file ``target`` (a relationship
        target, see :func:`file_link_target`), at ``location`` in it when given."""
        self.links.add(ref, target, location)

    def close(self) -> None:
        self.file.close()
        self.links.close()


class LinkSpool:
    """A sheet's external hyperlinks as XML, in temporary files: the ``<hyperlink>`` elements
    and their relationships, numbered alike. (A summary of thousands of workbooks has up to
    65,000 links per sheet; kept as Python objects they took about 100 MB.)"""

    def __init__(self) -> None:
        self.count = 0
        self._cells = tempfile.TemporaryFile()
        self._rels = tempfile.TemporaryFile()
        self._pending: list[tuple[str, str]] = []

    def __len__(self) -> int:
        return self.count

    def add(self, ref: str, target: str, location: str | None) -> None:
        self.count += 1
        rid = f"rId{self.count}"
        at = f' location="{_attr(location)}"' if location else ""
        self._pending.append((f'<hyperlink ref="{ref}" r:id="{rid}"{at}/>',
                              f'<Relationship Id="{rid}" Type="{R_HYPERLINK}" '
                              f'Target="{_attr(target)}" TargetMode="External"/>'))
        if len(self._pending) >= _FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._cells.write("".join(c for c, _ in self._pending).encode("utf-8", "replace"))
            self._rels.write("".join(r for _, r in self._pending).encode("utf-8", "replace"))
            self._pending.clear()

    def cells(self):
        """The ``<hyperlink>`` elements' XML, in blocks."""
        self._flush()
        return _blocks(self._cells)

    def rels(self):
        """The relationships' XML, in blocks."""
        self._flush()
        return _blocks(self._rels)

    def close(self) -> None:
        self._cells.close()
        self._rels.close()


def _blocks(file, size: int = 1 << 20):
    """A spooled temporary file's content from its start, in blocks of ``size`` bytes."""
    file.seek(0)
    while True:
        block = file.read(size)
        if not block:
            return
        yield block


def write_text(ws, row: int, col: int, value: str, cell_format=None) -> None:
    """``ws.write_string`` for the sheets xlsxwriter writes itself. A text that starts with
    ``<r>`` and ends with ``</r>`` goes into the XML raw, as rich-text markup: a unit named
    ``<r>x</r>`` showed empty, and ``<r><b</r>`` made the file unreadable. Written as a rich
    string of plain runs, it is escaped like any other text and shows as typed."""
    if value.startswith("<r>") and value.endswith("</r>"):  # (xlsxwriter wants 3 runs or more)
        runs = [value[:1], value[1:2], value[2:]] + ([cell_format] if cell_format else [])
        ws.write_rich_string(row, col, *runs)
    else:
        ws.write_string(row, col, value, cell_format)


# --------------------------------------------------------------------------- hyperlinks


def _escape_url(url: str) -> str:
    if re.search("%[0-9a-fA-F]{2}", url):  # looks escaped already: left as it is
        return url
    for a, b in (("%", "%25"), ('"', "%22"), (" ", "%20"), ("<", "%3c"), (">", "%3e"),
                 ("[", "%5b"), ("]", "%5d"), ("^", "%5e"), ("`", "%60"), ("{", "%7b"),
                 ("}", "%7d")):
        url = url.replace(a, b)
    return url


def file_link_target(rel: str) -> str:
    """The relationship target xlsxwriter writes for ``write_url("external:" + rel)``: a
    relative path with backslashes (Excel's form), ``file:///`` for an absolute one."""
    path = rel.replace("/", "\\")
    absolute = path.startswith("\\\\") or (len(path) > 1 and path[0].isalpha() and path[1] == ":")
    link = "file:///" + path if absolute else path
    if link.startswith(".\\"):
        link = link[2:]
    # a control character (possible in a Linux file name) is not allowed in XML at all
    return _URL_CONTROL.sub(lambda m: f"%{ord(m.group()):02x}",
                            _escape_url(link).replace("#", "%23"))


_URL_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _attr(s: str) -> str:
    return (s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", "&#xA;"))


# --------------------------------------------------------------------------- assembly


def assemble(skeleton: bytes, out_path, streamed: dict[str, RowSpool]) -> None:
    """Write the workbook: the skeleton's members, with each sheet part named in ``streamed``
    given its spooled rows (after the header row), its true ``<dimension>`` and hyperlinks."""
    src = zipfile.ZipFile(BytesIO(skeleton))
    names = set(src.namelist())
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            spool = streamed.get(info.filename)
            if spool is None:
                out.writestr(info, data)
                continue
            head, middle, tail = _split_sheet(data.decode("utf-8"), spool)
            with out.open(_member(info.filename, info), "w") as w:
                w.write(head)
                for block in spool.chunks():
                    w.write(block)
                w.write(middle)
                if spool.links:
                    w.write(b"<hyperlinks>")
                    for block in spool.links.cells():
                        w.write(block)
                    w.write(b"</hyperlinks>")
                w.write(tail)
            if spool.links:
                rels = _rels_name(info.filename)
                if rels in names:
                    raise ValueError(f"{rels} already exists")  # the skeleton links nothing
                with out.open(_member(rels, info), "w") as w:
                    w.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                            f'<Relationships xmlns="{PKG_RELS_NS}">'.encode("utf-8"))
                    for block in spool.links.rels():
                        w.write(block)
                    w.write(b"</Relationships>")


def _member(name: str, like: zipfile.ZipInfo) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, like.date_time)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.external_attr = like.external_attr
    _set_level(zi, _LEVEL)
    return zi


def _set_level(zi: zipfile.ZipInfo, level: int) -> None:
    """A member's deflate level (public from Python 3.13, a private slot before)."""
    try:
        zi.compress_level = level
    except AttributeError:
        zi._compresslevel = level  # noqa: SLF001


def _rels_name(part: str) -> str:
    folder, base = part.rsplit("/", 1)
    return f"{folder}/_rels/{base}.rels"


_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def _split_sheet(xml: str, spool: RowSpool) -> tuple[bytes, bytes, bytes]:
    """The skeleton sheet around the places the rows (after the header row, before
    ``</sheetData>``) and the hyperlinks (before ``<pageMargins``) go; the dimension covers the
    rows."""
    cut = xml.index("</sheetData>")
    head, tail = xml[:cut], xml[cut:]
    m = _DIMENSION.search(head)
    if m is None:
        raise ValueError("skeleton sheet without <dimension>")
    last_col = re.search(r'ref="A1(?::([A-Z]+)\d+)?"', m.group(0)).group(1) or "A"
    last_row = spool.next_row - 1
    ref = "A1" if (last_col == "A" and last_row == 1) else f"A1:{last_col}{last_row}"
    head = head[:m.start()] + f'<dimension ref="{ref}"/>' + head[m.end():]
    at = tail.index("<pageMargins")
    return head.encode("utf-8"), tail[:at].encode("utf-8"), tail[at:].encode("utf-8")
