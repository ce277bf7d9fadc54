"""Operators of a target (``≥`` ``>`` ``≤`` ``<`` ``=``) and the words that write them.

The words are data: ``target_words.toml`` (``[prefix]``, ``[suffix]``); this module loads that
table once for :mod:`perfxl.values.targets` and :mod:`perfxl.values.measure`.
"""

from __future__ import annotations

import re
import tomllib
from enum import Enum
from importlib import resources


class Op(str, Enum):
    """The comparison an indicator target states."""

    GE = "≥"  # ≥ ＞= 以上 不低于 不少于 达到 — 正向
    GT = ">"  # ＞ 高于 超过 大于 — 正向
    LE = "≤"  # ≤ 以下 不超过 不高于 以内 — 反向
    LT = "<"  # ＜ 低于 少于 小于 — 反向
    EQ = "="  # ＝ 等于

    @property
    def direction(self) -> str:
        """'positive' (正向), 'negative' (反向) or 'equal' (＝)."""
        if self in (Op.GE, Op.GT):
            return "positive"
        if self in (Op.LE, Op.LT):
            return "negative"
        return "equal"


def _load_words() -> dict:
    text = resources.files("perfxl.values").joinpath("target_words.toml").read_text(
        encoding="utf-8")
    return tomllib.loads(text)


def check_words(words: dict) -> None:
    """A word table that says two things of one word is an error naming the word: the same word
    under two operators, two bands or two directions (``不超过`` both ``≤`` and ``≥``)."""
    for section in ("prefix", "suffix", "actual_bands", "direction"):
        seen: dict[str, str] = {}
        for meaning, group in words.get(section, {}).items():
            for word in group:
                if word in seen and seen[word] != meaning:
                    raise ValueError(f"目标值词表 [{section}] 中“{word}”"
                                     f"既是“{seen[word]}”又是“{meaning}”")
                seen[word] = meaning
    unknown = set(words.get("prefix", {})) | set(words.get("suffix", {}))
    bad = sorted(unknown - {op.value for op in Op})
    if bad:
        raise ValueError(f"目标值词表中的运算符“{bad[0]}”不是 ≥ > ≤ < = 之一")


WORDS: dict = _load_words()
"""The word table of the target grammar (``target_words.toml``), as loaded."""
check_words(WORDS)


def _op_words(section: str) -> tuple[tuple[str, Op], ...]:
    """(word, operator) pairs of a section, longest word first (``不低于`` before ``低于``)."""
    pairs = [(word, Op(symbol)) for symbol, words in WORDS[section].items() for word in words]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


PREFIX_OPS = _op_words("prefix")
SUFFIX_OPS = _op_words("suffix")
DIRECTION_OPS: tuple[tuple[str, Op], ...] = (("正向", Op.GE), ("反向", Op.LE), ("等于", Op.EQ))


def _alternation(pairs: tuple[tuple[str, Op], ...]) -> str:
    return "|".join(re.escape(word) for word, _ in pairs)  # longest first: 不低于 before 低于


# one regex each instead of a loop over the words: these run for every indicator cell
_OP_WORD = dict(PREFIX_OPS) | dict(SUFFIX_OPS)
_BEFORE_RE = re.compile(f"(?:{_alternation(PREFIX_OPS)})$")
_INSIDE_RE = re.compile(_alternation(tuple(p for p in PREFIX_OPS if len(p[0]) >= 2)))
_AFTER_RE = re.compile(_alternation(SUFFIX_OPS))


def op_before(prefix: str) -> Op | None:
    """The operator a text ends with, just before its number (``成本不超过`` → ≤)."""
    m = _BEFORE_RE.search(prefix)
    return _OP_WORD[m.group(0)] if m else None


def op_inside(prefix: str) -> Op | None:
    """An operator word of two or more characters anywhere in a text (``不超过人均`` → ≤)."""
    m = _INSIDE_RE.search(prefix)
    return _OP_WORD[m.group(0)] if m else None


def op_after(suffix: str) -> tuple[Op, str] | None:
    """The operator a text starts with, after its number and unit (``以上完成`` → ≥, ``以上``)."""
    m = _AFTER_RE.match(suffix)
    return (_OP_WORD[m.group(0)], m.group(0)) if m else None
