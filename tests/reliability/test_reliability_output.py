"""Output safety (issue 7, part 4): text copied from a workbook into perfxl's result sheets, the
standalone ``.perfxl.xlsx`` and the summary workbook is written as text — never as a formula —
and output file names derived from input names cannot leave the output folder.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.helpers.hostile import content
from tests.helpers.hostile.runcli import run_cli
from perfxl.write.sheets import FINDINGS_SHEET, SCORES_SHEET

STARTS = ("=", "+", "-", "@")


def _risky_cells(path: Path, sheets=None) -> list:
    """Every cell of ``sheets`` (all when None) whose text begins like a formula."""
    wb = openpyxl.load_workbook(path)
    found = []
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith(STARTS):
                    found.append((ws.title, c.coordinate, c.value, c.data_type))
    return found


def _assert_all_text(cells: list, must_contain: tuple[str, ...]) -> None:
    values = {v for _, _, v, _ in cells}
    for text in must_contain:  # the injected texts did reach the output (else nothing tested)
        assert text in values, (text, sorted(values)[:20])
    bad = [c for c in cells if c[3] == "f"]
    assert bad == [], bad


def test_result_sheets_hold_injected_text_as_text(tmp_path):
    path = content.injection_text(tmp_path)
    ran = run_cli(["run", str(path)])
    assert ran.code == 0, ran.stdout[-1500:]
    cells = _risky_cells(path, {FINDINGS_SHEET, SCORES_SHEET})
    _assert_all_text(cells, content.INJECTIONS[1:] + (content.INJECTIONS[0] + "x",))
    with zipfile.ZipFile(path) as z:
        wb_xml = z.read("xl/workbook.xml").decode()
    assert "=HYPERLINK" not in wb_xml  # nothing leaked into defined names either


def test_summary_workbook_holds_injected_text_as_text(tmp_path):
    folder = tmp_path / "收件箱"
    folder.mkdir()
    content.injection_text(folder)
    (folder / "=1+1.xlsx").write_bytes((folder / "公式注入.xlsx").read_bytes())
    # a byte copy is a 重复报送 of the same unit (issue 15): the later file counts, so that the
    # name =1+1.xlsx reaches the history too
    later = (folder / "公式注入.xlsx").stat().st_mtime + 60
    os.utime(folder / "=1+1.xlsx", (later, later))
    ran = run_cli(["run", str(folder)])
    assert ran.code == 0, ran.stdout[-1500:]
    summaries = list(folder.glob("perfxl汇总_*.xlsx"))
    assert len(summaries) == 1
    cells = _risky_cells(summaries[0])
    _assert_all_text(cells, content.INJECTIONS[1:] + ("=1+1.xlsx",))
    # the history CSV, which Excel opens too: a leading ' keeps such a cell text
    import csv

    with open(folder / "perfxl历史.csv", encoding="utf-8-sig", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert not [c for c in cells if c.startswith(STARTS)], cells
    for text in content.INJECTIONS[1:] + ("=1+1.xlsx",):
        assert "'" + text in cells, text


def test_standalone_results_of_an_xls_hold_injected_text_as_text(tmp_path):
    import xlwt

    p = tmp_path / "注入.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("项目清单")
    ws.write(0, 0, "项目清单")
    ws.write(1, 0, "单位名称")
    ws.write(1, 1, "=2+3")
    ws.write(2, 0, "项目名称")
    ws.write(2, 1, "@SUM(1,2)")
    wb.save(str(p))
    ran = run_cli(["run", str(p)])
    out = tmp_path / "注入.perfxl.xlsx"
    assert out.is_file(), ran.stdout[-1500:]
    assert [c for c in _risky_cells(out) if c[3] == "f"] == []


# --------------------------------------------------------------------------- output names

HOSTILE_NAMES = ("..\\逃逸.xlsx", "..\\..\\逃逸2.xlsx", "a\\..\\..\\..\\逃逸3.xlsx",
                 "..%2f逃逸4.xlsx", " 前后空格 .xlsx")


@pytest.mark.skipif(os.name != "posix", reason="backslash and such names are POSIX file names")
def test_output_dir_names_cannot_escape(tmp_path):
    from tests.helpers.hostile.build import consistent_spec, simple_plans
    from perfxl.write.template import write_workbook

    src = tmp_path / "a" / "b" / "收件箱"
    src.mkdir(parents=True)
    for name in HOSTILE_NAMES:
        write_workbook(src / name, consistent_spec(simple_plans(1)))
    out = tmp_path / "a" / "b" / "结果"
    before = {p for p in tmp_path.rglob("*")}
    # named one by one: a folder search would skip the names starting with a dot as hidden
    ran = run_cli(["run", "--output-dir", str(out)] + [str(src / n) for n in HOSTILE_NAMES])
    assert ran.code in (0, 1), ran.stdout[-1500:]
    created = {p for p in tmp_path.rglob("*")} - before
    files = [p for p in created if p.is_file() and p.suffix == ".xlsx"]
    assert len(files) == len(HOSTILE_NAMES), sorted(map(str, created))
    for p in files:
        assert p.resolve().parent == out.resolve(), p
    for p in created:
        assert out.resolve() in p.resolve().parents or p.resolve() == out.resolve() \
            or p.name.startswith(".perfxl"), p


@pytest.mark.parametrize("name", ["../x.xlsx", "..\\x.xlsx", "a/../../x.xlsx", "/etc/x.xlsx",
                                  "C:\\Windows\\x.xlsx", "\\\\server\\share\\x.xlsx"])
def test_free_name_stays_in_its_folder(tmp_path, name):
    from perfxl.write.safe import free_name

    dest = free_name(tmp_path, name)
    assert dest.resolve().parent == tmp_path.resolve()
    assert dest.name == "x.xlsx"


@pytest.mark.parametrize("name", ["..", ".", "", "a/..", "..\\"])
def test_free_name_refuses_names_that_are_only_a_folder(tmp_path, name):
    from perfxl.write.safe import free_name

    with pytest.raises(ValueError):
        free_name(tmp_path, name)


def test_output_dir_never_overwrites_a_file_already_there(tmp_path):
    """Two folders with the same file name, and a file of someone else's already in the output
    folder under that name: three files afterwards, the stranger's byte-identical."""
    from tests.helpers.hostile.build import consistent_spec, simple_plans
    from perfxl.write.template import write_workbook

    for sub in ("甲", "乙"):
        (tmp_path / sub).mkdir()
        write_workbook(tmp_path / sub / "单位.xlsx", consistent_spec(simple_plans(1)))
    out = tmp_path / "结果"
    out.mkdir()
    stranger = out / "单位.xlsx"
    stranger.write_bytes(b"someone else's file")
    ran = run_cli(["run", "--output-dir", str(out), "--no-summary", "--jobs", "1",
                   str(tmp_path / "甲"), str(tmp_path / "乙")])  # in parallel: see the race below
    assert ran.code in (0, 1), ran.stdout[-1500:]
    assert stranger.read_bytes() == b"someone else's file"
    written = sorted(p.name for p in out.glob("*.xlsx") if p != stranger)
    assert len(written) == 2, written



