"""Scores: what the scorer computes for each project. Pure data, rendered by ``output/``/``write/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.model import Indicator, Project


@dataclass
class IndicatorScore:
    """The computed score of one indicator.

    ``method`` names the formula used, in Chinese as shown to users: ``正向``, ``反向``,
    ``反向(T/X)``, ``等于``, ``等于零``, ``区间`` (a range target), ``时限`` (a deadline scored by
    date), ``定性``. ``score`` is None when it could not be computed;
    ``problem`` then says why (a short machine code such as ``"unit-mismatch"``,
    ``"no-actual"``, ``"no-weight"``, ``"qualitative-out-of-band"``) and rules turn it into a finding.
    All codes the scorer sets: ``no-actual``, ``no-target``, ``no-weight``, ``bad-weight`` (negative
    分值), ``unit-mismatch``, ``target-unreadable`` (PX415), ``qualitative-unknown`` (score None)
    and ``qualitative-out-of-band``
    (score = the band default) — see :mod:`perfxl.scoring.scorer`.
    ``band`` is the qualitative band used (``达成`` / ``部分达成`` / ``未达成``) for 定性.
    """

    indicator: Indicator
    category: str | None  # the framework category (一级指标) it counts toward
    weight: Decimal | None
    method: str | None
    score: Decimal | None
    problem: str | None = None
    band: str | None = None
    used_default: bool = False  # qualitative with no staff score: the band default was used (PX410)
    # quantitative: target and actual in one unit (the target's), as compared — for rules such as
    # PX406 (actual ≥ 1.2 × target); None for qualitative or when units could not agree
    target_number: Decimal | None = None
    actual_number: Decimal | None = None
    unit: str | None = None


@dataclass
class ProjectScore:
    """The computed score of one 自评表."""

    project: Project
    framework: str  # framework id, e.g. "default" / "common"
    execution_rate: Decimal | None  # 全年执行数 ÷ 全年预算数, a fraction (0.92), unrounded
    execution_weight: Decimal  # 10 in the default framework
    execution_score: Decimal | None  # rounded half-up to 0.01
    indicators: list[IndicatorScore] = field(default_factory=list)
    categories: dict[str, Decimal] = field(default_factory=dict)  # 一级指标 → subtotal
    total: Decimal = Decimal(0)  # execution score + Σ indicator scores
    grade: str = "差"  # 优 / 良 / 中 / 差
