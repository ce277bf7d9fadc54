"""重复报送: two workbooks of one submission in a folder, which one counts, and the sheet that
says so.

``XX镇2024自评.xlsx`` and ``XX镇2024自评（修改后）.xlsx`` — same unit, same year, same form kind — are
one submission handed in twice. Both are still checked and written (each is the staff's file),
but only the newer one counts: the other's record gets ``duplicate_of`` (the path of the one
used) and ``duplicate_reason``, and it adds nothing to the summary's rows, totals, grade counts
and unit rows, nor to the history; the 重复报送 sheet names both files and why.

- **One submission**: the same unit (compared after :func:`perfxl.rules.common.norm_text` —
  full/half width, spaces, punctuation — the normaliser the summary uses to match a unit's
  项目清单, :mod:`perfxl.summary.units`), the same year, the same form kind (a unit's 自评
  workbook, or a system export's forms), and at least one project in common (names
  normalised): a unit that hands its projects in two workbooks has handed in two parts, not
  two copies; a revised copy may rename or add a project and is still a copy. The year, not
  the ``YYYY-MM`` period, so that a copy re-handed in with a later 数据截至 is still the same
  submission (that is the first thing that tells which copy is newer).
- **The newer one**: the later 数据截至 (as the file states it: the 项目清单's 数据截至 or an
  执行监控表's ``1-N月``; a file that states it is newer than one that does not), then a
  revision marker in the file name (修改后, 最终, 定稿 …: the words are data, in
  ``revision_markers.toml``), then the file's modification time when it was read (``modified``),
  and last the path (the one sorting later), so the choice never depends on the order the
  workers finished in.

Not compared: files that could not be processed, a workbook naming no unit, no year (期间不明)
or no project.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from perfxl.result import PERIOD_UNKNOWN, is_failed
from perfxl.rules.common import norm_text
from perfxl.summary.common import add_sheet, finish_sheet, fit_row, put_text

MARKERS_FILE = "revision_markers.toml"
UNIT_WORKBOOK = "单位自评工作簿"


def revision_markers() -> tuple[str, ...]:
    """The words that mark a revised copy in a file name (``revision_markers.toml``)."""
    text = resources.files(__package__).joinpath(MARKERS_FILE).read_text(encoding="utf-8")
    return tuple(unicodedata.normalize("NFKC", m) for m in tomllib.loads(text)["markers"])


def marker_in(path: str, markers: tuple[str, ...]) -> str | None:
    """The first revision marker in the file's name (full/half width folded), or None."""
    name = unicodedata.normalize("NFKC", Path(path).stem)
    return next((m for m in markers if m and m in name), None)


# --------------------------------------------------------------------------- one submission


class Submission(NamedTuple):
    """What makes two records copies of one submission, and what tells the newer one."""

    key: tuple  # (unit, year, form kind), normalised
    projects: frozenset  # the normalised project names: copies share at least one
    kind: str  # the form kind in Chinese (UNIT_WORKBOOK, or an export's forms and project)
    as_of: str  # 数据截至 as YYYY-MM when the file states it, else ""
    modified: str  # the file's modification time when read (ISO), else ""
    path: str


def submission_of(rec: dict) -> Submission | None:
    """The submission a processed record belongs to; None when it cannot be compared (failed,
    no unit, no year, no project)."""
    unit, year, period = rec.get("unit"), rec.get("year"), rec.get("period")
    source = rec.get("period_source") or ""
    projects = rec.get("projects") or []
    if is_failed(rec) or not unit or not year or not period or source == PERIOD_UNKNOWN \
            or not projects:
        return None
    if rec.get("export"):
        forms = "、".join(sorted({p.get("form") or "" for p in projects}))
        kind = f"{forms}（{'、'.join(sorted({p.get('name') or '' for p in projects}))}）"
    else:
        forms = kind = UNIT_WORKBOOK
    stated = "数据截至" in source or "1-N月" in source  # else the month is the year end
    return Submission((norm_text(unit), year, forms),
                      frozenset(norm_text(p.get("name")) for p in projects), kind,
                      period if stated else "", rec.get("modified") or "", rec["path"])


