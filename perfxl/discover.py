"""Finding the workbooks to process under the paths a user gave.

Folders are listed with :func:`os.scandir`: each entry's type comes with the listing, so a file
costs no ``stat`` of its own, and each folder is resolved once, not each file. On an SMB share
every such call is a round trip to the server; a folder of a thousand workbooks was a few
thousand of them before the first file was read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
SUMMARY_PREFIX = "perfxl汇总_"
XLS_RESULT_SUFFIX = ".perfxl.xlsx"  # results written beside an .xls (never into it)
TEMP_MARK = ".perfxl-tmp"  # our own temporary files during an atomic write
OUTPUT_MANIFEST_PREFIX = ".perfxl-manifest-"
"""The manifest a run keeps in its ``--output-dir`` (``.perfxl-manifest-<tag>.json``, see
:func:`perfxl.manifest.manifest_in`): a folder holding one is a perfxl output folder — copies of
workbooks already checked — and is not searched (the in-place ``.perfxl-manifest.json`` of a
source folder is not such a mark)."""

MAX_DEPTH = 32
"""Folder levels searched below a folder given (a shared folder is a handful deep; a Windows
junction pointing back up would otherwise be followed for ever)."""

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
    found = search(paths)
    return [f for _, f in found.workbooks], found.missing


@dataclass
class Found:
    """What :func:`search` found under the paths given."""

    workbooks: list[tuple[Path, Path]] = field(default_factory=list)  # (root, workbook)
    missing: list[Path] = field(default_factory=list)  # paths given that do not exist
    unreadable: list[tuple[Path, str]] = field(default_factory=list)  # folder, why (Chinese)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # folder not searched, why
    listings: Listings = field(default_factory=dict)  # folder → its names, as listed
    tell: Callable[[int, int], None] | None = field(default=None, repr=False)  # see search()


def search(paths, tell=None) -> Found:
    """:func:`discover`, with each workbook's root (the folder given, or the folder of a file
    given), the folders that could not be listed, and the names of every folder listed.
    ``tell(folders listed, workbooks found)`` is called after each folder (progress)."""
    found = Found(tell=tell)
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_file():
            root, files = p.parent, [p]
        elif p.is_dir():
            root, files = p, walk(p, found)
        else:
            found.missing.append(p)
            continue
        for f in files:
            key = f.resolve()  # a workbook given twice (or through a link) is checked once
            if key not in seen:
                seen.add(key)
                found.workbooks.append((root, f))
    found.unreadable.sort(key=lambda item: item[0].as_posix())
    found.skipped.sort(key=lambda item: item[0].as_posix())
    return found


def walk(root: Path, found: Found) -> list[Path]:
    """The candidate files under ``root``, sorted by path. Hidden
    folders and folders reached through a symlink are not entered (as ``Path.rglob``), nor a
    perfxl output folder below ``root`` (:func:`is_output_folder`: to ``found.skipped``). Each
    folder's names go to ``found.listings``; a folder that cannot be listed (no permission on
    the share, say) to ``found.unreadable``, with the reason: its workbooks were not checked,
    and a user must hear so."""
    files: list[Path] = []
    todo = [(root, 0)]
    while todo:
        folder, depth = todo.pop()
        if depth > MAX_DEPTH:  # a junction looping back (Windows): no tree is this deep
            found.unreadable.append((folder, f"文件夹层级超过 {MAX_DEPTH} 层（可能是指回上级的链接），"
                                             "其中的工作簿未检查"))
            continue
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as e:
            found.unreadable.append((folder, _folder_error(e)))
            continue
        names = [e.name for e in entries]
        if folder != root and is_output_folder(names):
            found.skipped.append((folder, OUTPUT_SKIPPED))
            continue
        found.listings[folder] = names
        for e in entries:
            name = e.name
            try:
                if e.is_dir():
                    if not name.startswith(".") and not e.is_symlink():
                        todo.append((folder / name, depth + 1))
                elif is_candidate_name(name) and e.is_file():
                    files.append(folder / name)
            except OSError:  # gone, or unreadable, since the listing
                continue
        if found.tell is not None:
            found.tell(len(found.listings), len(found.workbooks) + len(files))
    files.sort(key=Path.as_posix)
    return files


OUTPUT_SKIPPED = "perfxl 的输出文件夹，其中是以前写出的结果副本，不作为报送文件检查"


def is_output_folder(names: list[str]) -> bool:
    """A folder a run wrote its results into (``--output-dir``): it holds the manifest such a
    run keeps there (:data:`OUTPUT_MANIFEST_PREFIX`)."""
    return any(n.startswith(OUTPUT_MANIFEST_PREFIX) and n.endswith(".json") for n in names)


def _folder_error(e: OSError) -> str:
    if isinstance(e, PermissionError):
        return "没有权限读取此文件夹，其中的工作簿未检查"
    if isinstance(e, FileNotFoundError):
        return "文件夹在检查过程中被删除或移走，其中的工作簿未检查"
    return f"无法读取此文件夹（{e.strerror or type(e).__name__}），其中的工作簿未检查"
