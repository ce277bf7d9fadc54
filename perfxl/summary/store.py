"""Where a batch keeps its records: on disk, not in memory.

A record with its findings is ~40 KB as Python objects; 5000 of them would be 200 MB. The store
appends each record as one JSON line to an anonymous temporary file and keeps only its offset and
a few small fields in memory, so the parent's memory grows by ~200 bytes per workbook, whatever
the findings. Reading is by index (seek + readline) or in order by iterating — every pass over
the store (summary sheets, history rows, JSON lines) streams from disk.
"""

from __future__ import annotations

import json
import tempfile
from typing import NamedTuple

from perfxl.summary.record import is_failed


class Light(NamedTuple):
    """What the batch needs to know about a record without reading it back."""

    path: str
    rel: str
    status: str
    failed: bool
    errors: int
    warnings: int
    reused: bool
    period: str | None
    output: str | None


class RecordStore:
    """``n`` slots filled in any order by :meth:`put`; iterating yields the filled ones in slot
    order. Works like a read-only sequence of record dicts."""

    def __init__(self, n: int):
        self._file = tempfile.TemporaryFile()
        self._offsets: list[int | None] = [None] * n
        self._light: list[Light | None] = [None] * n

    def put(self, index: int, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._file.seek(0, 2)
        self._offsets[index] = self._file.tell()
        self._file.write(line + b"\n")
        counts = record["counts"]
        self._light[index] = Light(record["path"], record.get("rel") or "", record["status"],
                                   is_failed(record),
                                   counts.get("error", 0), counts.get("warning", 0),
                                   bool(record.get("reused")), record.get("period"),
                                   record.get("output"))

    def has(self, index: int) -> bool:
        return self._offsets[index] is not None

    def get(self, index: int) -> dict:
        offset = self._offsets[index]
        if offset is None:
            raise KeyError(index)
        self._file.seek(offset)
        return json.loads(self._file.readline())

    def _filled(self) -> list[int]:
        return [i for i, o in enumerate(self._offsets) if o is not None]

    def __len__(self) -> int:
        return sum(1 for o in self._offsets if o is not None)

    def __iter__(self):
        for i in self._filled():
            yield self.get(i)

    def __getitem__(self, k: int) -> dict:
        return self.get(self._filled()[k])

    # cheap facts from memory, no disk read

    def light(self) -> list[Light]:
        """The :class:`Light` facts of every filled slot, in order."""
        return [x for x in self._light if x is not None]

    def close(self) -> None:
        self._file.close()
