"""一级/二级指标 labels as compared: the text a form writes (``产出指标（50分）``, ``满意度：``) and
the name a framework gives (``产出指标``) meet in one normal form."""

from __future__ import annotations

import re

from perfxl.values import normalize_label

_WEIGHT_SUFFIX = re.compile(r"\(?\d+(\.\d+)?分?\)?$")


def norm_label(s: str) -> str:
    """NFKC (full-width → half-width), all whitespace and a trailing colon removed: the reader's
    label normaliser (:func:`perfxl.values.normalize_label`), so a form and a framework agree."""
    return normalize_label(s)


def category_label(text: str | None) -> str:
    """A 一级/二级 label as compared: normalised, trailing colon and weight suffix
    (``（50分）``, ``50分``) removed."""
    if not text:
        return ""
    s = norm_label(text).rstrip(":")
    return _WEIGHT_SUFFIX.sub("", s) if not s.isdigit() else s
