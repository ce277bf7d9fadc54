"""perfxl.frames: the result contract as pandas tables, money exact, pandas only when asked."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import perfxl
from perfxl.pipeline import check_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "涞源镇2023"


def test_the_example_projects_sum_to_the_report_total_exactly():
    t = perfxl.frames(EXAMPLE / "完整.xlsx")
    assert len(t.projects) == 15
    total = t.projects["budget"].sum()
    assert isinstance(total, Decimal) and total == Decimal("144.9552")
    assert all(isinstance(v, Decimal) for v in t.projects["executed"])


def test_the_tables_say_what_the_result_contract_says():
    path = EXAMPLE / "原文.xlsx"
    doc = check_file(path).to_dict()
    t = perfxl.frames(path)
    assert list(t.projects["project"]) == [p["name"] for p in doc["projects"]]
    assert list(t.projects["grade"]) == [p["grade"] for p in doc["projects"]]
    assert len(t.indicators) == sum(len(p["indicators"]) for p in doc["projects"])
    assert list(zip(t.findings["code"], t.findings["cell"])) == [
        (f["code"], f["cell"]) for f in doc["findings"]]
    assert int(t.workbooks["errors"].iloc[0]) == doc["counts"]["error"]


def test_a_folder_gives_every_workbook_and_a_missing_path_is_an_error(tmp_path):
    t = perfxl.frames(EXAMPLE)
    assert len(t.workbooks) == len(list(EXAMPLE.glob("*.xlsx")))
    try:
        perfxl.frames(tmp_path / "没有.xlsx")
    except FileNotFoundError as e:
        assert "不存在" in str(e)
    else:  # pragma: no cover
        raise AssertionError("a missing path must raise")


def test_importing_the_command_line_does_not_import_pandas():
    code = "import sys, perfxl.cli, perfxl; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_analysis_page_runs(monkeypatch):
    """docs/数据分析.md's example is code a reader copies: it must run as written."""
    page = (ROOT / "docs" / "数据分析.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "docs/数据分析.md", "exec"), {})
