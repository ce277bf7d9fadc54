"""run_file: check then write back — and the original is intact whenever anything goes wrong."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import perfxl.runner as runner
from perfxl.api import WorkbookResult
from perfxl.cli import main
from perfxl.discover import TEMP_MARK
from perfxl.write import safe
from perfxl.write.selfcheck import check_package
from tests.helpers.write_fixtures import make_rich_workbook, sample_result

pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
REPO = Path(__file__).resolve().parents[1]  # the subprocess imports tests.helpers from here


@pytest.fixture
def wb(tmp_path) -> Path:
    return make_rich_workbook(tmp_path / "涞源镇2023年度绩效自评.xlsx")


@pytest.fixture
def fake_check(monkeypatch):
    """The reader/scorer are someone else's: feed run_file a hand-made result."""
    calls = []

    def check(path, config=None, data=None):
        calls.append(Path(path))
        return sample_result(Path(path))

    monkeypatch.setattr(runner, "check_file", check)
    return calls


def sheetnames(p: Path) -> list[str]:
    return openpyxl.load_workbook(p).sheetnames


def no_temp_left(folder: Path) -> bool:
    return not any(TEMP_MARK in p.name for p in folder.iterdir())


def test_written_into_the_workbook(wb, fake_check):
    out = runner.run_file(wb)
    assert (out.status, out.output) == (runner.WRITTEN, wb)
    assert "校验结果" in out.message and out.result.findings
    assert sheetnames(wb)[-2:] == ["校验结果", "评分结果"]
    assert check_package(wb.read_bytes()) == [] and no_temp_left(wb.parent)


def test_running_twice_leaves_one_of_each(wb, fake_check):
    runner.run_file(wb)
    runner.run_file(wb)
    assert sheetnames(wb) == ["项目清单", "自评表01", "自评表02", "土地流转明细", "校验结果", "评分结果"]


def test_locked_file_is_skipped_untouched(wb, fake_check):
    before = wb.read_bytes()
    (wb.parent / ("~$" + wb.name[2:])).write_bytes(b"owner")
    out = runner.run_file(wb)
    assert out.status == runner.SKIPPED_LOCKED and out.output is None
    assert "打开" in out.message and out.result is not None  # the check still reported
    assert wb.read_bytes() == before


def test_source_changed_during_the_run_is_not_replaced(wb, monkeypatch):
    def check_while_user_saves(path, config=None, data=None):
        data = wb.read_bytes()
        wb.write_bytes(data + b"")  # same bytes, new mtime …
        wb.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # … and a different byte
        return sample_result(path)

    monkeypatch.setattr(runner, "check_file", check_while_user_saves)
    out = runner.run_file(wb)
    saved = wb.read_bytes()
    assert out.status == runner.SKIPPED_CHANGED and "修改" in out.message
    assert wb.read_bytes() == saved and no_temp_left(wb.parent)


def test_failure_between_temp_write_and_replace(wb, fake_check, monkeypatch):
    before = wb.read_bytes()

    def power_cut(tmp, target):
        raise OSError(5, "设备错误")

    monkeypatch.setattr(safe, "_before_replace", power_cut)
    out = runner.run_file(wb)
    assert out.status == runner.ERROR and "未改动" in out.message
    assert wb.read_bytes() == before and no_temp_left(wb.parent)


def test_selfcheck_failure_blocks_the_replace(wb, fake_check, monkeypatch):
    import perfxl.write.selfcheck as sc

    before = wb.read_bytes()
    monkeypatch.setattr(sc, "check_package", lambda data, **kw: ["工作表名称重复：X"])
    out = runner.run_file(wb)
    assert out.status == runner.ERROR and "自检" in out.message
    assert wb.read_bytes() == before


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    import perfxl.runner as runner
    from perfxl.write import safe
    from tests.helpers.write_fixtures import sample_result
    runner.check_file = lambda p, c=None, data=None: sample_result(Path(p))
    where = sys.argv[2]
    if where == "before-replace":
        safe._before_replace = lambda tmp, target: os.kill(os.getpid(), signal.SIGKILL)
    else:
        real = os.replace
        def replace_then_die(a, b):
            real(a, b)
            os.kill(os.getpid(), signal.SIGKILL)
        safe.os.replace = replace_then_die
    runner.run_file(Path(sys.argv[1]))
    print("not killed")
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX-only")
@pytest.mark.parametrize("where", ["before-replace", "after-replace"])
def test_killed_process_leaves_old_or_new_file(wb, where, fake_check):
    before = wb.read_bytes()
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT.format(tests=str(REPO)), str(wb),
                           where], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    if where == "before-replace":
        assert wb.read_bytes() == before
        assert not no_temp_left(wb.parent)  # the durable temp is left behind …
    else:
        assert wb.read_bytes() != before and check_package(wb.read_bytes()) == []
        assert sheetnames(wb)[-2:] == ["校验结果", "评分结果"]
    out = runner.run_file(wb)  # … and the next run cleans it up and succeeds
    assert out.status == runner.WRITTEN and no_temp_left(wb.parent)
    assert sheetnames(wb)[-2:] == ["校验结果", "评分结果"]


def test_output_dir_writes_checked_copies(wb, fake_check, tmp_path):
    before = wb.read_bytes()
    dest = tmp_path / "结果"
    first = runner.run_file(wb, output_dir=dest)
    second = runner.run_file(wb, output_dir=dest)
    assert first.output == dest / wb.name
    assert second.output == dest / (wb.stem + "(2).xlsx")
    assert wb.read_bytes() == before
    assert sheetnames(first.output)[-2:] == ["校验结果", "评分结果"]


