"""Scoring frameworks: TOML data files shipped in ``perfxl/scoring/frameworks/``.

Every number of the official rules is a field here, so a province changes it in ``perfxl.toml``
(``[settings]``) without code. ``load_framework`` reads a shipped framework by id, or a .toml path,
and applies the overrides.

Framework file keys (see ``frameworks/default.toml``): ``id``, ``title``, ``total``,
``execution_weight``, ``reverse_rule``, ``over_completion``, ``explanation_threshold``,
``lag_points``, ``land_rate``, ``money_tolerance``, ``score_tolerance``, ``[[categories]]``
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
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from perfxl.config import ConfigError
from perfxl.memo import remember


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
    settings: dict = field(default_factory=dict, compare=False)  # the raw merged settings

    def category_of(self, level1: str | None) -> Category | None:
        """The category a 一级指标 text belongs to (label normalised, weight suffix removed).

        ``'产出指标（50分）'``, ``' 产 出 '`` and ``'产出'`` all give 产出指标 in the default
        framework; an unknown or empty text gives None.
        """
        memo = self._level1_memo
        if level1 not in memo:
            return remember(memo, level1, self._find_category(level1), _MEMO_SIZE)
        return memo[level1]

    def _find_category(self, level1: str | None) -> Category | None:
        key = category_label(level1)
        if not key:
            return None
        for cat in self.categories:
            if key == _norm(cat.name) or key in (_norm(a) for a in cat.aliases):
                return cat
        return None

    def category_of_level2(self, level2: str | None) -> Category | None:
        """The category whose 二级指标 list holds this text (used when 一级指标 is empty)."""
        memo = self._level2_memo
        if level2 not in memo:
            return remember(memo, level2, self._find_category_of_level2(level2), _MEMO_SIZE)
        return memo[level2]

    def _find_category_of_level2(self, level2: str | None) -> Category | None:
        key = category_label(level2)
        if not key:
            return None
        for cat in self.categories:
            if key in (_norm(s) for s in cat.subcategories):
                return cat
        return None

    @functools.cached_property
    def category_order(self) -> dict[str, int]:
        """Category name → its place in the framework (subtotals are listed in this order)."""
        return {c.name: n for n, c in enumerate(self.categories)}

    # The answers for the few labels a batch uses, per framework (scoring and several rules
    # ask for every indicator). Not fields: kept out of eq, hash and repr.
    @functools.cached_property
    def _level1_memo(self) -> dict:
        return {}

    @functools.cached_property
    def _level2_memo(self) -> dict:
        return {}

    def grade_of(self, score: Decimal) -> str:
        for lower, grade in self.grades:
            if score >= lower:
                return grade
        return self.grades[-1][1] if self.grades else ""


# --------------------------------------------------------------------------- labels

_MEMO_SIZE = 4096

_WEIGHT_SUFFIX = re.compile(r"\(?\d+(\.\d+)?分?\)?$")


@functools.lru_cache(maxsize=4096)  # the same few labels, asked for every indicator
def _norm(s: str) -> str:
    """NFKC (full-width → half-width) and all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


@functools.lru_cache(maxsize=4096)
def category_label(text: str | None) -> str:
    """A 一级/二级 label as compared: normalised, trailing colon and weight suffix
    (``（50分）``, ``50分``) removed."""
    if not text:
        return ""
    s = _norm(text).rstrip(":")
    return _WEIGHT_SUFFIX.sub("", s) if not s.isdigit() else s


# --------------------------------------------------------------------------- loading

SHIPPED = {"default": "default", "财政部": "default", "财政部项目支出绩效自评": "default",
           "common": "common", "共性指标": "common", "共性": "common"}

SCALARS = ("total", "execution_weight", "over_completion", "explanation_threshold", "lag_points",
           "land_rate", "money_tolerance", "score_tolerance")
SETTINGS = (*SCALARS, "reverse_rule", "weights", "grades", "bands", "required", "measurable")
REVERSE_RULES = {"2t": "2T", "ratio": "ratio", "t/x": "ratio"}
EXECUTION_KEYS = ("预算执行率", "执行率", "execution")


