"""Build real .xlsx fixtures for the reader tests (xlsxwriter), cell by cell.

A :class:`SheetSpec` is a list of cell writes and merges at 0-based positions; helpers build the
canonical forms of the spec and transform them (shift rows/cols, relabel) so each tolerance can
be tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from perfxl.rules.read import read_findings

import xlsxwriter


@dataclass(frozen=True)
class Pct:
    """A number written with a percent number format (0.92 shown as 92%)."""
    value: float


@dataclass(frozen=True)
class Formula:
    formula: str
    cached: object = None  # None: xlsxwriter writes 0; tests that need "no cache" use openpyxl


@dataclass(frozen=True)
class DateCell:
    """A real Excel date (serial number with a date format)."""
    value: object  # datetime.datetime


@dataclass
class SheetSpec:
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def set(self, r: int, c: int, value) -> "SheetSpec":
        self.cells[(r, c)] = value
        return self

    def merge(self, r0: int, c0: int, r1: int, c1: int, value) -> "SheetSpec":
        self.merges.append((r0, c0, r1, c1))
        self.cells[(r0, c0)] = value
        return self

    def find(self, value) -> tuple[int, int]:
        return next(rc for rc, v in self.cells.items() if v == value)

    def shifted(self, rows: int = 0, cols: int = 0) -> "SheetSpec":
        """The same sheet with rows inserted above and columns inserted left."""
        return SheetSpec({(r + rows, c + cols): v for (r, c), v in self.cells.items()},
                         [(a + rows, b + cols, c + rows, d + cols) for a, b, c, d in self.merges])

    def relabel(self, old, new) -> "SheetSpec":
        rc = self.find(old)
        self.cells[rc] = new
        return self

    def at(self, a1: str) -> object:
        from perfxl.read.grid import a1 as to_a1
        return next(v for (r, c), v in self.cells.items() if to_a1(r, c) == a1)


def write_workbook(path: Path, sheets: dict[str, SheetSpec]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    pct = wb.add_format({"num_format": "0.00%"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm"})
    for name, spec in sheets.items():
        ws = wb.add_worksheet(name)
        merged_origins = {(a, b) for a, b, _, _ in spec.merges}
        for a, b, c, d in spec.merges:
            v = spec.cells.get((a, b), "")
            if isinstance(v, (Pct, Formula, DateCell)):
                ws.merge_range(a, b, c, d, "")
                _write(ws, a, b, v, pct, date_fmt)
            else:
                ws.merge_range(a, b, c, d, v)
        for (r, c), v in spec.cells.items():
            if (r, c) not in merged_origins:
                _write(ws, r, c, v, pct, date_fmt)
    wb.close()
    return path


def _write(ws, r, c, v, pct, date_fmt) -> None:
    if isinstance(v, DateCell):
        ws.write_datetime(r, c, v.value, date_fmt)
    elif isinstance(v, Pct):
        ws.write_number(r, c, v.value, pct)
    elif isinstance(v, Formula):
        ws.write_formula(r, c, v.formula, None, v.cached if v.cached is not None else 0)
    elif isinstance(v, str):
        ws.write_string(r, c, v)
    elif v is None:
        return
    else:
        ws.write(r, c, v)


# --------------------------------------------------------------------------- canonical forms

DEFAULT_INDICATORS = [
    # 一级, 二级, 三级, target, actual, weight, score
    ("产出指标", "数量指标", "防火宣传次数", "≥10次", "12次", 20, 20),
    ("产出指标", "质量指标", "火灾发生率", "≤1%", "0%", 15, 15),
    ("产出指标", "时效指标", "资金支付及时率", "100%", "100%", 15, 15),
    ("效益指标", "社会效益指标", "群众安全感", "≥90%", Pct(0.92), 30, 30),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, 10),
]


def standard_form(name: str = "涞源镇防火经费", *, year: str = "（2023年度）",
                  funds: dict | None = None, indicators=None, merge_levels: bool = True,
                  total_row: bool = True) -> SheetSpec:
    """The 自评表 of the spec at its canonical A–I positions."""
    s = SheetSpec()
    s.merge(0, 0, 0, 8, "项目支出绩效自评表")
    s.merge(1, 0, 1, 8, year)
    s.set(2, 0, "项目名称").merge(2, 1, 2, 8, name)
    s.set(3, 0, "主管部门").merge(3, 1, 3, 3, "涞源县涞源镇人民政府")
    s.set(3, 4, "实施单位").merge(3, 5, 3, 8, "涞源镇人民政府")
    s.merge(4, 0, 8, 0, "项目资金（万元）")
    for c, h in enumerate(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], 2):
        s.set(4, c, h)
    funds = funds if funds is not None else {
        "年度资金总额": (2, 2, 2), "其中：当年财政拨款": (2, 2, 2), "上年结转资金": (0, 0, 0),
        "其他资金": (0, 0, 0)}
    for r, (label, (init, budget, executed)) in enumerate(funds.items(), 5):
        s.set(r, 1, label).set(r, 2, init).set(r, 3, budget).set(r, 4, executed)
    s.set(5, 5, 10).set(5, 6, Pct(1.0)).set(5, 7, 10)
    s.merge(9, 0, 10, 0, "年度总体目标")
    s.merge(9, 1, 9, 4, "预期目标").merge(9, 5, 9, 8, "实际完成情况")
    s.merge(10, 1, 10, 4, "做好防灭火工作").merge(10, 5, 10, 8, "全年未发生火灾")
    heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "偏差原因分析及改进措施"]
    for c, h in enumerate(heads, 1):
        s.set(11, c, h)
    rows = indicators if indicators is not None else DEFAULT_INDICATORS
    first = 12
    for i, (l1, l2, l3, target, actual, weight, score) in enumerate(rows):
        r = first + i
        if not merge_levels:
            s.set(r, 1, l1).set(r, 2, l2)
        s.set(r, 3, l3).set(r, 4, target).set(r, 5, actual).set(r, 6, weight).set(r, 7, score)
    if merge_levels:
        _merge_runs(s, rows, first, 0, 1)
        _merge_runs(s, rows, first, 1, 2)
    last = first + len(rows)
    s.merge(11, 0, max(last - 1, 11), 0, "绩效指标")
    if total_row:
        s.set(last, 0, "总分").set(last, 6, 100).set(last, 7, 100)
    return s


def _merge_runs(s: SheetSpec, rows, first: int, key: int, col: int) -> None:
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][key] != rows[start][key] or (
                key == 1 and rows[i][0] != rows[start][0]):
            if i - 1 > start:
                s.merge(first + start, col, first + i - 1, col, rows[start][key])
            else:
                s.set(first + start, col, rows[start][key])
            start = i


def project_list(projects=(("涞源镇防火经费", 2, 2, 2),), *, unit="涞源县涞源镇人民政府",
                 year=2023, as_of="2023年12月", count=None, total=None,
                 with_total_row: bool = True) -> SheetSpec:
    """The 项目清单: header fields (label | value) and the project table."""
    s = SheetSpec()
    s.merge(0, 0, 0, 6, "项目清单")
    total = total if total is not None else sum(p[2] for p in projects)
    fields = [("单位名称", unit), ("评价年度", year), ("数据截至", as_of),
              ("项目个数", count if count is not None else len(projects)),
              ("预算总金额（万元）", total)]
    for r, (label, value) in enumerate(fields, 1):
        s.set(r, 0, label).set(r, 1, value)
    heads = ["序号", "项目名称", "资金级次", "年初预算数（万元）", "全年预算数（万元）",
             "全年执行数（万元）", "项目概况"]
    header = len(fields) + 2
    for c, h in enumerate(heads):
        s.set(header, c, h)
    for i, (name, init, budget, executed) in enumerate(projects):
        r = header + 1 + i
        s.set(r, 0, i + 1).set(r, 1, name).set(r, 2, "县级").set(r, 3, init).set(r, 4, budget)
        s.set(r, 5, executed).set(r, 6, "概况")
    if with_total_row:
        r = header + 1 + len(projects)
        s.set(r, 0, "合计").set(r, 3, sum(p[1] for p in projects))
        s.set(r, 4, sum(p[2] for p in projects)).set(r, 5, sum(p[3] for p in projects))
    return s


LAND_HEADS = ["项目名称", "地块（村）", "面积（亩）", "单价（元/亩·年）", "金额（元）", "备注"]


def land_sheet(rows) -> SheetSpec:
    """土地流转明细: header row 0, then ``rows`` of 6 values (None = blank cell)."""
    s = SheetSpec()
    for c, h in enumerate(LAND_HEADS):
        s.set(0, c, h)
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            if v is not None:
                s.set(r, c, v)
    return s


def read_sheets(folder: Path, sheets: dict[str, SheetSpec], name: str = "wb.xlsx"):
    """Write the sheets to a real .xlsx and read it back with perfxl's reader."""
    from perfxl.read import read_workbook

    return read_workbook(write_workbook(folder / name, sheets))


def findings_with(wb, code: str) -> list:
    return [f for f in read_findings(wb) if f.code == code]
