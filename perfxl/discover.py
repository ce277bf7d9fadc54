"""Finding the workbooks to process under the paths a user gave."""

from __future__ import annotations

from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
SUMMARY_PREFIX = "perfxl汇总_"
XLS_RESULT_SUFFIX = ".perfxl.xlsx"  # results written beside an .xls (never into it)
TEMP_MARK = ".perfxl-tmp"  # our own temporary files during an atomic write


def is_candidate(p: Path) -> bool:
    """A file perfxl should process: a workbook, not an owner/temp/hidden file, not our output."""
    name = p.name
    if p.suffix.lower() not in WORKBOOK_SUFFIXES:
        return False
    if name.startswith(("~$", ".", "~")) or TEMP_MARK in name:
        return False
    if name.startswith(SUMMARY_PREFIX) or name.lower().endswith(XLS_RESULT_SUFFIX):
        return False
    return True


def discover(paths) -> tuple[list[Path], list[Path]]:
    """(workbooks, missing paths). A file named explicitly is taken even if it looks like an
    owner file, so the reader can say what it is; folders are searched recursively, skipping
    hidden folders. Order is deterministic (sorted per folder) and duplicates are dropped."""
    files: list[Path] = []
    missing: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_file():
            found = [p]
        elif p.is_dir():
            found = sorted(
                (f for f in p.rglob("*") if f.is_file() and is_candidate(f)
                 and not any(part.startswith(".") for part in f.relative_to(p).parts[:-1])),
                key=lambda f: f.as_posix())
        else:
            missing.append(p)
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing
