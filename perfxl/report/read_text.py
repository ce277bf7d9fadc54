"""Read a written self-evaluation report (.docx or .txt) into its parts.

A report is a sequence of lines: a title and preamble, then sections (``一、`` …), sub-sections
(``（一）`` …) and numbered items (``1、`` / ``1.``). From them this module picks what the check
compares with the workbook: year mentions, project count and 预算总金额 statements, the project
entries of （三）项目概况 with their amounts, and the per-project sub-sections of 二.

Parsing works on an NFKC-folded copy of each line (full-width digits and brackets folded), while
messages quote the line as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from perfxl.report.names import parse_cn_number


class UnreadableReport(Exception):
    """The report file cannot be read; ``str(e)`` is a Chinese sentence for the user."""


@dataclass(frozen=True)
class Line:
    index: int  # order in the document, 0-based
    text: str  # as written
    norm: str  # NFKC-folded, for parsing
    where: str  # "第12行" (txt) / "第12段" (docx paragraph) / "表1第3行" (docx table)


@dataclass(frozen=True)
class YearMention:
    year: int
    text: str  # "2022年度"
    kind: str  # "年度" / "年" / "日期" (a date such as 2009年4月30日)
    line: Line
    start: int  # offset in line.norm
    sentence: str  # the sentence it stands in (folded)
    scope: bool  # the sentence states the report's own scope (title, project count, total …)


@dataclass(frozen=True)
class Statement:
    """A stated project count (``value`` int) or 预算总金额 (``value`` Decimal, 万元)."""

    value: object
    text: str
    line: Line


@dataclass
class Item:
    number: int
    label: str | None  # "项目效益" in "5、项目效益：…"
    body: str
    line: Line


@dataclass
class Subsection:
    number: int | None
    title: str
    line: Line
    items: list[Item] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # every line under it


@dataclass
class Section:
    number: int | None
    title: str
    line: Line
    subsections: list[Subsection] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # numbered items outside any sub-section
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectEntry:
    number: int | None
    name: str
    amount: Decimal | None  # 万元
    amount_text: str | None  # "预算金额2.07万元"
    amount_word: str | None  # "预算金额" / "预计金额" …
    line: Line


@dataclass
class ReportText:
    name: str  # the file name, used as the findings' sheet
    lines: list[Line]
    preamble: list[Line]
    sections: list[Section]
    years: list[YearMention]
    counts: list[Statement]
    totals: list[Statement]
    overview: Subsection | None  # （三）项目概况
    entries: list[ProjectEntry]
    achievement: Section | None  # 二、绩效目标实现情况
    project_sections: list[Subsection]
    auto_numbered: int = 0  # .docx paragraphs numbered by Word (their numbers are not in the text)


# --------------------------------------------------------------------------- patterns

NUM = r"(\d[\d,]*(?:\.\d+)?)"
CN = "一二三四五六七八九十"
H1 = re.compile(rf"^\s*([{CN}]{{1,3}})\s*[、.]\s*(.*)$")
H2 = re.compile(rf"^\s*\(\s*([{CN}]{{1,3}})\s*\)\s*[、.,]?\s*(.*)$")
ITEM = re.compile(r"^\s*(?:(\d{1,3})\s*[、.](?!\d)|\(\s*(\d{1,3})\s*\))\s*(.*)$")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(度)?(\s*\d{1,2}\s*月)?")
SENTENCE_END = re.compile(r"[。;!?]")
CITATION = re.compile(r"《[^》]*》")
COUNT_PATTERNS = (
    re.compile(r"项目[^。;,\d]{0,6}?(?:共计?|合计|总计)\s*([\d一二三四五六七八九十两]+)\s*个"),
    re.compile(r"(?:共计?|合计|总计)\s*([\d一二三四五六七八九十两]+)\s*个项目"),
    re.compile(r"(?:年度?|全部|所有|全镇|本单位|我单位|涉及)\s*([\d一二三四五六七八九十两]+)\s*个项目"),
    re.compile(r"(?<!其中)(?<!有)(?<!\d)(\d+)\s*个项目(?:工作)?中"),
)
TOTAL = re.compile(rf"(预算总金额|预算总额|总预算|资金总额|总金额)[^\d\n]{{0,6}}?{NUM}\s*(万元|万|元)")
AMOUNT = re.compile(rf"(预算金额|预计金额|预算资金|预算数|预算|金额|资金)\s*(?:为|是|:)?\s*{NUM}\s*(万元|万|元)")
BARE_AMOUNT = re.compile(rf"{NUM}\s*(万元|万)")
SCOPE_WORDS = ("所有项目", "全部项目", "各项目", "所有县级", "项目中")


# --------------------------------------------------------------------------- reading files


def read_report(path: Path) -> ReportText:
    """Read a .docx or .txt report. Raises :class:`UnreadableReport` with a Chinese message."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableReport(f"{path.name} 不存在或不是文件。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        raw, auto = _docx_lines(path)
        doc = parse_lines(path.name, raw)
        doc.auto_numbered = auto
        return doc
    elif suffix in (".txt", ".text", ".md", ""):
        raw = _txt_lines(path)
    elif suffix == ".doc":
        raise UnreadableReport(f"{path.name} 是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再检查。")
    else:
        raise UnreadableReport(f"{path.name} 不是 .docx 或 .txt 文件，无法读取报告。")
    return parse_lines(path.name, raw)


