"""The typed model of one workbook: what the reader produces and every later stage consumes.

Data flows one way: ``read/`` builds a :class:`Workbook` (with an :class:`Observation` for
everything it could not read as expected); ``rules/`` and ``scoring/`` read it and produce
:class:`~perfxl.findings.Finding` and scores; ``write/`` and ``output/`` render those.
Nothing downstream mutates the model.

Every value that came from a cell is a :class:`Val`: the parsed value, where it came from
(:class:`Loc`) and the raw cell content, so a finding can always name the sheet and cell and
quote what the accountant typed. Money is ``decimal.Decimal`` in 万元 throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

# The model's other names live in modules of their own (one concern each) and are imported from
# here as before: a value and its cell, the 执行监控表, what the reader saw.
from perfxl.located import Loc, Val, missing  # noqa: F401
from perfxl.model_monitoring import (LIKELIHOOD_KEYS, REASON_KEYS, TICK_MARKS,  # noqa: F401
                                     MonitorFund, MonitorIndicator, MonitorRow, Monitoring,
                                     is_ticked)
from perfxl.observations import OBSERVATION_KINDS, Observation  # noqa: F401
from perfxl.values import Measure, Target


# --------------------------------------------------------------------------- 项目清单


@dataclass
class ListRow:
    """One row of the 项目清单 project table (or its 合计 row)."""

    row: int  # 1-based row number in the sheet
    seq: Val[str] = field(default_factory=missing)  # 序号 as written
    name: Val[str] = field(default_factory=missing)  # 项目名称
    fund_level: Val[str] = field(default_factory=missing)  # 资金级次
    initial_budget: Val[Decimal] = field(default_factory=missing)  # 年初预算数（万元）
    budget: Val[Decimal] = field(default_factory=missing)  # 全年预算数（万元）
    executed: Val[Decimal] = field(default_factory=missing)  # 全年执行数（万元）
    summary: Val[str] = field(default_factory=missing)  # 项目概况


@dataclass
class Unit:
    """The unit header and project list of the 项目清单 sheet."""

    sheet: str
    name: Val[str] = field(default_factory=missing)  # 单位名称
    year: Val[int] = field(default_factory=missing)  # 评价年度
    as_of_year: Val[int] = field(default_factory=missing)  # 数据截至: year part, if written
    as_of_month: Val[int] = field(default_factory=missing)  # 数据截至: month 1–12
    declared_count: Val[int] = field(default_factory=missing)  # 项目个数
    declared_total: Val[Decimal] = field(default_factory=missing)  # 预算总金额（万元）
    rows: list[ListRow] = field(default_factory=list)
    total_row: ListRow | None = None  # the typed 合计 row, if any
    header_row: int | None = None  # 1-based row of the table header
    title_loc: Loc | None = None  # the 项目清单 title cell, if the sheet has one


# --------------------------------------------------------------------------- 自评表

FUND_KEYS = ("total", "fiscal", "carryover", "other")
"""Fund rows of a 自评表 in form order: 年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金."""


@dataclass
class FundRow:
    """One money row of the 项目资金 block (all amounts in 万元)."""

    key: str  # one of FUND_KEYS
    label: Val[str] = field(default_factory=missing)
    initial_budget: Val[Decimal] = field(default_factory=missing)  # 年初预算数
    budget: Val[Decimal] = field(default_factory=missing)  # 全年预算数
    executed: Val[Decimal] = field(default_factory=missing)  # 全年执行数
    weight: Val[Decimal] = field(default_factory=missing)  # 分值 (only on the total row: 10)
    rate: Val[Decimal] = field(default_factory=missing)  # 执行率 as staff typed it, as a fraction
    score: Val[Decimal] = field(default_factory=missing)  # 得分 as staff typed it
    reason: Val[str] = field(default_factory=missing)  # 原因 column (a low 执行率 explained)


@dataclass
class Indicator:
    """One 三级指标 row of the indicator table."""

    row: int  # 1-based sheet row
    level1: Val[str] = field(default_factory=missing)  # 一级指标 (normalised, weight suffix removed)
    level2: Val[str] = field(default_factory=missing)  # 二级指标
    name: Val[str] = field(default_factory=missing)  # 三级指标
    target: Val[Measure] = field(default_factory=missing)  # 年度指标值
    actual: Val[Measure] = field(default_factory=missing)  # 实际完成值
    weight: Val[Decimal] = field(default_factory=missing)  # 分值
    score: Val[Decimal] = field(default_factory=missing)  # 得分 as staff typed it
    deviation: Val[str] = field(default_factory=missing)  # 偏差原因分析及改进措施
    level1_weight: Val[Decimal] = field(default_factory=missing)  # from `产出指标（50分）`, if written


@dataclass
class Project:
    """One 自评表 form."""

    sheet: str
    title_loc: Loc | None = None
    title_year: Val[int] = field(default_factory=missing)  # from （2023年度）
    name: Val[str] = field(default_factory=missing)  # 项目名称
    department: Val[str] = field(default_factory=missing)  # 主管部门
    implementer: Val[str] = field(default_factory=missing)  # 实施单位
    funds: dict[str, FundRow] = field(default_factory=dict)  # keyed by FUND_KEYS
    goal_expected: Val[str] = field(default_factory=missing)  # 年度总体目标 · 预期目标
    goal_actual: Val[str] = field(default_factory=missing)  # 年度总体目标 · 实际完成情况
    indicators: list[Indicator] = field(default_factory=list)
    indicator_header_row: int | None = None
    total_weight: Val[Decimal] = field(default_factory=missing)  # 总分 row, 分值 column (100)
    total_score: Val[Decimal] = field(default_factory=missing)  # 总分 row, 得分 column (staff)
    blank: bool = False  # 未填写: a 自评表 with no amounts and no actuals (not scored)
    # further source rows of the money block beyond funds["other"] (财政专户管理资金, 单位资金 …:
    # each its own row, all count towards the total), key "other"
    more_funds: list[FundRow] = field(default_factory=list)
    # label cells of money-block rows with amounts whose label is none of the table's
    # (其中:本级资金): the sources read may not be all of them
    unread_fund_rows: list[Val[str]] = field(default_factory=list)
    # points a block label carries: "money" for 预算执行情况(10分), "indicators" for 绩效指标(90分)
    block_points: dict[str, Val[Decimal]] = field(default_factory=dict)
    conclusion: Val[str] = field(default_factory=missing)  # 评价结论
    problems: Val[str] = field(default_factory=missing)  # 存在问题
    measures: Val[str] = field(default_factory=missing)  # 改进措施

    @property
    def total_funds(self) -> FundRow | None:
        return self.funds.get("total")


# --------------------------------------------------------------------------- 土地流转明细


@dataclass
class Parcel:
    """One row of 土地流转明细: a parcel, or a 小计 row when ``is_subtotal``."""

    sheet: str
    row: int
    project_name: Val[str] = field(default_factory=missing)
    village: Val[str] = field(default_factory=missing)  # 地块（村）
    area: Val[Decimal] = field(default_factory=missing)  # 面积（亩）
    rate: Val[Decimal] = field(default_factory=missing)  # 单价（元/亩·年）
    amount: Val[Decimal] = field(default_factory=missing)  # 金额（元） — in 元, not 万元
    note: Val[str] = field(default_factory=missing)
    is_subtotal: bool = False


# --------------------------------------------------------------------------- 一体化系统导出的表
NOT_APPLICABLE = "不适用"
"""What a district asks staff to write in a pre-printed 二级 row that does not apply."""


@dataclass
class DeclaredIndicator:
    """One 三级指标 row of a 申报表 column group (year or medium term); with ``printed``, a
    pre-printed 二级 row left blank (no 三级指标, 目标值 nor 指标解释: kept, PX703 asks)."""

    row: int
    level1: Val[str] = field(default_factory=missing)  # the year group takes the row's 一级 text
    level2: Val[str] = field(default_factory=missing)
    name: Val[str] = field(default_factory=missing)
    target: Val[Measure] = field(default_factory=missing)  # 指标值 / 目标值
    explanation: Val[str] = field(default_factory=missing)  # 指标解释, where the form has it
    printed: bool = False  # a pre-printed row with nothing filled in
    reading: Target | None = None  # the 目标值 as the target grammar reads it (parse_target)

    @property
    def not_applicable(self) -> bool:
        """Written ``不适用`` (in 三级指标 or 目标值): no missing value, no real indicator."""
        name, target = self.name.value, self.target.value
        if isinstance(name, str) and name.strip() == NOT_APPLICABLE:
            return True
        return target is not None and isinstance(target.text, str) and \
            target.text.strip() == NOT_APPLICABLE


@dataclass
class Declaration:
    """项目支出绩效目标申报表 (``XX项目绩效目标表``): the approved targets of one project."""

    sheet: str
    title_loc: Loc | None = None
    title_year: Val[int] = field(default_factory=missing)  # from ( 2020年度)
    name: Val[str] = field(default_factory=missing)
    department: Val[str] = field(default_factory=missing)
    implementer: Val[str] = field(default_factory=missing)
    medium_funds: dict[str, Val[Decimal]] = field(default_factory=dict)  # 中期资金总额 …, FUND_KEYS
    year_funds: dict[str, Val[Decimal]] = field(default_factory=dict)  # 年度资金总额 …, FUND_KEYS
    goal_medium: Val[str] = field(default_factory=missing)  # 总体目标 · 中期目标
    goal_year: Val[str] = field(default_factory=missing)  # 总体目标 · 年度目标
    year_indicators: list[DeclaredIndicator] = field(default_factory=list)
    medium_indicators: list[DeclaredIndicator] = field(default_factory=list)
    # issue 16: every 申报表 layout (perfxl.read.declaration*): how the form was laid out,
    # the fields the review (PX7xx) asks about, and where its indicator table starts
    layout: str = "export"  # DECLARATION_LAYOUTS
    code: Val[str] = field(default_factory=missing)  # 项目编码 as text
    code_lost: bool = False  # 项目编码 stored as a number Excel rounded (4.403062313915e+20)
    period: Val[str] = field(default_factory=missing)  # 实施期限
    policy_basis: Val[str] = field(default_factory=missing)  # 政策依据 / 立项依据
    calc_basis: Val[str] = field(default_factory=missing)  # 测算依据 / 测算过程
    table_loc: Loc | None = None  # the indicator table's header row (B12:F12)
    explanation_column: bool = False  # the table has a 指标解释 column
    project_key: str | None = None  # in a flat list: the 项目编码 or 项目名称 its rows share

    @property
    def total_amount(self) -> Val[Decimal]:
        """项目总金额 / 中期资金总额 (万元)."""
        return self.medium_funds.get("total") or missing()

    @property
    def year_amount(self) -> Val[Decimal]:
        """本年度项目金额 / 年度资金总额 (万元)."""
        return self.year_funds.get("total") or missing()


DECLARATION_LAYOUTS = {"sheet": "一表一页", "export": "一体化导出", "list": "目标清单"}
"""申报表 layouts (Declaration.layout) and their Chinese names: one form per sheet (also
perfxl's own blank), the 一体化 export's 项目支出绩效目标申报表, a flat target list."""


# --------------------------------------------------------------------------- the workbook


@dataclass
class Workbook:
    """Everything read from one file.

    ``observations`` holds what the reader could not read as the form asks (a cell that is text
    where a number belongs, a table not found …); the PX1xx rules turn them into findings.
    """

    path: Path
    sheet_names: list[str] = field(default_factory=list)
    unit: Unit | None = None
    projects: list[Project] = field(default_factory=list)
    parcels: list[Parcel] = field(default_factory=list)
    land_sheet: str | None = None
    observations: list[Observation] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)  # 申报表 of a system export
    monitorings: list[Monitoring] = field(default_factory=list)  # 执行监控表 of a system export
    blank_forms: list[Project] = field(default_factory=list)  # 自评表 not filled yet (not scored)
    # the estimate (测算) of a system export, types in perfxl.model_estimate (which imports this
    # module): EstimateDetail per 项目支出明细, EstimatePlan per 项目支出计划
    estimates: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    blank_declarations: list[Declaration] = field(default_factory=list)  # 申报表 not filled yet
    statements: list = field(default_factory=list)  # WrittenStatement: sums written in texts
    # Staff decisions written in perfxl's own 校验结果 sheet of an earlier run (data, never
    # findings): perfxl.findings.decision_key → the 处理意见 as staff chose it, with its cell.
    decisions: dict[tuple[str, str, str, str, str], Val[str]] = field(default_factory=dict)
    # why no form was recognised (Chinese), None when one was: a workbook that is not ours
    # (a salary table …) is never written into, graded or counted (see perfxl.read.workbook)
    unrecognised: str | None = None

    @property
    def forms(self) -> list[str]:
        """The kinds of form found, in Chinese (自评表, 申报表, 执行监控表, 项目清单, 土地流转明细)."""
        found = [("自评表", self.projects or self.blank_forms),
                 ("申报表", self.declarations or self.blank_declarations),
                 ("执行监控表", self.monitorings), ("项目清单", self.unit is not None),
                 ("土地流转明细", self.land_sheet is not None)]
        return [kind for kind, present in found if present]

    @property
    def year(self) -> int | None:
        """评价年度 from the 项目清单, else the first form's title year."""
        if self.unit and self.unit.year.value is not None:
            return self.unit.year.value
        for form in (*self.projects, *self.monitorings, *self.declarations, *self.blank_forms,
                     *self.blank_declarations):
            if form.title_year.value is not None:
                return form.title_year.value
        return None

    @property
    def month(self) -> int:
        """数据截至 month (1–12); a workbook that does not say is a year-end one (12).

        A system export without a filled 自评表 is as of its 执行监控表's ``1-N月`` (the latest,
        if several); a filled 自评表 makes it a year-end one."""
        if self.unit and self.unit.as_of_month.value:
            return self.unit.as_of_month.value
        if not self.projects:
            months = [m.month.value for m in self.monitorings if m.month.value]
            if months:
                return max(months)
        return 12
