"""The labels perfxl looks for, and how a normalised cell text is matched against them.

Cell texts are compared after :func:`perfxl.values.normalize_label` (NFKC, no whitespace, no
trailing colon). A label may carry a unit in brackets (``全年预算数(万元)``) and a leading ``*``
(required-field marks); :func:`split_label` separates those.
"""

from __future__ import annotations

import functools
import re

from perfxl.values import month_range

_UNIT_SUFFIX = re.compile(r"^(.*?)\(([^()]*)\)$")


@functools.lru_cache(maxsize=8192)  # kept: saves 1.3 of 15 ms read per file (bench_check corpus)
def split_label(label: str) -> tuple[str, str | None]:
    """``'全年预算数(万元)'`` → ``('全年预算数', '万元')``; ``'*项目名称'`` → ``('项目名称', None)``."""
    label = label.lstrip("*※★").rstrip(":")
    m = _UNIT_SUFFIX.match(label)
    if m and m.group(1):
        return m.group(1).rstrip(":"), m.group(2)
    return label, None


def base(label: str) -> str:
    return split_label(label)[0]


def unit_of(label: str) -> str | None:
    """The money unit a label states: '元' for ``金额(元)``, '万元' for ``(万元)``, else None."""
    unit = split_label(label)[1]
    if unit is None:
        return None
    if unit.startswith("万元"):
        return "万元"
    if unit.startswith("元"):
        return "元"
    return None


class Names(frozenset):
    """Labels to look up by :func:`key` (a dict lookup in the grid's label index); also usable
    as a predicate on one label."""

    def __call__(self, label: str) -> bool:
        return bool(label) and key(label) in self


def is_one_of(*names: str) -> Names:
    """Match labels whose :func:`key` (unit, marks and a leading 其中 removed) is one of ``names``."""
    return Names(names)


def key(label: str) -> str:
    """What a label is looked up by: ``'其中:当年财政拨款(万元)'`` → ``'当年财政拨款'``."""
    return strip_qizhong(label)


def starts_with(*prefixes: str):
    return lambda label: bool(label) and base(label).startswith(prefixes)


# --------------------------------------------------------------------------- 自评表

FORM_TITLE = "绩效自评表"
PROJECT_NAME = ("项目名称",)
DEPARTMENT = ("主管部门",)
IMPLEMENTER = ("实施单位",)
GOAL = ("年度总体目标", "总体目标")
GOAL_EXPECTED = ("预期目标",)
GOAL_ACTUAL = ("实际完成情况", "实际完成目标")

FUND_HEADERS = {
    "initial_budget": ("年初预算数",),
    "budget": ("全年预算数",),
    "executed": ("全年执行数",),
    "weight": ("分值",),
    "rate": ("执行率", "全年执行率"),
    "score": ("得分",),
}
FUND_ROWS = {  # FUND_KEYS → labels after removing a leading 其中:
    "total": ("年度资金总额", "资金总额"),
    "fiscal": ("当年财政拨款", "财政拨款"),
    "carryover": ("上年结转资金", "上年结转"),
    "other": ("其他资金",),
}

IND_HEADERS = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标",),
    "target": ("年度指标值", "指标值", "年度目标值", "目标值"),
    "actual": ("实际完成值", "全年实际完成值", "实际值", "全年实际值"),
    "weight": ("分值",),
    "score": ("得分",),
    "op": ("指标性质", "计算符号"),
    "unit": ("计量单位", "度量单位"),
}
DEVIATION_PREFIX = "偏差原因"
TOTAL_ROW = ("总分", "合计")

# --------------------------------------------------------------------------- 项目清单

LIST_TITLE = "项目清单"
UNIT_NAME = ("单位名称",)
EVAL_YEAR = ("评价年度", "年度")
AS_OF = ("数据截至", "数据截止")
DECLARED_COUNT = ("项目个数", "项目数")
DECLARED_TOTAL = ("预算总金额", "预算总额")
LIST_HEADERS = {
    "seq": ("序号",),
    "name": ("项目名称",),
    "fund_level": ("资金级次",),
    "initial_budget": ("年初预算数",),
    "budget": ("全年预算数", "预算数", "预算金额"),
    "executed": ("全年执行数", "执行数"),
    "summary": ("项目概况",),
}
LIST_TOTAL = ("合计", "总计")

# --------------------------------------------------------------------------- 土地流转明细

LAND_HEADERS = {
    "project_name": ("项目名称",),
    "village": ("地块(村)", "地块", "村", "村名", "地块位置"),
    "area": ("面积",),
    "rate": ("单价",),
    "amount": ("金额",),
    "note": ("备注",),
}
SUBTOTAL = ("小计",)

INSTRUCTIONS_SHEET = "说明"
NOTE_PREFIXES = ("注", "说明", "备注", "填表人", "填报人", "制表", "审核", "单位负责人", "联系电话",
                 "填报日期", "财务负责人")


def is_note(label: str) -> bool:
    """A footnote or signature line under a table (``注：…``, ``填表人：``), not a data row."""
    return bool(label) and label.startswith(NOTE_PREFIXES)

KNOWN_LABELS = {
    *PROJECT_NAME, *DEPARTMENT, *IMPLEMENTER, *GOAL, *GOAL_EXPECTED, *GOAL_ACTUAL,
    *(n for names in FUND_HEADERS.values() for n in names),
    *(n for names in FUND_ROWS.values() for n in names),
    *(n for names in IND_HEADERS.values() for n in names), *TOTAL_ROW, "绩效指标", "项目资金",
    *UNIT_NAME, *EVAL_YEAR, *AS_OF, *DECLARED_COUNT, *DECLARED_TOTAL,
    *(n for names in LIST_HEADERS.values() for n in names),
}


def strip_qizhong(label: str) -> str:
    """``'其中:当年财政拨款'`` → ``'当年财政拨款'``."""
    b = base(label)
    return b[3:] if b.startswith("其中:") else (b[2:] if b.startswith("其中") else b)


def is_known_label(label: str) -> bool:
    return bool(label) and (base(label) in KNOWN_LABELS or strip_qizhong(label) in KNOWN_LABELS
                            or base(label).startswith(DEVIATION_PREFIX))


def header_map(grid, r: int, headers: dict[str, tuple[str, ...]], first_col: int = 0) -> dict:
    """Field → column for a header row: the first column whose label matches each field.
    Also returns the money unit each header states, under key ``(field, 'unit')``."""
    found: dict = {}
    for c in range(first_col, min(grid.width, 200)):
        label = grid.label(r, c)
        if not label:
            continue
        at = grid.origin(r, c)
        if at[1] != c and at[0] == r:
            continue  # inside a horizontal merge already seen
        b = base(label)
        month_key = month_field(b)
        for key, names in headers.items():
            if key not in found and (b in names or key == month_key):
                found[key] = c
                found[(key, "unit")] = unit_of(label)
                break
    return found


def month_field(b: str) -> str | None:
    """``1-7月执行数`` / ``1-7月执行率`` of a monitoring form stand for 全年执行数 / 执行率:
    'executed' / 'rate' for such a (base) label, else None."""
    month = month_range(b)
    if month is None:
        return None
    return {"执行数": "executed", "执行率": "rate"}.get(month[1])
