"""Blank official forms for units without the 预算管理一体化 system (``perfxl template --kind``).

- ``申报表``: 项目支出绩效目标申报表 — 中期资金总额 / 年度资金总额 side by side, 总体目标
  (中期目标 · 年度目标), and the indicator table with its two column groups
  (中期指标: 一级 · 二级 · 三级 · 指标值; 年度指标: 二级 · 三级 · 指标值);
- ``监控表``: 项目支出绩效目标执行监控表 as of ``1-N月`` — money rows (年初预算数 · 1-N月执行数 ·
  1-N月执行率 · 全年预计执行数 · 偏差原因分析 · 备注) and the indicator table under its two-row
  header, the tick columns offering ``✔`` in a dropdown;
- ``自评表``: the 项目支出绩效自评表 of the standard workbook, on its own;
- ``二级申报表``: the 二级项目支出绩效目标申报表, one form per sheet, as municipal budget systems
  import it (see :mod:`perfxl.write.declaration_form`).

Both 申报表 offer the 一级 and 二级 categories as dropdowns (other wording is still accepted).

The layouts are the ones perfxl reads from a system export (see ``perfxl.read.declaration`` and
``perfxl.read.monitoring``), so a form filled by hand is checked like an exported one. Labels
are locked, input cells are not; the sheet is protected with row insertion allowed.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from perfxl.write.declaration_form import (LEVEL1, LEVEL2, category_dropdown,
                                           write_blank_declaration)
from perfxl.write.styles import Styles, put, put_merged

KINDS = ("申报表", "二级申报表", "监控表", "自评表")
TICK = "✔"
REASONS = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOOD = ("确定能", "有可能", "完全不可能")
SKELETON = (  # (一级, 二级) rows offered as a start; staff insert rows inside a block
    ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
    ("产出指标", "成本指标"), ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
)
FUND_LABELS = ("    其中：财政拨款", "          上年结转资金", "          其他资金")
PROTECTION = {"insert_rows": True, "delete_rows": True, "format_cells": True,
              "format_columns": True, "format_rows": True, "select_locked_cells": True,
              "select_unlocked_cells": True}


def write_official_form(path: str | Path, kind: str, year: int | None = None,
                        month: int = 7) -> None:
    """Write the blank ``kind`` form (one of :data:`KINDS`) to ``path`` (.xlsx)."""
    if kind not in KINDS:
        raise ValueError(f"未知的表：{kind}（可选：{'、'.join(KINDS)}）")
    if kind == "自评表":
        _selfeval(path, year)
        return
    if kind == "二级申报表":  # one form per sheet, with 项目编码 · 政策依据 · 测算依据 (layout 1)
        write_blank_declaration(path, year)
        return
    if not 1 <= month <= 12:
        raise ValueError(f"月份应为 1–12，实为 {month}")
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                          "strings_to_formulas": False,
                                          "strings_to_urls": False})
    wb.set_properties({"author": "perfxl", "title": f"项目支出绩效目标{kind}"})
    styles = Styles(wb)
    try:
        if kind == "申报表":
            _declaration(wb.add_worksheet("绩效目标申报表"), styles, year)
        else:
            _monitoring(wb.add_worksheet("绩效目标执行监控表"), styles, year, month)
    finally:
        wb.close()


def _year_line(year: int | None) -> str:
    return f"（{year}年度）" if year else "（    年度）"


def _head(ws, st: Styles, title: str, year, last: int, split: int) -> int:
    """Title, year line, 项目名称, 主管部门 / 实施单位; returns the next row."""
    ws.set_row(0, 30)
    put_merged(ws, st, 0, 0, 0, last, title, "title")
    put_merged(ws, st, 1, 0, 1, last, _year_line(year), "subtitle")
    put_merged(ws, st, 2, 0, 2, 1, "项目名称", "label")
    put_merged(ws, st, 2, 2, 2, last, None, "input")
    put_merged(ws, st, 3, 0, 3, 1, "主管部门", "label")
    put_merged(ws, st, 3, 2, 3, split - 1, None, "input")
    put_merged(ws, st, 3, split, 3, split + 1, "实施单位", "label")
    put_merged(ws, st, 3, split + 2, 3, last, None, "input")
    return 4


def _finish(ws, last: int, widths: dict[int, float]) -> None:
    ws.set_column(0, last, 11)
    for col, width in widths.items():
        ws.set_column(col, col, width)
    ws.protect("", PROTECTION)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


# --------------------------------------------------------------------------- 申报表


def _declaration(ws, st: Styles, year) -> None:
    last = 7
    r = _head(ws, st, "项目支出绩效目标申报表", year, last, 4)
    put_merged(ws, st, r, 0, r + 3, 0, "项目资金\n（万元）", "label")
    for i, (label, year_label) in enumerate((("中期资金总额：", "年度资金总额："),
                                             *((f, f) for f in FUND_LABELS))):
        put_merged(ws, st, r + i, 1, r + i, 2, label, "label_left")
        put(ws, st, r + i, 3, None, "input", "money")
        put_merged(ws, st, r + i, 4, r + i, 5, year_label, "label_left")
        put_merged(ws, st, r + i, 6, r + i, 7, None, "input", "money")
    r += 4
    put_merged(ws, st, r, 0, r + 1, 0, "总体目标", "label")
    put_merged(ws, st, r, 1, r, 3, "中期目标", "header")
    put_merged(ws, st, r, 4, r, 7, "年度目标", "header")
    ws.set_row(r + 1, 60)
    put_merged(ws, st, r + 1, 1, r + 1, 3, None, "input")
    put_merged(ws, st, r + 1, 4, r + 1, 7, None, "input")
    r += 2
    first = r + 2
    put_merged(ws, st, r, 0, first + len(SKELETON) - 1, 0, "绩效指标", "label")
    put_merged(ws, st, r, 1, r, 4, "中期指标", "header")
    put_merged(ws, st, r, 5, r, 7, "年度指标", "header")
    for c, h in enumerate(("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标",
                           "指标值"), start=1):
        put(ws, st, r + 1, c, h, "header")
    for i, (level1, level2) in enumerate(SKELETON):
        row = first + i
        put(ws, st, row, 1, level1, "input_center")
        put(ws, st, row, 2, level2, "input_center")
        put(ws, st, row, 5, level2, "input_center")
        for c in (3, 4, 6, 7):
            put(ws, st, row, c, None, "input")
    end = first + len(SKELETON) - 1 + 200  # rows staff insert keep the dropdown
    ws.data_validation(first, 1, end, 1, category_dropdown(LEVEL1, "一级指标"))
    for c in (2, 5):
        ws.data_validation(first, c, end, c, category_dropdown(LEVEL2, "二级指标"))
    note = first + len(SKELETON) + 1
    put_merged(ws, st, note, 0, note, last,
               "说明：指标值写明符号和单位（如 ≥100次、≤50万元、≥90%）；年度指标为本年度的目标，"
               "年末自评时的年度指标值应与此一致。", "note")
    _finish(ws, last, {0: 9, 3: 22, 6: 22})


# --------------------------------------------------------------------------- 监控表


def _monitoring(ws, st: Styles, year, month: int) -> None:
    last = 16
    n = f"1-{month}月"
    r = _head(ws, st, "项目支出绩效目标执行监控表", year, last, 8)
    put_merged(ws, st, r, 0, r + 4, 0, "项目资金\n（万元）", "label")
    put_merged(ws, st, r, 1, r, 3, "", "header")
    for c, h in zip(range(4, 8), ("年初预算数", f"{n}执行数", f"{n}执行率", "全年预计执行数")):
        put(ws, st, r, c, h, "header")
    put_merged(ws, st, r, 8, r, 15, "偏差原因分析", "header")
    put(ws, st, r, 16, "备注", "header")
    for i, label in enumerate(("年度资金总额：", *FUND_LABELS), start=1):
        row = r + i
        put_merged(ws, st, row, 1, row, 3, label, "label_left")
        for c in (4, 5, 7):
            put(ws, st, row, c, None, "input", "money")
        put(ws, st, row, 6, None, "input", "rate")
        put_merged(ws, st, row, 8, row, 15, None, "input")
        put(ws, st, row, 16, None, "input")
    r += 5
    put_merged(ws, st, r, 0, r + 1, 0, "年度总体目标", "label")
    put_merged(ws, st, r, 1, r, 7, "年度目标", "header")
    put_merged(ws, st, r, 8, r, last, f"{n}执行情况", "header")
    ws.set_row(r + 1, 60)
    put_merged(ws, st, r + 1, 1, r + 1, 7, None, "input")
    put_merged(ws, st, r + 1, 8, r + 1, last, None, "input")
    r += 2
    first = r + 2
    put_merged(ws, st, r, 0, first + len(SKELETON) - 1, 0, "绩效指标", "label")
    for c, h in enumerate(("一级指标", "二级指标", "三级指标", "年度指标值", f"{n}执行数",
                           "全年预计执行数"), start=1):
        put_merged(ws, st, r, c, r + 1, c, h, "header")
    put_merged(ws, st, r, 7, r, 12, "偏差原因分析", "header")
    put_merged(ws, st, r, 13, r, 15, "完成目标可能性", "header")
    put_merged(ws, st, r, 16, r + 1, 16, "备注", "header")
    for c, h in enumerate((*REASONS, "原因说明", *LIKELIHOOD), start=7):
        put(ws, st, r + 1, c, h, "header")
    for i, (level1, level2) in enumerate(SKELETON):
        row = first + i
        put(ws, st, row, 1, level1, "input_center")
        put(ws, st, row, 2, level2, "input_center")
        for c in (3, 4, 5, 6, 12, 16):
            put(ws, st, row, c, None, "input")
        for c in (*range(7, 12), *range(13, 16)):
            put(ws, st, row, c, None, "input_center")
    end = first + len(SKELETON) - 1 + 200  # rows staff insert keep the dropdown
    for c0, c1 in ((7, 11), (13, 15)):
        ws.data_validation(first, c0, end, c1, {
            "validate": "list", "source": [TICK], "ignore_blank": True,
            "input_title": "打勾", "input_message": f"符合的栏内选 {TICK}"})
    note = first + len(SKELETON) + 1
    put_merged(ws, st, note, 0, note, last,
               f"说明：执行数为 {n} 累计数；执行率 = 执行数 ÷ 年初预算数。偏差原因分析在对应栏内打 {TICK} "
               f"并写明原因说明；完成目标可能性每条指标只勾选一项。", "note")
    _finish(ws, last, {0: 9, 3: 18, 12: 24, 16: 12})


# --------------------------------------------------------------------------- 自评表


def _selfeval(path, year) -> None:
    """The standard workbook's 自评表 (the official layout), alone in its workbook."""
    from perfxl.write.spec import WorkbookSpec
    from perfxl.write.template import blank_spec, write_workbook

    form = blank_spec(1, year).projects[0]
    form.sheet = "项目支出绩效自评表"
    write_workbook(path, WorkbookSpec(projects=[form], parcels=None, instructions=False))
