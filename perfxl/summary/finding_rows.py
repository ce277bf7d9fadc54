"""The rows of the findings file (``perfxl问题记录.csv``) of one run or of the stored file, kept
on disk, not in memory.

A workbook's findings are ~40 KB as Python rows; 5,000 workbooks would be 200 MB. A
:class:`FindingRows` appends each row as one JSON line to an anonymous temporary file and keeps in
memory only where each unit's and each period's rows are (runs of consecutive lines: about one per
workbook), so 新增/已解决 can be compared unit by unit, and the file written period by period,
with memory that does not grow with the findings.

:func:`read_stored` streams the stored file into one (Excel may have re-saved it as GBK:
accepted; anything else that is not perfxl's text is reported as damaged).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import tempfile
from pathlib import Path

from perfxl.summary.history import _unguard
from perfxl.values import unit_key

# (key, header) in file order
COLUMNS = (("period", "期间"), ("unit", "单位"), ("file", "文件"), ("sheet", "工作表"),
           ("cell", "单元格"), ("code", "代码"), ("expected", "应为"), ("actual", "实为"),
           ("message", "问题"))
KEYS = tuple(k for k, _ in COLUMNS)


def unit_of(row: dict) -> tuple[str, str]:
    """(period, unit key) a row is compared under; a row that names no unit is its file's."""
    return row["period"], unit_key(row["unit"]) or f"文件:{row['file']}"


class FindingRows:
    """Rows in the findings file's columns, added in order, read back unit by unit or period by
    period (each in the order they were added)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        # (period, unit key) → (the unit's name as its first row gives it, its runs)
        self._units: dict[tuple[str, str], tuple[str, list[list[int]]]] = {}
        self._periods: dict[str, list[list[int]]] = {}  # period → its runs
        self._digests: dict[str, "hashlib._Hash"] = {}  # period → hash of its rows in order
        self._last: tuple[str, str] | None = None  # the unit of the row added last

    def add(self, row: dict) -> None:
        values = [row[k] for k in KEYS]
        self._file.seek(0, 2)
        offset = self._file.tell()
        self._file.write(json.dumps(values, ensure_ascii=False).encode("utf-8") + b"\n")
        key, period = unit_of(row), row["period"]
        last = self._last
        _note(self._units.setdefault(key, (row["unit"], []))[1], offset, last == key)
        _note(self._periods.setdefault(period, []), offset,
              last is not None and last[0] == period)
        self._digests.setdefault(period, hashlib.sha256()).update(
            ("\x1f".join(values) + "\x1e").encode("utf-8"))
        self._last = key

    @property
    def units(self) -> list[tuple[str, str]]:
        """(period, unit key) of every unit, in the order of their first rows."""
        return list(self._units)

    @property
    def periods(self) -> set[str]:
        return set(self._periods)

    def name(self, unit: tuple[str, str]) -> str:
        return self._units[unit][0]

    def findings(self, unit: tuple[str, str]) -> list[dict]:
        """The unit's finding rows (not the row that says it was in the run)."""
        return [r for r in self._read(self._units[unit][1]) if r["code"]]

    def period_rows(self, period: str):
        """The rows of ``period``, streamed."""
        yield from self._read(self._periods.get(period, []))

    def digest(self, period: str) -> str | None:
        """A hash of the period's rows in order (None when it has none): equal for equal rows."""
        h = self._digests.get(period)
        return h.hexdigest() if h else None

    def close(self) -> None:
        """The rows' file closed and their index let go (closing twice is harmless)."""
        self._file.close()
        self._units.clear()
        self._periods.clear()
        self._digests.clear()

    def _read(self, runs: list[list[int]]):
        for offset, count in runs:
            self._file.seek(offset)
            lines = [self._file.readline() for _ in range(count)]
            yield from (dict(zip(KEYS, json.loads(line))) for line in lines)


def _note(runs: list[list[int]], offset: int, follows: bool) -> None:
    """Add the line at ``offset`` to ``runs``: to the last run when it follows it."""
    if follows:
        runs[-1][1] += 1
    else:
        runs.append([offset, 1])


class Damaged(Exception):
    """The stored file is not perfxl's text (the reason, in Chinese, is the message)."""


def read_stored(path: Path, into: FindingRows) -> None:
    """Add the rows of the findings file at ``path`` to ``into`` (none if there is no file);
    raise :class:`Damaged` when it is not perfxl's text or cannot be read (the caller then
    drops ``into``: a read that failed half-way may have added some rows)."""
    encoding = _encoding(path)
    if encoding is None:
        return
    try:
        with open(path, encoding=encoding, newline="") as f:
            reader = csv.reader(piece for line in f for piece in line.splitlines())
            headers = next(reader, None)
            if headers is None:
                return
            if any(h not in headers for _, h in COLUMNS):
                raise Damaged("表头不是 perfxl 的格式")
            at = {k: headers.index(h) for k, h in COLUMNS}
            for line in reader:
                if line:
                    into.add({k: _unguard(line[i]) if i < len(line) else "" for k, i in at.items()})
    except OSError as e:
        raise Damaged(e.strerror or str(e)) from e


def _encoding(path: Path) -> str | None:
    """utf-8-sig if the whole file decodes as UTF-8, else gb18030 (Excel re-saved it), decided
    before any row is used; None when there is no file. :class:`Damaged` if neither decodes."""
    try:
        for encoding in ("utf-8-sig", "gb18030"):
            if _decodes(path, encoding):
                return encoding
    except FileNotFoundError:
        return None
    except OSError as e:
        raise Damaged(e.strerror or str(e)) from e
    raise Damaged("不是文本文件")


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with open(path, "rb") as f:
        try:
            for block in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True