def load_framework(name: str = "default", overrides: dict | None = None) -> Framework:
    """A shipped framework by id (``default``, ``common``; Chinese aliases ``财政部``,
    ``共性指标``) or a path to a .toml file, with ``overrides`` (the ``[settings]`` of perfxl.toml)
    applied. Unknown setting names raise ``perfxl.config.ConfigError`` with a Chinese message.

    A shipped framework with the same overrides is built once per process (a batch asks for it
    for every workbook); a framework file is read every time, as it may have been edited."""
    ident = SHIPPED.get(str(name).strip())
    if ident is None:
        return _load_framework(name, overrides)
    key = (ident, repr(sorted((overrides or {}).items(), key=lambda kv: str(kv[0]))))
    if key not in _SHIPPED_CACHE:
        return remember(_SHIPPED_CACHE, key, _load_framework(name, overrides), 64)
    return _SHIPPED_CACHE[key]


_SHIPPED_CACHE: dict[tuple[str, str], Framework] = {}


def _load_framework(name: str, overrides: dict | None) -> Framework:
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
                raise ConfigError(f"未知的评分框架：{name}（可用：default（财政部）、common（共性指标），"
                                  "或一个框架 .toml 文件的路径）")
            text = path.read_text(encoding="utf-8")
        return tomllib.loads(text, parse_float=Decimal)  # exact decimals, never binary floats
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
        raise ConfigError(f"评分框架 {name} 无法读取：{e}") from e


def _file_settings(data: dict, source: str) -> dict:
    """The framework file's numbers as a mutable settings dict (validated like overrides)."""
    known = {*SETTINGS, "id", "title", "categories"} - {"weights", "required", "measurable"}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"评分框架 {source} 有未知的项：{'、'.join(sorted(unknown))}")
    cats = data.get("categories")
    if not cats or not isinstance(cats, list) or not all(isinstance(c, dict) for c in cats):
        raise ConfigError(f"评分框架 {source} 没有 [[categories]]（一级指标）")
    if not isinstance(data.get("bands", []), list) or not all(
            isinstance(b, dict) for b in data.get("bands", [])):
        raise ConfigError(f"评分框架 {source} 的 bands 应写成 [[bands]] 表")
    if not isinstance(data.get("grades", {}), dict):
        raise ConfigError(f"评分框架 {source} 的 grades 应写成 [grades] 表")
    s: dict = {}
    for key in SCALARS:
        if key in data:
            s[key] = _number(key, data[key])
    s.setdefault("execution_weight", Decimal(10))
    s["reverse_rule"] = _reverse_rule(data.get("reverse_rule", "2T"))
    s["weights"] = {}
    s["required"], s["measurable"] = [], []
    for c in cats:
        cname = str(c.get("name", "")).strip()
        if not cname:
            raise ConfigError(f"评分框架 {source} 有一个一级指标没有 name")
        s["weights"][cname] = None if c.get("weight") is None else _number(
            f"categories.{cname}.weight", c["weight"])
        if c.get("required", True):
            s["required"].append(cname)
        if c.get("measurable", False):
            s["measurable"].append(cname)
    s["bands"] = [_band_from_table(b, source) for b in data.get("bands", [])]
    s["grades"] = {str(g): _number(f"grades.{g}", v) for g, v in data.get("grades", {}).items()}
    return s


def _band_from_table(b: dict, source: str) -> dict:
    try:
        return {"name": str(b["name"]), "short": str(b.get("short", b["name"])),
                "low": _number("bands.low", b["low"]), "high": _number("bands.high", b["high"]),
                "high_inclusive": bool(b.get("high_inclusive", False)),
                "default": _number("bands.default", b["default"])}
    except KeyError as e:
        raise ConfigError(f"评分框架 {source} 的 [[bands]] 缺少 {e.args[0]}") from e


# --------------------------------------------------------------------------- overrides


