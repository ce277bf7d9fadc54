"""The library's front door: check a workbook from Python.

    from perfxl.api import check_file
    result = check_file(Path("单位.xlsx"))
    result.to_dict()  # the per-workbook JSON object (docs/results.md)

Re-exports only; the work is in :mod:`perfxl.pipeline` and :mod:`perfxl.result`, which the
command line, the runner and the batch import directly.
"""

from __future__ import annotations

from perfxl.pipeline import check_file, check_workbook, config_framework
from perfxl.read.errors import UnreadableWorkbook
from perfxl.result import SCHEMA, WorkbookResult

__all__ = ["SCHEMA", "UnreadableWorkbook", "WorkbookResult", "check_file", "check_workbook",
           "config_framework"]
