"""The package's two bookkeeping lists, edited as text: a part's relationships (``.rels``) and
``[Content_Types].xml``. Entries are removed by key and new ones appended at the end, so every
other entry keeps its text, order and prefix."""

from __future__ import annotations

from perfxl.write import xmltext as xt


def edit_relationships(xml: str, gone: set[str], new: list[tuple[str, str, str]]) -> str:
    """The relationships without the ids in ``gone`` and with ``new`` (id, type, target)
    appended."""
    p = xt.prefix_of(xt.element(xml, "Relationships"))
    return _edit_list(xml, "Relationships", "Relationship", lambda a: a.get("Id") in gone,
                      [f'<{p}Relationship Id="{rid}" Type="{rtype}" Target="{target}"/>'
                       for rid, rtype, target in new], bool(gone))


def edit_content_types(xml: str, gone: set[str], new: list[tuple[str, str]]) -> str:
    """[Content_Types].xml without the overrides of the parts in ``gone`` (package member names,
    compared case-insensitively) and with ``new`` (member name, content type) overrides."""
    gone_names = {"/" + n.lower() for n in gone}
    p = xt.prefix_of(xt.element(xml, "Types"))
    return _edit_list(xml, "Types", "Override",
                      lambda a: a.get("PartName", "").lower() in gone_names,
                      [f'<{p}Override PartName="/{part}" ContentType="{ct}"/>'
                       for part, ct in new], bool(gone))


def _edit_list(xml: str, root: str, child: str, drop, new_tags: list[str],
               dropping: bool = True) -> str:
    """``dropping``: whether any entry can go (else the entries are not looked at)."""
    edits = [(e.start, e.end, "") for e in (xt.elements(xml, child) if dropping else [])
             if drop(e.attrs)]
    box = xt.element(xml, root)
    close = box.start + box.text.rindex("</")
    edits.append((close, close, "".join(new_tags)))
    return xt.splice(xml, edits)
