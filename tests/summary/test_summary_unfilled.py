"""Audit defect 8: in 单位汇总 the 项目数 and the sums agree — a 自评表 not filled in (未填写)
adds neither a project nor an amount (its figures are not read as handed in); it stays listed
in 汇总 as 未填写."""

from __future__ import annotations

from decimal import Decimal as D

from click.testing import CliRunner
from openpyxl import load_workbook

from perfxl.cli import main
from tests.helpers.unfilledfix import unfilled_copy


def _rows(path, sheet):
    ws = load_workbook(path, read_only=True)[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_an_unfilled_form_adds_neither_a_project_nor_an_amount_to_the_unit(tmp_path):
    folder = tmp_path / "报送"
    folder.mkdir()
    _, name = unfilled_copy(folder / "涞源镇2023.xlsx")
    out = tmp_path / "结果"
    for _ in range(2):  # the re-run gives 单位汇总 for unit workbooks (新增/已解决)
        res = CliRunner().invoke(main, ["run", str(folder), "--output-dir", str(out)])
        assert res.exit_code == 0, res.output
    (summary,) = out.glob("perfxl汇总_*.xlsx")
    head, *listed = _rows(summary, "汇总")
    at = {h: n for n, h in enumerate(head)}
    filled = [r for r in listed if r[at["等级"]] != "未填写"]
    assert [r[at["项目"]] for r in listed if r[at["等级"]] == "未填写"] == [name]
    head, (unit,) = _rows(summary, "单位汇总")[0], _rows(summary, "单位汇总")[1:]
    at_unit = {h: n for n, h in enumerate(head)}
    assert unit[at_unit["项目数"]] == len(filled) == 14
    budgets = sum(D(str(r[at["全年预算数（万元）"]])) for r in filled)
    assert D(str(unit[at_unit["全年预算数合计（万元）"]])) == budgets == D("143.9552")
