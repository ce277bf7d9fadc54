"""一级/二级指标 labels as compared: the text a form writes (``产出指标（50分）``, ``满意度：``) and
the name a framework gives (``产出指标``) meet in one normal form."""

from __future__ import annotations

import re
import unicodedata

_WEIGHT_SUFFIX = re.compile(r"\(?\d+(\.\d+)?分?\)?$")
_SPACE = re.compile(r"\s+")


def norm_label(s: str) -> str:
    """NFKC (full-width → half-width) and all whitespace removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", s))


def category_label(text: str | None) -> str:
    """A 一级/二级 label as compared: normalised, trailing colon and weight suffix
    (``（50分）``, ``50分``) removed."""
    if not text:
        return ""
    s = norm_label(text).rstrip(":")
    return _WEIGHT_SUFFIX.sub("", s) if not s.isdigit() else s
