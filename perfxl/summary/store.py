"""Where a batch keeps its records: on disk, not in memory.

A record with its findings is ~40 KB as Python objects; 5000 of them would be 200 MB. The store
appends each record as one JSON line to an anonymous temporary file and keeps only its offset and
a few small fields in memory, so the parent's memory grows by ~500 bytes per workbook (its
fingerprint and content digest included), whatever the findings. Reading is by index (seek +
readline) or in order by iterating — every pass over the store (summary sheets, history rows,
JSON lines) streams from disk.

The passes that need only a few facts of every record — the batch's month, which copies of one
submission count (:mod:`perfxl.summary.duplicates`), who handed in for 新增/已解决 — read the
:class:`Light` view kept in memory, not the records. Facts known only once the whole batch is in
(``duplicate_of``) are an overlay in memory (:meth:`RecordStore.mark`): :meth:`RecordStore.get`
returns the record with them, and the content digest includes them, but the record's line is
never rewritten.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Mapping
from typing import NamedTuple

from perfxl.result import is_failed
from perfxl.summary.duplicates import Submission, submission_of
from perfxl.summary.roster import submitted


BOOKKEEPING = {"reused": False, "fingerprint": None}  # run facts, not content (neutral values)
WHERE = ("path", "rel")  # where the file is: in the line as first written, current in memory


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
    duplicate_of: str | None  # the path of the copy of its submission that counts instead
    unit: str  # as the workbook names it ("" when it names none)
    submitted: bool  # a unit's submission was read (:func:`perfxl.summary.roster.submitted`)
    submission: Submission | None  # what tells copies of one submission apart, if comparable
    stale_decisions: int  # decisions no longer in the workbook written (result.stale_decisions)


class Entry(NamedTuple):
    """A record as the store keeps it (:func:`pack`): a batch's worker makes it beside the
    record, so the parent neither decodes a record sent whole nor encodes it again."""

    line: bytes  # compact JSON, the run bookkeeping neutral: what the manifest keeps too
    digest: bytes  # the record's content digest: its line's with where the file is
    light: Light
    book: dict  # the run bookkeeping and where the file is, kept in memory


def pack(record: dict, line: bytes | None = None) -> Entry:
    """``record`` as the store keeps it. ``line``: its line already (a record the manifest
    kept), so it is not encoded again."""
    # The line holds the record with its run bookkeeping neutralised in place (same keys,
    # same order): its hash, with where the file is now, is then the record's content
    # digest for the summary, with no second serialisation; the real values wait in memory.
    book = {k: record[k] for k in BOOKKEEPING if k in record}
    if line is None:
        public = {**record, **{k: BOOKKEEPING[k] for k in book}}
        line = json.dumps(public, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    book.update((k, record[k]) for k in WHERE if k in record)  # a moved folder's, say
    where = f"\x1e{record.get('path')}\x1e{record.get('rel')}".encode("utf-8")
    counts = record["counts"]
    light = Light(record["path"], record.get("rel") or "", record["status"], is_failed(record),
                  counts.get("error", 0), counts.get("warning", 0), bool(record.get("reused")),
                  record.get("period"), record.get("output"), record.get("duplicate_of"),
                  record.get("unit") or "", submitted(record), submission_of(record),
                  record.get("stale_decisions") or 0)
    return Entry(line, hashlib.sha256(line + where).digest(), light, book)


class RecordStore:
    """``n`` slots filled in any order by :meth:`put`; iterating yields the filled ones in slot
    order. Works like a read-only sequence of record dicts."""

    def __init__(self, n: int):
        self._file = tempfile.TemporaryFile()
        self._offsets: list[int | None] = [None] * n
        self._light: list[Light | None] = [None] * n
        self._book: list[dict | None] = [None] * n  # the run bookkeeping, kept in memory
        self._digests: list[bytes | None] = [None] * n
        self._overlay: dict[int, dict] = {}  # slot → facts of the whole batch (mark)

    def put(self, index: int, record: dict | Entry, line: bytes | None = None) -> bytes:
        """Store ``record`` (or its :class:`Entry`) in slot ``index``; return its line, which
        the manifest keeps as it is. ``line``: see :func:`pack`."""
        entry = record if isinstance(record, Entry) else pack(record, line)
        self._file.seek(0, 2)
        self._offsets[index] = self._file.tell()
        self._file.write(entry.line + b"\n")
        self._book[index] = entry.book
        self._digests[index] = entry.digest
        self._light[index] = entry.light
        return entry.line

    def has(self, index: int) -> bool:
        return self._offsets[index] is not None

    def get(self, index: int) -> dict:
        offset = self._offsets[index]
        if offset is None:
            raise KeyError(index)
        self._file.seek(offset)
        record = json.loads(self._file.readline())
        record.update(self._book[index])
        record.update(self._overlay.get(index, ()))
        return record

    def view(self, index: int) -> Mapping:
        """The record in slot ``index``, read from disk only when it is first looked at."""
        return _Stored(self, index)

    def light_of(self, index: int) -> Light:
        """The :class:`Light` facts of slot ``index``."""
        return self._light[index]

    def mark(self, k: int, **fields) -> None:
        """Add ``fields`` to the ``k``-th record (counted as :meth:`light` and iteration do):
        facts known only once the whole batch is in, such as ``duplicate_of``. Kept in memory
        beside the record's line, which stays as it is."""
        index = self._filled()[k]
        self._overlay.setdefault(index, {}).update(fields)
        if "duplicate_of" in fields:
            self._light[index] = self._light[index]._replace(duplicate_of=fields["duplicate_of"])

    def content_digests(self):
        """A SHA-256 per filled slot, in order, of the record without its run bookkeeping, with
        the facts :meth:`mark` added: equal for a re-run that reuses the same results."""
        for index, digest in enumerate(self._digests):
            if digest is None:
                continue
            overlay = self._overlay.get(index)
            if overlay:
                facts = json.dumps(overlay, sort_keys=True, ensure_ascii=False).encode("utf-8")
                digest = hashlib.sha256(digest + facts).digest()
            yield digest

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


class _Stored(Mapping):
    """A stored record that is read (:meth:`RecordStore.get`) only when first looked at: a
    progress listener that only counts files never reads it."""

    def __init__(self, store: RecordStore, index: int):
        self._store, self._index = store, index
        self._record: dict | None = None

    def _read(self) -> dict:
        if self._record is None:
            self._record = self._store.get(self._index)
        return self._record

    def __getitem__(self, key):
        return self._read()[key]

    def __iter__(self):
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())
