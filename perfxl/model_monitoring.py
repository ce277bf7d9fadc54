"""The 执行监控表 of a system export, as read (:class:`Monitoring`, its money and indicator rows).

Part of the typed model (:mod:`perfxl.model` re-exports these names), kept apart so each module
holds one kind of form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.located import Loc, Val, missing
from perfxl.values import Measure

TICK_MARKS = frozenset({"✔", "✓", "√", "☑", "✅", "V", "v", "是", "Y", "y"})
"""What staff or the system put in a tick column (偏差原因 / 完成目标可能性) to tick it."""

REASON_KEYS = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOOD_KEYS = ("确定能", "有可能", "完全不可能")


def is_ticked(v: Val) -> bool:
    return v.value is not None and str(v.value).strip() in TICK_MARKS


@dataclass
class MonitorRow:
    """What a money row and an indicator row of the 执行监控表 share: 偏差原因分析 ticks,
    原因说明, 完成目标可能性 ticks and 备注 (each dict keyed by REASON_KEYS / LIKELIHOOD_KEYS,
    holding the tick cell as read)."""

    row: int
    reasons: dict[str, Val[str]] = field(default_factory=dict)
    reason_text: Val[str] = field(default_factory=missing)  # 原因说明
    likelihood: dict[str, Val[str]] = field(default_factory=dict)
    note: Val[str] = field(default_factory=missing)  # 备注

    @property
    def ticked_reasons(self) -> list[str]:
        return [k for k, v in self.reasons.items() if is_ticked(v)]

    @property
    def ticked_likelihood(self) -> list[str]:
        return [k for k, v in self.likelihood.items() if is_ticked(v)]


@dataclass
class MonitorFund(MonitorRow):
    """A money row of the 执行监控表 (万元)."""

    key: str = "total"  # one of FUND_KEYS
    label: Val[str] = field(default_factory=missing)
    initial_budget: Val[Decimal] = field(default_factory=missing)  # 年初预算数
    budget: Val[Decimal] = field(default_factory=missing)  # 全年预算数 (调整后), if the form has it
    executed: Val[Decimal] = field(default_factory=missing)  # 1-N月执行数
    rate: Val[Decimal] = field(default_factory=missing)  # 1-N月执行率 as typed, as a fraction
    projected: Val[Decimal] = field(default_factory=missing)  # 全年预计执行数


@dataclass
class MonitorIndicator(MonitorRow):
    """An indicator row of the 执行监控表."""

    level1: Val[str] = field(default_factory=missing)
    level2: Val[str] = field(default_factory=missing)
    name: Val[str] = field(default_factory=missing)
    target: Val[Measure] = field(default_factory=missing)  # 年度指标值
    executed: Val[Measure] = field(default_factory=missing)  # 1-N月执行数 / 执行情况
    projected: Val[Measure] = field(default_factory=missing)  # 全年预计执行数 / 完成情况


@dataclass
class Monitoring:
    """项目支出绩效目标执行监控表: one project's figures as of month ``month``."""

    sheet: str
    title_loc: Loc | None = None
    title_year: Val[int] = field(default_factory=missing)
    name: Val[str] = field(default_factory=missing)
    department: Val[str] = field(default_factory=missing)
    implementer: Val[str] = field(default_factory=missing)
    month: Val[int] = field(default_factory=missing)  # N of the ``1-N月`` labels
    funds: dict[str, MonitorFund] = field(default_factory=dict)  # keyed by FUND_KEYS
    goal_expected: Val[str] = field(default_factory=missing)  # 年度总体目标 · 年度目标
    goal_progress: Val[str] = field(default_factory=missing)  # 年度总体目标 · 1-N月执行情况
    indicators: list[MonitorIndicator] = field(default_factory=list)

    @property
    def total_funds(self) -> MonitorFund | None:
        return self.funds.get("total")
