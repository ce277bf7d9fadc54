"""A folder of one-project system exports, seen as units in the batch summary.

Each export (a workbook with a 申报表 or 执行监控表) holds one project. In the batch:

- its record names the unit by the export's 实施单位 (else 主管部门) and keeps the 主管部门, so the
  summary groups the exports of one unit together (made in :func:`perfxl.result.workbook_dict`);
- before year end its project row comes from the 执行监控表 (1-N月执行数 ÷ 全年预算数, else
  ÷ 年初预算数), with that month's 序时进度; a filled 自评表 gives the year-end row instead;
- the 单位汇总 sheet adds up each unit's exports: files, projects, Σ预算, Σ执行, 执行率 against
  序时进度 (:func:`write_units_sheet`); a 自评表 not filled in (未填写) adds neither a project
  nor an amount, so 项目数 and the sums count the same projects.

"Across the files" (the 预算总金额 checks of a 项目清单): when the same batch holds a unit workbook
whose 项目清单 names the unit (单位名称 equal to the exports' 实施单位 or 主管部门 after
normalising), that list is the reference — for that unit, or for all the units of that
主管部门 together in a ``主管部门合计`` row — each export's 全年预算数 is compared with the list row
of the same project name (as PX203 does within a workbook), and, when every list row has its
export, Σ exports with 预算总金额 (as PX201 does), to 0.0001 万元. Without such a list the sheet
gives the per-unit totals only and says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.result import UNFILLED, dec, is_failed
from perfxl.rules.common import norm_text
from perfxl.values import unit_key
from perfxl.scoring.rates import execution_rate
from perfxl.summary.common import add_sheet, as_decimal, fit_row
from perfxl.summary.sheetxml import write_text

MONEY_TOLERANCE = Decimal("0.0001")


# --------------------------------------------------------------------------- periods


def progress_of(period: str | None) -> Decimal | None:
    """序时进度 of a ``YYYY-MM`` period: month ÷ 12."""
    try:
        month = int(str(period).split("-")[1])
    except (IndexError, ValueError):
        return None
    return Decimal(month) / 12 if 1 <= month <= 12 else None


# --------------------------------------------------------------------------- groups


@dataclass
class UnitGroup:
    unit: str
    department: str = ""
    files: int = 0
    projects: dict = field(default_factory=dict)  # normalised name → (name, budget, executed)
    month: int = 0
    reference: dict | None = None  # the 项目清单 of a unit workbook naming this unit
    exports: bool = True  # a unit of one-project exports (else of unit workbooks)
    department_total: bool = False  # a 主管部门合计 row

    @property
    def budget(self) -> Decimal:
        return sum((b for _, b, _ in self.projects.values() if b is not None), Decimal(0))

    @property
    def executed(self) -> Decimal:
        return sum((x for _, _, x in self.projects.values() if x is not None), Decimal(0))

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.budget, self.executed)

    def check(self) -> str:
        """The cross-file 预算总金额 check, in plain Chinese."""
        if not self.exports:
            return "单位工作簿（项目清单在其校验结果中核对）"
        if self.reference is None:
            return "本批没有该单位的项目清单，仅列合计"
        rows = {norm_text(r["name"]): (r["name"], as_decimal(r["budget"]))
                for r in self.reference.get("rows", []) if r.get("name")}
        notes = []
        for key, (name, budget, _) in sorted(self.projects.items()):
            if key not in rows:
                notes.append(f"“{name}”不在项目清单中")
            elif rows[key][1] is not None and budget is not None and \
                    abs(rows[key][1] - budget) >= MONEY_TOLERANCE:
                notes.append(f"“{name}”导出表预算 {dec(budget)}，项目清单 {dec(rows[key][1])}")
        missing = [n for k, (n, _) in rows.items() if k not in self.projects]
        if missing:
            notes.append(f"缺少 {len(missing)} 个项目的导出表（{'、'.join(missing[:3])}"
                         f"{'等' if len(missing) > 3 else ''}）")
        declared = as_decimal(self.reference.get("declared_total"))
        if not missing and declared is not None and abs(declared - self.budget) >= MONEY_TOLERANCE:
            notes.append(f"预算总金额 {dec(declared)} ≠ 各导出表预算之和 {dec(self.budget)}")
        return "；".join(notes) if notes else "与项目清单一致"


def unit_groups(records) -> list[UnitGroup]:
    """The exports of the batch by unit (sorted), each with its reference list if any."""
    tally = UnitTally()
    for rec in records:
        tally.add(rec)
    return tally.groups()


class UnitTally:
    """:func:`unit_groups` fed one record at a time (the summary makes one pass over them).
    Units are told apart by :func:`perfxl.values.unit_key` and shown as first written.
    ``every_unit``: the units of unit workbooks get rows too (when the rows carry 新增/已解决)."""

    def __init__(self, every_unit: bool = False) -> None:
        self._groups: dict[str, UnitGroup] = {}
        self._lists: dict[str, dict] = {}
        self._every_unit = every_unit

    def add(self, rec: dict) -> None:
        if is_failed(rec):
            return
        if rec.get("project_list") and rec["project_list"]["rows"] and rec.get("unit"):
            self._lists.setdefault(unit_key(rec["unit"]), rec["project_list"])
        if not rec.get("export") and not (self._every_unit and rec.get("unit")):
            return
        unit = rec.get("unit") or ""
        g = self._groups.setdefault(unit_key(unit), UnitGroup(unit, rec.get("department") or "",
                                                              exports=bool(rec.get("export"))))
        g.files += 1
        g.month = max(g.month, rec.get("month") or 0)
        for p in rec["projects"]:
            if p.get("status") == UNFILLED:
                continue  # 未填写: neither a project nor an amount of the unit (see the docstring)
            g.projects[norm_text(p.get("name"))] = (p.get("name"), as_decimal(p.get("budget")),
                                                as_decimal(p.get("executed")))

    def groups(self) -> list[UnitGroup]:
        units = [self._groups[u] for u in sorted(self._groups)]
        for g in units:
            g.reference = self._lists.get(unit_key(g.unit))
        exports = [g for g in units if g.exports]
        return units + department_groups(exports, self._lists)


def department_groups(units: list[UnitGroup], lists: dict[str, dict]) -> list[UnitGroup]:
    """A ``主管部门合计`` row per 主管部门 with several units, or whose 项目清单 is in the batch
    (then the list is checked against all of the department's exports together)."""
    by_dept: dict[str, list[UnitGroup]] = defaultdict(list)
    for g in units:
        if g.department:
            by_dept[g.department].append(g)
    out = []
    for dept in sorted(by_dept):
        members, reference = by_dept[dept], lists.get(unit_key(dept))
        if len(members) < 2 and reference is None:
            continue
        total = UnitGroup(f"{dept}（主管部门合计）", dept, reference=reference,
                          department_total=True)
        for g in members:
            total.files += g.files
            total.month = max(total.month, g.month)
            total.projects.update(g.projects)
        out.append(total)
    return out


# --------------------------------------------------------------------------- the sheet

HEADERS = [("单位（实施单位）", 30), ("主管部门", 24), ("导出文件数", 10), ("项目数", 8),
           ("全年预算数合计（万元）", 16), ("执行数合计（万元）", 16), ("执行率", 10),
           ("序时进度", 10), ("与项目清单核对", 60)]
CHANGE_HEADERS = [("新增问题", 10), ("已解决问题", 10)]


def write_units_sheet(wb, fmt: dict, records) -> None:
    """单位汇总: one row per unit of one-project exports (nothing when the batch has none)."""
    write_unit_groups(wb, fmt, unit_groups(records))


def write_unit_groups(wb, fmt: dict, groups: list[UnitGroup], changes=None) -> None:
    """单位汇总; with ``changes`` (:class:`perfxl.summary.changes.Changes`) each unit's row
    ends with its 新增/已解决 findings since the previous run of the period."""
    if not groups:
        return
    headers = list(HEADERS)
    if changes is not None:  # every unit has a row: unit workbooks too, not only exports
        headers[2] = ("文件数", 10)
        headers += CHANGE_HEADERS
    ws = add_sheet(wb, fmt, "单位汇总", headers)
    for row, g in enumerate(groups, start=1):
        write_text(ws, row, 0, g.unit)
        write_text(ws, row, 1, g.department)
        ws.write_number(row, 2, g.files, fmt.get("int"))
        ws.write_number(row, 3, len(g.projects), fmt.get("int"))
        ws.write_number(row, 4, float(g.budget), fmt.get("money"))
        ws.write_number(row, 5, float(g.executed), fmt.get("money"))
        if g.rate is not None:
            ws.write_number(row, 6, float(g.rate), fmt.get("pct"))
        if g.month:
            ws.write_number(row, 7, g.month / 12, fmt.get("pct"))
        ws.write_string(row, 8, g.check())
        fit_row(ws, row, HEADERS, [g.unit, g.department, None, None, None, None, None, None,
                                   g.check()])
        if changes is not None and not g.department_total:
            _write_changes(ws, row, 9, fmt, changes, g.unit)


def _write_changes(ws, row: int, col: int, fmt: dict, changes, unit: str) -> None:
    counts = changes.counts(unit)
    if counts is None:  # the unit's first run of the period: nothing to count against
        ws.write_string(row, col, changes.FIRST_RUN)
        ws.write_string(row, col + 1, changes.FIRST_RUN)
        return
    ws.write_number(row, col, counts[0], fmt.get("int"))
    ws.write_number(row, col + 1, counts[1], fmt.get("int"))
