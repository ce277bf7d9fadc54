"""JSON emitter: ``{"workbooks": [...]}`` — the contract other tools and the tests rely on."""

from __future__ import annotations

import json

from perfxl import __version__
from perfxl.api import WorkbookResult
from perfxl.output.data import result_to_dict


def render(results: list[WorkbookResult]) -> str:
    doc = {"perfxl": __version__, "workbooks": [result_to_dict(r) for r in results]}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def render_line(result: WorkbookResult) -> str:
    """One workbook as one JSON line (for streaming batch output)."""
    return json.dumps(result_to_dict(result), ensure_ascii=False)