def _apply_setting(s: dict, key: str, value: object) -> None:
    if key in SCALARS:
        s[key] = _number(key, value)
    elif key == "reverse_rule":
        s[key] = _reverse_rule(value)
    elif key == "weights":
        _apply_weights(s, _table(key, value))
    elif key == "grades":
        _apply_grades(s, _table(key, value))
    elif key == "bands":
        _apply_bands(s, _table(key, value))
    elif key in ("required", "measurable"):
        s[key] = [_category_name(s, key, v) for v in _list(key, value)]
    else:
        raise ConfigError(f"未知的设置项：{key}（可用的设置项：{'、'.join(SETTINGS)}）")


def _apply_weights(s: dict, table: dict) -> None:
    for name, value in table.items():
        if str(name).strip() in EXECUTION_KEYS:
            s["execution_weight"] = _number(f"weights.{name}", value)
        else:
            s["weights"][_category_name(s, f"weights.{name}", name)] = _number(
                f"weights.{name}", value)


def _apply_grades(s: dict, table: dict) -> None:
    for name, value in table.items():
        if name not in s["grades"]:
            raise ConfigError(f"设置项 grades 中的等级 {name} 不存在（可用：{'、'.join(s['grades'])}）")
        s["grades"][name] = _number(f"grades.{name}", value)


def _apply_bands(s: dict, table: dict) -> None:
    for name, sub in table.items():
        band = next((b for b in s["bands"] if name in (b["name"], b["short"])), None)
        if band is None:
            names = "、".join(b["short"] for b in s["bands"])
            raise ConfigError(f"设置项 bands 中的档次 {name} 不存在（可用：{names}）")
        for k, v in _table(f"bands.{name}", sub).items():
            if k in ("low", "high", "default"):
                band[k] = _number(f"bands.{name}.{k}", v)
            elif k in ("name", "short") and isinstance(v, str) and v.strip():
                band[k] = v.strip()
            elif k == "high_inclusive" and isinstance(v, bool):
                band[k] = v
            else:
                raise ConfigError(f"设置项 bands.{name}.{k} 无效：可设 low、high、default、name、short")


def _category_name(s: dict, key: str, name: object) -> str:
    """The canonical category a settings key names (canonical name or a 'xx指标' spelling)."""
    want = category_label(str(name))
    for cname in s["weights"]:
        if want in (_norm(cname), _norm(cname).removesuffix("指标")) or \
                _norm(cname) == want.removesuffix("指标"):
            return cname
    raise ConfigError(f"设置项 {key}：一级指标 {name} 不在本评分框架中"
                      f"（可用：{'、'.join(s['weights'])}）")


# --------------------------------------------------------------------------- value checks


