"""The estimate (测算) of a project, as read from the 一体化 export's 项目支出明细 and 项目支出计划.

Part of the typed model (layer 0), kept apart from :mod:`perfxl.model` so that module stays one
screenful per form; :attr:`perfxl.model.Workbook.estimates` and ``.plans`` hold these objects.
Money is ``Decimal`` in 万元 as everywhere; a quantity and a price keep their units as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.model import Loc, Val, missing
from perfxl.values.statements import Statement


@dataclass(frozen=True)
class Quantity:
    """数量/频率 of a line: ``20集`` → 20, ``集``; ``25人天`` → 25, ``人天``."""

    number: Decimal
    unit: str  # the unit counted, '' when none was written


@dataclass(frozen=True)
class Price:
    """价格/标准 of a line: ``7.5万元/集`` → 7.5, ``万元``, ``集``; ``1000元/人次`` → 1000, ``元``, ``人次``."""

    number: Decimal
    money_unit: str  # 元 or 万元
    per: str  # the unit counted, '' when none was written

    @property
    def wan(self) -> Decimal:
        """The price in 万元 per unit counted, exactly."""
        return self.number.scaleb(-4) if self.money_unit == "元" else self.number


@dataclass
class EstimateLine:
    """One line of the 项目支出明细: 数量 × 单价 = 金额 (万元)."""

    row: int  # 1-based sheet row
    activity: Val[str] = field(default_factory=missing)  # 项目活动 (filled down over its lines)
    sub_activity: Val[str] = field(default_factory=missing)  # 子活动
    item: Val[str] = field(default_factory=missing)  # 分项支出 (劳务费, 差旅费 …)
    quantity: Val[Quantity] = field(default_factory=missing)  # 数量/频率
    price: Val[Price] = field(default_factory=missing)  # 价格/标准
    amount: Val[Decimal] = field(default_factory=missing)  # 支出计划（万元）
    note: Val[str] = field(default_factory=missing)  # 备注

    @property
    def label(self) -> str:
        """How a message names the line: ``第8行“差旅费”``."""
        what = self.item.value or self.sub_activity.value or self.activity.value
        return f"第{self.row}行“{what}”" if what else f"第{self.row}行"


@dataclass
class EstimateDetail:
    """项目支出明细: the total row and the lines under it."""

    sheet: str
    year: Val[int] = field(default_factory=missing)  # from the sheet's year line, if any
    total: Val[Decimal] = field(default_factory=missing)  # the row under the header
    lines: list[EstimateLine] = field(default_factory=list)


PLAN_GROUPS = ("年初预算", "执行调整", "全年预算", "预计支出", "实际支出")
"""The groups of a 支出计划 row with the parts 小计 · 财政拨款 · 结转资金."""
REMAINDER_GROUPS = ("预计年度剩余", "实际年度剩余")
"""The groups with the parts 小计 · 结转资金 · 结余资金."""
PLAN_PARTS = ("小计", "财政拨款", "结转资金")
REMAINDER_PARTS = ("小计", "结转资金", "结余资金")


@dataclass
class PlanYear:
    """One 预算年度 row of the 项目支出计划: ``groups[组][部分]`` → the amount (万元)."""

    row: int  # 1-based sheet row
    year: Val[int] = field(default_factory=missing)
    planned: Val[Decimal] = field(default_factory=missing)  # the 支出计划 column, if a number
    groups: dict[str, dict[str, Val[Decimal]]] = field(default_factory=dict)

    def cell(self, group: str, part: str = "小计") -> Val[Decimal]:
        return self.groups.get(group, {}).get(part) or missing()


CLASS_COLUMNS = ("合计", "财政拨款", "年初数", "已调整数", "结转资金")
"""The money columns of a 细化经济分类 row (财政拨款 is its 小计)."""


@dataclass
class ClassRow:
    """One row of the 细化经济分类 block: a 科目 (``[30202]印刷费``), the 合计 row or the
    剩余支出计划金额 row; ``amounts`` by :data:`CLASS_COLUMNS`."""

    row: int
    kind: str  # "item", "total" or "remainder"
    name: Val[str] = field(default_factory=missing)
    amounts: dict[str, Val[Decimal]] = field(default_factory=dict)
    subject: Val[str] = field(default_factory=missing)  # 对应的政府预算支出经济分类科目

    def amount(self, column: str = "合计") -> Val[Decimal]:
        return self.amounts.get(column) or missing()


@dataclass
class EstimatePlan:
    """项目支出计划: the rows by year and the 细化经济分类 block below them."""

    sheet: str
    years: list[PlanYear] = field(default_factory=list)
    classes: list[ClassRow] = field(default_factory=list)
    class_year: Val[int] = field(default_factory=missing)  # the year the 细化 block is for

    def year(self, year: int | None) -> PlanYear | None:
        return next((y for y in self.years if year is not None and y.year.value == year), None)


@dataclass(frozen=True)
class WrittenStatement:
    """An arithmetic statement written in a text field (``550元*200人*3天=33万元`` in a 测算依据),
    with the cell it is in, the field's name and its exact evaluation
    (:class:`perfxl.values.statements.Statement`: computed, written, holds …)."""

    loc: Loc | None
    field: str  # 测算依据, 立项依据, 指标解释 …
    statement: Statement
    project: str | None = None
