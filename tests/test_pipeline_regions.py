"""Other provinces' 自评表 scored as their own frameworks say (issue 17 items 1–2).

The Sichuan form is scored by the framework file ``scoring/frameworks/sichuan.toml`` — chosen
because the form says 绩效指标(90分), or by setting — 预算执行 10 + indicators 90 with the form's
weights; the Anhui form's money inconsistency is reported on its money block.
"""

from __future__ import annotations

from decimal import Decimal

from perfxl.config import Config, load_config
from perfxl.pipeline import check_file
from perfxl.scoring.framework import chosen_by_form, load_framework
from tests.helpers.readfix.build import standard_form, write_workbook
from tests.helpers.readfix.regions import ANHUI_INDICATORS, anhui_form, sichuan_form


def _check(tmp_path, spec, config: Config | None = None):
    result = check_file(write_workbook(tmp_path / "自评.xlsx", {"自评表": spec}), config)
    (project,) = result.to_dict()["projects"]
    return result, project


def _codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_the_sichuan_form_is_scored_by_its_own_framework_without_false_findings(tmp_path):
    result, project = _check(tmp_path, sichuan_form())
    assert _codes(result) == []  # no PX101 (money block found), no PX402 (合计 is 90 of 90)
    assert project["framework"] == "sichuan"
    assert (project["execution_rate"], project["execution_score"]) == ("1", "10")
    # the form's own weights: 产出指标(40分) · 效益指标(40分) · 满意度指标(10分)
    assert project["categories"] == {"产出指标": "40", "效益指标": "40", "满意度指标": "10"}
    assert (project["total_score"], project["grade"]) == ("100", "优")


def test_execution_rate_is_executed_over_the_adjusted_budget(tmp_path):
    funds = {"总额": (100, 200, 150), "其中:财政资金": (100, 200, 150)}
    result, project = _check(tmp_path, sichuan_form(funds=funds, score=Decimal("7.5"),
                                                    reason="部分工程款未到结算期"))
    assert project["execution_rate"] == "0.75"  # 预算执行数 150 ÷ 调整后预算数 200
    assert project["execution_score"] == "7.5"
    assert "PX209" not in _codes(result)  # the 原因 column explains it


def test_an_execution_rate_under_90_percent_without_a_reason_is_reported(tmp_path):
    funds = {"总额": (100, 100, 80), "其中:财政资金": (100, 100, 80)}
    result, _ = _check(tmp_path, sichuan_form(funds=funds, score=8))
    (finding,) = [f for f in result.findings if f.code == "PX209"]
    assert finding.cell == "F9"  # the 预算执行率 of the 总额 row


def test_a_wrong_heji_is_checked_against_the_indicator_block_points(tmp_path):
    spec = sichuan_form()
    total_row = next(r for (r, c), v in spec.cells.items() if v == "合计")
    spec.set(total_row, 8, 95)
    result, _ = _check(tmp_path, spec)
    (finding,) = [f for f in result.findings if f.code == "PX402"]
    # as on the national form: the rows' sum against the closing row as written
    assert (finding.expected, finding.actual) == ("95", "90")
    assert "各条指标分值之和" in finding.message and "执行率" not in finding.message


def test_the_framework_may_be_set_instead(tmp_path):
    spec = sichuan_form()
    spec.cells[spec.find("绩效指标(90分)")] = "绩效指标"  # the form does not say its points
    (tmp_path / "perfxl.toml").write_text('framework = "四川"\n', encoding="utf-8")
    config = load_config(tmp_path / "perfxl.toml")
    _, project = _check(tmp_path, spec, config)
    assert project["framework"] == "sichuan"


def test_the_national_form_keeps_the_default_framework(tmp_path):
    _, project = _check(tmp_path, standard_form())
    assert project["framework"] == "default"
    assert chosen_by_form(set()) is None and chosen_by_form({None}) is None
    assert chosen_by_form({Decimal(90)}) == "sichuan" and chosen_by_form({Decimal(90), None}) is None


def test_the_sichuan_framework_file(tmp_path):
    fw = load_framework("sichuan")
    assert (fw.execution_weight, fw.total, fw.explanation_threshold) == (10, 100, Decimal("0.9"))
    assert all(c.weight is None for c in fw.categories)  # the form's weights count


def test_the_anhui_money_inconsistency_is_reported_on_the_money_block(tmp_path):
    result, project = _check(tmp_path, anhui_form())
    px204 = [f for f in result.findings if f.code == "PX204"]
    # 年度资金总额 0/0/0 against 其中:本年财政拨款 90/89.974/89.974, column by column
    assert [(f.cell, f.expected, f.actual) for f in px204] == [
        ("C6", "90", "0"), ("D6", "89.974", "0"), ("E6", "89.974", "0")]
    assert project["status"] == "scored"


def test_the_framework_is_chosen_only_when_every_form_states_its_points(tmp_path):
    path = write_workbook(tmp_path / "两表.xlsx", {"四川": sichuan_form(), "全国": standard_form()})
    assert {p["framework"] for p in check_file(path).to_dict()["projects"]} == {"default"}


def test_the_anhui_actual_wording_scores_its_band(tmp_path):
    """``达成预期指标`` as an actual is the 达成 band (the target grammar's wording table)."""
    rows = [*ANHUI_INDICATORS[:3],
            ("效益指标", "社会效益指标", "群众出行条件改善", "明显改善", "达成预期指标", 30, 30),
            ANHUI_INDICATORS[4]]
    result, project = _check(tmp_path, anhui_form(total=(90, 89.974, 89.974), indicators=rows))
    assert _codes(result) == []
    (wording,) = [i for i in project["indicators"] if i["actual"] == "达成预期指标"]
    assert (wording["band"], wording["score"]) == ("达成", "30")
    assert project["total_score"] == "100"
