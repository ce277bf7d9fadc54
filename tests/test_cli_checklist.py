"""``perfxl check|run --checklist 审核口径.xlsx``: the rows' findings carry the rows' 编码 through
every output; a bad checklist is exit 2 with the row named, before any workbook is read."""

from __future__ import annotations

import json
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.example_declaration import CHECKLIST
from perfxl.write.checklist_table import write_checklist
from tests.helpers.exportfix import Export, write_export


def test_a_bad_checklist_stops_before_anything_is_read(tmp_path):
    bad = tmp_path / "审核口径.xlsx"
    write_checklist(bad, [*CHECKLIST[:2], {**CHECKLIST[2], "正则表达式": "(数量"}])
    missing = tmp_path / "不存在.xlsx"  # would be reported if anything were read
    for command in ("check", "run"):
        res = CliRunner().invoke(main, [command, str(missing), "--checklist", str(bad)])
        assert res.exit_code == 2
        assert "第 4 行：正则表达式“(数量”无法使用" in res.output and "不存在" not in res.output


def test_findings_carry_the_row_code_in_json(tmp_path):
    book = write_export(tmp_path / "申报.xlsx", Export(declaration_year=2024))
    checklist = tmp_path / "审核口径.xlsx"
    write_checklist(checklist, [{"编码": "SH09", "审核对象": "三级指标", "模式": "正则匹配",
                                 "审核细项": "指标名称未写“率”", "审核意见表述（问题+建议）": "建议改为比率",
                                 "正则表达式": "率", "匹配时": "合格"}])
    res = CliRunner().invoke(main, ["check", str(book), "--checklist", str(checklist),
                                    "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    [workbook] = json.loads(res.output)["workbooks"]
    findings = workbook["findings"]
    mine = [f for f in findings if f["code"] == "SH09"]
    assert mine and all(f["message"] == "指标名称未写“率”。建议改为比率" for f in mine)
    assert all(f["severity"] == "warning" and f["cell"] for f in mine)
    ignored = CliRunner().invoke(main, ["check", str(book), "--checklist", str(checklist),
                                        "--ignore", "SH09", "--format", "json"])
    assert "SH09" not in ignored.output
