"""The shared folder's last monthly run, as ``perfxl run DIR`` left it: its summary workbook.

The page shows what the 财政局 reviewer would open — the newest ``perfxl汇总_*.xlsx`` in the
folder, read back (calamine) sheet by sheet: units with 新增/已解决, 未报送单位, 问题变化, the
projects with their grades, and the files that could not be processed or were not counted. The
summary is the run's own record of itself, so the page and the workbook always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from perfxl.discover import SUMMARY_PREFIX, TEMP_MARK

# (sheet, heading on the page), in the order shown; a sheet the summary lacks is left out
SHOWN_SHEETS = (
    ("单位汇总", "各单位"),
    ("未报送单位", "未报送单位"),
    ("问题变化", "新增和已解决的问题"),
    ("汇总", "各项目的得分与等级"),
    ("无法处理", "无法处理的文件"),
    ("重复报送", "重复报送"),
    ("未识别文件", "未识别的文件"),
)
GRADES_SHEET = "图表"  # its first two columns: 等级, 项目数
MAX_ROWS = 500  # rows shown per sheet; the workbook has them all
RATE_WORDS = ("率", "进度")  # a column of rates: shown as percentages


@dataclass
class Table:
    heading: str
    sheet: str
    header: list[str]
    rows: list[list[str]]
    more: int = 0  # rows left out (beyond MAX_ROWS)


@dataclass
class LastRun:
    folder: Path
    summary: Path | None = None  # the newest summary workbook, if any
    written: str | None = None  # when it was written (local time)
    grades: list[tuple[str, str]] = field(default_factory=list)  # (等级, 项目数)
    tables: list[Table] = field(default_factory=list)
    problem: str | None = None  # why nothing can be shown (Chinese)


def newest_summary(folder: Path) -> Path | None:
    """The summary workbook written last in ``folder`` (temporary files of a run in progress
    are not summaries)."""
    try:
        found = [p for p in Path(folder).iterdir()
                 if p.name.startswith(SUMMARY_PREFIX) and p.suffix.lower() == ".xlsx"
                 and TEMP_MARK not in p.name and p.is_file()]
    except OSError:
        return None
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def last_run(folder: Path) -> LastRun:
    run = LastRun(Path(folder))
    if not run.folder.is_dir():
        run.problem = f"文件夹 {run.folder} 不存在或无法打开。"
        return run
    run.summary = newest_summary(run.folder)
    if run.summary is None:
        run.problem = (f"文件夹 {run.folder} 中还没有月度汇总（{SUMMARY_PREFIX}….xlsx）。"
                       f"请先运行：perfxl run \"{run.folder}\"")
        return run
    try:
        stamp = run.summary.stat().st_mtime
        book = CalamineWorkbook.from_path(str(run.summary))
        sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    except Exception as e:  # noqa: BLE001 - open elsewhere, half-copied …: say so, keep serving
        run.problem = f"无法读取 {run.summary.name}：{e}。请稍后刷新本页。"
        return run
    run.written = dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")
    run.grades = [(cell(r[0]), cell(r[1])) for r in sheets.get(GRADES_SHEET, [])[1:]
                  if len(r) > 1 and r[0] not in ("", None)]
    for sheet, heading in SHOWN_SHEETS:
        if sheet in sheets and sheets[sheet]:
            run.tables.append(table(heading, sheet, sheets[sheet]))
    return run


def table(heading: str, sheet: str, rows: list[list]) -> Table:
    header = [cell(v) for v in rows[0]]
    rates = [any(w in h for w in RATE_WORDS) for h in header]
    body = [[cell(v, rate) for v, rate in zip(r, rates)] for r in rows[1:MAX_ROWS + 1]]
    return Table(heading, sheet, header, body, more=max(0, len(rows) - 1 - MAX_ROWS))


def cell(value, rate: bool = False) -> str:
    """A summary cell as text: numbers as the sheet shows them (integers without ``.0``,
    amounts with their digits, rates as percentages)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        number = Decimal(repr(value))  # the shortest text of the double: 144.9552, not …5199
        if rate:
            number *= 100
        text = f"{number.normalize():f}" if number != number.to_integral() else f"{int(number)}"
        if rate and "." in text:
            text = f"{number.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
        return f"{text}%" if rate else text
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)
