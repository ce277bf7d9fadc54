"""What the PX7xx rules ask of a 目标值, on its reading by the target grammar
(:func:`perfxl.values.parse_target`, spec/targets.md) — and the amounts a free 测算依据 text
names."""

from __future__ import annotations

import re
from decimal import Decimal

from perfxl.values import Op, Target, fold, wan_from_yuan
from perfxl.values.ops import WORDS
from perfxl.values.targets import DATE, DEADLINE, FREQUENCY, RANGE

TIMED_KINDS = frozenset({DEADLINE, DATE, FREQUENCY})
TIME_UNITS = tuple(WORDS["time_limit"]["time_units"])  # 小时 天 工作日 周 月 年 季度 …
MONEY_UNITS = ("万元", "元")
_SAVING = ("节约率", "控制率", "节约", "节省", "降低率")
SAME_PERIOD = ("当日", "当天", "当周", "当月", "即时", "立即")
"""A time limit of the period itself (``当日清运`` = within the day), which the grammar leaves
unread: counted as timed until the target grammar reads it."""
_MONEY = re.compile(r"([\d,]+(?:\.\d+)?)\s*(万元|万|元)")


def is_measurable(t: Target) -> bool:
    """A number, a range, a deadline or a frequency: something the year end can check."""
    return t.number is not None or t.kind in TIMED_KINDS or t.kind == RANGE


def is_timed(t: Target) -> bool:
    """A deadline (``11月底前完成``), a frequency (``按季度``) or a time limit (``3个工作日``,
    ``半小时内``, ``1年``, ``当日清运``)."""
    return t.kind in TIMED_KINDS or t.time_limit or (
        t.number is not None and _base_unit(t) in TIME_UNITS) or fold(t.text).startswith(SAME_PERIOD)


def money_unit(t: Target) -> str | None:
    """``万元`` / ``元`` when the target is an amount of money (per period too: ``万元/年``)."""
    unit = _base_unit(t)
    return unit if unit in MONEY_UNITS else None


def in_wan(t: Target) -> Decimal | None:
    """The target's amount in 万元 (``324000元/年`` → 32.4), None when it is not money."""
    unit = money_unit(t)
    if unit is None or t.number is None:
        return None
    return wan_from_yuan(t.number) if unit == "元" else t.number


def is_ceiling(t: Target) -> bool:
    return t.op in (Op.LE, Op.LT)


def is_floor(t: Target) -> bool:
    return t.op in (Op.GE, Op.GT)


def money_ceiling(t: Target) -> Decimal | None:
    """The money ceiling a cost target states, in 万元: ``不超过13.7584万元``, ``每年成本不超过
    324000元``, ``不超9万``; None for a floor, a bare amount or no money at all."""
    return in_wan(t) if is_ceiling(t) else None


def _base_unit(t: Target) -> str | None:
    return t.unit.split("/")[0] if t.unit else None


def money_in(text: str) -> list[tuple[Decimal, str]]:
    """Every amount a free text (a 测算依据) writes with a money unit: (number, 万元/万/元)."""
    return [(Decimal(n.replace(",", "")), u) for n, u in _MONEY.findall(fold(text or ""))
            if any(ch.isdigit() for ch in n)]


def as_wan(number: Decimal, unit: str) -> Decimal:
    """An amount in 万元 (``元`` divided by 10000)."""
    return wan_from_yuan(number) if unit == "元" else number


def is_saving_rate(name: str) -> bool:
    """A 成本 indicator that measures a saving (``成本节约率``): a rate to reach, not a cost."""
    return any(w in (name or "") for w in _SAVING)
