"""The label-anchored workbook reader.

Public API::

    from perfxl.read import read_workbook
    wb = read_workbook(Path("自评.xlsx"))   # -> perfxl.model.Workbook

``read_workbook`` raises only :class:`perfxl.read.errors.UnreadableWorkbook` (a Chinese sentence), for a
file that is not a workbook at all: zero bytes, a truncated or non-OOXML zip, a renamed CSV/.docx,
an encrypted (password) file, an Excel ``~$`` owner file, an unsafe package (DTD/entities, a part
over 200 MB inflated, sheets and shared strings over 300 MB together). Everything wrong *inside*
a workbook is an :class:`~perfxl.model.Observation` in ``wb.observations`` — a sheet or block
not found, a field missing or empty, text where a number belongs, a number stored as text (value
still read), a formula without a cached value or with an error value, a form not filled — which
the rules of ``perfxl/rules/read.py`` turn into findings. The reader never decides a finding.

How it reads (modules):

- ``package``  — sniff the file, open it with python-calamine, map every parser error; the zip
  itself is opened through :mod:`perfxl.ooxml` (limits, member names, DTDs refused);
- ``xlsxmeta`` / ``sheetscan`` — what calamine does not give, from the .xlsx XML: percent number
  formats, formulas without cached values, error values, and the sheet's value range (calamine
  allocates rows × columns cells, so a stray value at XFD100000 is refused before calamine sees it);
- ``grid``     — one sheet as a grid (exact A1 positions, merged cells resolved, labels indexed;
  at most 20,000 rows × 200 columns, labels searched in the first 200 rows × 50 columns);
- ``labels``   — the labels looked for — the words of the label table (``perfxl/labels.toml``
  + ``[labels]`` of perfxl.toml, :mod:`perfxl.labeltable`) — and how cell text is matched (NFKC
  full/half width, all whitespace removed, trailing colon, unit or points in brackets, leading
  ``其中：``);
- ``cells``    — one cell → ``Val`` + observations; ``form`` / ``project_list`` / ``land`` … — the
  sheet kinds, recognised by content (title / header row), never by sheet name, in the order of
  ``sheetkind``; a sheet whose name contains ``说明`` (填报说明) is never read as data.

Values: right of the label (next non-empty cell; another label there means "empty"), else below
it (vertical layouts), or in the label's own cell (``单位名称：某镇``). Merged cells count on every
cell they cover (``一级指标`` merged down). The indicator table ends at ``总分`` or at the first
empty row — an empty spare row still covered by a 一级/二级 merge, or empty rows right above
``总分``, do not end it. Rows of footnotes (``注：…``, ``填表人：``) under a table are not data.

Percent cells: ``92%`` text, ``0.92`` with a percent number format, and ``92`` are all 92 %.
.xls/.xlsb/.ods carry no number-format metadata here, so there (and for a General-format
.xlsx cell) a bare 0 < x ≤ 1 actual next to a percent target above 1 (``≥90%``) is read as a
fraction (0.92 → 92 %); a rate (执行率) ≤ 1 is a fraction, above 1 a percent (92 → 0.92).
"""

from perfxl.read.workbook import read_workbook

__all__ = ["read_workbook"]
