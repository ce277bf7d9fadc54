"""Draft the self-evaluation report (自评工作报告) from a checked workbook, as a Word file.

Typesetting follows the usual government-document layout (GB/T 9704, approximately): A4, wide
top margin, title in 小标宋, 一级 headings in 黑体, 二级 in 楷体, body in 仿宋 三号 with a fixed
line pitch and a two-character first-line indent. Fonts and sizes come from the template's
``[style]`` table. Chinese font names are set as ``w:eastAsia`` — Word ignores the plain font name
for Chinese characters.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from perfxl.result import WorkbookResult
from perfxl.report.content import (HEADING1, HEADING2, PLACEHOLDER, SIGNATURE, TITLE, WARNING,
                                   Block, build_blocks, has_unit_slip)
from perfxl.report.facts import collect_facts
from perfxl.report.template import Template, load_template
from perfxl.write.safe import atomic_write


def compose(result: WorkbookResult, template: Template | Path | None = None,
            today: date | None = None, force: bool = False) -> list[Block]:
    """The report's paragraphs. With a 元/万元 slip in the workbook, ``force`` puts a caution on
    the first page (the command refuses to draft without it)."""
    tpl = template if isinstance(template, Template) else load_template(template)
    facts = collect_facts(result)
    return build_blocks(facts, tpl, today, warn_unit_slip=force and has_unit_slip(facts))


def draft_report(result: WorkbookResult, out: Path, template: Template | Path | None = None,
                 today: date | None = None, force: bool = False) -> Path:
    """Write the drafted report to ``out`` (.docx). The file appears whole or not at all."""
    tpl = template if isinstance(template, Template) else load_template(template)
    return write_docx(compose(result, tpl, today, force), tpl, Path(out))


def write_docx(blocks: list[Block], template: Template, out: Path) -> Path:
    """Typeset ``blocks`` and write them to ``out`` atomically, with the file mode every file
    perfxl writes gets (the umask's), so colleagues on the share can open it."""
    doc = render_docx(blocks, template.section("style"))
    buffer = io.BytesIO()
    doc.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, buffer.getvalue())
    return out


def render_docx(blocks: list[Block], style: dict):
    doc = Document()
    _page_setup(doc, style)
    _base_style(doc, style)
    for i, b in enumerate(blocks):
        p = _add(doc, b, style)
        if b.kind == TITLE and (i + 1 == len(blocks) or blocks[i + 1].kind != TITLE):
            p.paragraph_format.space_after = Pt(style["line_spacing_pt"])  # a blank line
        if b.kind == SIGNATURE and blocks[i - 1].kind != SIGNATURE:  # two blank lines above
            p.paragraph_format.space_before = Pt(style["line_spacing_pt"] * 2)
    if style.get("page_number", True):
        _page_number_footer(doc, style)
    return doc


def _page_setup(doc, style: dict) -> None:
    for s in doc.sections:
        s.page_width, s.page_height = Mm(style["page_width_mm"]), Mm(style["page_height_mm"])
        s.top_margin, s.bottom_margin = Mm(style["margin_top_mm"]), Mm(style["margin_bottom_mm"])
        s.left_margin, s.right_margin = Mm(style["margin_left_mm"]), Mm(style["margin_right_mm"])


def _base_style(doc, style: dict) -> None:
    normal = doc.styles["Normal"]
    _set_font(normal.font, normal.element, style["body_font"], style)
    normal.font.size = Pt(style["body_size_pt"])
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(style["line_spacing_pt"])
    pf.space_before = pf.space_after = Pt(0)


def _add(doc, block: Block, style: dict):
    p = doc.add_paragraph()
    size = Pt(style["body_size_pt"])
    font = style["body_font"]
    pf = p.paragraph_format
    if block.kind == TITLE:
        font, size = style["title_font"], Pt(style["title_size_pt"])
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf.line_spacing = Pt(max(style["line_spacing_pt"], style["title_size_pt"] * 1.5))
    elif block.kind == SIGNATURE:  # 落款: right-aligned, two characters in
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pf.right_indent = Pt(style["body_size_pt"] * 2)
    else:
        pf.first_line_indent = Pt(style["body_size_pt"] * style["first_line_indent_chars"])
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if block.kind == HEADING1:
            font = style["heading1_font"]
        elif block.kind == HEADING2:
            font = style["heading2_font"]
    if block.kind in (TITLE, HEADING1, HEADING2):
        pf.keep_with_next = True
    for text, marked in _pieces(block.text):
        run = p.add_run(text)
        run.font.size = size
        _set_font(run.font, run._element, font, style)
        if marked or block.kind == WARNING:  # a person must fill or heed this before handing in
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            run.bold = True
    return p


def _pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into runs; True for the placeholders (【待补充…】) to highlight."""
    out, start = [], 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > start:
            out.append((text[start:m.start()], False))
        out.append((m.group(0), True))
        start = m.end()
    if start < len(text) or not out:
        out.append((text[start:], False))
    return out


def _set_font(font, element, east_asian: str, style: dict) -> None:
    """East Asian font for Chinese; the Latin font (digits, “quotes”) is the same unless the
    template names one — with a Western font the quotes of “优” would come out narrow."""
    font.name = style.get("latin_font") or east_asian
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")  # ambiguous-width characters (“”) use the Chinese font


def _page_number_footer(doc, style: dict) -> None:
    """— PAGE — centred, 四号 宋体 (a field, so Word and LibreOffice number the pages)."""
    footer = doc.sections[0].footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", style)
    run = _run(p, "", style)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _run(p, " —", style)


def _run(p, text: str, style: dict):
    run = p.add_run(text)
    run.font.size = Pt(14)
    _set_font(run.font, run._element, "宋体", style)
    return run
