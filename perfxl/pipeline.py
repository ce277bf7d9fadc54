"""The pipeline for one workbook: read → score → rules → a :class:`~perfxl.result.WorkbookResult`.

This is the one place the stages meet; the CLI, the runner, the batch and the report call it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from perfxl.config import Config
from perfxl.findings import Finding
from perfxl.model import Val, Workbook
from perfxl.read import read_workbook
from perfxl.read.errors import UnreadableWorkbook
from perfxl.result import UNRECOGNISED, WorkbookResult
from perfxl.rules import run_rules
from perfxl.scoring import score_workbook
from perfxl.scoring.declaration import load_declaration_framework, review_declarations
from perfxl.scoring.framework import SHIPPED, chosen_by_form, load_framework


def check_workbook(wb: Workbook, config: Config) -> WorkbookResult:
    """Score and check an already-read workbook. A workbook in which no form was recognised is
    not ours: no score, no finding, status ``unrecognised``."""
    if wb.unrecognised:
        return WorkbookResult(path=wb.path, workbook=wb, status=UNRECOGNISED)
    framework = config_framework(config, framework_of_forms(wb, config))
    scores = score_workbook(wb, framework)
    # loaded once for the PX7xx rules and the 审核等级 (a framework file of its own is a TOML parse)
    declaration = (load_declaration_framework(config.declaration_framework)
                   if wb.declarations else None)
    findings, stale = with_decisions(run_rules(wb, scores, framework, config, declaration),
                                     wb.decisions)
    reviews = review_declarations(wb, findings, declaration) if declaration is not None else []
    return WorkbookResult(path=wb.path, workbook=wb, findings=findings, scores=scores,
                          stale_decisions=stale, reviews=reviews)


def with_decisions(findings: list[Finding], decisions: dict[tuple, Val[str]]
                   ) -> tuple[list[Finding], int]:
    """Each finding with the decision staff made on the same finding in the last run's
    校验结果 (:attr:`Finding.decision_key`), and how many decisions match no finding any more
    (the problem is gone: the decision is dropped when the new 校验结果 is written)."""
    used: set[tuple] = set()
    out = []
    for f in findings:
        decided = decisions.get(f.decision_key)
        if decided is not None:
            used.add(f.decision_key)
            f = replace(f, decision=decided.value)
        out.append(f)
    return out, sum(1 for key in decisions if key not in used)


def check_file(path: Path, config: Config | None = None, data: bytes | None = None
               ) -> WorkbookResult:
    """Read, score and check one file. Never raises for a bad file: the error is in the result.
    ``data``: the file's bytes when the caller already holds them (the runner does)."""
    config = config or Config()
    modified = file_modified(Path(path))
    try:
        wb = read_workbook(Path(path), data, config.labels)
    except UnreadableWorkbook as e:
        return WorkbookResult(path=Path(path), error=str(e), modified=modified)
    result = check_workbook(wb, config)
    result.modified = modified
    return result


def file_modified(path: Path) -> str | None:
    """The file's modification time as it is read (local time, ISO 8601 to the second): the last
    tie-break between two copies of one submission (:mod:`perfxl.summary.duplicates`). Taken
    before anything is written into the file; None when the file cannot be stat'ed."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(mtime).isoformat(timespec="seconds")


def framework_of_forms(wb: Workbook, config: Config) -> str:
    """The framework a workbook is scored by: the config's, unless it is the default one and
    every 自评表 states the points that choose a shipped framework (``绩效指标(90分)``, see
    :func:`perfxl.scoring.framework.chosen_by_form`)."""
    if config.framework != "default":
        return config.framework
    points = {p.block_points["indicators"].value if "indicators" in p.block_points else None
              for p in wb.projects}  # a form that states no points keeps the default
    return chosen_by_form(points) or config.framework


def config_framework(config: Config, name: str | None = None):
    """The scoring framework a config names (default, common, or a .toml file), or ``name``
    instead of the config's (the framework the forms chose), with the config's settings.

    Kept for speed: loading it (TOML parse, settings, build: 0.73 ms alone) for every workbook
    cost 1.2–1.5 ms of ≈ 15 ms check per file (8–9 %, same-run A/B over the bench corpus), so
    the frozen framework is remembered per framework name, settings and — for a framework
    file — its size and modification time (an edited file still counts at once)."""
    name = name or config.framework
    key = (str(name), repr(sorted(config.settings.items())), _file_stamp(name))
    framework = _FRAMEWORKS.get(key)
    if framework is None:
        if len(_FRAMEWORKS) >= 16:
            _FRAMEWORKS.clear()
        framework = _FRAMEWORKS[key] = load_framework(name, config.settings)
    return framework


_FRAMEWORKS: dict = {}


def _file_stamp(name: str) -> tuple[int, int] | None:
    """(size, modification time) of a framework file; None for a shipped one (or none)."""
    if str(name).strip() in SHIPPED:
        return None
    try:
        st = Path(name).stat()
    except (OSError, ValueError):
        return None  # load_framework says what is wrong with the name
    return st.st_size, st.st_mtime_ns
