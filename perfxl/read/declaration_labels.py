"""The labels of a 绩效目标申报表 (declaration.md "What a 申报表 holds"), in every layout.

Kept beside the 自评表's labels of :mod:`perfxl.read.labels` (compared the same way: after
:func:`perfxl.values.normalize_label`, a unit in brackets and a leading ``其中：`` removed) until
the label table is packaged data; a new district's wording is one more word in a tuple here.
"""

from __future__ import annotations

from perfxl.read import labels as L

CODE = ("项目编码", "项目代码")
NAME = L.PROJECT_NAME
APPLICANT = ("申请单位", "实施单位", "预算单位", "项目单位")
DEPARTMENT = ("一级预算单位", "主管部门", "主管预算单位")
PERIOD = ("实施期限", "项目期限")
TOTAL = ("项目总金额", "中期资金总额", "中期资金", "项目总投资", "项目总额")
YEAR = ("本年度项目金额", "年度资金总额", "资金总额", "本年预算数", "本年度资金", "年度项目金额")
POLICY = ("政策依据", "立项依据")
CALC = ("测算依据", "测算过程")
GOAL_YEAR = ("年度目标", "年度绩效目标")
GOAL_LONG = ("长期目标", "中期目标", "总体目标")
FIELDS = (*CODE, *NAME, *APPLICANT, *DEPARTMENT, *PERIOD, *TOTAL, *YEAR, *POLICY, *CALC,
          *GOAL_YEAR, *GOAL_LONG, "项目类型", "是否新增项目", "分配方式", "项目属性")

# the indicator table: 一级指标 · 二级指标 · 三级指标 · 目标值 · 指标解释 (some add 指标性质 and
# 计量单位 columns of their own)
TARGET = ("指标值", "年度指标值", "中期指标值", "目标值", "年度目标值")
EXPLANATION = ("指标解释", "指标说明", "指标内涵")
OP = L.IND_HEADERS["op"]
UNIT = L.IND_HEADERS["unit"]

# a flat target list: a header row that names the project on every indicator row
LIST_PROJECT = (*CODE, *NAME)

TITLES = ("绩效目标申报表", "绩效目标表")
"""What the title of a 申报表 ends with (二级项目支出绩效目标申报表, XX项目绩效目标表)."""


def _label_of(label: str) -> str:
    return L.strip_qizhong(label)


_FIELD_SET = frozenset(FIELDS)


def is_label(label: str) -> bool:
    """A header field's label of a 申报表 (so an empty value cell is not filled by the next
    label to its right), or any label the 自评表 knows."""
    return bool(label) and (_label_of(label) in _FIELD_SET or L.is_known_label(label))
