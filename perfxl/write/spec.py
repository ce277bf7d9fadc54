"""Plain descriptions of a workbook to write: what staff would type, cell by cell.

These dataclasses are the input of :func:`perfxl.write.template.write_workbook`. They carry no
``Val``/``Loc`` wrappers: every field is a :data:`CellValue` written exactly as given, so tests
can plant anything a real accountant types:

* a ``str`` is written as text — ``"144.9552"`` is a number stored as text, ``"约2万"`` is junk,
  ``"=1+1"`` is text too (never turned into a formula);
* an ``int`` or ``Decimal`` is written as a number (converted to float only at the xlsxwriter
  boundary) with a number format that shows all of its digits (万元 at least ``0.0000``);
* a :class:`Formula` is written as a formula with the given cached result;
* ``None`` leaves the cell empty (an empty input cell, unlocked, in the form's style);
* a ``datetime.date``/``datetime.datetime`` is written as a date (``数据截至`` as ``2023-12``).

Rates (执行率) are fractions: ``Decimal("1")`` shows as ``100.00%``; a ``str`` such as
``"100%"`` is written as text.

>>> from decimal import Decimal as D
>>> spec = WorkbookSpec(
...     unit=UnitSpec(name="某某镇人民政府", year=2023, as_of="2023年12月", declared_count=1,
...                   declared_total=D("2"),
...                   rows=[ListRowSpec(1, "防火经费", "县级", D("2"), D("2"), D("2"), "防火巡查")]),
...     projects=[ProjectSpec(
...         name="防火经费", department="某某镇人民政府", implementer="某某镇人民政府", year=2023,
...         funds=funds_all_fiscal(D("2"), D("2")), execution_score=D("10"),
...         indicators=[IndicatorSpec("产出指标", "数量指标", "巡查次数", "≥100次", "100次",
...                                   D("90"), D("90"))],
...         staff_total=D("100"))],
...     parcels=None)
>>> import tempfile, pathlib
>>> from perfxl.write.template import write_workbook
>>> folder = tempfile.TemporaryDirectory()
>>> out = pathlib.Path(folder.name) / "工作簿.xlsx"
>>> write_workbook(out, spec)
>>> from python_calamine import CalamineWorkbook
>>> CalamineWorkbook.from_path(str(out)).sheet_names
['项目清单', '自评表01', '填报说明']
>>> folder.cleanup()
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union

from perfxl.scoring.rates import execution_rate

FUND_ORDER = ("total", "fiscal", "carryover", "other")
"""Keys of :attr:`ProjectSpec.funds`, in form order (same as ``perfxl.model.FUND_KEYS``)."""

FUND_LABELS = {
    "total": "年度资金总额",
    "fiscal": "其中：当年财政拨款",
    "carryover": "上年结转资金",
    "other": "其他资金",
}


@dataclass(frozen=True)
class Formula:
    """A formula cell: ``expr`` without or with the leading ``=``; ``cached`` is the result
    stored in the file (what calamine reads). ``cached=None`` stores xlsxwriter's default (0)."""

    expr: str
    cached: str | int | float | Decimal | None = None


CellValue = Union[str, int, float, Decimal, Formula, _dt.date, _dt.datetime, None]


# --------------------------------------------------------------------------- 项目清单


@dataclass
class ListRowSpec:
    """One project row of the 项目清单 table (amounts in 万元)."""

    seq: CellValue = None  # 序号
    name: CellValue = None  # 项目名称
    fund_level: CellValue = None  # 资金级次
    initial_budget: CellValue = None  # 年初预算数（万元）
    budget: CellValue = None  # 全年预算数（万元）
    executed: CellValue = None  # 全年执行数（万元）
    summary: CellValue = None  # 项目概况


@dataclass
class UnitSpec:
    """The 项目清单 sheet: unit header fields and the project table.

    ``total_row`` writes a 合计 row. Its amounts are ``total_values`` (年初, 全年, 执行) when given
    (to plant a wrong total), else the exact Decimal sums of the numeric cells above; with
    ``total_formulas`` they are ``SUM`` formulas caching those sums.
    """

    name: CellValue = None  # 单位名称
    year: CellValue = None  # 评价年度
    as_of: CellValue = None  # 数据截至
    declared_count: CellValue = None  # 项目个数
    declared_total: CellValue = None  # 预算总金额（万元）
    rows: list[ListRowSpec] = field(default_factory=list)
    total_row: bool = True
    total_values: tuple[CellValue, CellValue, CellValue] | None = None
    total_formulas: bool = False
    sheet: str = "项目清单"


