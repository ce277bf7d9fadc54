"""Small, exact text operations on XML parts.

perfxl edits Excel's XML as text — inserting and removing whole elements, changing attribute
values — because re-serialising with ``xml.etree`` renames namespace prefixes and breaks
``mc:Ignorable``. These helpers find elements by local name whatever prefix the file uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/FFFF).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel reads ``_xHHHH_`` in text as an escaped character; a literal one is written ``_x005F_x…``.
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def clean_text(s: str) -> str:
    """Text safe to place in an XML 1.0 document (illegal characters removed)."""
    return _ILLEGAL.sub("", s) if _ILLEGAL.search(s) else s


def escape(s: str, *, attr: bool = False) -> str:
    """Text content (or, with ``attr``, a double-quoted attribute value) for XML."""
    s = _escape_clean(clean_text(s))
    if attr:
        s = s.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace(
            "\t", "&#9;")
    return s


def _escape_clean(s: str) -> str:
    if "&" in s:  # (each test is cheaper than a replace that finds nothing)
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def excel_text(s: str) -> str:
    """Escape for a cell's text content, protecting literal ``_xHHHH_`` sequences."""
    s = clean_text(s)
    if "_x" in s:
        s = _EXCEL_ESCAPE.sub(r"_x005F_\1", s)
    if "\r" in s:  # an XML parser turns a raw CR into LF; Excel stores it as _x000D_
        s = s.replace("\r", "_x000D_")
    return _escape_clean(s)


def unescape(s: str) -> str:
    if "&" not in s:  # most attribute values: nothing to do
        return s

    def one(m: re.Match) -> str:
        e = m.group(1)
        if e.startswith("#x"):
            return chr(int(e[2:], 16))
        if e.startswith("#"):
            return chr(int(e[1:]))
        return _NAMED[e]

    return _ENTITY.sub(one, s)


def attrs(tag: str) -> dict[str, str]:
    """Attributes of a start tag's text, unescaped, keyed as written (``r:id`` keeps its prefix)."""
    head = tag.split(">", 1)[0]
    return {m.group(1): unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(head)}


def local_attr(a: dict[str, str], local: str) -> str | None:
    """An attribute by local name, whatever its prefix (``r:id`` or ``ns1:id``)."""
    for k, v in a.items():
        if k.rsplit(":", 1)[-1] == local:
            return v
    return None


@dataclass(frozen=True)
class Span:
    """An element's text position in a document: ``text[start:end]``."""

    start: int
    end: int
    text: str

    @property
    def attrs(self) -> dict[str, str]:
        """The start tag's attributes (see :func:`attrs`)."""
        return attrs(self.text)


def _start_tag(local: str) -> re.Pattern:
    return re.compile(rf"<((?:[\w.-]+:)?{re.escape(local)})(?=[\s/>])[^>]*>")


def _spans(xml: str, local: str, start: int, end: int, first: bool) -> list[Span]:
    """Elements found by their start tag, then, unless it closes itself, by the first matching
    end tag after it (no same-name nesting assumed) — searched for as such, not tried at every
    character of the content by one lazy pattern."""
    out: list[Span] = []
    tag = _start_tag(local)
    pos = start
    while (m := tag.search(xml, pos, end)) is not None:
        if m.group(0).endswith("/>"):
            stop = m.end()
        else:
            stop = _end_tag(xml, m.group(1), m.end(), end)
            if stop is None:  # not closed within the range: no element starts here
                pos = m.start() + 1
                continue
        out.append(Span(m.start(), stop, xml[m.start():stop]))
        if first:
            break
        pos = stop
    return out


_TAG_CLOSE = re.compile(r"\s*>")


def _end_tag(xml: str, name: str, start: int, end: int) -> int | None:
    """Where the first end tag ``</name>`` (spaces allowed before its ``>``) in
    ``xml[start:end]`` ends, or None."""
    opening = "</" + name
    at = xml.find(opening, start, end)
    while at >= 0:
        close = _TAG_CLOSE.match(xml, at + len(opening), end)
        if close is not None:
            return close.end()
        at = xml.find(opening, at + 1, end)
    return None


def elements(xml: str, local: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Every element with this local name in ``xml[start:end]`` (no same-name nesting assumed)."""
    return _spans(xml, local, start, len(xml) if end is None else end, first=False)


def element(xml: str, local: str, start: int = 0, end: int | None = None) -> Span | None:
    """The first such element (the search stops there)."""
    found = _spans(xml, local, start, len(xml) if end is None else end, first=True)
    return found[0] if found else None


def inner(span: Span) -> tuple[int, int] | None:
    """Absolute (start, end) of the element's content, or None for an empty ``<x/>`` element."""
    if span.text.endswith("/>") and span.text.find(">") == len(span.text) - 1:
        return None
    open_end = span.text.index(">") + 1
    close_start = span.text.rindex("</")
    return span.start + open_end, span.start + close_start


def text_of(span: Span) -> str:
    """The element's text content, unescaped (``""`` for an empty element)."""
    rng = inner(span)
    return "" if rng is None else unescape(span.text[rng[0] - span.start:rng[1] - span.start])


def prefix_of(span: Span) -> str:
    """The element's prefix with its colon (``"x:"``) or ``""``."""
    name = re.match(r"<([\w.:-]+)", span.text).group(1)
    return name.rsplit(":", 1)[0] + ":" if ":" in name else ""


_XMLNS = re.compile(r"""(?<![\w:.-])xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def ns_declarations(tag: str) -> dict[str, str]:
    """The namespace declarations on one start tag: prefix (``""`` for the default) → URI."""
    head = tag.split(">", 1)[0]
    return {m.group(1) or "": unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _XMLNS.finditer(head)}


def prefix_in_scope(ancestors: list[Span], uri: str) -> str | None:
    """A non-default prefix bound to ``uri`` inside the innermost of ``ancestors`` (outermost
    first), honouring re-declarations; None when no prefix is bound to it there."""
    scope: dict[str, str] = {}
    for span in ancestors:
        scope.update(ns_declarations(span.text))
    return next((p for p, u in scope.items() if p and u == uri), None)


def set_attr(tag: str, name: str, value: str) -> str:
    """The start tag with attribute ``name`` set (replaced in place, or added before the ``>``)."""
    head_end = tag.index(">")
    head = tag[:head_end]
    pat = re.compile(rf"""(\s{re.escape(name)}\s*=\s*)(?:"[^"]*"|'[^']*')""")
    new_val = escape(value, attr=True)
    if pat.search(head):
        head = pat.sub(lambda m: f'{m.group(1)}"{new_val}"', head, count=1)
    else:
        closing = "/" if head.endswith("/") else ""
        head = head[:-1] if closing else head
        head = f'{head.rstrip()} {name}="{new_val}"{closing}'
    return head + tag[head_end:]


def splice(xml: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply non-overlapping (start, end, replacement) edits in one pass."""
    out: list[str] = []
    pos = 0
    for start, end, rep in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            raise ValueError("overlapping XML edits")
        out.append(xml[pos:start])
        out.append(rep)
        pos = end
    out.append(xml[pos:])
    return "".join(out)
