"""项目支出绩效目标执行监控表 → :class:`~perfxl.model.Monitoring`.

The month is read from the ``1-N月`` labels (``1-7月执行数``, ``1-7月执行率``, ``1—7月执行情况``).
Money rows: ``年初预算数 · 1-N月执行数 · 1-N月执行率 · 全年预计执行数`` (a ``全年预算数`` /
``调整后预算数`` column is read too when present), with their ``偏差原因分析`` text and ``备注``.
Indicator rows sit under a two-row header: ``一级指标 · 二级指标 · 三级指标 · 年度指标值 ·
1-N月执行数 · 全年预计执行数 · 偏差原因分析 (经费保障 · 制度保障 · 人员保障 · 硬件条件保障 · 其他 ·
原因说明) · 完成目标可能性 (确定能 · 有可能 · 完全不可能) · 备注``; the tick columns are found by
their sub-header text, wherever they are.

A 1-N月执行数 that is text where the row's target is a number (``一般`` against ``≥90%``) is
recorded with its cell (``text_against_number``): it cannot be compared with the target.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from perfxl.model import (
    FUND_KEYS, LIKELIHOOD_KEYS, REASON_KEYS, Loc, MonitorFund, MonitorIndicator, MonitorRow,
    Monitoring, Observation, Val,
)
from perfxl.read import exports as X
from perfxl.read import labels as L
from perfxl.read.cells import CellReader, as_text
from perfxl.read.grid import Grid

MAX_ROWS = 300
_FUND_TITLES = {"total": "年度资金总额", "fiscal": "财政拨款", "carryover": "上年结转资金",
                "other": "其他资金"}


def read_monitoring(grid: Grid, observations: list[Observation],
                    title: tuple[int, int] | None = None) -> Monitoring:
    """``title``: the form's title cell when the caller has found it (else found here)."""
    title = title or X.find_title(grid)
    m = Monitoring(sheet=grid.name, title_loc=X.title_loc(grid, title))
    local: list[Observation] = []
    cells = CellReader(grid, local)
    m.title_year = X.title_year(grid, title)
    m.name = X.text_field(grid, cells, L.PROJECT_NAME, "项目名称", required=True)
    cells.project = m.name.value
    m.department = X.text_field(grid, cells, L.DEPARTMENT, "主管部门")
    m.implementer = X.text_field(grid, cells, L.IMPLEMENTER, "实施单位")
    m.month = _month(grid, cells)
    m.funds = _funds(grid, cells)
    m.goal_expected, m.goal_progress = _goals(grid, cells)
    m.indicators = _indicators(grid, cells)
    observations.extend(replace(o, project=o.project or m.name.value) for o in local)
    return m


def _month(grid: Grid, cells: CellReader) -> Val[int]:
    """N of the ``1-N月`` labels; the most common one if they disagree (the first on a tie)."""
    hits = [(X.month_of(grid.label(r, c)), (r, c)) for r, c in grid.find(X.month_of)
            if grid.origin(r, c) == (r, c)]
    if not hits:
        cells.saw("missing_month")
        return Val(None)
    best = Counter(n for n, _ in hits).most_common(1)[0][0]
    r, c = next(at for n, at in hits if n == best)
    return Val(best, _loc(grid, r, c), grid.own(r, c))


def _loc(grid: Grid, r: int, c: int) -> Loc:
    return Loc(grid.name, grid.ref(r, c))


# --------------------------------------------------------------------------- the two-row header


def _columns(grid: Grid, r: int) -> tuple[dict, int]:
    """Field → column for a header at row ``r`` and the sub-header row under it, and the first
    data row. Fields: the money/indicator columns, ``reasons``/``likelihood`` dicts of tick
    columns, ``reason_text``, ``note``."""
    cols: dict = {"reasons": {}, "likelihood": {}}
    rows = [r]
    if r + 1 < grid.height and _is_subheader(grid, r + 1):
        rows.append(r + 1)
    for rr in rows:
        for c, text in X.header_cells(grid, rr):
            _classify(cols, c, text)
    return cols, rows[-1] + 1


