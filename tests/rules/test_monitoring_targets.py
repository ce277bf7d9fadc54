"""PX507 on an 执行监控表 with the target grammar: a time limit or a cost is not "short" when the
projection stays under it (issue 17: time limits and ceilings are reverse indicators)."""

from __future__ import annotations

from perfxl.api import check_file
from tests.helpers.exportfix import Export, Ind, write_export


def px507_rows(tmp_path, inds):
    result = check_file(write_export(tmp_path / "导出.xlsx", Export(indicators=inds,
                                                                   executed="150.00",
                                                                   rate="78.95%")))
    return sorted(f.cell for f in result.findings if f.code == "PX507")


def test_a_time_limit_kept_is_not_short(tmp_path):
    inds = [Ind("产出指标", "时效指标", "应急响应时间", "3个小时内", "", "2小时", "2小时")]
    assert px507_rows(tmp_path, inds) == []


def test_a_cost_without_operator_under_its_amount_is_not_short(tmp_path):
    inds = [Ind("产出指标", "成本指标", "培训成本", "13.5万元", "", "5万元", "13万元")]
    assert px507_rows(tmp_path, inds) == []


def test_a_count_projected_short_still_is(tmp_path):
    inds = [Ind("产出指标", "数量指标", "培训人次", "100人次", "", "80人次", "90人次")]
    assert px507_rows(tmp_path, inds) == ["F14"]
