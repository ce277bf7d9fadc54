"""The pipeline for one workbook: read → score → rules → a :class:`WorkbookResult`.

This is the one place the stages meet; the CLI, the batch and the writers call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from perfxl.config import Config
from perfxl.findings import Finding, Severity
from perfxl.model import Workbook
from perfxl.read.errors import UnreadableWorkbook  # noqa: F401  (re-exported for callers)
from perfxl.scoring.types import ProjectScore


@dataclass
class WorkbookResult:
    path: Path
    error: str | None = None  # file-level error: the workbook could not be read at all
    workbook: Workbook | None = None
    findings: list[Finding] = field(default_factory=list)
    scores: list[ProjectScore] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0


def check_workbook(wb: Workbook, config: Config) -> WorkbookResult:
    """Score and check an already-read workbook."""
    from perfxl.rules import run_rules
    from perfxl.scoring import score_workbook

    framework = config_framework(config)
    scores = score_workbook(wb, framework)
    findings = run_rules(wb, scores, framework, config)
    return WorkbookResult(path=wb.path, workbook=wb, findings=findings, scores=scores)


def check_file(path: Path, config: Config | None = None, data: bytes | None = None
               ) -> WorkbookResult:
    """Read, score and check one file. Never raises for a bad file: the error is in the result.
    ``data``: the file's bytes when the caller already holds them (the runner does)."""
    from perfxl.read import read_workbook

    config = config or Config()
    try:
        wb = read_workbook(Path(path), data)
    except UnreadableWorkbook as e:
        return WorkbookResult(path=Path(path), error=str(e))
    return check_workbook(wb, config)


def config_framework(config: Config):
    from perfxl.scoring.framework import load_framework

    return load_framework(config.framework, config.settings)
