"""Append the cell formats perfxl's sheets need to ``xl/styles.xml`` — never reordering.

Existing fonts/fills/borders/numFmts/cellXfs keep their positions (every ``s=`` in the user's
sheets keeps meaning the same thing); ours are appended at the end of each list and the
``count`` attributes updated. An entry identical to one already present (e.g. appended by an
earlier run) is reused, so repeated runs do not grow the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from perfxl.write import xmltext as xt

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FIRST_CUSTOM_NUMFMT = 164
BUILTIN_NUMFMTS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9,
                   "0.00%": 10, "@": 49}
# Children of styleSheet in schema order (a missing list is created in its right place).
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
          "dxfs", "tableStyles", "colors", "extLst")


# The styles part of a workbook that has none (cellXfs 0 is the default look).
MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")


class StylesError(Exception):
    """styles.xml has a shape perfxl does not dare to edit (message in Chinese)."""


@dataclass(frozen=True)
class CellStyle:
    """A cell format as the result sheets need it; ``fill``/``font_color`` are ARGB hex."""

    name: str
    bold: bool = False
    fill: str | None = None
    num_fmt: str | None = None
    link: bool = False
    wrap: bool = False
    border_bottom: bool = False
    font_color: str | None = None
    unlocked: bool = False  # staff may edit the cell even when they protect the sheet


def append_styles(xml: str, styles: dict[str, CellStyle]) -> tuple[str, dict[str, int]]:
    """styles.xml with these cell formats appended (those already there reused), and each
    style's ``s=`` index by name."""
    editor = StylesEditor(xml)
    xf = {name: editor.add(styles[name]) for name in sorted(styles)}
    return editor.result(), xf


