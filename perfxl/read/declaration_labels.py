"""The words of a 绩效目标申报表 (declaration.md "What a 申报表 holds"), from the label table.

They are the groups ``[declaration.fields]`` and ``[declaration.indicator_headers]`` of
``perfxl/labels.toml`` (extendable by ``[labels.declaration.fields]`` in perfxl.toml, like every
label): a new district's wording is a data change. Asked at reading time, so the table in use for
the workbook (:func:`perfxl.read.labels.using`) is the one that counts.
"""

from __future__ import annotations

from perfxl.read import labels as L


def field(meaning: str) -> tuple[str, ...]:
    """The labels of one header field (``'code'`` → ``('项目编码', '项目代码')``)."""
    return L.DECLARATION_FIELDS[meaning]


def header(meaning: str) -> tuple[str, ...]:
    """The labels of one indicator-table column (``'target'``, ``'explanation'`` …)."""
    return L.DECLARATION_HEADERS[meaning]


def headers() -> dict[str, tuple[str, ...]]:
    """Indicator-table column → its labels."""
    return L.DECLARATION_HEADERS


def is_field(label: str, words: L.Words | None = None) -> bool:
    """A 申报表 header field's label (项目编码 … 测算依据 …); ``words``: the table in use, when
    the caller took it once."""
    if not label:
        return False
    return L.strip_qizhong(label) in (words or L.words()).DECLARATION_FIELD_WORDS


def is_label(label: str, words: L.Words | None = None) -> bool:
    """A 申报表 header field's label (so an empty value cell is not filled by the next label to
    its right), or any label the 自评表 knows."""
    words = words or L.words()
    return is_field(label, words) or words.is_known_label(label)
