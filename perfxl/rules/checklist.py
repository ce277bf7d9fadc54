"""PX790: the reviewer's own checklist (审核口径) on every 申报表.

The rows come from ``--checklist 审核口径.xlsx`` or ``[[checklist]]`` in ``perfxl.toml``
(:mod:`perfxl.checklist`); every 正则匹配 row is matched against its field on each form and each
failure becomes a finding with the row's own 编码. One rule, one mechanism: the findings flow
through the result contract, the 校验结果 and 审核意见 sheets like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from perfxl.checklist import ChecklistRow
from perfxl.findings import Finding, Severity
from perfxl.model import Loc, Val
from perfxl.rules.base import Rule

# 审核对象 → the attribute of the 申报表 (perfxl.model.Declaration) or of one of its indicators.
FORM_ATTRS = {"项目名称": "name", "政策依据": "policy_basis", "测算依据": "calc_basis",
              "年度目标": "goal_year", "长期目标": "goal_medium"}
INDICATOR_ATTRS = {"三级指标": "name", "指标值": "target", "指标解释": "explanation"}


class ReviewChecklist(Rule):
    """检查什么：审核口径（``--checklist 审核口径.xlsx`` 或 perfxl.toml 中的 ``[[checklist]]``）中
    模式为“正则匹配”的每一行，在每张申报表的对应内容（政策依据、测算依据、年度目标、三级指标、
    指标值、指标解释，或某一二级指标下的指标）中查找正则表达式；“匹配时”为“合格”的行找不到即为问题，
    为“不合格”的行找到即为问题。写“不适用”的指标行不查。

    为什么：各区县财政审核申报表时有自己的审核口径，用 perfxl 可以逐表逐行统一执行，不再手工比对。

    例子：审核对象“测算依据”、正则表达式 ``[×*]``、匹配时“合格”：测算依据写“按实际支出”的申报表
    得到一条问题，代码为该行的编码（如 SH01），说明为审核细项，审核意见表写入该行的审核意见表述。

    怎么改：按审核意见表述修改申报表；如果口径本身不适合某张表，在“校验结果”的处理意见中选
    “不适用”。模式为“人工”的行不产生问题，列在“审核意见”工作表中，由审核人逐项核对。
    """

    code = "PX790"
    name = "checklist"
    severity = Severity.WARNING
    summary = "审核口径中“正则匹配”的审核细项不符合（代码为审核口径的编码）"

    def check(self, ctx) -> Iterable[Finding]:
        checklist = ctx.config.checklist
        if checklist is None:
            return
        rows = [r for r in checklist.automatic if not _ignored(r.code, ctx.config.ignore)]
        # a row with its own 编码 is no rule of the list: it takes PX790's severity here
        severity = ctx.config.severity.get(self.code, self.severity)
        for form in ctx.wb.declarations:
            # the rows checked, once per form: a blank pre-printed row is PX703's, and a row
            # written 不适用 is not checked
            checked = [ind for ind in form.year_indicators
                       if not (ind.printed or ind.not_applicable)]
            for row in rows:
                for f in self._check_form(form, checked, row):
                    yield replace(f, code=row.code, severity=severity)

    def _check_form(self, form, checked: list, row: ChecklistRow) -> Iterable[Finding]:
        project = form.name.value or form.project_key
        if row.field in FORM_ATTRS:
            value = getattr(form, FORM_ATTRS[row.field])
            if row.is_problem(_text(value)):
                yield self._finding(row, value.loc or form.title_loc, _text(value), project)
            return
        for ind in checked:
            if row.category and row.category not in _text(ind.level2):
                continue
            value = getattr(ind, INDICATOR_ATTRS[row.field])
            if row.is_problem(_text(value)):
                where = value.loc or ind.name.loc or form.title_loc
                yield self._finding(row, where, _text(value), project)

    def _finding(self, row: ChecklistRow, loc: Loc | None, actual: str, project) -> Finding:
        message = row.message + (f"。{row.advice}" if row.advice else "")
        return self.finding(loc, actual=actual or "（空）", project=project, message=message)


def _text(v: Val) -> str:
    if v.value is None:
        return ""
    return getattr(v.value, "text", None) or str(v.value)


def _ignored(code: str, ignore: tuple[str, ...]) -> bool:
    """A checklist row whose 编码 is given to ``--ignore`` (or ``ignore``) is not matched."""
    return any(code.upper().startswith(p.strip().upper()) for p in ignore
               if p.strip() and p.strip().upper() != "ALL")