def _is_subheader(grid: Grid, r: int) -> bool:
    texts = {t for _, t in X.header_cells(grid, r)}
    return bool(texts & {*REASON_KEYS, *LIKELIHOOD_KEYS, "原因说明"})


def _classify(cols: dict, c: int, text: str) -> None:
    what = X.month_label(text)
    simple = {
        "一级指标": "level1", "二级指标": "level2", "三级指标": "name",
        "年度指标值": "target", "指标值": "target", "年度目标值": "target",
        "年初预算数": "initial_budget", "全年预算数": "budget", "调整后预算数": "budget",
        "全年预计执行数": "projected", "全年预计完成情况": "projected", "全年预计完成值": "projected",
        "全年预计执行情况": "projected",
        "原因说明": "reason_text", "备注": "note",
    }
    if what is not None:
        key = "rate" if "率" in what else "executed"
    elif text in REASON_KEYS:
        cols["reasons"].setdefault(text, c)
        return
    elif text in LIKELIHOOD_KEYS:
        cols["likelihood"].setdefault(text, c)
        return
    elif text.startswith(L.DEVIATION_PREFIX):
        key = "deviation"
    else:
        key = simple.get(text)
    if key is not None:
        cols.setdefault(key, c)


# --------------------------------------------------------------------------- money


def _funds(grid: Grid, cells: CellReader) -> dict[str, MonitorFund]:
    header = next(((r, c) for r, c in grid.find(L.is_one_of("年初预算数"))
                   if grid.origin(r, c) == (r, c)), None)
    if header is None:
        cells.saw("missing_block", field="项目资金表", expected="年初预算数 / 1-N月执行数",
                  context="执行监控表中")
        return {}
    cols, first = _columns(grid, header[0])
    funds: dict[str, MonitorFund] = {}
    for r in range(first, min(first + 8, grid.height)):
        for c in range(min(grid.width, cols.get("initial_budget", grid.width))):
            if grid.origin(r, c) != (r, c):
                continue
            label = L.strip_qizhong(grid.label(r, c))
            key = next((k for k in FUND_KEYS if k not in funds and label in L.FUND_ROWS[k]), None)
            if key is not None:
                funds[key] = _fund_row(grid, cells, key, r, c, cols)
                break
    if "total" not in funds:
        cells.missing("年度资金总额", None, "（执行监控表的项目资金表中没有“年度资金总额”一行）")
    return {k: funds[k] for k in FUND_KEYS if k in funds}


def _fund_row(grid: Grid, cells: CellReader, key: str, r: int, c: int, cols) -> MonitorFund:
    name = _FUND_TITLES[key]
    fund = MonitorFund(row=r + 1, key=key,
                       label=Val(grid.value(r, c), _loc(grid, r, c), grid.own(r, c)))

    def at(field: str):
        return (r, cols[field]) if field in cols else None

    total = key == "total"
    fund.initial_budget = cells.money(at("initial_budget"), f"{name}的年初预算数", required=total)
    fund.budget = cells.money(at("budget"), f"{name}的全年预算数")
    fund.executed = cells.money(at("executed"), f"{name}的执行数", required=total)
    fund.rate = cells.percent(at("rate"), f"{name}的执行率")
    fund.projected = cells.money(at("projected"), f"{name}的全年预计执行数")
    _explanations(grid, cells, fund, r, cols, name)
    return fund


# --------------------------------------------------------------------------- 年度总体目标


