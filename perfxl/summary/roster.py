"""The roster: the units that should hand in for the period, and who has not.

``perfxl run DIR --roster 单位名单.xlsx`` (or ``[batch] roster`` in perfxl.toml) names a file of
unit names: an .xlsx/.xls (its first sheet; the column under a 单位名称-like header, else each
row's first text cell) or a .txt/.csv with one name a line. Header cells (:data:`HEADER_WORDS`)
and blank lines are skipped. The file is read before any workbook is: a roster that cannot be
used is a usage error (:class:`RosterError`), not a surprise at the end of a long run.

Names are compared with :func:`perfxl.values.unit_key`, the one normaliser of unit names (全角/
半角, spaces, a 人民政府 suffix …). The summary gets a sheet 未报送单位 that lists, in one table,
the roster units that handed nothing in (未报送) and the files whose unit is not on the roster
(不在名单中): the two are usually read together — a 不在名单中 file is often a missing unit written
another way, and one table shows the pair side by side.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from perfxl.result import is_failed
from perfxl.summary.common import add_sheet, fit_row
from perfxl.summary.sheetxml import write_text
from perfxl.values import same_unit, unit_key

HEADER_WORDS = ("单位名称", "单位", "名称", "单位全称", "报送单位", "乡镇", "乡镇名称", "部门名称")
"""Cells of a roster that are its header, not a unit (compared after :func:`unit_key`)."""

NUMBER_WORDS = ("序号", "编号")
"""Header cells of a numbering column beside the names."""

TEXT_SUFFIXES = (".txt", ".csv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
NO_UNIT = "（未写单位名称）"


class RosterError(Exception):
    """A roster file that cannot be used; the message is shown to the user as is."""


@dataclass(frozen=True)
class Roster:
    path: Path
    names: tuple[str, ...]  # as written, in file order, each unit once

    def digest(self) -> str:
        """What the summary shows of the roster (its units and where they came from)."""
        text = "\x1e".join((str(self.path), *self.names))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class RosterCheck:
    """The roster against a batch's records."""

    roster: Roster
    missing: list[str] = field(default_factory=list)  # roster names with no workbook
    unlisted: list[tuple[str, str]] = field(default_factory=list)  # (unit, file) not on roster

    def digest(self) -> str:
        """What the sheet 未报送单位 shows, hashed."""
        parts = [self.roster.digest(), *self.missing, *(f"{u}\x1f{f}" for u, f in self.unlisted)]
        return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


# --------------------------------------------------------------------------- reading


def read_roster(path: Path) -> Roster:
    """The unit names of a roster file, or :class:`RosterError` saying why it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"单位名单文件不存在：{path}")
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        rows = _workbook_rows(path)
    elif suffix in TEXT_SUFFIXES:
        rows = _text_rows(path)
    else:
        raise RosterError(f"单位名单 {path} 应是 Excel 工作簿（.xlsx/.xls）或文本文件"
                          "（.txt/.csv，每行一个单位名称）")
    names = _names(rows)
    if not names:
        raise RosterError(f"单位名单 {path} 中没有单位名称（应为一列单位名称，每行一个）")
    return Roster(path, tuple(names))


def _workbook_rows(path: Path) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        if not wb.sheet_names:
            return []
        data = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as e:  # calamine raises its own errors for a file that is no workbook
        raise RosterError(f"单位名单 {path} 无法作为 Excel 工作簿读取（{type(e).__name__}：{e}）"
                          "。请另存为 .xlsx，或写成每行一个单位名称的 .txt") from e
    return [[_cell_text(v) for v in row] for row in data]


def _cell_text(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _text_rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise RosterError(f"单位名单 {path} 无法读取：{e.strerror or e}") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # saved by Excel or Notepad on a Chinese Windows
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as e:
            raise RosterError(f"单位名单 {path} 不是文本文件（无法按 UTF-8 或 GBK 读取）") from e
    if "\x00" in text:
        raise RosterError(f"单位名单 {path} 不是文本文件")
    if path.suffix.lower() == ".csv":
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    return [[line.strip()] for line in text.splitlines()]


def _names(rows: list[list[str]]) -> list[str]:
    """The unit names of the rows: the column under a header like 单位名称 if there is one,
    else each row's first cell that is text and not a number; each unit once."""
    column = None
    header_row = -1
    for i, row in enumerate(rows):
        keys = [unit_key(c) for c in row]
        hit = next((j for j, k in enumerate(keys) if k in HEADER_WORDS), None)
        if hit is not None:
            column, header_row = hit, i
            break
        if any(k and k not in NUMBER_WORDS for k in keys):
            break  # the first row with content is data: there is no header
    names: list[str] = []
    seen: set[str] = set()
    for row in rows[header_row + 1:]:
        cells = [row[column]] if column is not None and column < len(row) else row
        name = next((c for c in cells if c and not _is_number(c)), "")
        key = unit_key(name)
        if not key or key in HEADER_WORDS or key in NUMBER_WORDS or key in seen:
            continue
        seen.add(key)
        names.append(name)
    return names


