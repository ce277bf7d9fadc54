"""The numbers of a scoring framework as a settings dict: read from a framework file, changed
by the ``[settings]`` of perfxl.toml, checked — each bad entry a :class:`ConfigError` in Chinese.

Used by :func:`perfxl.scoring.framework.load_framework`, which builds the frozen
:class:`~perfxl.scoring.framework.Framework` from the checked dict.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from perfxl.config import ConfigError
from perfxl.scoring.labels import category_label, norm_label

SCALARS = ("total", "execution_weight", "over_completion", "explanation_threshold", "lag_points",
           "land_rate", "money_tolerance", "score_tolerance")
SETTINGS = (*SCALARS, "reverse_rule", "weights", "grades", "bands", "required", "measurable")
REVERSE_RULES = {"2t": "2T", "ratio": "ratio", "t/x": "ratio"}
EXECUTION_KEYS = ("预算执行率", "执行率", "execution")


def _file_settings(data: dict, source: str) -> dict:
    """The framework file's numbers as a mutable settings dict (validated like overrides)."""
    known = {*SETTINGS, "id", "title", "names", "chosen_when", "categories", "total_row"} - {
        "weights", "required", "measurable"}
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
        if want in (norm_label(cname), norm_label(cname).removesuffix("指标")) or \
                norm_label(cname) == want.removesuffix("指标"):
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


def _plain_settings(s: dict) -> dict:
    """The effective settings, for display and the batch manifest (copies, not shared)."""
    return {**{k: v for k, v in s.items() if k in SCALARS}, "reverse_rule": s["reverse_rule"],
            "weights": dict(s["weights"]), "grades": dict(s["grades"]),
            "bands": [dict(b) for b in s["bands"]], "required": list(s["required"]),
            "measurable": list(s["measurable"])}