def _goals(grid: Grid, cells: CellReader) -> tuple[Val[str], Val[str]]:
    goal = X.first_label(grid, L.GOAL)
    if goal is None:
        return Val(None), Val(None)
    rows = range(goal[0], goal[0] + 3)
    expected = X.first_label(grid, ("年度目标", "年初设定目标", "预期目标"), rows)
    progress = next(((r, c) for r, c in grid.find(lambda s: (X.month_label(s) or "").startswith(
        ("执行情况", "实际完成情况", "完成情况")), rows) if grid.origin(r, c) == (r, c)), None)

    def below(at, field):
        cell = X.value_below(grid, *at) if at else None
        return cells.text(cell, field) if cell else Val(None)

    return below(expected, "年度总体目标·年度目标"), below(progress, "年度总体目标·执行情况")


# --------------------------------------------------------------------------- indicators


def _indicators(grid: Grid, cells: CellReader) -> list[MonitorIndicator]:
    header = next(((r, c) for r, c in grid.find(L.is_one_of("三级指标"))
                   if grid.origin(r, c)[0] == r), None)
    if header is None:
        cells.saw("missing_block", field="绩效指标表", expected="一级指标 / 二级指标 / 三级指标",
                  context="执行监控表中")
        return []
    cols, first = _columns(grid, header[0])
    out: list[MonitorIndicator] = []
    level1 = level2 = Val(None)
    for r in range(first, min(grid.height, first + MAX_ROWS)):
        if grid.row_is_empty(r) and grid.origin(r, cols["name"])[0] == r:
            break
        if any(L.base(grid.label(r, c)) in L.TOTAL_ROW for c in range(cols["name"] + 1)):
            break
        level1 = X.level_text(grid, cells, r, cols.get("level1"), "一级指标") or level1
        level2 = X.level_text(grid, cells, r, cols.get("level2"), "二级指标") or level2
        if not _has_values(grid, r, cols):
            continue
        out.append(_indicator(grid, cells, r, cols, level1, level2))
    return out


def _has_values(grid: Grid, r: int, cols) -> bool:
    return any(grid.has_content(r, cols[f]) for f in ("name", "target", "executed")
               if f in cols and grid.origin(r, cols[f])[0] == r)


def _indicator(grid: Grid, cells: CellReader, r: int, cols, level1, level2) -> MonitorIndicator:
    def at(field: str):
        return (r, cols[field]) if field in cols else None

    ind = MonitorIndicator(row=r + 1, level1=level1, level2=level2)
    ind.name = cells.text(at("name"), "三级指标")
    label = f"指标“{ind.name.value}”" if ind.name.value else f"第 {r + 1} 行指标"
    if ind.name.value is None and at("name") is not None:
        cells.missing(f"{label}的三级指标名称", grid.ref(*at("name")))
    ind.target = cells.measure(at("target"), f"{label}的年度指标值")
    target = ind.target.value
    ind.executed = _figure(cells, at("executed"), f"{label}的执行数", target)
    ind.projected = _figure(cells, at("projected"), f"{label}的全年预计执行数", target)
    _explanations(grid, cells, ind, r, cols, label)
    return ind


def _figure(cells: CellReader, rc, field: str, target) -> Val:
    """An 执行数: a measure; text where the target is a number is recorded (value kept as None)."""
    v = cells.measure(rc, field, context=target)
    m = v.value
    if m is not None and m.qualitative and target is not None and not target.qualitative:
        cells.saw("text_against_number", v.loc.cell if v.loc else None, field=field,
                  raw=as_text(v.raw), context=target.text)
        return Val(None, v.loc, v.raw)
    return v


def _explanations(grid: Grid, cells: CellReader, row: MonitorRow, r: int, cols, label) -> None:
    for key, c in cols["reasons"].items():
        row.reasons[key] = cells.text((r, c), f"{label}的偏差原因·{key}")
    for key, c in cols["likelihood"].items():
        row.likelihood[key] = cells.text((r, c), f"{label}的完成目标可能性·{key}")
    text_col = cols.get("reason_text", cols.get("deviation"))
    if text_col is not None and text_col not in cols["reasons"].values():
        row.reason_text = cells.text((r, text_col), f"{label}的原因说明")
    row.note = cells.text((r, cols["note"]) if "note" in cols else None, f"{label}的备注")
