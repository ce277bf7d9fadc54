"""Issue 15, bad input: a file that vanishes mid-run, a file another program holds exclusively,
and the known bad files (encrypted, truncated zip, text named .xlsx, .xls, ``~$`` owner file)
beside a salary workbook — each named with its reason in Chinese, nothing else affected, exit
code 2 only for the files that could not be read, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from perfxl.batch import run_batch
from perfxl.cli import main
from perfxl.config import Config
from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook
from tests.helpers.batchfix import BAD, GOOD, build_folder, checksums

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"CI": "1"})


class DeleteAfterFirst:
    """Progress listener that deletes ``victim`` once the first workbook is done: the file was
    found by the search and is gone when its turn comes."""

    def __init__(self, victim: Path):
        self.victim = victim

    def update(self, rec, failed):
        self.victim.unlink(missing_ok=True)

    def close(self):
        pass


def test_a_file_that_vanishes_mid_run_is_named_with_its_reason(tmp_path):
    for write in (True, False):
        folder = tmp_path / ("run" if write else "check")
        folder.mkdir()
        for name in ("a.xlsx", "b.xlsx"):
            write_workbook(folder / name, laiyuan_2023(complete=True))
        out = run_batch([folder], config_for=lambda p: Config(), jobs=1, write=write,
                        progress=DeleteAfterFirst(folder / "b.xlsx"), summary=False)
        first, gone = list(out.records)
        assert first["rel"] == "a.xlsx" and not first["error"]
        assert gone["rel"] == "b.xlsx" and "b.xlsx" in gone["error"]
        assert "找不到文件" in gone["error"] and "No such file" not in gone["error"]
        assert out.exit_code == 2


def test_a_file_held_exclusively_is_named_in_chinese(tmp_path, monkeypatch):
    from perfxl.write import safe

    path = tmp_path / "独占.xlsx"
    write_workbook(path, laiyuan_2023(complete=True))
    real = safe.read_snapshot

    def held(p, *a, **k):
        if Path(p).name == path.name:
            raise PermissionError(13, "Permission denied", str(p))
        return real(p, *a, **k)

    monkeypatch.setattr(safe, "read_snapshot", held)
    res = invoke("run", path)
    assert res.exit_code == 2
    assert "没有权限读取“独占.xlsx”" in res.stdout and "Permission denied" not in res.stdout


def test_bad_files_beside_a_salary_workbook(tmp_path):
    from tests.helpers.batchfix import make_xls

    folder = build_folder(tmp_path / "绩效")
    make_xls(folder / "旧格式.xls")
    salary = folder / "工资表.xlsx"
    import xlsxwriter

    book = xlsxwriter.Workbook(str(salary))
    book.add_worksheet("工资").write_row(0, 0, ["姓名", "合计"])
    book.close()
    untouched = BAD + ("~$别的表.xlsx", "工资表.xlsx", "旧格式.xls")
    before = checksums(folder, untouched)
    res = invoke("run", folder, "--jobs", 2, "--format", "json")
    assert "Traceback" not in res.output
    assert res.exit_code == 2  # the unreadable files, not the salary workbook
    docs = {d["rel"]: d for d in map(json.loads, res.stdout.splitlines())}
    assert "~$别的表.xlsx" not in docs
    for name in BAD:
        assert docs[name]["error"] and CHINESE.search(docs[name]["error"]), docs[name]
    assert docs["工资表.xlsx"]["status"] == "unrecognised" and not docs["工资表.xlsx"]["error"]
    assert docs["旧格式.xls"]["status"] == "written"  # a 项目清单: ours, results beside it
    assert docs[GOOD]["status"] == "written"
    assert checksums(folder, untouched) == before
    for name in BAD:
        (folder / name).unlink()
    again = invoke("run", folder, "--jobs", 2)
    assert again.exit_code == 1, again.output  # WITH_ERRORS has error findings; nothing is 2
