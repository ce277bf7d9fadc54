"""The JSON Schema of perfxl's result contract, shipped in the package (see docs/results.md)."""

from __future__ import annotations

import json
from importlib.resources import files

SCHEMA_FILE = "result.schema.json"


def result_schema() -> dict:
    """``result.schema.json``: a document of ``perfxl check FILE --format json`` or one line of
    a folder's JSON output (the per-workbook object)."""
    return json.loads(files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
