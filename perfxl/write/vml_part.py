"""The legacy VML drawing that shows a worksheet's notes (``xl/drawings/vmlDrawingN.vml``).

Excel and LibreOffice draw a note from a shape whose ``x:ClientData ObjectType="Note"`` names
its cell (``x:Row``/``x:Column``, 0-based); without the shape the comment exists but is not
shown. The drawing may also hold shapes of form controls, so it is edited as text: shapes of
perfxl's notes are removed and added, everything else is kept as it is.
"""

from __future__ import annotations

import re

from perfxl.cellref import rowcol
from perfxl.write import xmltext as xt

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
SHAPE_TYPE = "_x0000_t202"  # Excel's text-box shape type, the one notes use
_SHAPE_TYPE_XML = (
    f'<v:shapetype id="{SHAPE_TYPE}" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')
_IDMAP = re.compile(r'<o:idmap\b[^>]*\bdata="([^"]*)"')


def idmap_blocks(vml: str) -> set[int]:
    """The shape-id blocks (``o:idmap data``) a drawing claims; each block is 1,024 ids."""
    out: set[int] = set()
    for m in _IDMAP.finditer(vml):
        out.update(int(x) for x in re.findall(r"\d+", m.group(1)))
    return out


def new_part(block: int) -> str:
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/>'
            f'</o:shapelayout>{_SHAPE_TYPE_XML}</xml>')


def note_cell(shape: str) -> tuple[int, int] | None:
    """(row, column), 0-based, of a note shape; None for any other shape."""
    if not re.search(r'ObjectType\s*=\s*"Note"', shape):
        return None
    row = re.search(r"<x:Row>\s*(\d+)\s*</x:Row>", shape)
    col = re.search(r"<x:Column>\s*(\d+)\s*</x:Column>", shape)
    return (int(row.group(1)), int(col.group(1))) if row and col else None


def edit(vml: str, gone: set[str], added: list[str]) -> str:
    """The drawing without the note shapes of the cells ``gone`` (perfxl's earlier notes) and
    with a hidden note shape for each cell of ``added``."""
    gone_cells = {_zero_based(ref) for ref in gone}
    edits = [(s.start, s.end, "") for s in xt.elements(vml, "shape")
             if note_cell(s.text) in gone_cells]
    if SHAPE_TYPE not in vml:
        close = vml.rindex("</")
        edits.append((close, close, _SHAPE_TYPE_XML))
    blocks = sorted(idmap_blocks(vml)) or [1]
    used = {int(m) for m in re.findall(r'id="_x0000_s(\d+)"', vml)}
    free = (n for block in blocks for n in range(block * 1024 + 1, block * 1024 + 1024)
            if n not in used)
    shapes = "".join(_shape(next(free), ref) for ref in added)
    close = vml.rindex("</")
    edits.append((close, close, shapes))
    return xt.splice(vml, sorted(edits))


def _zero_based(ref: str) -> tuple[int, int]:
    return rowcol(ref) or (0, 0)


def _shape(number: int, ref: str) -> str:
    row, col = _zero_based(ref)
    anchor = f"{col + 1}, 15, {max(row - 1, 0)}, 10, {col + 3}, 15, {row + 3}, 4"
    return (f'<v:shape id="_x0000_s{number}" type="#{SHAPE_TYPE}" '
            'style="position:absolute;margin-left:80pt;margin-top:2pt;width:220pt;height:90pt;'
            'z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
            '<div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f'<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>'
            f'<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>')
