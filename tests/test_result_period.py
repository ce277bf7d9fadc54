"""Where a workbook's period is read (``period_source``, perfxl/result.py): from the file only."""

from __future__ import annotations

import os
from datetime import datetime

from perfxl.pipeline import check_file
from perfxl.result import PERIOD_UNKNOWN
from tests.helpers.exportfix import Export, write_export
from tests.helpers.periodfix import unit_workbook


def source(path):
    doc = check_file(path).to_dict()
    return doc["period"], doc["period_source"]


def test_unit_workbooks(tmp_path):
    assert source(unit_workbook(tmp_path / "a.xlsx", as_of="2023年7月")) == ("2023-07", "数据截至")
    assert source(unit_workbook(tmp_path / "b.xlsx", as_of="7月")) == ("2023-07", "评价年度+数据截至")
    assert source(unit_workbook(tmp_path / "c.xlsx", as_of=None)) == ("2023-12", "评价年度（年末）")
    assert source(unit_workbook(tmp_path / "d.xlsx", year=None, as_of=None)) == (
        None, PERIOD_UNKNOWN)


def test_exports_monitoring_month_and_budget_year(tmp_path):
    write_export(tmp_path / "监控.xlsx", Export(month=7, selfeval="none"))
    assert source(tmp_path / "监控.xlsx") == ("2020-07", "执行监控表年度+1-N月")
    write_export(tmp_path / "申报.xlsx", Export(month=None, selfeval="none", declaration_year=2024))
    assert source(tmp_path / "申报.xlsx") == ("2024-12", "申报表预算年度（年末）")


def test_modified_is_the_file_time_when_read(tmp_path):
    path = unit_workbook(tmp_path / "a.xlsx")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    assert check_file(path).to_dict()["modified"] == datetime.fromtimestamp(
        1_700_000_000).isoformat(timespec="seconds")
