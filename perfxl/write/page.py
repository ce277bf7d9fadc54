"""How every sheet perfxl writes prints: the one place for the page-setup facts.

Result sheets (校验结果, 评分结果, spliced as worksheet XML or written by xlsxwriter beside an
.xls) and every summary sheet print alike: A4 landscape, fit to one page wide (as many pages
down as needed), the header row repeated on every page, sensible margins, a footer
``第 n 页，共 m 页``. Long text wraps inside its cell and the row is given the height its
wrapped text needs (:func:`row_height`): Excel and WPS do not grow a row written by a program,
and LibreOffice would otherwise draw the text over the next rows.
"""

from __future__ import annotations

import math
import re

PAPER_A4 = 9  # SpreadsheetML paperSize
ORIENTATION = "landscape"
# Margins in inches: left, right, top, bottom, header, footer.
MARGINS = (0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
FOOTER = "&C第 &P 页，共 &N 页"
# The printable width of A4 landscape in column-width units (about 7 px a unit at 96 dpi):
# 11.69 in less the side margins. Columns summing to about this print without being shrunk.
PAGE_WIDTH_UNITS = 150
LINE_HEIGHT = 15.0  # points per line of 11-pt text (宋体 / Noto CJK)
ROW_PADDING = 3.0  # points above and below the lines
DEFAULT_ROW_HEIGHT = 15.0

# Every character but the East Asian wide/full-width blocks (Hangul Jamo, CJK, Hangul,
# compatibility, full-width forms): in perfxl's Chinese texts these are the fewer, so they are
# the ones counted (a third of the time of counting the wide ones, in the summary's rows).
_NARROW = re.compile("[^\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f"
                     "\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def display_width(text: str) -> float:
    """Column width units for text: CJK and full-width characters count double."""
    return len(text) if text.isascii() else 2 * len(text) - len(_NARROW.findall(text))


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` units wide: each of its
    own lines, by display width over the usable width (a unit kept free for the cell's inner
    margins)."""
    usable = max(width - 1, 1.0)
    if 2 * len(text) <= usable:  # one line even were every character wide (most cells)
        return text.count("\n") + 1
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


def row_height(cells) -> float | None:
    """The height in points a row needs to show every wrapped text of ``cells`` — pairs of
    (text, column width) — in full; None when one line is enough (the default height)."""
    return lines_height(max((text_lines(text, width) for text, width in cells if text),
                            default=1))


def lines_height(lines: int) -> float | None:
    """The height in points of a row whose tallest cell has ``lines`` lines; None for one line
    (the default height)."""
    if lines <= 1:
        return None
    return lines * LINE_HEIGHT + ROW_PADDING


# --------------------------------------------------------------------------- worksheet XML


def sheet_pr_xml() -> str:
    """``<sheetPr>``: the sheet is scaled to fit (first child of ``<worksheet>``)."""
    return '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'


def page_xml() -> str:
    """The print elements after ``<hyperlinks>`` in schema order: margins, page setup, footer."""
    left, right, top, bottom, header, footer = MARGINS
    return (f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" '
            f'header="{header}" footer="{footer}"/>'
            f'<pageSetup paperSize="{PAPER_A4}" orientation="{ORIENTATION}" fitToWidth="1" '
            'fitToHeight="0"/>'
            f"<headerFooter><oddFooter>{_xml_text(FOOTER)}</oddFooter></headerFooter>")


def row_breaks_xml(rows: list[int]) -> str:
    """``<rowBreaks>`` (after ``<headerFooter>``): a new printed page starts at each 0-based
    row of ``rows`` (one form per page on the 审核意见 sheet). Empty without breaks."""
    if not rows:
        return ""
    breaks = "".join(f'<brk id="{r}" max="16383" man="1"/>' for r in rows)
    return f'<rowBreaks count="{len(rows)}" manualBreakCount="{len(rows)}">{breaks}</rowBreaks>'


def print_titles_ref(sheet_name: str, header_rows: int = 1) -> str:
    """The value of a sheet's ``_xlnm.Print_Titles`` name: its first ``header_rows`` rows."""
    return "'" + sheet_name.replace("'", "''") + f"'!$1:${header_rows}"


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- xlsxwriter


def apply_to_worksheet(ws, header_rows: int = 1, row_breaks=()) -> None:
    """The same setup on an xlsxwriter worksheet (its ``_xlnm.Print_Titles`` and manual row
    breaks included)."""
    ws.set_paper(PAPER_A4)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    left, right, top, bottom, _header, _footer = MARGINS
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.set_footer(FOOTER)
    if header_rows:
        ws.repeat_rows(0, header_rows - 1)
    if row_breaks:
        ws.set_h_pagebreaks(list(row_breaks))