def _txt_lines(path: Path) -> list[tuple[str, str]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableReport(f"{path.name} 无法打开：{e.strerror or e}。") from e
    text = decode_text(data)
    if text is None:
        raise UnreadableReport(f"{path.name} 的编码无法识别（已尝试 UTF-8 和 GB18030），请另存为 UTF-8。")
    return [(line, f"第{i}行") for i, line in enumerate(text.splitlines(), 1)]


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Notepad “Unicode”), else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _docx_lines(path: Path) -> tuple[list[tuple[str, str]], int]:
    """Paragraphs and table rows in document order (empty paragraphs are not counted), and how
    many paragraphs carry Word's automatic numbering."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(str(path))
    except OSError as e:  # missing, locked by Word on Windows, no permission
        raise UnreadableReport(f"{path.name} 无法打开：{e.strerror or e}（文件是否正在 Word/WPS 中打开？）。") from e
    except Exception as e:  # python-docx raises several types for a damaged/renamed file
        raise UnreadableReport(f"{path.name} 不是有效的 Word（.docx）文件，无法读取：{type(e).__name__}。") from e
    out: list[tuple[str, str]] = []
    para_no = table_no = auto = 0
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, doc)
            text = para.text
            if text.strip():
                para_no += 1
                auto += _auto_numbered(para)
                out += [(part, f"第{para_no}段") for part in text.split("\n") if part.strip()]
        elif tag == "tbl":
            table_no += 1
            out += _table_lines(Table(child, doc), table_no)
    return out, auto


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _auto_numbered(para) -> bool:
    """Numbered by Word: ``w:numPr`` on the paragraph or on its style (or a style it is based on)."""
    if para._p.find(f"{_W}pPr/{_W}numPr") is not None:
        return True
    try:
        style = para.style
    except (KeyError, ValueError):  # a style id the styles part does not define
        return False
    for _ in range(10):  # base styles can chain; a cycle must not hang
        if style is None:
            return False
        if style.element.find(f"{_W}pPr/{_W}numPr") is not None:
            return True
        style = style.base_style
    return False


def _table_lines(table, table_no: int) -> list[tuple[str, str]]:
    rows = [_row_cells(r) for r in table.rows]
    if not rows:
        return []
    columns = _project_columns(rows[0])
    out = []
    for r, cells in enumerate(rows, 1):
        where = f"表{table_no}第{r}行"
        if columns and r > 1:
            if any(cells):
                out.append((_project_row_text(cells, columns, r - 1), where))
        elif any(cells):
            out.append(("　".join(c for c in cells if c), where))
    return out


def _row_cells(row) -> list[str]:
    cells, last = [], None
    for cell in row.cells:
        if cell._tc is last:  # a merged cell is returned once per grid column
            continue
        last = cell._tc
        cells.append(" ".join(cell.text.split()))
    return cells


def _project_columns(header: list[str]) -> dict | None:
    """Columns of a project table (序号 · 项目名称 · 预算金额 · 项目概况), if this is one."""
    norm = [unicodedata.normalize("NFKC", h) for h in header]
    name = next((i for i, h in enumerate(norm) if "名称" in h), None)
    amount = next((i for i, h in enumerate(norm) if "金额" in h or "预算" in h), None)
    if name is None or amount is None:
        return None
    unit = "元" if "元" in norm[amount] and "万元" not in norm[amount] else "万元"
    seq = next((i for i, h in enumerate(norm) if "序号" in h), None)
    rest = [i for i in range(len(header)) if i not in (name, amount, seq)]
    return {"name": name, "amount": amount, "seq": seq, "rest": rest, "unit": unit,
            "word": header[amount].split("(")[0].split("（")[0] or "预算金额"}


def _project_row_text(cells: list[str], col: dict, row_no: int) -> str:
    """A table row rewritten as the list line it stands for: ``1. 名称：预算金额2万元，概况``."""
    get = lambda i: cells[i] if i is not None and i < len(cells) else ""  # noqa: E731
    seq = get(col["seq"]) or ""
    amount = get(col["amount"])
    if amount and not re.search(r"元|万", amount):
        amount += col["unit"]
    if "".join(get(col["name"]).split()) in ("合计", "总计") or "合计" in seq:
        return f"预算总金额为{amount}"  # the table's total row states the total
    rest = "，".join(get(i) for i in col["rest"] if get(i))
    head = f"{seq.strip() if seq.strip().isdigit() else row_no}. "  # an item even without 序号
    return f"{head}{get(col['name'])}：{col['word']}{amount}" + (f"，{rest}" if rest else "")


# --------------------------------------------------------------------------- parsing


def parse_lines(name: str, raw: list[tuple[str, str]]) -> ReportText:
    lines = [Line(i, text, unicodedata.normalize("NFKC", text), where)
             for i, (text, where) in enumerate(raw) if text.strip()]
    preamble, sections = _structure(lines)
    overview = _find_sub(sections, "项目概况")
    achievement = _find_section(sections, "目标实现", 2)
    # a project entry of （三） speaks of that project: its counts and totals (“共3个村”) and
    # years are not statements about the report as a whole
    entry_lines = {id(i.line) for i in overview.items} if overview else set()
    title = {id(ln) for ln in _title_lines(preamble)}
    years = [m for ln in lines
             for m in _years(ln, in_title=id(ln) in title, in_entry=id(ln) in entry_lines)]
    totals = [s for ln in lines if id(ln) not in entry_lines for s in _totals(ln)]
    counts = [s for ln in lines if id(ln) not in entry_lines for s in _counts(ln)]
    return ReportText(
        name=name, lines=lines, preamble=preamble, sections=sections, years=years,
        counts=counts, totals=totals,
        overview=overview, entries=[_entry(i) for i in overview.items] if overview else [],
        achievement=achievement,
        project_sections=list(achievement.subsections) if achievement else [])


def _structure(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    preamble: list[Line] = []
    sections: list[Section] = []
    for ln in lines:
        if m := H1.match(ln.norm):
            sections.append(Section(parse_cn_number(m.group(1)), m.group(2).strip(), ln))
            continue
        if not sections:
            preamble.append(ln)
            continue
        sec = sections[-1]
        sec.lines.append(ln)
        if m := H2.match(ln.norm):
            sec.subsections.append(Subsection(parse_cn_number(m.group(1)),
                                              _clean_title(m.group(2)), ln))
            continue
        if sec.subsections:
            sec.subsections[-1].lines.append(ln)
        if item := _item(ln):
            (sec.subsections[-1].items if sec.subsections else sec.items).append(item)
    return preamble, sections


def _clean_title(s: str) -> str:
    return s.strip().rstrip(":：、 ").strip()


def _item(ln: Line) -> Item | None:
    m = ITEM.match(ln.norm)
    if not m:
        return None
    number = int(m.group(1) or m.group(2))
    body = m.group(3).strip()
    head, sep, _ = body.partition(":")
    label = head.strip() if sep and 0 < len(head.strip()) <= 40 else None
    return Item(number, label, body, ln)


def _find_sub(sections: list[Section], word: str) -> Subsection | None:
    for sec in sections:
        for sub in sec.subsections:
            if word in sub.title:
                return sub
    return None


def _find_section(sections: list[Section], word: str, number: int) -> Section | None:
    return (next((s for s in sections if word in s.title), None)
            or next((s for s in sections if s.number == number), None))


def _entry(item: Item) -> ProjectEntry:
    name = (item.label or item.body.split(":")[0]).strip()
    m = AMOUNT.search(item.body) or BARE_AMOUNT.search(item.body)
    if not m:
        return ProjectEntry(item.number, name, None, None, None, item.line)
    word = m.group(1) if m.re is AMOUNT else None
    number, unit = (m.group(2), m.group(3)) if m.re is AMOUNT else (m.group(1), m.group(2))
    return ProjectEntry(item.number, name, to_wan(number, unit), m.group(0), word, item.line)


def to_wan(number: str, unit: str) -> Decimal | None:
    """Text amount → 万元 (元 ÷ 10000), exactly."""
    try:
        d = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    return d / 10000 if unit == "元" else d


def _sentences(norm: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(norm):
        out.append((start, norm[start:m.end()]))
        start = m.end()
    if start < len(norm):
        out.append((start, norm[start:]))
    return out


def _title_lines(preamble: list[Line]) -> list[Line]:
    """The title: preamble lines before the first sentence (a line with 。 or ending in ：)."""
    out = []
    for ln in preamble:
        if "。" in ln.text or ln.norm.rstrip().endswith(":"):
            break
        out.append(ln)
    return out


def _years(ln: Line, in_title: bool, in_entry: bool = False) -> list[YearMention]:
    out = []
    for start, sentence in _sentences(ln.norm):
        scope = in_title or (not in_entry and _states_scope(sentence))
        cited = [(m.start(), m.end()) for m in CITATION.finditer(sentence)]
        for m in YEAR.finditer(sentence):
            if any(a <= m.start() < b for a, b in cited):
                continue  # a year in the title of a cited document (《……2022年度……通知》)
            kind = "日期" if m.group(3) else "年度" if m.group(2) else "年"
            out.append(YearMention(int(m.group(1)), m.group(0).strip(), kind, ln,
                                   start + m.start(), sentence, scope))
    return out


def _states_scope(sentence: str) -> bool:
    fake = Line(0, sentence, sentence, "")
    return bool(_counts(fake) or _totals(fake)) or any(w in sentence for w in SCOPE_WORDS)


def _counts(ln: Line) -> list[Statement]:
    out, seen = [], set()
    for pattern in COUNT_PATTERNS:
        for m in pattern.finditer(ln.norm):
            if m.start(1) in seen:
                continue
            n = parse_cn_number(m.group(1))
            if n is not None:
                seen.add(m.start(1))
                out.append(Statement(n, m.group(0), ln))
    return out


def _totals(ln: Line) -> list[Statement]:
    out = []
    for m in TOTAL.finditer(ln.norm):
        amount = to_wan(m.group(2), m.group(3))
        if amount is not None:
            out.append(Statement(amount, m.group(0), ln))
    return out
