"""Other provinces' 自评表 (regions.md) read by the label table: the Sichuan and Anhui layouts,
and each label variant on its own in the national form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.read import read_workbook
from tests.helpers.readfix.build import standard_form, write_workbook
from tests.helpers.readfix.regions import SICHUAN_NAME, anhui_form, sichuan_form

READ_PROBLEMS = {"missing_block", "missing_field", "not_a_number", "number_as_text"}


def _read(tmp_path, spec):
    wb = read_workbook(write_workbook(tmp_path / "自评.xlsx", {"自评表": spec}))
    (project,) = wb.projects
    return project, wb.observations


def test_the_sichuan_form_is_read_by_its_labels(tmp_path):
    p, seen = _read(tmp_path, sichuan_form())
    assert not [o for o in seen if o.kind in READ_PROBLEMS]
    assert (p.name.value, p.title_year.value) == (SICHUAN_NAME, 2023)
    assert (p.department.value, p.implementer.value) == ("某县教育局", "某县第一中学")  # 实施单位 (盖章)
    assert p.goal_expected.value == "保障在职教职工工资按时足额发放"  # 项目基本情况 · 项目年度目标
    assert p.goal_actual.value == "全年按时足额发放工资"  # 年度目标完成情况
    assert (p.conclusion.value, p.problems.value, p.measures.value) == (
        "项目完成较好", "无", "继续做好工资保障")
    assert {k: v.value for k, v in p.block_points.items()} == {"money": 10, "indicators": 90}


def test_the_sichuan_money_block(tmp_path):
    p, _ = _read(tmp_path, sichuan_form(reason="工资结余"))
    total = p.total_funds
    # 年初预算 · 调整后预算数 (全年预算数) · 预算执行数 (全年执行数) · 预算执行率 · 权重 · 原因
    assert (total.initial_budget.value, total.budget.value, total.executed.value) == (100, 120, 120)
    assert (total.rate.value, total.weight.value, total.reason.value) == (1, 10, "工资结余")
    assert p.funds["fiscal"].budget.value == 110  # 其中:财政资金
    # 财政专户管理资金 · 单位资金 · 其他资金: each its own row, all other sources
    others = [p.funds["other"], *p.more_funds]
    assert [o.label.value for o in others] == ["财政专户管理资金", "单位资金", "其他资金"]
    assert [o.budget.value for o in others] == [0, 10, 0]
    assert others[0].rate.value is None  # `/`: not applicable, not a value and not an error


def test_the_sichuan_indicator_table(tmp_path):
    p, _ = _read(tmp_path, sichuan_form())
    assert [i.name.value for i in p.indicators] == [
        "保障在职人数", "工资发放准确率", "工资按月发放率", "保障单位正常运转", "职工满意度"]
    first = p.indicators[0]
    assert (first.level1.value, first.level1_weight.value) == ("产出指标", 40)  # 产出指标(40分)
    assert first.weight.value == 20  # 权重 as 分值
    assert (first.target.value.op, first.target.value.number, first.target.value.unit) == (
        "≥", 35, "人")  # 指标性质 and 度量单位 from their own columns
    assert first.actual.value.number == 36  # 完成值
    assert (p.total_weight.value, p.total_score.value) == (90, 90)  # the 合计 row closes it


def test_the_anhui_money_rows(tmp_path):
    p, seen = _read(tmp_path, anhui_form())
    fiscal = p.funds["fiscal"]  # 其中:本年财政拨款
    assert (fiscal.initial_budget.value, fiscal.budget.value, fiscal.executed.value) == (
        90, Decimal("89.974"), Decimal("89.974"))
    assert p.total_funds.budget.value == 0  # 年度资金总额: (with its colon)
    assert p.funds["carryover"].budget.value is None  # `/`
    assert not [o for o in seen if o.kind in READ_PROBLEMS]


@pytest.mark.parametrize("old, new, field, expected", [
    ("全年预算数", "调整后预算数", "budget", 2),
    ("全年预算数", "全年预算", "budget", 2),
    ("年初预算数", "年初预算", "initial_budget", 2),
    ("全年执行数", "实际执行数", "executed", 2),
    ("全年执行数", "执行数", "executed", 2),
    ("执行率", "预算执行率", "rate", 1),
    ("分值", "权重", "weight", 10),
])
def test_each_money_column_variant(tmp_path, old, new, field, expected):
    spec = standard_form()
    spec.cells[next(rc for rc, v in spec.cells.items() if v == old and rc[0] == 4)] = new
    p, _ = _read(tmp_path, spec)
    assert getattr(p.total_funds, field).value == expected


@pytest.mark.parametrize("label, key", [
    ("总额", "total"), ("合计", "total"), ("资金总额", "total"),
    ("其中：当年财政拨款", "fiscal"), ("本年财政拨款", "fiscal"), ("其中:财政资金", "fiscal"),
    ("上年结转", "carryover"), ("单位自有资金", "other"), ("财政专户管理资金", "other"),
])
def test_each_money_row_variant(tmp_path, label, key):
    rows = {"年度资金总额": (3, 3, 3), "其中：当年财政拨款": (1, 1, 1), "上年结转资金": (1, 1, 1),
            "其他资金": (1, 1, 1)}
    default = {"total": "年度资金总额", "fiscal": "其中：当年财政拨款", "carryover": "上年结转资金",
               "other": "其他资金"}[key]
    rows = {(label if k == default else k): v for k, v in rows.items()}
    p, _ = _read(tmp_path, standard_form(funds=rows))
    assert p.funds[key].label.value == label and p.funds[key].budget.value in (1, 3)


@pytest.mark.parametrize("old, new, field", [
    ("年度指标值", "目标值", "target"), ("实际完成值", "全年实际值", "actual"),
    ("实际完成值", "完成值", "actual"), ("分值", "标准分值", "weight"),
    ("偏差原因分析及改进措施", "未完成原因分析", "deviation"),
])
def test_each_indicator_column_variant(tmp_path, old, new, field):
    spec = standard_form()
    spec.cells[next(rc for rc, v in spec.cells.items() if v == old and rc[0] == 11)] = new
    spec.set(12, 8, "原因已说明")
    p, _ = _read(tmp_path, spec)
    assert getattr(p.indicators[0], field).present


def test_the_indicator_block_with_its_points_and_the_table_closed_by_heji(tmp_path):
    spec = standard_form()
    spec.cells[spec.find("绩效指标")] = "年度绩效指标（90分）"
    spec.cells[spec.find("总分")] = "合计"
    p, _ = _read(tmp_path, spec)
    assert p.block_points["indicators"].value == 90 and len(p.indicators) == 5
    assert p.total_weight.value == 100


def test_a_money_row_with_an_unknown_label_is_kept_as_unread(tmp_path):
    """``其中:本级资金`` is none of the table's words: the row is not guessed into a source, but
    its label cell is kept (Project.unread_fund_rows) so that no rule works out the total from
    the rows read; the known rows have none."""
    funds = {"总额": (100, 120, 120), "其中:本级资金": (100, 110, 110), "单位资金": (0, 10, 10)}
    p, _ = _read(tmp_path, sichuan_form(funds=funds))
    assert [(v.value, v.loc.cell) for v in p.unread_fund_rows] == [("其中:本级资金", "B10")]
    assert "fiscal" not in p.funds and [f.label.value for f in [p.funds["other"]]] == ["单位资金"]
    known, _ = _read(tmp_path, sichuan_form())
    assert known.unread_fund_rows == []
