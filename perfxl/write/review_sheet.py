"""The 审核意见 sheet: what the 财政 reviewer sends back to the unit, one 申报表 per printed page.

One block per form (declaration.md, "The review result"): 项目名称 · 项目编码 · 申请单位 ·
本年度项目金额 · 审核等级, then numbered items ``问题：… 建议：…`` — what is wrong, on which
cell, and how to fix it — and, when the reviewer's checklist (审核口径) has ``人工`` rows, the
points to check by hand. A manual row break after every block puts each form on its own A4
page (:mod:`perfxl.write.page`). The sheet is spliced in losslessly like 校验结果 and replaced on
the next run (its hidden marker, :data:`MARKER_REVIEW`).

The words of a problem are the finding's message; the advice is the rule's own ``怎么改``
paragraph (its documentation), or for a checklist row its 审核意见表述.
"""

from __future__ import annotations

import inspect
import re
from decimal import Decimal

from perfxl.checklist import Checklist, ChecklistRow
from perfxl.findings import SEVERITY_ORDER, Finding
from perfxl.result import WorkbookResult
from perfxl.rules.registry import BY_CODE
from perfxl.write.sheets import Cell, SheetSpec, location

REVIEW_SHEET = "审核意见"
MARKER_REVIEW = "_perfxl_review"
LABEL_WIDTH, TEXT_WIDTH = 16, 120  # together about one A4 landscape page
GRADE_WORDS = {"优": "可直接纳入预算", "良": "单位修改后，与财政部门协商纳入预算",
               "中": "须修改后重新报送", "差": "不具备纳入预算的条件，须重新编报"}
_HOW_TO_FIX = re.compile(r"怎么改[：:]\s*(.+?)(?:\n\s*\n|\Z)", re.S)
# a bracketed example with figures (``（137584 元 = 13.7584 万元）``) is the documentation's own
# case: in a letter about another form its figures would mislead, so it is left out
_FIGURED_EXAMPLE = re.compile(r"（[^（）]*\d[^（）]*）")


def review_sheet(result: WorkbookResult, checklist: Checklist | None = None) -> SheetSpec | None:
    """The 审核意见 sheet of a workbook with 申报表 (None without one)."""
    reviews = list(result.reviews)
    if not reviews:
        return None
    sheets = set(result.workbook.sheet_names) if result.workbook else None
    rows_by_code = {r.code: r for r in checklist.automatic} if checklist else {}
    manual = checklist.manual if checklist else ()
    # the words of each code, worked out once however many forms have its findings
    words = {code: _words(code, rows_by_code)
             for code in {f.code for review in reviews for f in review.findings}}
    spec = SheetSpec(REVIEW_SHEET, MARKER_REVIEW, max_widths={0: LABEL_WIDTH, 1: TEXT_WIDTH},
                     header_rows=0)
    for k, review in enumerate(reviews):
        if k:
            spec.row_breaks.append(len(spec.rows))  # a new page before this form
        spec.rows += _block(review, sheets, words, manual)
    return spec


def _block(review, sheets, words: dict[str, tuple[str | None, str | None]],
           manual: tuple[ChecklistRow, ...]) -> list[list[Cell]]:
    d = review.declaration
    name = d.name.value or d.project_key or d.sheet
    link = location(d.sheet, "A1") if sheets is None or d.sheet in sheets else None
    amount = d.year_amount.value
    rows = [
        [Cell("绩效目标审核意见", "title")],
        [Cell("项目名称", "header"), Cell(name, "link" if link else "wrap", link)],
        [Cell("项目编码", "header"), Cell(_code(d), "wrap")],
        [Cell("申请单位", "header"), Cell(d.implementer.value, "wrap")],
        [Cell("本年度项目金额（万元）", "header"),
         Cell(amount, "money") if isinstance(amount, Decimal) else Cell("未填写", "wrap")],
        [Cell("审核等级", "header"), Cell(_grade(review.grade), "wrap")],
    ]
    items = [f for f in sorted(review.findings, key=_order) if not f.waived]
    rows.append([Cell("审核意见", "header"),
                 Cell(f"共 {len(items)} 项，请逐项修改。" if items else "未发现问题。", "wrap")])
    for n, f in enumerate(items, start=1):
        rows.append([Cell(f"{n}", "text"), Cell(_item(f, words[f.code]), "wrap")])
    if manual:
        rows.append([Cell("人工审核要点", "header"),
                     Cell("以下各项由审核人对照申报表逐项核对：", "wrap")])
        for n, row in enumerate(manual, start=1):
            rows.append([Cell(f"（{n}）", "text"), Cell(_manual(row), "wrap")])
    return rows


def _order(f: Finding) -> tuple:
    return (SEVERITY_ORDER.get(f.severity, 9), *f.sort_key())


def _code(d) -> str | None:
    if d.code_lost:
        raw = d.code.raw if d.code.raw is not None else d.code.value
        return f"已丢失（Excel 把编码存成了数字 {raw}），请按系统中的编码重新填写为文本"
    return d.code.value


def _grade(grade: str | None) -> str | None:
    if grade is None:
        return None
    words = GRADE_WORDS.get(grade)
    return f"{grade}（{words}）" if words else grade


def _words(code: str, rows_by_code: dict[str, ChecklistRow]) -> tuple[str | None, str | None]:
    """(问题, 建议) of a code: a checklist row's own words, else (None: the finding's own
    message, the rule's advice)."""
    row = rows_by_code.get(code)
    return _split(row) if row else (None, advice_of(code))


def _item(f: Finding, words: tuple[str | None, str | None]) -> str:
    """``问题：… 建议：…`` of one finding (``words``: :func:`_words` of its code), in the
    words a reviewer writes to a unit."""
    problem, advice = words
    if problem is None:
        problem = f.message
    where = f"（单元格 {f.cell}）" if f.cell else ""
    text = f"问题：{problem.rstrip('。')}{where}。"
    return f"{text}\n建议：{advice}" if advice else text


def _split(row: ChecklistRow) -> tuple[str, str]:
    """(问题, 建议) of a checklist row: its 审核意见表述 holds both (``…。建议…``); without
    the word 建议 the 审核细项 is the problem and the whole 意见表述 the advice."""
    before, found, after = row.advice.partition("建议")
    if not found:
        return row.message, row.advice
    return before.strip("。；;，, ") or row.message, after.lstrip("：:，, ")


def _manual(row: ChecklistRow) -> str:
    head = f"{row.code} {row.target}：{row.message}"
    return f"{head}\n如有问题，意见表述：{row.advice}" if row.advice else head


def advice_of(code: str) -> str | None:
    """A rule's advice to the unit: the ``怎么改`` paragraph of its documentation."""
    rule = BY_CODE.get(code)
    if rule is None or not rule.__doc__:
        return None
    m = _HOW_TO_FIX.search(inspect.cleandoc(rule.__doc__))
    if m is None:
        return None
    return _FIGURED_EXAMPLE.sub("", "".join(line.strip() for line in m.group(1).splitlines()))
