"""The small sheets of the summary: 无法处理 (files that failed and why) and 图表 (grade
distribution; 执行率 vs 序时进度 per unit)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from perfxl.result import is_failed, is_unrecognised
from perfxl.summary.common import (add_sheet, as_decimal, finish_sheet, fit_row, put_num,
                                   put_text, unit_of)
from perfxl.summary.sheetxml import write_text

CHART_UNITS = 40
CHART_PROJECTS = 20


# --------------------------------------------------------------------------- 无法处理

FAILED_HEADERS = [("文件", 48), ("状态", 20), ("原因", 80)]


def failed_sheet(wb, fmt, failed: list[tuple[str, str, str]]) -> None:
    ws = add_sheet(wb, fmt, "无法处理", FAILED_HEADERS)
    row = 0
    for rel, status, reason in failed:
        row += 1
        write_text(ws, row, 0, rel)
        put_text(ws, row, 1, status)
        put_text(ws, row, 2, reason)
        fit_row(ws, row, FAILED_HEADERS, (rel, status, reason))
    if row == 0:
        ws.write_string(1, 0, "全部文件均已处理。", fmt["note"])
    finish_sheet(ws, row, len(FAILED_HEADERS))


# --------------------------------------------------------------------------- 图表

GRADES = ("优", "良", "中", "差")


def unit_progress(records: list[dict]) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """(unit, 执行率 = Σ执行数 ÷ Σ预算数, 序时进度 = month ÷ 12) per unit, sorted by unit."""
    tally = ProgressTally()
    for rec in records:
        if not (is_failed(rec) or is_unrecognised(rec)):
            tally.add(rec)
    return tally.result()


class ProgressTally:
    def __init__(self) -> None:
        self.budget: dict[str, Decimal] = defaultdict(Decimal)
        self.executed: dict[str, Decimal] = defaultdict(Decimal)
        self.month: dict[str, int] = {}

    def add(self, rec: dict) -> None:
        u = unit_of(rec)
        self.month[u] = max(self.month.get(u, 0), rec.get("month") or 0)
        for p in rec["projects"]:
            b, e = as_decimal(p.get("budget")), as_decimal(p.get("executed"))
            if b is not None and e is not None:
                self.budget[u] += b
                self.executed[u] += e

    def result(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        out = []
        for u in sorted(self.month):
            b = self.budget.get(u)
            rate = self.executed[u] / b if b else None
            out.append((u, rate, Decimal(self.month[u]) / 12 if self.month[u] else None))
        return out


def grade_counts(records: list[dict]) -> dict[str, int]:
    tally = GradeTally()
    for rec in records:
        if not is_failed(rec):
            tally.add(rec)
    return tally.counts


class GradeTally:
    def __init__(self) -> None:
        self.counts = {g: 0 for g in GRADES}

    def add(self, rec: dict) -> None:
        for p in rec["projects"]:
            if p.get("grade") in self.counts:
                self.counts[p["grade"]] += 1


def charts_sheet(wb, fmt, grade_counts: dict[str, int], units: list) -> None:
    ws = add_sheet(wb, fmt, "图表", [("等级", 10), ("项目数", 10), ("", 4), ("单位", 28),
                                 ("执行率", 10), ("序时进度", 10)])
    grades = list(grade_counts.items())
    # constant_memory writes row by row: fill both small tables one row at a time
    for i in range(1, max(len(grades), len(units)) + 1):
        if i <= len(grades):
            ws.write_string(i, 0, grades[i - 1][0])
            ws.write_number(i, 1, grades[i - 1][1], fmt["int"])
        if i <= len(units):
            u, rate, prog = units[i - 1]
            write_text(ws, i, 3, u)
            put_num(ws, i, 4, rate, fmt["pct"])
            put_num(ws, i, 5, prog, fmt["pct"])
    pie = wb.add_chart({"type": "column"})
    pie.add_series({"name": "项目数", "categories": ["图表", 1, 0, len(GRADES), 0],
                    "values": ["图表", 1, 1, len(GRADES), 1], "data_labels": {"value": True}})
    pie.set_title({"name": "评价等级分布"})
    pie.set_legend({"none": True})
    ws.insert_chart(1, 7, pie)
    if units:
        last = min(len(units), CHART_UNITS)
        bars = wb.add_chart({"type": "column"})
        for col, name in ((4, "执行率"), (5, "序时进度")):
            bars.add_series({"name": name, "categories": ["图表", 1, 3, last, 3],
                             "values": ["图表", 1, col, last, col]})
        title = "各单位执行率与序时进度"
        if len(units) > CHART_UNITS:
            title += f"（前{CHART_UNITS}个单位）"
        bars.set_title({"name": title})
        bars.set_y_axis({"num_format": "0%"})
        ws.insert_chart(17, 7, bars, {"x_scale": 1.6, "y_scale": 1.2})
