"""The reviewer's own checklist (审核口径): rows a district keeps for reviewing 申报表.

A checklist is a table ``编码 · 审核对象 · 模式 · 审核要点 · 审核细项 · 审核意见表述（问题+建议） ·
正则表达式 · 匹配时`` — from a workbook (``perfxl check --checklist 审核口径.xlsx``, read by
:mod:`perfxl.read.checklist`) or the same rows as ``[[checklist]]`` tables in ``perfxl.toml``.
This module holds the rows as data and checks every row before anything is read: a bad regular
expression, an unknown 审核对象 or 模式 is a :class:`ChecklistError` naming the row.

* 审核对象 is a field of the form — 项目名称, 政策依据, 测算依据, 年度目标, 长期目标 (each once per
  form), 三级指标, 指标值, 指标解释 (each once per indicator row) — or a category,
  ``二级指标==质量``: the indicators under that 二级, by their 指标值, or by another indicator
  field named after a slash (``二级指标==质量/三级指标``).
* 模式 ``正则匹配``: the expression is searched in the field's text; ``匹配时`` says how it reads —
  ``合格`` (it describes what is required: no match is a finding) or ``不合格`` (it describes a
  problem: a match is a finding). ``人工``: nothing is matched; the row is listed in the 审核意见
  sheet as a point to check by hand.
* A row's finding carries the row's 编码 (``PX790`` when the row has none), its 审核细项 as the
  message and its 审核意见表述 as the advice (:attr:`ChecklistRow.message`).

>>> rows = [{"编码": "SH01", "审核对象": "测算依据", "模式": "正则匹配", "审核细项": "测算依据无测算过程",
...          "审核意见表述": "测算依据未列明测算过程，建议按单价×数量列示", "正则表达式": r"[×*]",
...          "匹配时": "合格"}]
>>> c = parse_checklist(rows, "审核口径.xlsx")
>>> c.automatic[0].is_problem("每人200元×300人"), c.automatic[0].is_problem("按实际支出")
(False, True)
>>> parse_checklist([{"审核对象": "附件", "模式": "人工"}], "审核口径.xlsx")
Traceback (most recent call last):
...
perfxl.checklist.ChecklistError: 审核口径.xlsx 第 1 行：审核对象“附件”不是可审核的内容（可写：项目名称、政策依据、测算依据、年度目标、长期目标、三级指标、指标值、指标解释，或 二级指标==质量 这样的类别）
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

COLUMNS = ("编码", "审核对象", "模式", "审核要点", "审核细项", "审核意见表述（问题+建议）", "正则表达式",
           "匹配时")
"""The columns of a checklist table, in order (a TOML row may shorten the 6th to 审核意见表述)."""
FORM_FIELDS = ("项目名称", "政策依据", "测算依据", "年度目标", "长期目标")
INDICATOR_FIELDS = ("三级指标", "指标值", "指标解释")
REGEX, MANUAL = "正则匹配", "人工"
PASS, FAIL = "合格", "不合格"
DEFAULT_CODE = "PX790"
_CATEGORY = re.compile(r"二级指标\s*={1,2}\s*([^/／]+?)\s*(?:[/／]\s*(\S+))?")


class ChecklistError(Exception):
    """A checklist that cannot be used; the message names the row and is shown as is."""


@dataclass(frozen=True)
class ChecklistRow:
    """One row of the checklist, checked."""

    row: int  # 1-based row in its table (the sheet row of a workbook, the entry of a TOML list)
    code: str
    target: str  # 审核对象 as written
    mode: str  # REGEX or MANUAL
    point: str = ""  # 审核要点
    detail: str = ""  # 审核细项
    wording: str = ""  # 审核意见表述（问题+建议）
    pattern: str = ""  # 正则表达式
    match_means: str = PASS  # 匹配时: PASS or FAIL
    field: str = ""  # the field checked: one of FORM_FIELDS or INDICATOR_FIELDS
    category: str | None = None  # the 二级 of ``二级指标==质量`` (without 指标), else None

    @property
    def message(self) -> str:
        """The finding's message: the 审核细项 (else the 审核要点, else the 审核对象)."""
        return self.detail or self.point or f"{self.target}不符合审核口径"

    @property
    def advice(self) -> str:
        """What the reviewer writes to the unit: the 审核意见表述."""
        return self.wording

    def is_problem(self, text: str | None) -> bool:
        """Whether ``text`` (the field's content; None or "" when empty) fails this row."""
        found = re.search(self.pattern, text or "") is not None
        return not found if self.match_means == PASS else found


