"""Scoring frameworks: TOML data files shipped in ``perfxl/scoring/frameworks/``.

Every number of the official rules is a field here, so a province changes it in ``perfxl.toml``
(``[settings]``) without code. ``load_framework`` reads a shipped framework by id, or a .toml path,
and applies the overrides.

Framework file keys (see ``frameworks/default.toml``): ``id``, ``title``, ``total``,
``execution_weight``, ``reverse_rule``, ``over_completion``, ``explanation_threshold``,
``lag_points``, ``land_rate``, ``money_tolerance``, ``score_tolerance``, ``total_row``
(``"all"`` or ``"indicators"``: what the 总分/合计 row sums), ``[[categories]]``
(``name``, ``weight`` — omit for "from the workbook's 分值" —, ``aliases``, ``subcategories``,
``required``, ``measurable``), ``[[bands]]`` (``name``, ``short``, ``low``, ``high``,
``high_inclusive``, ``default``) and ``[grades]`` (grade name → inclusive lower bound, best
first). A framework file of one's own (a path) may omit any key but ``categories``: it is taken
from the default framework.

Settings a ``perfxl.toml`` ``[settings]`` table may override: the scalar keys above except
``id``/``title``, plus ``weights`` (一级指标 or ``预算执行率`` → weight), ``grades`` (grade →
lower bound), ``bands`` (band name or short form → ``{low, high, default, name, short}``),
``required`` and ``measurable`` (lists of 一级指标 names).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from importlib import resources
from pathlib import Path

from perfxl.config import ConfigError
from perfxl.scoring.labels import category_label, norm_label
from perfxl.scoring.settings import (
    SCALARS, _apply_setting, _file_settings, _plain_settings, _validate,
)


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

    def contains(self, fraction: Decimal) -> bool:
        """Whether a score, as a fraction of the weight, lies inside this band."""
        if fraction < self.low:
            return False
        return fraction <= self.high if self.high_inclusive else fraction < self.high


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
    # what the form's closing row (总分 / 合计) sums: "all" = 预算执行 + the indicators (100),
    # "indicators" = the indicator table alone (四川 合计 = 90, 预算执行 outside it)
    total_row: str = "all"
    settings: dict = field(default_factory=dict, compare=False)  # the raw merged settings

    def category_of(self, level1: str | None) -> Category | None:
        """The category a 一级指标 text belongs to (label normalised, weight suffix removed).

        ``'产出指标（50分）'``, ``' 产 出 '`` and ``'产出'`` all give 产出指标 in the default
        framework; an unknown or empty text gives None.
        """
        return self._by_level1.get(category_label(level1))

    def category_of_level2(self, level2: str | None) -> Category | None:
        """The category whose 二级指标 list holds this text (used when 一级指标 is empty)."""
        return self._by_level2.get(category_label(level2))

    @functools.cached_property
    def _by_level1(self) -> dict[str, Category]:
        """Normalised 一级指标 name or alias → its category (the first category naming it)."""
        table: dict[str, Category] = {}
        for cat in self.categories:
            for label in (cat.name, *cat.aliases):
                table.setdefault(norm_label(label), cat)
        return table

    @functools.cached_property
    def _by_level2(self) -> dict[str, Category]:
        """Normalised 二级指标 name → the category listing it (the first one)."""
        table: dict[str, Category] = {}
        for cat in self.categories:
            for label in cat.subcategories:
                table.setdefault(norm_label(label), cat)
        return table

    @functools.cached_property
    def category_order(self) -> dict[str, int]:
        """Category name → its place in the framework (subtotals are listed in this order)."""
        return {c.name: n for n, c in enumerate(self.categories)}

    def category_of_row(self, level1: object, level2: object) -> Category | None:
        """The category an indicator row counts toward — the one answer scoring and the rules
        use: by its 一级指标 text when it has one (an unknown text: None), else by its
        二级指标 (a form that left the 一级 cell empty)."""
        text1 = str(level1).strip() if level1 else ""
        if text1:
            return self.category_of(text1)
        return self.category_of_level2(str(level2)) if level2 else None

    @property
    def total_row_is_indicators_only(self) -> bool:
        """The closing row totals the indicator table alone (预算执行 is outside it): decided by
        the framework the workbook is scored by — named in perfxl.toml or chosen by the forms'
        ``绩效指标(90分)`` — never by one form's label."""
        return self.total_row == "indicators"

    def grade_of(self, score: Decimal) -> str:
        for lower, grade in self.grades:
            if score >= lower:
                return grade
        return self.grades[-1][1] if self.grades else ""