def _is_number(text: str) -> bool:
    return text.replace(".", "", 1).isdigit()


# --------------------------------------------------------------------------- checking


def check_roster(roster: Roster, records) -> RosterCheck:
    """Which roster units handed nothing in, and which files' units are not on the roster.
    A file that could not be read names no unit and counts for neither."""
    on_roster = {unit_key(n): n for n in roster.names}
    handed_in: set[str] = set()
    out = RosterCheck(roster)
    for rec in records:
        if not submitted(rec):
            continue
        key = _on_roster(unit_key(rec.get("unit")), on_roster)
        if key is not None:
            handed_in.add(key)
        else:
            out.unlisted.append((rec.get("unit") or NO_UNIT, rec.get("rel") or rec["path"]))
    out.missing = [name for key, name in on_roster.items() if key not in handed_in]
    return out


def _on_roster(key: str, on_roster: dict[str, str]) -> str | None:
    """The roster's key for a file's unit key (the roster may leave out the county: 涞源镇 for
    涞源县涞源镇人民政府), or None."""
    if key in on_roster:
        return key
    return next((k for k in on_roster if key and same_unit(key, k)), None)


def submitted(rec: dict) -> bool:
    """A record of a form that was read: a unit's submission (a file that failed, or in which
    nothing of ours was found, is none)."""
    if is_failed(rec):
        return False
    return bool(rec.get("unit") or rec.get("projects") or rec.get("project_list"))


def roster_lines(check: RosterCheck) -> list[str]:
    """What the terminal says about the roster."""
    total = len(check.roster.names)
    if check.missing:
        lines = [f"未报送单位 {len(check.missing)} 个（名单共 {total} 个）："
                 + "、".join(check.missing)]
    else:
        lines = [f"名单中的 {total} 个单位均已报送"]
    for unit, file in check.unlisted:
        lines.append(f"不在名单中：{unit}（{file}）")
    return lines


# --------------------------------------------------------------------------- the sheet

HEADERS = [("单位", 36), ("情况", 14), ("文件", 60)]


def write_roster_sheet(wb, fmt: dict, check: RosterCheck | None) -> None:
    """未报送单位: the roster's missing units, then the files not on the roster."""
    if check is None:
        return
    ws = add_sheet(wb, fmt, "未报送单位", HEADERS)
    row = 1
    lines = [(name, "未报送", "") for name in check.missing]
    lines += [(unit, "不在名单中", file) for unit, file in check.unlisted]
    for values in lines:
        for col, value in enumerate(values):
            write_text(ws, row, col, value)
        fit_row(ws, row, HEADERS, values)
        row += 1
    if row == 1:
        ws.write_string(1, 0, f"名单中的 {len(check.roster.names)} 个单位均已报送")