class StylesEditor:
    """Collect appended entries and produce the edited text; ``xf_index`` maps style → ``s=``."""

    def __init__(self, xml: str) -> None:
        self.xml = xml
        root = re.search(r"<((?:[\w.-]+:)?)styleSheet\b", xml)
        if root is None:
            raise StylesError("styles.xml 没有 styleSheet 根元素，不能安全修改")
        self.p = root.group(1)
        self._lists: dict[str, list[str]] = {}
        self._added: dict[str, list[str]] = {}
        for name, child in (("numFmts", "numFmt"), ("fonts", "font"), ("fills", "fill"),
                            ("borders", "border"), ("cellXfs", "xf")):
            span = xt.element(xml, name)
            rng = xt.inner(span) if span else None
            self._lists[name] = ([e.text for e in xt.elements(xml, child, *rng)]
                                 if rng else [])
            self._added[name] = []
        if not self._lists["fonts"] or not self._lists["cellXfs"]:
            raise StylesError("styles.xml 缺少字体或单元格格式列表，不能安全修改")
        self._has_style_xfs = xt.element(xml, "cellStyleXfs") is not None
        self._custom_ids = {int(xt.attrs(t).get("numFmtId", "-1")): xt.attrs(t).get("formatCode")
                            for t in self._lists["numFmts"]}

    # ------------------------------------------------------------------ entries

    def _entry(self, list_name: str, text: str) -> int:
        """Index of ``text`` in the list (existing or already added), appending it if new."""
        existing = self._lists[list_name]
        if text in existing:
            return existing.index(text)
        added = self._added[list_name]
        if text not in added:
            added.append(text)
        return len(existing) + added.index(text)

    def _num_fmt_id(self, code: str | None) -> int:
        if code is None:
            return 0
        if code in BUILTIN_NUMFMTS:
            return BUILTIN_NUMFMTS[code]
        for i, c in self._custom_ids.items():
            if c == code:
                return i
        new_id = max([FIRST_CUSTOM_NUMFMT - 1, *self._custom_ids]) + 1
        self._custom_ids[new_id] = code
        p = self.p
        self._added["numFmts"].append(
            f'<{p}numFmt numFmtId="{new_id}" formatCode="{xt.escape(code, attr=True)}"/>')
        return new_id

    def _font(self, style: CellStyle) -> int:
        if not (style.bold or style.link or style.font_color):
            return 0
        base = self._lists["fonts"][0]
        p = self.p
        if base.endswith("/>") and base.find(">") == len(base) - 1:
            base = base[:-2] + f"></{p}font>"
        open_end = base.index(">") + 1
        body = base[open_end:base.rindex("</")]
        body = re.sub(rf"<{re.escape(p)}(?:b|u|color)\b[^>]*/>", "", body)
        extra = ""
        if style.bold:
            extra += f"<{p}b/>"
        if style.link:
            extra += f"<{p}u/>"
        color = "FF0563C1" if style.link else style.font_color
        if color:
            extra += f'<{p}color rgb="{color}"/>'
        return self._entry("fonts", f"<{p}font>{extra}{body}</{p}font>")

    def _fill(self, style: CellStyle) -> int:
        if not style.fill:
            return 0
        p = self.p
        return self._entry("fills", f'<{p}fill><{p}patternFill patternType="solid">'
                                    f'<{p}fgColor rgb="{style.fill}"/><{p}bgColor indexed="64"/>'
                                    f"</{p}patternFill></{p}fill>")

    def _border(self, style: CellStyle) -> int:
        if not style.border_bottom:
            return 0
        p = self.p
        return self._entry("borders", f"<{p}border><{p}left/><{p}right/><{p}top/>"
                                      f'<{p}bottom style="thin"><{p}color indexed="64"/>'
                                      f"</{p}bottom><{p}diagonal/></{p}border>")

    def add(self, style: CellStyle) -> int:
        """The cellXfs index (``s=``) for this style."""
        p = self.p
        num = self._num_fmt_id(style.num_fmt)
        font, fill, border = self._font(style), self._fill(style), self._border(style)
        xf_id = ' xfId="0"' if self._has_style_xfs else ""
        align = f'<{p}alignment vertical="top" wrapText="1"/>' if style.wrap else (
            f'<{p}alignment vertical="top"/>')
        apply_protection = ' applyProtection="1"' if style.unlocked else ""
        protection = f'<{p}protection locked="0"/>' if style.unlocked else ""
        xf = (f'<{p}xf numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="{border}"'
              f'{xf_id} applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"'
              f' applyAlignment="1"{apply_protection}>{align}{protection}</{p}xf>')
        return self._entry("cellXfs", xf)

    # ------------------------------------------------------------------ output

    def result(self) -> str:
        """The edited styles.xml text (unchanged text when nothing new was needed)."""
        edits: list[tuple[int, int, str]] = []
        for name in ("numFmts", "fonts", "fills", "borders", "cellXfs"):
            added = self._added[name]
            if not added:
                continue
            total = len(self._lists[name]) + len(added)
            span = xt.element(self.xml, name)
            if span is None:
                pos = self._insert_position(name)
                edits.append((pos, pos, f'<{self.p}{name} count="{total}">{"".join(added)}'
                                        f"</{self.p}{name}>"))
                continue
            rng = xt.inner(span)
            open_tag = span.text[: span.text.index(">") + 1]
            if "count=" in open_tag:
                open_tag = xt.set_attr(open_tag, "count", str(total))
            if rng is None:  # <fills count="0"/> → open it
                head = open_tag[:-2] if open_tag.endswith("/>") else open_tag[:-1]
                edits.append((span.start, span.end,
                              f"{head}>{''.join(added)}</{self.p}{name}>"))
            else:
                edits.append((span.start, span.start + len(span.text[: span.text.index(">") + 1]),
                              open_tag))
                edits.append((rng[1], rng[1], "".join(added)))
        return xt.splice(self.xml, edits)

    def _insert_position(self, name: str) -> int:
        """Where a missing list goes: before the first later sibling present, else at the end."""
        for later in _ORDER[_ORDER.index(name) + 1:]:
            span = xt.element(self.xml, later)
            if span is not None:
                return span.start
        return self.xml.rindex(f"</{self.p}styleSheet")