# --------------------------------------------------------------------------- loading

def _shipped_files() -> dict[str, dict]:
    """Id → the data of each framework file shipped in ``frameworks/``."""
    folder = resources.files("perfxl.scoring") / "frameworks"
    return {f.name.removesuffix(".toml"): tomllib.loads(f.read_text(encoding="utf-8"),
                                                         parse_float=Decimal)
            for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".toml")}


_SHIPPED_FILES = _shipped_files()

SHIPPED = {name: ident for ident, data in _SHIPPED_FILES.items()
           for name in (ident, data.get("title"), *data.get("names", ())) if name}
"""A shipped framework's id, title or other name (``names`` in its file) → its id."""


def chosen_by_form(indicator_block_points: set[Decimal | None]) -> str | None:
    """The shipped framework whose ``[chosen_when] indicator_block_points`` the forms state
    (``绩效指标(90分)`` → 90), when they all state the same (None: a form states none); None
    otherwise."""
    if len(indicator_block_points) != 1:
        return None
    (points,) = indicator_block_points
    if points is None:
        return None  # the forms state no points: nothing to choose by
    return next((ident for ident, data in _SHIPPED_FILES.items()
                 if data.get("chosen_when", {}).get("indicator_block_points") == points), None)


def load_framework(name: str = "default", overrides: dict | None = None) -> Framework:
    """A shipped framework by id (``default``, ``common``; Chinese aliases ``财政部``,
    ``共性指标``) or a path to a .toml file, with ``overrides`` (the ``[settings]`` of perfxl.toml)
    applied. Unknown setting names raise ``perfxl.config.ConfigError`` with a Chinese message.

    Read every time it is called; :func:`perfxl.pipeline.config_framework` remembers the result
    per config and file stamp, so an edited framework file still counts at once."""
    data = _read_framework_file(name)
    if str(name).strip() not in SHIPPED:
        # a province's own file may omit any number: it is the default framework's
        inherited = {k: v for k, v in _read_framework_file("default").items()
                     if k not in ("id", "title", "categories")}
        data = {**inherited, **data}
    settings = _file_settings(data, name)
    for key, value in (overrides or {}).items():
        _apply_setting(settings, key, value)
    _validate(settings)
    return _build(data, settings)


def _read_framework_file(name: str) -> dict:
    ident = SHIPPED.get(str(name).strip())
    try:
        if ident is not None:
            text = (resources.files("perfxl.scoring") / "frameworks" / f"{ident}.toml").read_text(
                encoding="utf-8")
        else:
            path = Path(name)
            if not path.is_file():
                shipped = "、".join(f"{ident}（{data.get('names', [data.get('title')])[0]}）"
                                    for ident, data in _SHIPPED_FILES.items())
                raise ConfigError(f"未知的评分框架：{name}（可用：{shipped}，"
                                  "或一个框架 .toml 文件的路径）")
            text = path.read_text(encoding="utf-8")
        return tomllib.loads(text, parse_float=Decimal)  # exact decimals, never binary floats
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
        raise ConfigError(f"评分框架 {name} 无法读取：{e}") from e


# --------------------------------------------------------------------------- building

TOTAL_ROWS = ("all", "indicators")
"""What a framework file's ``total_row`` may say the closing row sums."""


def _build(data: dict, s: dict) -> Framework:
    categories = []
    for c in data["categories"]:
        name = str(c["name"]).strip()
        categories.append(Category(
            name=name, weight=s["weights"][name],
            subcategories=tuple(str(x) for x in c.get("subcategories", ())),
            aliases=tuple(str(x) for x in c.get("aliases", ())),
            required=name in s["required"], measurable=name in s["measurable"]))
    bands = tuple(Band(**b) for b in s["bands"])
    grades = tuple(sorted(((b, g) for g, b in s["grades"].items()), key=lambda x: -x[0]))
    scalars = {k: s[k] for k in SCALARS if k in s}
    total_row = str(data.get("total_row", "all"))
    if total_row not in TOTAL_ROWS:
        raise ConfigError(f"评分框架 {data.get('id', '')} 的 total_row 应为 "
                          f"{' 或 '.join(TOTAL_ROWS)}，实为 {total_row}")
    fw = Framework(id=str(data.get("id", "custom")), title=str(data.get("title", "")),
                   categories=tuple(categories), reverse_rule=s["reverse_rule"], bands=bands,
                   grades=grades, total_row=total_row, **scalars)
    return replace(fw, settings=_plain_settings(s))