def test_a_new_output_file_never_replaces_one_created_meanwhile(tmp_path, monkeypatch):
    """The race of parallel workers, made deterministic: the free name a worker computed was
    taken by another worker just before the write. The file already there must stay."""
    from perfxl.write import safe

    (tmp_path / "单位(2).xlsx").write_bytes(b"the other worker's copy")
    real, calls = safe.free_name, []

    def stale(folder, name):
        calls.append(name)
        return tmp_path / "单位(2).xlsx" if len(calls) == 1 else real(folder, name)

    monkeypatch.setattr(safe, "free_name", stale)
    dest = safe.write_new(tmp_path, "单位.xlsx", b"ours")
    assert (tmp_path / "单位(2).xlsx").read_bytes() == b"the other worker's copy"
    assert dest.read_bytes() == b"ours" and dest.name != "单位(2).xlsx"
    assert [p.name for p in tmp_path.iterdir() if ".perfxl-tmp" in p.name] == []


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_same_named_workbooks_copied_in_parallel_all_arrive(tmp_path, jobs):
    from tests.helpers.hostile.build import consistent_spec, simple_plans
    from perfxl.write.template import write_workbook

    folders = [tmp_path / f"单位{k}" for k in range(6)]
    for folder in folders:
        folder.mkdir()
        write_workbook(folder / "自评.xlsx", consistent_spec(simple_plans(1)))
    out = tmp_path / "结果"
    ran = run_cli(["run", "--output-dir", str(out), "--no-summary", "--jobs", jobs]
                  + [str(f) for f in folders])
    assert ran.code in (0, 1), ran.stdout[-1500:]
    assert len(list(out.glob("*.xlsx"))) == len(folders), sorted(p.name for p in out.iterdir())
