"""The label table: every label the readers look for, as data (layer 0).

The table ships in the package (``perfxl/labels.toml``) and a user extends it in ``perfxl.toml``
under ``[labels]`` with the same groups and keys::

    [labels.form.money_rows]
    fiscal = ["本级财政资金"]        # one more word for 当年财政拨款

A group (``form.money_rows``) maps a meaning (``fiscal``) to the words that mean it. A table is
checked whole before any workbook is read: an unknown group or key, a word written twice, or a
word under two meanings of one group is a :class:`LabelTableError` whose Chinese message names
the entry. Words are stored as they are compared (:func:`word_key`): ``其中：本年财政拨款`` and
``本年财政拨款`` are the same word.

:mod:`perfxl.read.labels` gives the readers these words; this module knows nothing of workbooks.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from perfxl.values import normalize_label

SHIPPED_FILE = "labels.toml"

_UNIT_SUFFIX = re.compile(r"^(.*?)\(([^()]*)\)$")


class LabelTableError(ValueError):
    """A label table that cannot be used; the message (Chinese) names the entry."""


@functools.lru_cache(maxsize=8192)  # kept: saves 1.3 of 15 ms read per file (bench_check corpus)
def split_label(label: str) -> tuple[str, str | None]:
    """``'全年预算数(万元)'`` → ``('全年预算数', '万元')``; ``'*项目名称'`` → ``('项目名称', None)``.
    The bracket may hold points too: ``'预算执行情况(10分)'`` → ``('预算执行情况', '10分')``."""
    label = label.lstrip("*※★").rstrip(":")
    m = _UNIT_SUFFIX.match(label)
    if m and m.group(1):
        return m.group(1).rstrip(":"), m.group(2)
    return label, None


def strip_qizhong(label: str) -> str:
    """``'其中:当年财政拨款'`` → ``'当年财政拨款'`` (unit and marks removed too, as :func:`split_label`)."""
    b = split_label(label)[0]
    return b[3:] if b.startswith("其中:") else (b[2:] if b.startswith("其中") else b)


def word_key(word: str) -> str:
    """A word of the table as cells are compared with it: folded, no ``其中：``, no bracket."""
    return strip_qizhong(normalize_label(word))


@dataclass(frozen=True)
class LabelTable:
    """Group → meaning → words (each a :func:`word_key`), plus the additions it was made with."""

    groups: dict[str, dict[str, tuple[str, ...]]]
    additions: dict[str, dict[str, tuple[str, ...]]]

    def group(self, name: str) -> dict[str, tuple[str, ...]]:
        """The meanings of one group, in table order (``'form.money_rows'`` → ``{'total': …}``)."""
        return self.groups[name]

    def words(self, group: str, key: str) -> tuple[str, ...]:
        return self.groups[group][key]

    def extended(self, data: object, where: str) -> LabelTable:
        """This table with the words of a ``[labels]`` table added; ``where`` names the file in
        messages. Raises :class:`LabelTableError` on an unknown group or key, a duplicate or a
        contradiction."""
        added = _groups_of(data, where, prefix="labels")
        groups = {name: dict(keys) for name, keys in self.groups.items()}
        for name, keys in added.items():
            if name not in groups:
                raise LabelTableError(
                    f"{where}：[labels.{name}] 不是标签表中的组（可用：{_listing(groups)}）")
            for key, words in keys.items():
                if key not in groups[name]:
                    raise LabelTableError(
                        f"{where}：[labels.{name}] 中的“{key}”不是这一组的含义"
                        f"（可用：{'、'.join(groups[name])}）")
                groups[name][key] = groups[name][key] + words
        _check(groups, where, "labels.")
        return LabelTable(groups, added)


def _listing(groups: dict) -> str:
    return "、".join(groups)


def _groups_of(data: object, where: str, prefix: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """The groups of a TOML table: every table whose values are word lists, by dotted name
    (``form.money_rows``); a value that is neither a table nor a list of words is an error."""
    if not isinstance(data, dict):
        raise LabelTableError(f"{where}：[{prefix}] 应是一个表，如 [labels.form.money_rows]")
    groups: dict[str, dict[str, tuple[str, ...]]] = {}

    def walk(table: dict, path: tuple[str, ...]) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, path + (key,))
                continue
            entry = ".".join(p for p in (prefix, *path) if p) + f"] {key}"
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value or not all(
                    isinstance(w, str) and word_key(w) for w in value):
                raise LabelTableError(f"{where}：[{entry} 应是一组非空的文字，"
                                      f"如 {key} = [\"标签一\", \"标签二\"]")
            if not path:
                raise LabelTableError(f"{where}：[{entry} 应写在某一组之下，如 [labels.form.fields]")
            groups.setdefault(".".join(path), {})[key] = tuple(word_key(w) for w in value)

    walk(data, ())
    return groups


def _check(groups: dict[str, dict[str, tuple[str, ...]]], where: str, prefix: str) -> None:
    """No word twice under one meaning, none under two meanings of one group."""
    for name, keys in groups.items():
        meaning_of: dict[str, str] = {}
        for key, words in keys.items():
            for word in words:
                other = meaning_of.get(word)
                if other == key:
                    raise LabelTableError(f"{where}：[{prefix}{name}] {key} 中的“{word}”写了两次"
                                          "（比较时不计“其中：”、括号中的单位或分值）")
                if other is not None:
                    raise LabelTableError(f"{where}：[{prefix}{name}] 中的“{word}”既写在 {other} "
                                          f"下又写在 {key} 下，含义矛盾")
                meaning_of[word] = key


def parse_table(data: object, where: str) -> LabelTable:
    """A whole table (the shipped one) from its TOML data, checked."""
    groups = _groups_of(data, where, prefix="")
    _check(groups, where, "")
    return LabelTable(groups, {})


def _load_shipped() -> LabelTable:
    text = resources.files("perfxl").joinpath(SHIPPED_FILE).read_text(encoding="utf-8")
    return parse_table(tomllib.loads(text), f"perfxl/{SHIPPED_FILE}")


SHIPPED = _load_shipped()
"""The label table shipped with perfxl (``perfxl/labels.toml``)."""
