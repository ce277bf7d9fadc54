"""Which 项目清单 row belongs to which 自评表 form.

Staff rename projects between the list and the forms (the seed's list row 涞源镇农村环境治理费
is the form 农村环境卫生整治项目), so a plain name lookup is not enough. Matching works in three
passes, each one-to-one:

1. **exact**: the normalised names are equal (NFKC, no whitespace, no punctuation);
2. **similar**: the remaining rows and forms are paired by an optimal assignment (Hungarian
   algorithm, maximising the total similarity); pairs below :data:`THRESHOLD` are dropped
   (skipped when more than :data:`MAX_ASSIGN` are left on either side);
3. **order**: whatever is still unpaired is paired by position (list order against form order),
   because a form whose name is far from every row is most likely the one at the same place.

Similarity (0–1) compares the *core* of the names: the place prefix (``涞源镇``, ``涞源县``, the
unit's own place names) and generic endings (``项目``, ``经费``, ``资金``, ``费`` …) are removed
first, so 涞源镇防火经费 and 涞源镇防汛经费 are not taken for one project just because they
share six characters. It is the larger of difflib's character ratio and a containment score
when one core of at least :data:`CONTAIN_MIN` characters lies inside the other (``黑木耳基地`` in
``金家井乡黑木耳基地土地流转``): (1 + short/long) / 2, so a short core inside a long name
counts for less than a long one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from perfxl.model import ListRow, Project
from perfxl.rules.common import norm_text
from perfxl.values import unit_key

THRESHOLD = 0.6
"""Pairs at or above this similarity are matched by name; below it they fall back to order."""

MAX_ASSIGN = 100
"""Above this many unpaired rows or forms the similarity pass is skipped (its cost grows with
the cube) and the leftovers are paired by order; real units have far fewer renamed projects."""

CONTAIN_MIN = 3
"""A core this long (characters) or longer that lies inside the other core earns the
containment score; shorter ones (``卫生``) are too common to mean anything."""

_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:自治县|县|镇|乡|区|市|街道)")
_GENERIC_END = re.compile(r"(?:项目|经费|资金|专项|费用|费)+$")


@dataclass(frozen=True)
class Match:
    """A list row and the form it belongs to (either side None when it has no partner)."""

    row: ListRow | None
    project: Project | None
    similarity: float  # 1.0 for an exact match
    method: str  # "exact" · "similar" · "order" · "unmatched"

    @property
    def names_differ(self) -> bool:
        return self.method in ("similar", "order")


def core_name(name: object, places: Sequence[str] = ()) -> str:
    """The distinctive part of a project name (see the module docstring)."""
    s = norm_text(name)
    for _ in range(2):  # 涞源县涞源镇… has two place prefixes
        for p in places:
            if p and s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
                break
        else:
            m = _PLACE.match(s)
            if m and len(s) - m.end() >= 2:
                s = s[m.end():]
    core = _GENERIC_END.sub("", s)
    return core if len(core) >= 2 else s


def similarity(a: object, b: object, places: Sequence[str] = ()) -> float:
    """How alike two project names are, 0–1 (1 when the normalised names are equal)."""
    norm_a, norm_b = norm_text(a), norm_text(b)
    if not norm_a or not norm_b:
        return 0.0
    if norm_a == norm_b:
        return 1.0
    ca, cb = core_name(a, places), core_name(b, places)
    if ca == cb:
        return 0.95
    short, long_ = sorted((ca, cb), key=len)
    contained = (1 + len(short) / len(long_)) / 2 if (
        len(short) >= CONTAIN_MIN and short in long_) else 0.0
    return max(SequenceMatcher(None, ca, cb, autojunk=False).ratio(), contained)


def unit_places(unit_name: object) -> list[str]:
    """Place prefixes from the unit name: 涞源县涞源镇人民政府 → 涞源县涞源镇, 涞源县, 涞源镇."""
    s = unit_key(unit_name)
    parts = re.findall(r"[\u4e00-\u9fff]{2,4}?(?:自治县|县|镇|乡|区|市|街道)", s)
    out = ["".join(parts)] if len(parts) > 1 else []
    return out + parts


def match_projects(rows: Sequence[ListRow], projects: Sequence[Project],
                   places: Sequence[str] = ()) -> list[Match]:
    """Pair list rows with forms one-to-one (see the module docstring). Every row and every
    form appears in exactly one :class:`Match`; unpaired ones have method ``unmatched``."""
    matches: list[Match] = []
    rows_left, forms_left = _exact(rows, projects, matches)  # 1. equal names

    # 2. optimal assignment on similarity (skipped when too many are left: see MAX_ASSIGN)
    if rows_left and forms_left and max(len(rows_left), len(forms_left)) <= MAX_ASSIGN:
        sims = [[similarity(rows[i].name.value, projects[j].name.value, places)
                 for j in forms_left] for i in rows_left]
        paired = [(rows_left[a], forms_left[b], sims[a][b]) for a, b in assign_max(sims)
                  if sims[a][b] >= THRESHOLD]
        for i, j, s in paired:
            matches.append(Match(rows[i], projects[j], s, "similar"))
            rows_left.remove(i)
            forms_left.remove(j)

    # 3. by position
    for i, j in zip(rows_left, forms_left):
        s = similarity(rows[i].name.value, projects[j].name.value, places)
        matches.append(Match(rows[i], projects[j], s, "order"))
    n = min(len(rows_left), len(forms_left))
    matches += [Match(rows[i], None, 0.0, "unmatched") for i in rows_left[n:]]
    matches += [Match(None, projects[j], 0.0, "unmatched") for j in forms_left[n:]]
    return matches


def _exact(rows: Sequence[ListRow], projects: Sequence[Project],
           matches: list[Match]) -> tuple[list[int], list[int]]:
    """Pair equal normalised names, first occurrence with first occurrence (a duplicate is left
    for the later passes); returns the row and form indices left over."""
    forms_by_name: dict[str, list[int]] = {}
    for j, p in enumerate(projects):
        key = norm_text(p.name.value)
        if key:
            forms_by_name.setdefault(key, []).append(j)
    rows_left, taken = [], set()
    for i, r in enumerate(rows):
        candidates = forms_by_name.get(norm_text(r.name.value))
        if candidates:
            j = candidates.pop(0)
            taken.add(j)
            matches.append(Match(r, projects[j], 1.0, "exact"))
        else:
            rows_left.append(i)
    return rows_left, [j for j in range(len(projects)) if j not in taken]


def assign_max(weights: list[list[float]]) -> list[tuple[int, int]]:
    """An assignment of rows to columns maximising the total weight (Hungarian algorithm,
    O(n³)); a rectangular matrix is padded with zeros. Returns (row, column) pairs."""
    n_rows, n_cols = len(weights), len(weights[0]) if weights else 0
    n = max(n_rows, n_cols)
    if n == 0:
        return []
    big = max((w for r in weights for w in r), default=0.0)
    # minimise cost = big − weight; padding cells cost `big` (weight 0)
    cost = [[big - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)]
            for i in range(n)]
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    p, way = [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = [(p[j] - 1, j - 1) for j in range(1, n + 1) if p[j] != 0]
    return sorted((i, j) for i, j in pairs if i < n_rows and j < n_cols)


def best_match(name: object, candidates: Sequence[object],
               places: Sequence[str] = ()) -> tuple[int, float] | None:
    """The index and similarity of the candidate name closest to ``name`` (≥ THRESHOLD; the
    first of equally close ones). Every place that pairs project names by similarity — the
    land rules, the report check, the summary — asks this function or :func:`match_projects`."""
    target = norm_text(name)
    for k, c in enumerate(candidates):
        # an equal name (1.0) wins at once: saves the similarity of every other candidate,
        # about 1 ms of run_rules per workbook (land groups × forms), 5 % of a batch
        if target and norm_text(c) == target:
            return (k, 1.0)
    best: tuple[int, float] | None = None
    for k, c in enumerate(candidates):
        s = similarity(name, c, places)
        if s >= THRESHOLD and (best is None or s > best[1]):
            best = (k, s)
    return best
