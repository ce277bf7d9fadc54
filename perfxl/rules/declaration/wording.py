"""How the PX7xx rules read a 目标值 beyond :func:`perfxl.values.parse_measure`: deadlines,
time limits and money ceilings written as sentences (targets.md).

Kept small and local until the shared target grammar (``perfxl.values.parse_target``) lands;
then these functions ask it instead.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from perfxl.values import wan_from_yuan

_CN_NUM = "一二两三四五六七八九十百半"
_DEADLINE = re.compile(
    r"(\d{4}\s*年|\d{1,2}\s*月|[" + _CN_NUM + r"]+月|年底|年末|年内|年前|当年|季度|上半年|下半年|"
    r"月底|月末|旬)")
_TIME_LIMIT = re.compile(
    r"([\d.]+|[" + _CN_NUM + r"]+)\s*个?\s*(小时|分钟|工作日|天|日|周|星期|个月|年)")
_FREQUENCY = re.compile(r"(每|按)(日|天|周|月|季度?|年|半年)")
_CEILING = re.compile(r"(不超过|不超|不高于|不大于|(?<!不)低于|(?<!不)少于|(?<!不)小于|控制在|最多|≤|<|"
                      r"以内|以下|之内)")
_FLOOR = re.compile(r"(≥|>|不低于|不少于|(?<!不)大于|(?<!不)高于|(?<!不)超过|至少|以上|达到)")
_MONEY = re.compile(r"([\d,]+(?:\.\d+)?)\s*(万元|万|元)")
_SAVING = ("节约率", "控制率", "节约", "节省", "降低率")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace("≧", "≥").replace("≦", "≤")


def has_deadline(text: str) -> bool:
    """A date or period to finish by: ``11月底前完成``, ``2023年12月前``, ``年底前``, ``按季度``."""
    t = _fold(text)
    return bool(_DEADLINE.search(t) or _FREQUENCY.search(t))


def has_time_limit(text: str) -> bool:
    """A time limit: ``3个小时内``, ``半小时内``, ``5个工作日``, ``不超过7天``, ``1年``."""
    return bool(_TIME_LIMIT.search(_fold(text)))


def is_timed(text: str) -> bool:
    return has_deadline(text) or has_time_limit(text)


def money_in(text: str) -> list[tuple[Decimal, str]]:
    """Every amount written with a money unit, as (number, unit as written: 万元/万/元)."""
    return [(Decimal(n.replace(",", "")), u) for n, u in _MONEY.findall(_fold(text))
            if n.replace(",", "").replace(".", "")]


def as_wan(number: Decimal, unit: str) -> Decimal:
    """An amount in 万元 (``元`` divided by 10000)."""
    return wan_from_yuan(number) if unit == "元" else number


def money_ceiling(text: str) -> tuple[Decimal, str] | None:
    """The ceiling a cost target states, in 万元, with how it was written: ``不超过13.7584万元``,
    ``每年成本不超过324000元``, ``不超9万``, ``≤5万元/年`` — None when it states no money
    ceiling (a floor, a bare amount, a rate)."""
    t = _fold(text)
    found = money_in(t)
    if not found or not _CEILING.search(t) or _FLOOR.search(t):
        return None
    number, unit = found[0]
    return as_wan(number, unit), f"{number}{unit}"


def is_floor(text: str) -> bool:
    return bool(_FLOOR.search(_fold(text)))


def is_saving_rate(name: str) -> bool:
    """A 成本 indicator that measures a saving (``成本节约率``): a rate to reach, not a cost."""
    return any(w in (name or "") for w in _SAVING)