def test_output_dir_ignores_a_lock_on_the_original(wb, fake_check, tmp_path):
    (wb.parent / ("~$" + wb.name)).write_bytes(b"owner")
    out = runner.run_file(wb, output_dir=tmp_path / "out")
    assert out.status == runner.WRITTEN


def test_backup_keeps_the_previous_file(wb, fake_check):
    before = wb.read_bytes()
    out = runner.run_file(wb, backup=True)
    backups = list((wb.parent / safe.BACKUP_DIR).iterdir())
    assert out.status == runner.WRITTEN and "备份" in out.message
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_xls_is_never_written(tmp_path, fake_check):
    xls = tmp_path / "一体化导出.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    before = xls.read_bytes()
    out = runner.run_file(xls)
    assert out.status == runner.WRITTEN
    assert out.output == tmp_path / "一体化导出.perfxl.xlsx" and ".perfxl.xlsx" in out.message
    assert xls.read_bytes() == before
    book = openpyxl.load_workbook(out.output)
    assert book.sheetnames == ["校验结果", "评分结果"]
    assert book["校验结果"]["A1"].value == "严重程度"
    assert book["评分结果"]["C2"].number_format == "0.0000"
    formula_like = [c.value for c in book["校验结果"]["E"] if c.value and c.value.startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in book["校验结果"]["E"] if c.value)
    assert runner.run_file(xls).output == out.output  # our own result file is updated in place


def test_protected_workbook_gets_a_separate_result_file(wb, fake_check):
    src = zipfile.ZipFile(wb)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"<bookViews>", b'<workbookProtection lockStructure="1"/>'
                                                    b"<bookViews>")
            z.writestr(info, data)
    wb.write_bytes(buf.getvalue())
    before = wb.read_bytes()
    out = runner.run_file(wb)
    assert out.status == runner.WRITTEN and "结构受保护" in out.message
    assert out.output.name.endswith(".perfxl.xlsx") and wb.read_bytes() == before


def test_unreadable_workbook_is_reported_not_written(wb, monkeypatch):
    before = wb.read_bytes()
    monkeypatch.setattr(runner, "check_file",
                        lambda p, c=None, data=None: WorkbookResult(path=p, error="文件已加密"))
    out = runner.run_file(wb)
    assert out.status == runner.UNREADABLE and "文件已加密" in out.message
    assert wb.read_bytes() == before


def test_missing_file_is_an_outcome_not_an_exception(tmp_path):
    out = runner.run_file(tmp_path / "没有这个文件.xlsx")
    assert out.status == runner.UNREADABLE and out.output is None


def test_cli_run_exit_codes(wb, fake_check, monkeypatch):
    res = CliRunner().invoke(main, ["run", str(wb)])
    assert res.exit_code == 1, res.output  # the sample result has error findings
    assert "已在" in res.output and "校验结果" in res.output
    clean = sample_result(wb)
    clean.findings = []
    monkeypatch.setattr(runner, "check_file", lambda p, c=None, data=None: clean)
    assert CliRunner().invoke(main, ["run", str(wb)]).exit_code == 0
    (wb.parent / ("~$" + wb.name)).write_bytes(b"owner")
    res = CliRunner().invoke(main, ["run", str(wb)])
    assert res.exit_code == 2 and "跳过" in res.output


def test_real_pipeline_writes_back(wb):
    """With the real reader and rules (whatever they find in this fixture), the write works."""
    out = runner.run_file(wb)
    assert out.status == runner.WRITTEN, out.message
    assert sheetnames(wb)[-2:] == ["校验结果", "评分结果"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_result_cleanly(wb, fake_check, tmp_path):
    runner.run_file(wb)
    outdir = tmp_path / "csv"
    outdir.mkdir()
    # sheet parameter -1 exports every sheet to its own CSV (LibreOffice ≥ 7.2)
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,"
                           "true,false,false,false,-1", "--outdir", str(outdir), str(wb)],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    csvs = {p.name: p.read_text(encoding="utf-8") for p in outdir.iterdir()}
    findings = next(t for n, t in csvs.items() if "校验结果" in n)
    assert "PX201" in findings and "144.9552" in findings and "=SUM(A1)" in findings
    scores = next(t for n, t in csvs.items() if "评分结果" in n)
    assert "项目1" in scores


LOOP_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    import perfxl.runner as runner
    from tests.helpers.write_fixtures import sample_result
    runner.check_file = lambda p, c=None, data=None: sample_result(Path(p))
    print("ready", flush=True)
    while True:
        runner.run_file(Path(sys.argv[1]))
""")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX-only")
def test_kill_at_random_moments_never_leaves_a_broken_file(wb, fake_check):
    """A writer looping run_file is killed at random moments; the workbook is always a sound
    package — the original, or one with exactly one 校验结果 and one 评分结果."""
    import random
    import time

    rng = random.Random(4)
    original = wb.read_bytes()
    for _ in range(int(os.environ.get("PERFXL_FAULT_LOOPS", "6"))):
        proc = subprocess.Popen([sys.executable, "-c", LOOP_SCRIPT.format(tests=str(REPO)),
                                 str(wb)], stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0, 0.3))
        proc.kill()
        proc.wait()
        data = wb.read_bytes()
        assert data == original or check_package(data) == []
        names = sheetnames(wb)
        assert names.count("校验结果") <= 1 and names.count("评分结果") <= 1
        assert names[:4] == ["项目清单", "自评表01", "自评表02", "土地流转明细"]
    out = runner.run_file(wb)
    assert out.status == runner.WRITTEN and no_temp_left(wb.parent)
