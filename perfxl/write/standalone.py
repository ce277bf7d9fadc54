"""The result sheets as a new workbook of their own (``NAME.perfxl.xlsx``), made with xlsxwriter.

Used when the source cannot be written into: an .xls (never written), or a package perfxl
refuses to edit. Same sheets, same formats, row heights and print setup as the spliced ones; the 单元格 column is plain text
because the cells it names live in another file.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import xlsxwriter

from perfxl.write import page
from perfxl.write.sheets import STYLES, SheetSpec, _widths, filter_ref, row_heights
from perfxl.write.styles_part import CellStyle
from perfxl.write.xmltext import clean_text


def _format(wb, style: CellStyle):
    props: dict = {"valign": "top"}
    if style.bold:
        props["bold"] = True
    if style.fill:
        props.update(pattern=1, fg_color="#" + style.fill[2:])
    if style.font_color:
        props["font_color"] = "#" + style.font_color[2:]
    if style.num_fmt:
        props["num_format"] = style.num_fmt
    if style.wrap:
        props["text_wrap"] = True
    if style.border_bottom:
        props["bottom"] = 1
    return wb.add_format(props)


def standalone_xlsx(specs: list[SheetSpec]) -> bytes:
    buf = BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    formats = {name: _format(wb, st) for name, st in STYLES.items()}
    for spec in specs:
        ws = wb.add_worksheet(spec.name)
        widths = _widths(spec)
        for ci, w in enumerate(widths):
            ws.set_column(ci, ci, w)
        for ri, height in enumerate(row_heights(spec, widths)):
            if height:
                ws.set_row(ri, height)
        for ri, row in enumerate(spec.rows):
            for ci, c in enumerate(row):
                fmt = formats["text" if c.style == "link" else c.style]
                v = c.value
                if v is None:
                    continue
                if isinstance(v, (int, Decimal)) and not isinstance(v, bool) and (
                        not isinstance(v, Decimal) or v.is_finite()):
                    ws.write_number(ri, ci, float(v), fmt)
                else:
                    ws.write_string(ri, ci, clean_text(str(v))[:32767], fmt)
        if spec.header_rows:
            ws.freeze_panes(spec.header_rows, 0)
        # A4 landscape, one page wide, header row on every page, a form per page (审核意见)
        page.apply_to_worksheet(ws, spec.header_rows, spec.row_breaks)
        if spec.filter_rows:
            ws.autofilter(filter_ref(spec))
    wb.close()
    return buf.getvalue()
