"""PX715–PX717: 相关性 of a 申报表's texts — 年度目标, 政策依据, 测算依据."""

from __future__ import annotations

import re

from perfxl.findings import Severity
from perfxl.rules.base import Rule
from perfxl.rules.common import is_blank, norm_text
from perfxl.rules.declaration.forms import form_loc, form_name, text_of

_CALCULATION = re.compile(r"\d|[×xX*＊乘]")


def _asked(d, v) -> bool:
    """The form asks for the field: its label is on the form (the value then has a cell), or it
    is a one-form-per-sheet 申报表, which always has it."""
    return v.loc is not None or d.layout == "sheet"


class GoalMissing(Rule):
    """年度目标未填写或过于简单。

    检查什么：申报表写了年度目标（错误），而且不是寥寥几个字：少于申报表审核框架的
    ``thin_goal`` 个字（默认 10）时为警告。

    为什么：年度目标概括这笔钱今年要做成什么、带来什么效果，是三级指标的来源。

    例子：年度目标只写“保障运转” → PX715（警告）；年度目标空着 → PX715（错误）。

    怎么改：写明今年的产出和效果，如“为辖区120名长者每周提供6天午餐，长者就餐困难明显缓解”。
    """

    code = "PX715"
    name = "declaration-goal"
    severity = Severity.ERROR
    minor_severity = Severity.WARNING
    summary = "年度目标未填写（错误）或过于简单（警告：少于 10 个字）"
    message = "{sheet}“{name}”的年度目标{what}"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            least = ctx.declaration_framework.thin_goal
            v = d.goal_year
            if is_blank(v.value):
                if _asked(d, v) or d.layout == "export":
                    yield self.finding(v.loc or form_loc(d), expected="年度目标", actual="（空）",
                                       project=form_name(d), sheet=d.sheet, name=form_name(d),
                                       what="未填写")
            elif len(norm_text(v.value)) < least:
                yield self.finding(v.loc, expected=f"不少于 {least} 个字，写明产出和效果",
                                   actual=text_of(v), project=form_name(d), sheet=d.sheet,
                                   severity=Severity.WARNING, name=form_name(d),
                                   what=f"只有“{text_of(v)}”，过于简单，看不出产出和效果")


class PolicyMissing(Rule):
    """政策依据未填写。

    检查什么：申报表有“政策依据”（立项依据）一栏时，它不是空的（也不是“无”“/”）。

    为什么：政策依据说明为什么要花这笔钱，是审核相关性的第一步。

    例子：政策依据一栏空着 → PX716。

    怎么改：写明立项所依据的文件名称和文号。
    """

    code = "PX716"
    name = "declaration-policy"
    severity = Severity.WARNING
    summary = "政策依据未填写"
    message = "{sheet}“{name}”没有填写政策依据"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            v = d.policy_basis
            if is_blank(v.value) and _asked(d, v):
                yield self.finding(v.loc or form_loc(d), expected="政策依据", actual="（空）",
                                   project=form_name(d), sheet=d.sheet, name=form_name(d))


class CalculationMissing(Rule):
    """测算依据未填写或没有测算过程。

    检查什么：申报表有“测算依据”一栏时，它写了测算过程：至少有一个金额或数字，或
    “单价 × 数量”这样的算式。

    为什么：测算依据说明金额是怎么算出来的，是审核金额适当性的依据。

    例子：测算依据写“按实际需要” → PX717。

    怎么改：写出测算过程，如“长者餐补贴 120人×6天×48周×4元/餐”。
    """

    code = "PX717"
    name = "declaration-calculation"
    severity = Severity.WARNING
    summary = "测算依据未填写，或没有测算过程（没有金额，也没有单价 × 数量）"
    message = "{sheet}“{name}”的测算依据{what}"

    def check(self, ctx):
        for d in ctx.wb.declarations:
            v = d.calc_basis
            if not _asked(d, v):
                continue
            if is_blank(v.value):
                what, actual = "未填写", "（空）"
            elif not _CALCULATION.search(text_of(v)):
                what, actual = f"“{text_of(v)}”没有测算过程（金额或单价 × 数量）", text_of(v)
            else:
                continue
            yield self.finding(v.loc or form_loc(d), expected="测算过程（单价 × 数量 = 金额）",
                               actual=actual, project=form_name(d), sheet=d.sheet,
                               name=form_name(d), what=what)
