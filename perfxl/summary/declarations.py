"""The summary sheet 申报表审核: the 绩效目标申报表 of a folder by unit — how many forms, their
审核等级, the amount reviewed and the problems found most often.

A unit is the 申请单位 of its forms (else the 一级预算单位, else the workbook's name). The amount
reviewed adds up 本年度项目金额 as read, leaving out forms whose amount looks typed in 元
(PX712: the figure is not the amount meant) — they are counted in a column of their own. A
folder that mixes 申报表 and 自评 workbooks gets this sheet beside the 自评 ones; a folder without
a 申报表 has no such sheet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from perfxl.findings import WAIVED
from perfxl.rules.registry import BY_CODE
from perfxl.summary.common import add_sheet, as_decimal, finish_sheet, fit_row, put_text
from perfxl.summary.sheetxml import write_text

SHEET = "申报表审核"
GRADES = ("优", "良", "中", "差")
YUAN_SLIP = "PX712"
TOP_PROBLEMS = 3
HEADERS = [("单位", 28), ("工作簿", 28), ("申报表（张）", 8), *((g, 5) for g in GRADES),
           ("审核金额（万元）", 14), ("金额疑似按元填写（张）", 10), ("错误", 6), ("警告", 6),
           ("主要问题", 60)]


@dataclass
class UnitDeclarations:
    unit: str
    files: list[str] = field(default_factory=list)
    forms: int = 0
    grades: Counter = field(default_factory=Counter)
    amount: Decimal = Decimal(0)
    yuan_slips: int = 0
    errors: int = 0
    warnings: int = 0
    problems: Counter = field(default_factory=Counter)  # code → forms with it
    messages: dict[str, str] = field(default_factory=dict)  # code → a message (checklist codes)


class DeclarationTally:
    """The 申报表 of every record, gathered during the summary's one pass over the records."""

    def __init__(self) -> None:
        self.units: dict[str, UnitDeclarations] = {}

    def add(self, rec: dict, rel_path: str) -> None:
        for form in rec.get("declarations") or ():
            unit = form.get("applicant") or form.get("department") or rec.get("unit") or rel_path
            u = self.units.setdefault(unit, UnitDeclarations(unit))
            if rel_path not in u.files:
                u.files.append(rel_path)
            self._form(u, form, _findings_on(rec, form))

    @staticmethod
    def _form(u: UnitDeclarations, form: dict, findings: list[dict]) -> None:
        u.forms += 1
        if form.get("grade") in GRADES:
            u.grades[form["grade"]] += 1
        codes = {f["code"] for f in findings}
        amount = as_decimal(form.get("amount"))
        if YUAN_SLIP in codes:
            u.yuan_slips += 1
        elif amount is not None:
            u.amount += amount
        counts = form.get("counts") or {}
        u.errors += counts.get("error", 0)
        u.warnings += counts.get("warning", 0)
        for f in findings:
            u.messages.setdefault(f["code"], f.get("message") or "")
        u.problems.update(sorted(codes))  # ties in most_common() keep this order, not hash order


def _findings_on(rec: dict, form: dict) -> list[dict]:
    """The record's findings on one form: on its sheet (and, where one sheet holds several
    forms — a flat target list — naming its project)."""
    sheet, name = form.get("sheet"), form.get("name")
    shared = sum(1 for other in rec.get("declarations") or () if other.get("sheet") == sheet) > 1
    return [f for f in rec.get("findings") or ()
            if f.get("sheet") == sheet and f.get("decision") not in WAIVED
            and (not shared or f.get("project") == name)]


def problem_text(code: str, count: int, message: str = "") -> str:
    """``PX711 本年度项目金额为0或未填（3张）``: the rule's summary, or a checklist row's message."""
    rule = BY_CODE.get(code)
    words = rule.summary if rule is not None else message.split("。")[0]
    return f"{code} {words}（{count}张）"


def declarations_sheet(wb, fmt, tally: DeclarationTally) -> None:
    """申报表审核: one row per unit, in the order first seen; no sheet without a 申报表."""
    if not tally.units:
        return
    ws = add_sheet(wb, fmt, SHEET, HEADERS)
    for row, u in enumerate(tally.units.values(), start=1):
        top = "；".join(problem_text(code, n, u.messages.get(code, ""))
                       for code, n in u.problems.most_common(TOP_PROBLEMS))
        files = "、".join(u.files)
        write_text(ws, row, 0, u.unit)
        put_text(ws, row, 1, files)
        ws.write_number(row, 2, u.forms, fmt["int"])
        for k, grade in enumerate(GRADES, start=3):
            ws.write_number(row, k, u.grades[grade], fmt["int"])
        ws.write_number(row, 7, float(u.amount), fmt["money"])
        ws.write_number(row, 8, u.yuan_slips, fmt["int"])
        ws.write_number(row, 9, u.errors, fmt["int"])
        ws.write_number(row, 10, u.warnings, fmt["int"])
        put_text(ws, row, 11, top or "未发现问题")
        fit_row(ws, row, HEADERS, (u.unit, files, *[""] * 9, top))
    finish_sheet(ws, len(tally.units), len(HEADERS))
