"""Audit defect 9: a folder run never reads its own earlier output. ``perfxl run DIR --output-dir
DIR/out`` then ``perfxl run DIR --output-dir DIR/out2``: the second run checks the original only
(no 重复报送 against out/…), and says once that it skipped DIR/out."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from perfxl.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023" / "完整.xlsx"


def _run(*args) -> str:
    res = CliRunner().invoke(main, ["run", *map(str, args)])
    assert res.exit_code == 0, res.output
    return res.output


def _files_in_summary(folder: Path) -> set[str]:
    (summary,) = folder.glob("perfxl汇总_*.xlsx")
    head, *rows = load_workbook(summary, read_only=True)["汇总"].iter_rows(values_only=True)
    return {r[head.index("文件")] for r in rows}


def test_a_second_run_with_another_output_folder_skips_the_first_ones_copies(tmp_path):
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copyfile(EXAMPLE, folder / "涞源镇2023.xlsx")
    first = _run(folder, "--output-dir", folder / "out")
    assert "跳过" not in first
    second = _run(folder, "--output-dir", folder / "out2")
    assert "重复报送" not in second
    said = [line for line in second.splitlines() if "out" in line and "跳过" in line]
    assert len(said) == 1 and "perfxl" in said[0], second
    assert "共 1 个工作簿" in second
    assert sorted(p.name for p in (folder / "out2").glob("*.xlsx")
                  if not p.name.startswith("perfxl汇总_")) == ["涞源镇2023.xlsx"]
    assert _files_in_summary(folder / "out2") == {"涞源镇2023.xlsx"}
    # and the same output folder again: its own copies are not input either
    again = _run(folder, "--output-dir", folder / "out2")
    assert "重复报送" not in again and "共 1 个工作簿" in again
