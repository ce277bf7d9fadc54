"""The comments part of one worksheet (``xl/commentsN.xml``), edited as text.

perfxl's notes are the comments whose author is :data:`AUTHOR`; a run with ``--mark`` removes
its earlier ones and adds the current ones, and never touches a comment someone else wrote
(nor puts a note on a cell that already has one: a cell holds one comment).
"""

from __future__ import annotations

from perfxl.write import xmltext as xt

AUTHOR = "perfxl"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"


def new_part() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<comments xmlns="{MAIN}"><authors></authors><commentList></commentList></comments>')


def cells_of(xml: str, author: str | None = None) -> dict[str, str]:
    """``ref → author`` of the comments in the part (only ``author``'s when given)."""
    authors = [xt.unescape(xt.text_of(a)) for a in xt.elements(xml, "author")]
    out = {}
    for c in xt.elements(xml, "comment"):
        who = _author(authors, c.attrs.get("authorId"))
        if author is None or who == author:
            out[c.attrs.get("ref", "")] = who
    return out


def _author(authors: list[str], index: str | None) -> str | None:
    try:
        return authors[int(index)]
    except (TypeError, ValueError, IndexError):
        return None


def edit(xml: str, notes: dict[str, str]) -> tuple[str, list[str]]:
    """The part without perfxl's earlier comments and with ``notes`` (``ref → text``) added on
    cells no one else commented. Returns the new text and the refs noted."""
    authors_box = xt.element(xml, "authors")
    authors = [xt.unescape(xt.text_of(a)) for a in xt.elements(xml, "author")]
    p = xt.prefix_of(xt.element(xml, "comments"))
    edits: list[tuple[int, int, str]] = []
    if AUTHOR in authors:
        ours = authors.index(AUTHOR)
    else:
        ours = len(authors)
        inside = xt.inner(authors_box)
        if inside is None:  # <authors/>: give it content
            edits.append((authors_box.start, authors_box.end,
                          f"<{p}authors><{p}author>{AUTHOR}</{p}author></{p}authors>"))
        else:
            edits.append((inside[1], inside[1], f"<{p}author>{AUTHOR}</{p}author>"))
    others = set()
    for c in xt.elements(xml, "comment"):
        if c.attrs.get("authorId") == str(ours):
            edits.append((c.start, c.end, ""))
        else:
            others.add(c.attrs.get("ref", ""))
    noted = [ref for ref in notes if ref not in others]
    new = "".join(_comment(p, ref, ours, notes[ref]) for ref in noted)
    box = xt.element(xml, "commentList")
    inside = xt.inner(box)
    if inside is None:
        edits.append((box.start, box.end, f"<{p}commentList>{new}</{p}commentList>"))
    else:
        edits.append((inside[1], inside[1], new))
    return xt.splice(xml, sorted(edits)), noted


def _comment(p: str, ref: str, author: int, text: str) -> str:
    """One comment: the author's name in bold, then the note (宋体 9, as Excel writes notes)."""
    font = f'<{p}sz val="9"/><{p}rFont val="宋体"/><{p}charset val="134"/>'
    body = xt.escape(xt.clean_text(text))
    return (f'<{p}comment ref="{ref}" authorId="{author}"><{p}text>'
            f'<{p}r><{p}rPr><{p}b/>{font}</{p}rPr><{p}t>{AUTHOR}:</{p}t></{p}r>'
            f'<{p}r><{p}rPr>{font}</{p}rPr><{p}t xml:space="preserve">\n{body}</{p}t></{p}r>'
            f'</{p}text></{p}comment>')
