"""A folder of 申报表 and 自评 workbooks: the summary's 申报表审核 sheet gives each unit's forms,
审核等级, amount reviewed and top problems; every 申报表 workbook gets its 审核意见 sheet."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from perfxl.cli import main
from perfxl.examples import laiyuan_2023
from perfxl.summary.declarations import SHEET, DeclarationTally, problem_text
from perfxl.write.template import write_workbook

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "东湖街道2024申报"


def _form(sheet, grade, amount, applicant="甲单位", counts=None):
    return {"sheet": sheet, "name": sheet, "grade": grade, "amount": amount,
            "applicant": applicant, "counts": counts or {"error": 0, "warning": 0}}


def test_tally_by_unit_leaves_amounts_typed_in_yuan_out():
    tally = DeclarationTally()
    rec = {"declarations": [_form("1", "优", "24"), _form("2", "中", "137584", counts={"error": 1}),
                            _form("3", "差", None, counts={"error": 2}),
                            _form("4", "良", "10", applicant="乙单位")],
           "findings": [{"code": "PX712", "sheet": "2", "message": "元"},
                        {"code": "PX711", "sheet": "3", "message": "0"},
                        {"code": "PX701", "sheet": "3", "message": "空"},
                        {"code": "PX711", "sheet": "4", "message": "0", "decision": "不适用"}]}
    tally.add(rec, "a.xlsx")
    a, b = tally.units["甲单位"], tally.units["乙单位"]
    assert (a.forms, dict(a.grades), str(a.amount), a.yuan_slips, a.errors) == (
        3, {"优": 1, "中": 1, "差": 1}, "24", 1, 3)
    assert dict(a.problems) == {"PX712": 1, "PX711": 1, "PX701": 1}
    assert (b.forms, str(b.amount), dict(b.problems)) == (1, "10", {})  # waived: not a problem
    assert problem_text("SH01", 2, "测算依据未列明测算过程。建议…") == "SH01 测算依据未列明测算过程（2张）"


def test_a_mixed_folder(tmp_path):
    folder = tmp_path / "街道"
    folder.mkdir()
    shutil.copy(EXAMPLE / "申报表.xlsx", folder / "东湖街道2024申报表.xlsx")
    write_workbook(folder / "涞源镇2023自评.xlsx", laiyuan_2023(complete=True))
    res = CliRunner().invoke(main, ["run", str(folder), "--jobs", "1", "--checklist",
                                    str(EXAMPLE / "审核口径.xlsx")])
    assert res.exit_code in (0, 1), res.output
    declared = CalamineWorkbook.from_path(str(folder / "东湖街道2024申报表.xlsx")).sheet_names
    selfeval = CalamineWorkbook.from_path(str(folder / "涞源镇2023自评.xlsx")).sheet_names
    assert "审核意见" in declared and "审核意见" not in selfeval
    [summary] = sorted(folder.glob("perfxl汇总_*.xlsx"))
    book = CalamineWorkbook.from_path(str(summary))
    rows = book.get_sheet_by_name(SHEET).to_python()
    header, body = rows[0], [r for r in rows[1:] if r[0]]
    assert header[:3] == ["单位", "工作簿", "申报表（张）"]
    assert [r[0] for r in body] == ["东湖街道社区服务中心"]
    unit = dict(zip(header, body[0]))
    assert unit["申报表（张）"] == 16
    assert sum(unit[g] for g in ("优", "良", "中", "差")) == 16
    assert unit["工作簿"] == "东湖街道2024申报表.xlsx"
    assert unit["主要问题"] != "未发现问题"


def test_tied_problems_keep_one_order_whatever_the_hash_seed():
    """Codes found on as many forms rank in one order in every process: the summary's bytes must
    not depend on PYTHONHASHSEED (the audit saw 主要问题 change between two runs)."""
    import os
    import subprocess
    import sys

    snippet = (
        "from perfxl.summary.declarations import DeclarationTally\n"
        "t = DeclarationTally()\n"
        "codes = ['PX716', 'PX703', 'PX715', 'PX709', 'PX704', 'PX712']\n"
        "rec = {'declarations': [{'sheet': 'S', 'name': 'P', 'applicant': 'U'}],\n"
        "       'findings': [{'code': c, 'sheet': 'S'} for c in codes]}\n"
        "t.add(rec, 'a.xlsx')\n"
        "print(' '.join(c for c, _ in t.units['U'].problems.most_common()))\n")
    orders = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        out = subprocess.run([sys.executable, "-c", snippet], env=env, capture_output=True,
                             text=True, check=True).stdout.split()
        orders.add(tuple(out))
    assert orders == {("PX703", "PX704", "PX709", "PX712", "PX715", "PX716")}
