"""Scoring frameworks: TOML data files shipped in ``perfxl/scoring/frameworks/``.

Every number of the official rules is a field here, so a province changes it in ``perfxl.toml``
(``[settings]``) without code. ``load_framework`` reads a shipped framework by id, or a .toml path,
and applies the overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Category:
    """A 一级指标 of the framework, e.g. 产出指标 with its 二级指标."""

    name: str  # canonical 一级指标 name, e.g. "产出指标"
    weight: Decimal | None  # None: taken from the workbook's 分值 column (共性指标 framework)
    subcategories: tuple[str, ...] = ()  # canonical 二级指标 names
    aliases: tuple[str, ...] = ()  # other spellings that mean this category ("产出", "效益")
    required: bool = True  # PX401 when a project has no indicator in it
    measurable: bool = False  # PX403 applies: a qualitative target here is not measurable


@dataclass(frozen=True)
class Band:
    """A qualitative band: 实际完成值 text → score range as fractions of the weight."""

    name: str  # "达成年度指标"
    short: str  # "达成"
    low: Decimal  # inclusive, fraction of weight (0.8)
    high: Decimal  # fraction of weight (1.0)
    high_inclusive: bool
    default: Decimal  # fraction of weight used when staff gave no score (1.0 / 0.7 / 0.3)


@dataclass(frozen=True)
class Framework:
    id: str  # "default" / "common"
    title: str  # "财政部项目支出绩效自评" / "共性指标"
    execution_weight: Decimal  # 10: 预算执行率's share of 100
    categories: tuple[Category, ...]
    reverse_rule: str = "2T"  # "2T": (1 − (X−T)/T)·w, 0 from 2T; "ratio": T/X·w
    over_completion: Decimal = Decimal("1.2")  # PX406 threshold: actual ≥ 1.2 × target
    explanation_threshold: Decimal = Decimal("0.9")  # PX209: year-end 执行率 below this needs a reason
    lag_points: Decimal = Decimal("20")  # PX504: points behind 序时进度
    land_rate: Decimal = Decimal("1000")  # PX304: standard 元/亩·年
    bands: tuple[Band, ...] = ()
    grades: tuple[tuple[Decimal, str], ...] = ()  # (lower bound inclusive, grade), high → low
    total: Decimal = Decimal("100")
    money_tolerance: Decimal = Decimal("0.0001")  # 万元 (1 元)
    score_tolerance: Decimal = Decimal("0.01")
    settings: dict = field(default_factory=dict, compare=False)  # the raw merged settings

    def category_of(self, level1: str | None) -> Category | None:
        """The category a 一级指标 text belongs to (label normalised, weight suffix removed)."""
        raise NotImplementedError  # implemented with the loader

    def grade_of(self, score: Decimal) -> str:
        for lower, grade in self.grades:
            if score >= lower:
                return grade
        return self.grades[-1][1] if self.grades else ""


def load_framework(name: str = "default", overrides: dict | None = None) -> Framework:
    """A shipped framework by id (``default``, ``common``; Chinese aliases ``财政部``,
    ``共性指标``) or a path to a .toml file, with ``overrides`` (the ``[settings]`` of perfxl.toml)
    applied. Unknown setting names raise ``perfxl.config.ConfigError`` with a Chinese message."""
    raise NotImplementedError
