"""Properties: amounts in a report read back exactly, and a draft of any workbook checks clean
against that workbook (names, amounts, summaries drawn at random)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.report.check import check_report
from perfxl.report.content import build_blocks
from perfxl.report.facts import collect_facts
from perfxl.report.read_text import parse_lines
from perfxl.report.template import load_template

from tests.helpers.report_model import PROJECTS, build_result  # noqa: E402

TEMPLATE = load_template()
amounts = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99999.9999"), places=4)
words = st.text(alphabet="东西南北山河村路桥园林田水电站学校卫生养护维修补助流转管理服务", min_size=2,
                max_size=8)
# what staff write in 项目概况: counts, sums, history years and prices that are about the
# project itself, not statements of the report's count, total or year
FRAGMENTS = ["共计3个村", "涉及5个项目", "2016年建成", "预算总金额为3万元", "每亩每年1000元", "共50452元",
             "所有项目中", "2022年度结转", "全镇12个项目", "资金总额2万元", "１２亩", "用于巡查维修"]
summaries = st.one_of(st.none(), st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4)
                      .map("，".join))


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f")


@given(amounts)
def test_amount_in_wan_reads_exactly(x):
    doc = parse_lines("t.txt", [("一、情况", "第1行"), ("(三)项目概况", "第2行"),
                                (f"1. 甲项目：预算金额{_fmt(x)}万元，用途。", "第3行")])
    assert doc.entries[0].amount == x


@given(st.integers(min_value=1, max_value=10**9))
def test_amount_in_yuan_reads_exactly(yuan):
    doc = parse_lines("t.txt", [("一、情况", "第1行"), ("(三)项目概况", "第2行"),
                                (f"1. 甲项目：预算金额{yuan}元。", "第3行")])
    assert doc.entries[0].amount * 10000 == yuan


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(words, amounts, summaries), min_size=1, max_size=8,
                unique_by=lambda t: t[0]))
def test_draft_of_any_workbook_checks_clean(rows):
    template_rows = [PROJECTS[i % len(PROJECTS)] for i in range(len(rows))]
    projects = [(f"{name}{i}号项目", budget, budget, summary, tpl[4])
                for i, ((name, budget, summary), tpl) in enumerate(zip(rows, template_rows))]
    result = build_result(projects=projects)
    blocks = build_blocks(collect_facts(result), TEMPLATE)
    doc = parse_lines("draft.txt", [(b.text, f"第{i}段") for i, b in enumerate(blocks, 1)])
    assert check_report(doc, result) == []
