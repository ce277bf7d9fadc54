"""Finding the workbooks to process under the paths a user gave.

Folders are listed with :func:`os.scandir`: each entry's type comes with the listing, so a file
costs no ``stat`` of its own, and each folder is resolved once, not each file. On an SMB share
every such call is a round trip to the server; a folder of a thousand workbooks was a few
thousand of them before the first file was read.
"""

from __future__ import annotations

import os
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
SUMMARY_PREFIX = "perfxl汇总_"
XLS_RESULT_SUFFIX = ".perfxl.xlsx"  # results written beside an .xls (never into it)
TEMP_MARK = ".perfxl-tmp"  # our own temporary files during an atomic write

Listings = dict[Path, list[str]]
"""Folder → the names in it, as a search listed them (a batch reuses them to find the temporary
files an interrupted run left, instead of listing every folder again)."""


def is_candidate(p: Path) -> bool:
    """A file perfxl should process: a workbook, not an owner/temp/hidden file, not our output."""
    return is_candidate_name(p.name)


def is_candidate_name(name: str) -> bool:
    """:func:`is_candidate` of a file name."""
    if Path(name).suffix.lower() not in WORKBOOK_SUFFIXES:
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
    found, missing = search(paths)
    return [f for _, f in found], missing


def search(paths, listings: Listings | None = None) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """:func:`discover` with each workbook's root: ((root, workbook) pairs, missing paths). The
    root is the folder given, or the folder of a file given. ``listings``, when given, is filled
    with the names of every folder listed."""
    pairs: list[tuple[Path, Path]] = []
    missing: list[Path] = []
    seen: set[Path] = set()
    folders: dict[Path, Path] = {}  # folder → its real path, resolved once
    for raw in paths:
        p = Path(raw)
        if p.is_file():
            root, found = p.parent, [(p, p.is_symlink())]
        elif p.is_dir():
            root, found = p, walk(p, listings)
        else:
            missing.append(p)
            continue
        for f, is_link in found:
            key = f.resolve() if is_link else real_folder(f.parent, folders) / f.name
            if key not in seen:
                seen.add(key)
                pairs.append((root, f))
    return pairs, missing


def walk(root: Path, listings: Listings | None = None) -> list[tuple[Path, bool]]:
    """(workbook, is a symlink) for the candidate files under ``root``, sorted by path. Hidden
    folders and folders reached through a symlink are not entered (as ``Path.rglob``); a folder
    that cannot be listed is passed over, as ``rglob`` passes it."""
    found: list[tuple[Path, bool]] = []
    todo = [root]
    while todo:
        folder = todo.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        if listings is not None:
            listings[folder] = [e.name for e in entries]
        for e in entries:
            name = e.name
            try:
                if e.is_dir():
                    if not name.startswith(".") and not e.is_symlink():
                        todo.append(folder / name)
                elif is_candidate_name(name) and e.is_file():
                    found.append((folder / name, e.is_symlink()))
            except OSError:  # gone, or unreadable, since the listing
                continue
    found.sort(key=lambda item: item[0].as_posix())
    return found


def real_folder(folder: Path, folders: dict[Path, Path]) -> Path:
    """``folder.resolve()``, remembered in ``folders``."""
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = folder.resolve()
    return real


def real_path(f: Path, folders: dict[Path, Path]) -> Path:
    """``f.resolve()``, with each folder resolved once: a file that is no symlink resolves to
    its resolved folder / its name (one lstat per file instead of one per path component)."""
    if f.is_symlink():
        return f.resolve()
    return real_folder(f.parent, folders) / f.name
