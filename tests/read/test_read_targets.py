"""The target grammar on all three forms of a system export (issue 17 item 3): the 申报表, the
执行监控表 and the 自评表 read a time limit and a deadline alike, and the 自评表 scores them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl.read import read_workbook
from perfxl.scoring import load_framework, score_project
from perfxl.values import Op
from tests.helpers.exportfix import Export, Ind, default_indicators, write_export

TIME_LIMIT = Ind("产出指标", "时效指标", "应急响应时间", "3个小时内", "3个小时内", "2小时", "2小时",
                 weight="10", actual="2小时", score="10")
DEADLINE = Ind("产出指标", "时效指标", "维修完成时间", "11月底前完成", "2022年底前", "", "",
               weight="10", actual="10月底完成", score="10")


@pytest.fixture(params=["xlsx", "xls"])
def workbook(request, tmp_path):
    inds = default_indicators()
    inds[2], inds[3] = TIME_LIMIT, DEADLINE  # in place of two rows of weight 10
    return read_workbook(write_export(tmp_path / f"导出.{request.param}",
                                      Export(selfeval="filled", indicators=inds)))


def _targets(indicators) -> dict:
    return {i.name.value: i.target.value for i in indicators}


def test_each_form_reads_a_time_limit_as_a_ceiling_and_a_deadline_as_a_date(workbook):
    forms = [workbook.declarations[0].year_indicators, workbook.monitorings[0].indicators,
             workbook.projects[0].indicators]
    for indicators in forms:
        targets = _targets(indicators)
        limit, deadline = targets["应急响应时间"], targets["维修完成时间"]
        assert (limit.op, limit.number, limit.unit, limit.reading.time_limit) == (
            Op.LE, Decimal(3), "小时", True)
        assert (deadline.reading.kind, deadline.reading.deadline.month) == ("deadline", 11)


def test_the_self_evaluation_scores_them_full_when_better_than_target(workbook):
    scores = score_project(workbook.projects[0], load_framework("default"))
    by_name = {s.indicator.name.value: s for s in scores.indicators}
    assert (by_name["应急响应时间"].method, by_name["应急响应时间"].score) == ("反向", Decimal("10.00"))
    assert (by_name["维修完成时间"].method, by_name["维修完成时间"].score) == ("时限", Decimal("10.00"))
