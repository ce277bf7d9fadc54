"""The 新增/已解决 a summary shows, kept beside it (``.perfxl汇总_2023-07_问题变化.json``) for a
re-run that writes nothing.

A re-run over exactly the files a summary was made from — the same records, month and folder, the
history and the findings file as they were (the summary's digest says so) — is a no-op: it reads
no record and writes nothing, and says what that summary shows. Its 新增/已解决 are those of the
last run that saw different files: an accountant who runs the monthly job twice must still find
the changes she was about to read, not 0/0 of the run compared with itself. They are kept in this
small file (the unit counts and the listed findings, as much as the summary shows), written after
the summary with the summary's digest, and trusted only while that digest is the summary's.
Anything else — no file, another digest, a damaged file — means the run compares as usual.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from perfxl.discover import TEMP_MARK
from perfxl.summary.changes import Change, Changes
from perfxl.summary.finding_rows import KEYS

SUFFIX = "_问题变化"


def shown_path(summary: Path) -> Path:
    """The file beside ``summary`` that keeps what it shows of the changes (hidden, as the
    manifest is)."""
    summary = Path(summary)
    return summary.with_name(f".{summary.stem}{SUFFIX}.json")


def keep_shown(summary: Path, digest: str, changes: Changes) -> None:
    """Keep ``changes`` as what ``summary`` (written with ``digest``) shows, atomically. A file
    that cannot be written is no error: the next run then compares as usual."""
    path = shown_path(summary)
    tmp = path.with_name(f"{path.stem}{TEMP_MARK}{os.getpid()}.json")
    doc = {"summary": digest, "changes": _encoded(changes)}
    try:
        tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def shown_changes(summary: Path, digest: str) -> Changes | None:
    """The changes ``summary`` shows, when the kept file was written with the summary of
    ``digest``; else None."""
    try:
        doc = json.loads(shown_path(summary).read_text(encoding="utf-8"))
        return _decoded(doc["changes"]) if doc["summary"] == digest else None
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _encoded(changes: Changes) -> dict:
    return {"first_run": changes.first_run,
            "units_before": sorted(changes.units_before),
            "new": sorted(changes.new.items()),
            "resolved": sorted(changes.resolved.items()),
            "items": [[c.kind, c.unit, [c.row[k] for k in KEYS]] for c in changes.items]}


def _decoded(doc: dict) -> Changes:
    def counts(pairs) -> Counter:
        return Counter({(period, unit): n for (period, unit), n in pairs})

    return Changes(first_run=bool(doc["first_run"]),
                   new=counts(doc["new"]), resolved=counts(doc["resolved"]),
                   units_before={(period, unit) for period, unit in doc["units_before"]},
                   items=[Change(kind, unit, dict(zip(KEYS, row)))
                          for kind, unit, row in doc["items"]])
