"""A report file (.docx or .txt) as lines of text, each with where it stands in the file.

Word paragraphs and table rows come in document order; a table of projects (序号 · 项目名称 ·
预算金额 · 项目概况) is rewritten row by row as the list line it stands for, so the parser reads
both forms alike. Text files are decoded as UTF-8, UTF-16 (with BOM) or GB18030.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path


class UnreadableReport(Exception):
    """The report file cannot be read; ``str(e)`` is a Chinese sentence for the user."""


def file_lines(path: Path) -> tuple[list[tuple[str, str]], int]:
    """The file's lines as (text, where) — ``where`` is "第12行" (txt), "第12段" (docx paragraph)
    or "表1第3行" (docx table) — and how many paragraphs Word numbers by itself. Raises
    :class:`UnreadableReport` with a Chinese message."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableReport(f"{path.name} 不存在或不是文件。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_lines(path)
    if suffix in (".txt", ".text", ".md", ""):
        return _txt_lines(path), 0
    if suffix == ".doc":
        raise UnreadableReport(f"{path.name} 是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再检查。")
    raise UnreadableReport(f"{path.name} 不是 .docx 或 .txt 文件，无法读取报告。")


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