# --------------------------------------------------------------------------- 自评表


@dataclass
class FundSpec:
    """One money row of a 自评表 (万元). ``rate`` is the 执行率 staff typed, as a fraction."""

    initial_budget: CellValue = None  # 年初预算数
    budget: CellValue = None  # 全年预算数
    executed: CellValue = None  # 全年执行数
    rate: CellValue = None  # 执行率


def funds_all_fiscal(budget: Decimal, executed: Decimal, initial: Decimal | None = None,
                     with_rates: bool = True) -> dict[str, FundSpec]:
    """The common case: all money is 当年财政拨款, nothing carried over, no other funds.

    Rates are executed ÷ budget exactly (Decimal), on the rows that have money."""
    initial = budget if initial is None else initial

    def rate(b: Decimal, e: Decimal) -> Decimal | None:
        return execution_rate(b, e) if with_rates else None

    zero = Decimal("0")
    return {
        "total": FundSpec(initial, budget, executed, rate(budget, executed)),
        "fiscal": FundSpec(initial, budget, executed, rate(budget, executed)),
        "carryover": FundSpec(zero, zero, zero, None),
        "other": FundSpec(zero, zero, zero, None),
    }


@dataclass
class IndicatorSpec:
    """One 三级指标 row. ``target``/``actual`` are written as typed (``"≥90%"``, ``"非常高"``)."""

    level1: CellValue = None  # 一级指标 (consecutive equal values are merged down)
    level2: CellValue = None  # 二级指标 (merged down within the same 一级)
    name: CellValue = None  # 三级指标
    target: CellValue = None  # 年度指标值
    actual: CellValue = None  # 实际完成值
    weight: CellValue = None  # 分值
    staff_score: CellValue = None  # 得分
    deviation: CellValue = None  # 偏差原因分析及改进措施


@dataclass
class ProjectSpec:
    """One 自评表 form (canonical layout of the spec, columns A–I).

    ``year`` fills the title line ``（2023年度）``; a ``str`` is written as the whole line instead
    (e.g. ``"( 2020年度)"``), ``None`` leaves ``（    年度）``. ``sheet`` defaults to
    ``自评表01``, ``自评表02`` … by position.
    """

    name: CellValue = None  # 项目名称
    department: CellValue = None  # 主管部门
    implementer: CellValue = None  # 实施单位
    year: int | str | None = None
    funds: dict[str, FundSpec] = field(default_factory=dict)  # keys: FUND_ORDER
    execution_weight: CellValue = Decimal("10")  # 分值 on the 年度资金总额 row
    execution_score: CellValue = None  # 得分 on the 年度资金总额 row
    goal_expected: CellValue = None  # 年度总体目标 · 预期目标
    goal_actual: CellValue = None  # 年度总体目标 · 实际完成情况
    indicators: list[IndicatorSpec] = field(default_factory=list)
    total_weight: CellValue = Decimal("100")  # 总分 row, 分值 column
    staff_total: CellValue = None  # 总分 row, 得分 column
    sheet: str | None = None
    title: str = "项目支出绩效自评表"


# --------------------------------------------------------------------------- 土地流转明细


@dataclass
class ParcelSpec:
    """One 土地流转明细 row. ``subtotal`` marks a 小计 row (``village`` then defaults to 小计)."""

    project: CellValue = None  # 项目名称
    village: CellValue = None  # 地块（村）
    area: CellValue = None  # 面积（亩）
    rate: CellValue = None  # 单价（元/亩·年）
    amount_yuan: CellValue = None  # 金额（元）
    note: CellValue = None  # 备注
    subtotal: bool = False


# --------------------------------------------------------------------------- the workbook


@dataclass
class WorkbookSpec:
    """A whole workbook. Sheets in order: 项目清单 (if ``unit``), the 自评表 forms,
    土地流转明细 (if ``parcels`` is not None; ``[]`` gives the header only), 填报说明 (if
    ``instructions``).

    ``blank_parcel_rows`` adds empty input rows to the land sheet (the blank template);
    ``protect`` locks label cells and leaves input cells editable, inserting rows allowed.
    """

    unit: UnitSpec | None = None
    projects: list[ProjectSpec] = field(default_factory=list)
    parcels: list[ParcelSpec] | None = None
    instructions: bool = True
    blank_parcel_rows: int = 0
    protect: bool = True
    land_sheet: str = "土地流转明细"
    instructions_sheet: str = "填报说明"
