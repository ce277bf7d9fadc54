"""JSON emitter: the per-workbook object of :mod:`perfxl.result`, as one document or as lines.

``perfxl check FILE --format json`` prints one document ``{"schema", "perfxl", "workbooks":
[...]}``; a folder (``check DIR`` / ``run DIR``) prints one line per workbook, each the same
object. Both validate against ``perfxl/schema/result.schema.json`` (see docs/results.md).
"""

from __future__ import annotations

import json
import sys

from perfxl import __version__
from perfxl.result import SCHEMA, WorkbookResult

BOOKKEEPING = ("fingerprint",)  # the manifest's, not output


def document(results: list[WorkbookResult]) -> dict:
    """The document of a run over files: every workbook's object, in order."""
    return {"schema": SCHEMA, "perfxl": __version__,
            "workbooks": [public(r.to_dict()) for r in results]}


def render(results: list[WorkbookResult]) -> str:
    return json.dumps(document(results), ensure_ascii=False, indent=2)


def public(doc: dict) -> dict:
    """The per-workbook object as output: without the manifest's bookkeeping."""
    return {k: v for k, v in doc.items() if k not in BOOKKEEPING}


def render_line(doc: dict) -> str:
    """One workbook's object as one JSON line (for streaming batch output)."""
    return json.dumps(public(doc), ensure_ascii=False, separators=(",", ":"))


class JsonLines:
    """A batch listener: one JSON line per workbook on ``stream``, in the batch's path order."""

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stdout

    def update(self, doc: dict, failed: bool) -> None:
        self.stream.write(render_line(doc) + "\n")
        self.stream.flush()

    def start(self, total: int) -> None:
        pass

    def close(self) -> None:
        pass
