"""Fixtures shared by the summary tests."""

from __future__ import annotations

import pytest

from tests.helpers.summaryfix import finding, proj, rec


@pytest.fixture
def records(tmp_path):
    (tmp_path / "甲").mkdir()
    return [
        rec(tmp_path / "甲" / "涞源镇.xlsx", "涞源镇", projects=[
            proj("防火经费", "2", "1.5", "88.5", "良"),
            proj("=1+1 危险名", "144.9552", "144.9552", "95", "优")],
            findings=[finding("执行数大于预算数"), finding("格式", "warning", "E7", "-5")]),
        rec(tmp_path / "乙.xlsx", "@乙单位", period="2023-07", projects=[
            proj("+道路", "10", "5", "59", "差")]),
        rec(tmp_path / "坏.xlsx", None, status="error", error="文件不是 Excel 工作簿（0 字节）"),
    ]
