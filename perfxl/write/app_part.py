"""The extended properties part (``docProps/app.xml``): the sheet titles it lists.

Excel keeps the workbook's sheet names there (``TitlesOfParts``, counted by group in
``HeadingPairs``). When its worksheet group lists exactly sheets of the workbook, in order, the
group is rewritten as the new sheet list; anything else is left alone (Excel rewrites the part
on its next save anyway).
"""

from __future__ import annotations

from perfxl.write import xmltext as xt


def edit_titles(xml: str, old_names: list[str], new_names: list[str]) -> str | None:
    """app.xml with its worksheet titles changed from ``old_names`` to ``new_names``, or None
    when the part does not list the sheets in a way perfxl can follow."""
    hp, tp = xt.element(xml, "HeadingPairs"), xt.element(xml, "TitlesOfParts")
    if hp is None or tp is None:
        return None
    hp_vec, tp_vec = xt.element(xml, "vector", hp.start, hp.end), xt.element(xml, "vector",
                                                                               tp.start, tp.end)
    if hp_vec is None or tp_vec is None:
        return None
    variants = xt.elements(xml, "variant", hp_vec.start, hp_vec.end)
    items = xt.elements(xml, "lpstr", tp_vec.start, tp_vec.end)
    values = [xt.text_of(i) for i in items]
    old_set, pos, best = set(old_names), 0, None
    for k in range(0, len(variants) - 1, 2):
        count_el = xt.element(xml, "i4", variants[k + 1].start, variants[k + 1].end)
        if count_el is None or not xt.text_of(count_el).strip().isdigit():
            return None
        n = int(xt.text_of(count_el))
        group = values[pos:pos + n]
        fits = n and set(group) <= old_set and group == [x for x in old_names if x in set(group)]
        if fits and (best is None or n > best[1]):  # worksheets: the largest group of sheets
            best = (pos, n, count_el)
        pos += n
    if best is None or pos != len(items):
        return None
    pos, n, count_el = best
    # rewrite the worksheet group as the new sheet list, keeping existing items' text
    raw = {v: i.text for i, v in zip(items[pos:pos + n], values[pos:pos + n])}
    p = xt.prefix_of(items[pos])
    new_items = [raw.get(x, f"<{p}lpstr>{xt.escape(x)}</{p}lpstr>") for x in new_names
                 if x in raw or x not in old_set]
    new_n = len(new_items)
    edits = [(items[pos].start, items[pos + n - 1].end, "".join(new_items))]
    cp = xt.prefix_of(count_el)
    edits.append((count_el.start, count_el.end, f"<{cp}i4>{new_n}</{cp}i4>"))
    vec_tag_end = tp_vec.text.index(">") + 1
    if "size" in tp_vec.attrs:
        edits.append((tp_vec.start, tp_vec.start + vec_tag_end,
                      xt.set_attr(tp_vec.text[:vec_tag_end], "size", str(len(items) - n + new_n))))
    return xt.splice(xml, edits)
