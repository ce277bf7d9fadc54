"""The arithmetic statements written in the text fields of every form read (测算依据 …).

Each text field the model holds — a 申报表's 测算依据, 立项依据, goals and 指标解释, a 自评表's
goals and 偏差原因, the 项目清单's 项目概况 — is searched with
:func:`perfxl.values.statements.find_statements` (the grammar shared with the targets). Every
statement found is kept as data (:class:`~perfxl.model_estimate.WrittenStatement`), whether it
holds or not: the JSON lists them all, a rule reports the ones that do not hold.
"""

from __future__ import annotations

from collections.abc import Iterator

from perfxl.model import Val, Workbook
from perfxl.model_estimate import WrittenStatement
from perfxl.values.statements import find_statements


def read_statements(wb: Workbook) -> list[WrittenStatement]:
    out = []
    for field, val, project in _texts(wb):
        if isinstance(val.value, str):
            out += [WrittenStatement(val.loc, field, s, project)
                    for s in find_statements(val.value)]
    return out


def _texts(wb: Workbook) -> Iterator[tuple[str, Val, str | None]]:
    """(field name, text Val, project) of every free-text field of the workbook's forms."""
    for d in wb.declarations:
        name = d.name.value
        for field, val in (("测算依据", d.calc_basis), ("立项依据", d.policy_basis),
                           ("中期目标", d.goal_medium), ("年度目标", d.goal_year)):
            yield field, val, name
        for ind in (*d.year_indicators, *d.medium_indicators):
            yield "指标解释", ind.explanation, name
    for p in wb.projects:
        name = p.name.value
        yield "预期目标", p.goal_expected, name
        yield "实际完成情况", p.goal_actual, name
        for ind in p.indicators:
            yield "偏差原因分析及改进措施", ind.deviation, name
    if wb.unit is not None:
        for row in wb.unit.rows:
            yield "项目概况", row.summary, row.name.value