@dataclass(frozen=True)
class Checklist:
    rows: tuple[ChecklistRow, ...]
    source: str  # where the rows came from, for messages (a file name, 配置文件 …)
    digest: str = field(default="", compare=False)

    @property
    def automatic(self) -> tuple[ChecklistRow, ...]:
        """The 正则匹配 rows: each becomes findings."""
        return tuple(r for r in self.rows if r.mode == REGEX)

    @property
    def manual(self) -> tuple[ChecklistRow, ...]:
        """The 人工 rows: points the reviewer checks by hand."""
        return tuple(r for r in self.rows if r.mode == MANUAL)


def parse_checklist(rows: list[dict], source: str, row_numbers: list[int] | None = None
                    ) -> Checklist:
    """Check ``rows`` (each a dict keyed by the column names) and return the checklist.

    ``row_numbers``: each row's number in its table (default 1, 2, …). Raises
    :class:`ChecklistError` for the first unusable row."""
    numbers = row_numbers or list(range(1, len(rows) + 1))
    checked = tuple(_row(raw, n, source) for raw, n in zip(rows, numbers))
    payload = json.dumps([r.__dict__ for r in checked], ensure_ascii=False, sort_keys=True)
    return Checklist(checked, source, hashlib.sha256(payload.encode()).hexdigest()[:16])


def _text(raw: dict, *names: str) -> str:
    for name in names:
        value = raw.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _row(raw: dict, n: int, source: str) -> ChecklistRow:
    where = f"{source} 第 {n} 行"
    code = _text(raw, "编码") or DEFAULT_CODE
    if _text(raw, "编码") and not re.fullmatch(r"[A-Za-z0-9_.\-]{1,20}", code):
        raise ChecklistError(f"{where}：编码“{code}”只能由字母、数字、点、下划线或短横线组成（至多 20 个）")
    target = _text(raw, "审核对象")
    field_name, category = _target(target, where)
    mode = _text(raw, "模式")
    if mode not in (REGEX, MANUAL):
        raise ChecklistError(f"{where}：模式“{mode}”应为“{REGEX}”或“{MANUAL}”")
    pattern = _text(raw, "正则表达式")
    means = _text(raw, "匹配时") or None
    if mode == REGEX:
        if not pattern:
            raise ChecklistError(f"{where}：模式为{REGEX}，但没有填写正则表达式")
        try:
            re.compile(pattern)
        except re.error as e:
            raise ChecklistError(f"{where}：正则表达式“{pattern}”无法使用（{e}）") from None
        if means not in (PASS, FAIL):
            raise ChecklistError(f"{where}：请在“匹配时”填写“{PASS}”（表达式写的是要求）或"
                                 f"“{FAIL}”（表达式写的是问题），实为“{means or ''}”")
    return ChecklistRow(
        row=n, code=code, target=target, mode=mode, point=_text(raw, "审核要点"),
        detail=_text(raw, "审核细项"),
        wording=_text(raw, "审核意见表述（问题+建议）", "审核意见表述(问题+建议)", "审核意见表述"),
        pattern=pattern, match_means=means or PASS, field=field_name, category=category)


def _target(target: str, where: str) -> tuple[str, str | None]:
    """(field, category) of a 审核对象."""
    if target in FORM_FIELDS or target in INDICATOR_FIELDS:
        return target, None
    m = _CATEGORY.fullmatch(target)
    if m and m.group(1):
        category = m.group(1).removesuffix("指标")
        field_name = m.group(2) or "指标值"
        if field_name in INDICATOR_FIELDS:
            return field_name, category
    raise ChecklistError(
        f"{where}：审核对象“{target}”不是可审核的内容（可写："
        f"{'、'.join(FORM_FIELDS + INDICATOR_FIELDS)}，或 二级指标==质量 这样的类别）")
