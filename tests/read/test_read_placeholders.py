"""Placeholders (`—`, `/`, `无` …) are explicit blanks in every reader (workbook.md, "Bad input").

The shipped example with `—` and `/` typed in the 上年结转资金 and 其他资金 rows of a form (as staff
do on a real one) stays clean; a placeholder where a value is required says so (PX102), never
"not a number" (PX103).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.pipeline import check_file
from perfxl.values import is_placeholder
from tests.helpers.exportfix import Export, write_export

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023" / "完整.xlsx"


@pytest.mark.parametrize("text", ["—", "——", "-", "－", "/", "／", "*", "＊", "无", "不适用",
                                  " — ", "\u3000/", "――", "--"])
def test_what_staff_type_for_nothing_is_a_placeholder(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("value", [None, "", "0", 0, 0.0, "1.5万元", "-1", "无偏差说明", "N/A", "约2万"])
def test_numbers_and_text_are_not_placeholders(value):
    assert not is_placeholder(value)


def _with_placeholders(tmp_path: Path, cells: dict[str, str], sheet: str = "自评表01") -> Path:
    """A copy of the shipped example with ``cells`` of ``sheet`` overwritten (test-only edit)."""
    path = tmp_path / "完整.xlsx"
    shutil.copyfile(EXAMPLE, path)
    wb = openpyxl.load_workbook(path)
    for ref, text in cells.items():
        wb[sheet][ref] = text
    wb.save(path)
    return path


# 上年结转资金 (row 8) and 其他资金 (row 9): 年初预算数 · 全年预算数 · 全年执行数
CARRYOVER_AND_OTHER = {"C8": "—", "D8": "—", "E8": "—", "C9": "/", "D9": "/", "E9": "/"}


def test_dash_and_slash_in_carryover_and_other_rows_leave_the_example_clean(tmp_path):
    path = _with_placeholders(tmp_path, CARRYOVER_AND_OTHER)
    result = check_file(path)
    assert [f.code for f in result.findings] == []
    res = CliRunner().invoke(main, ["check", str(path)])
    assert res.exit_code == 0, res.output
    assert "未发现问题" in res.output


def test_placeholder_where_a_value_is_required_is_px102_naming_the_placeholder(tmp_path):
    path = _with_placeholders(tmp_path, {"D6": "/"})  # 年度资金总额的全年预算数
    findings = [f for f in check_file(path).findings if f.sheet == "自评表01" and f.cell == "D6"]
    assert [f.code for f in findings] == ["PX102"]
    assert "占位符“/”" in findings[0].message
    assert findings[0].actual == "/"


@pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
def test_placeholders_in_an_export_declaration_monitoring_and_selfeval_are_blanks(tmp_path, suffix):
    """The 申报表, 执行监控表 and 自评表 of a system export read `—` and `/` as blanks too."""
    plain = Export(selfeval="filled")
    dashed = plain.with_(carryover="—", other="/")
    baseline = check_file(write_export(tmp_path / f"plain{suffix}", plain))
    result = check_file(write_export(tmp_path / f"dashed{suffix}", dashed))
    assert not [f for f in result.findings if f.actual in ("—", "/")]
    assert sorted((f.code, f.sheet, f.cell) for f in result.findings) == sorted(
        (f.code, f.sheet, f.cell) for f in baseline.findings)