# --------------------------------------------------------------------------- the decision


@dataclass(frozen=True)
class Duplicate:
    """Record ``index`` (in the batch's order) is a copy of record ``used``'s submission."""

    index: int
    used: int
    reason: str  # why ``used`` counts, in Chinese


def find_duplicates(submissions: list[Submission | None],
                    markers: tuple[str, ...] | None = None) -> list[Duplicate]:
    """The copies that do not count, in record order. ``submissions``: per record, in the
    batch's order, :func:`submission_of` (None: not compared). Records of one key that share a
    project — directly or through a third copy — are one submission; the newest counts."""
    markers = revision_markers() if markers is None else markers
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, s in enumerate(submissions):
        if s is not None:
            groups[s.key].append(i)
    out: list[Duplicate] = []
    for members in groups.values():
        for copies in _sharing_projects(members, submissions):
            newest_last = sorted(copies, key=lambda i: _recency(submissions[i], markers))
            used = newest_last[-1]
            out += [Duplicate(i, used, _why(submissions[used], submissions[i], markers))
                    for i in newest_last[:-1]]
    return sorted(out, key=lambda d: d.index)


def _sharing_projects(members: list[int], submissions) -> list[list[int]]:
    """``members`` split into the sets of two or more that share projects (a unit handing in
    its projects in two workbooks has handed in two parts, not two copies)."""
    parts: list[tuple[set, list[int]]] = []  # (project names, members)
    for i in members:
        names, joined = set(submissions[i].projects), [i]
        for part in [p for p in parts if p[0] & names]:
            parts.remove(part)
            names |= part[0]
            joined += part[1]
        parts.append((names, joined))
    return [sorted(m) for _, m in parts if len(m) > 1]


def _recency(s: Submission, markers) -> tuple:
    return s.as_of, marker_in(s.path, markers) is not None, s.modified, s.path


def _why(used: Submission, other: Submission, markers) -> str:
    """The first of the criteria that tells ``used`` from ``other``, in Chinese."""
    if used.as_of != other.as_of:
        return f"数据截至较晚（{used.as_of}，另一份{other.as_of or '未写明'}）"
    marker = marker_in(used.path, markers)
    if marker is not None and marker_in(other.path, markers) is None:
        return f"文件名含“{marker}”"
    if used.modified != other.modified:
        return f"文件修改时间较晚（{used.modified.replace('T', ' ')}）"
    return "数据截至、文件名、修改时间都无法区分，取文件名排序靠后的一份"


# --------------------------------------------------------------------------- the sheet

HEADERS = [("单位", 28), ("年度", 8), ("报表", 24), ("未采用的文件（不计入汇总）", 44),
           ("采用的文件", 44), ("依据", 44)]


class DuplicateTally:
    """The 重复报送 rows, gathered during the summary's one pass over the records."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(self, rec: dict, rel_path: str, used_rel: str) -> None:
        s = submission_of(rec)
        self.rows.append((rec.get("unit") or "", str(rec.get("year") or ""),
                          s.kind if s else "", rel_path, used_rel,
                          rec.get("duplicate_reason") or ""))


def duplicates_sheet(wb, fmt, tally: DuplicateTally) -> None:
    """重复报送: one row per workbook that does not count (no sheet when there is none)."""
    if not tally.rows:
        return
    ws = add_sheet(wb, fmt, "重复报送", HEADERS)
    for row, values in enumerate(tally.rows, start=1):
        for col, value in enumerate(values):
            put_text(ws, row, col, value)
        fit_row(ws, row, HEADERS, values)
    finish_sheet(ws, len(tally.rows), len(HEADERS))