def _number(key: str, value: object) -> Decimal:
    """A setting as an exact Decimal (TOML floats go through ``str``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise ConfigError(f"设置项 {key} 的值 {value!r} 不是数字")
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise ConfigError(f"设置项 {key} 的值 {value!r} 不是数字") from None
    if not d.is_finite():
        raise ConfigError(f"设置项 {key} 的值 {value!r} 不是有限的数字")
    return d


def _reverse_rule(value: object) -> str:
    rule = REVERSE_RULES.get(str(value).strip().lower()) if isinstance(value, str) else None
    if rule is None:
        raise ConfigError(f"设置项 reverse_rule 的值 {value!r} 无效：应为 \"2T\"（2倍目标值归零）"
                          "或 \"ratio\"（目标值÷实际值×分值）")
    return rule


def _table(key: str, value: object) -> dict:
    if not isinstance(value, dict):
        raise ConfigError(f"设置项 {key} 应为一个表，例如 {key} = {{ ... }}")
    return value


def _list(key: str, value: object) -> list:
    if not isinstance(value, list):
        raise ConfigError(f"设置项 {key} 应为一个列表，例如 {key} = [\"产出指标\"]")
    return value


def _validate(s: dict) -> None:
    _check_range(s, "total", low=Decimal(0), low_open=True)
    _check_range(s, "execution_weight", low=Decimal(0), high=s["total"])
    _check_range(s, "over_completion", low=Decimal(1), low_open=True)
    _check_range(s, "explanation_threshold", low=Decimal(0), high=Decimal(1), low_open=True,
                 hint="应为 0 到 1 之间的小数，如 0.9 表示 90%")
    _check_range(s, "lag_points", low=Decimal(0), high=Decimal(100),
                 hint="应为 0 到 100 之间的百分点数，如 20")
    _check_range(s, "land_rate", low=Decimal(0), low_open=True)
    _check_range(s, "money_tolerance", low=Decimal(0))
    _check_range(s, "score_tolerance", low=Decimal(0))
    for name, w in s["weights"].items():
        if w is not None and w < 0:
            raise ConfigError(f"设置项 weights.{name} 的值 {w} 无效：权重不能为负数")
    _validate_weight_sum(s)
    _validate_bands(s["bands"])
    _validate_grades(s["grades"], s["total"])


def _check_range(s: dict, key: str, *, low: Decimal | None = None, high: Decimal | None = None,
                 low_open: bool = False, hint: str = "") -> None:
    v = s.get(key)
    if v is None:
        return
    bad = (low is not None and (v <= low if low_open else v < low)) or \
          (high is not None and v > high)
    if bad:
        if not hint:
            lo = "" if low is None else f"{'大于' if low_open else '不小于'} {low}"
            hi = "" if high is None else f"不大于 {high}"
            hint = "应" + "且".join(x for x in (lo, hi) if x)
        raise ConfigError(f"设置项 {key} 的值 {v} 无效：{hint}")


def _validate_weight_sum(s: dict) -> None:
    weights = list(s["weights"].values())
    if any(w is None for w in weights):
        return  # weights come from the workbook's 分值 column
    total = s["execution_weight"] + sum(weights, Decimal(0))
    if total != s["total"]:
        parts = "、".join(f"{n} {w}" for n, w in s["weights"].items())
        raise ConfigError(f"设置项 weights 无效：预算执行率 {s['execution_weight']} 与 {parts} "
                          f"合计 {total}，应为 {s['total']}")


def _validate_bands(bands: list[dict]) -> None:
    for b in bands:
        key = f"bands.{b['short']}"
        if not (Decimal(0) <= b["low"] <= b["high"] <= Decimal(1)):
            raise ConfigError(f"设置项 {key} 无效：应满足 0 ≤ low ≤ high ≤ 1"
                              f"（现为 low {b['low']}、high {b['high']}）")
        inside = b["low"] <= b["default"] and (
            b["default"] <= b["high"] if b["high_inclusive"] else b["default"] < b["high"])
        if not inside:
            raise ConfigError(f"设置项 {key}.default 的值 {b['default']} 无效：应在该档区间"
                              f"[{b['low']}, {b['high']}{']' if b['high_inclusive'] else ')'} 内")


def _validate_grades(grades: dict, total: Decimal) -> None:
    items = list(grades.items())
    for name, bound in items:
        if not (Decimal(0) <= bound <= total):
            raise ConfigError(f"设置项 grades.{name} 的值 {bound} 无效：应在 0 到 {total} 之间")
    for (n1, b1), (n2, b2) in zip(items, items[1:]):
        if b1 <= b2:
            raise ConfigError(f"设置项 grades 无效：{n1} 的下限 {b1} 应高于 {n2} 的下限 {b2}")


# --------------------------------------------------------------------------- building


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
    fw = Framework(id=str(data.get("id", "custom")), title=str(data.get("title", "")),
                   categories=tuple(categories), reverse_rule=s["reverse_rule"], bands=bands,
                   grades=grades, **scalars)
    return replace(fw, settings=_plain_settings(s))


def _plain_settings(s: dict) -> dict:
    """The effective settings, for display and the batch manifest (copies, not shared)."""
    return {**{k: v for k, v in s.items() if k in SCALARS}, "reverse_rule": s["reverse_rule"],
            "weights": dict(s["weights"]), "grades": dict(s["grades"]),
            "bands": [dict(b) for b in s["bands"]], "required": list(s["required"]),
            "measurable": list(s["measurable"])}
