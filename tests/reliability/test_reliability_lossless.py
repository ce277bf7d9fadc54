"""Nothing lost: after ``perfxl run`` over the whole hostile corpus every file is byte-identical
or (when perfxl wrote its result sheets into it) its original parts are byte-identical and its
original sheets read back cell for cell; the batch goes on past every bad file (issue 7, part 2).
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.hostile import content, corpus

from tests.helpers.hostile.build import consistent_spec, land_plan, relayout, simple_plans
from tests.helpers.hostile.oracle import NEW, OLD, readable, version
from tests.helpers.hostile.runcli import run_cli
from perfxl.write.template import write_workbook

from decimal import Decimal as D

GOOD = ("龥好的工作簿1.xlsx", "龥好的工作簿2.xlsx")  # sort after every corpus file
PERFXL_OUTPUTS = (".perfxl-manifest.json", "perfxl历史.csv", "perfxl问题记录.csv")  # + 新增/已解决 (issue 15)


def corpus_folder(folder: Path) -> dict[str, str]:
    """Every fast corpus file plus two good workbooks; name → kind (raw/readable/content/good)."""
    folder.mkdir(exist_ok=True)
    kinds = {}
    for makers, kind in ((corpus.RAW_MAKERS, "raw"), (corpus.READABLE_MAKERS, "readable"),
                         (content.CONTENT_MAKERS, "content")):
        for make in makers.values():
            kinds[make(folder).name] = kind
    for i, name in enumerate(GOOD):
        plans = simple_plans(2, seed=i) + [land_plan("土地项目", [D("1.8")])]
        write_workbook(folder / name, consistent_spec(plans))
        kinds[name] = "good"
    return kinds


def _is_perfxl_output(name: str) -> bool:
    return (name in PERFXL_OUTPUTS or name.startswith(("perfxl汇总_", ".perfxl汇总_"))
            or name.endswith(".perfxl.xlsx"))


def test_run_over_the_corpus_loses_nothing(tmp_path):
    folder = tmp_path / "收件箱"
    kinds = corpus_folder(folder)
    before = {name: (folder / name).read_bytes() for name in kinds}

    ran = run_cli(["run", str(folder)], timeout=180)
    assert ran.code == 2, (ran.code, ran.stdout[-1500:], ran.stderr[-1500:])  # bad files seen
    assert "Traceback" not in ran.stdout + ran.stderr

    versions = {}
    for name, old in before.items():
        path = folder / name
        assert path.exists(), f"{name} disappeared"
        versions[name] = version(old, path.read_bytes(), cells=kinds[name] != "readable")
    for name, kind in kinds.items():
        if kind == "raw" or name.endswith(".xls"):
            assert versions[name] == OLD, name
        else:  # readable: perfxl wrote its sheets, past every bad file before it
            assert versions[name] == NEW, name
            readable(folder / name)
    assert (folder / "旧格式.perfxl.xlsx").is_file()  # .xls results go beside it
    extra = {p.name for p in folder.iterdir()} - set(kinds)
    assert all(_is_perfxl_output(n) for n in extra), extra  # no temp files left behind


def test_check_over_the_corpus_writes_nothing(tmp_path):
    folder = tmp_path / "收件箱"
    kinds = corpus_folder(folder)
    before = {name: (folder / name).read_bytes() for name in kinds}
    ran = run_cli(["check", "--format", "json", str(folder)], timeout=180)
    assert ran.code == 2 and "Traceback" not in ran.stdout + ran.stderr
    for name, old in before.items():
        assert (folder / name).read_bytes() == old, name
    extra = {p.name for p in folder.iterdir()} - set(kinds)
    assert all(_is_perfxl_output(n) and not n.endswith(".xlsx") for n in extra), extra


def test_a_workbook_saved_by_openpyxl_gets_its_result_sheets(tmp_path):
    path = tmp_path / "openpyxl保存.xlsx"
    write_workbook(path, consistent_spec(simple_plans(2)))
    relayout(path)  # load + save with openpyxl, nothing else
    old = path.read_bytes()
    ran = run_cli(["run", str(path)])
    assert ran.code == 0, ran.stdout[-800:]
    assert version(old, path.read_bytes()) == NEW


def test_a_users_own_sheet_named_like_ours_is_never_replaced(tmp_path):
    """A sheet the user called 校验结果 (here: the instructions) and a sheet name with a quote,
    an ampersand and angle brackets: run twice, the user's sheets stay cell for cell."""
    from tests.helpers.hostile.oracle import sheets_of

    spec = consistent_spec(simple_plans(2))
    spec.instructions_sheet = "校验结果"
    spec.projects[0].sheet = "自评表'01 & <x>"
    path = tmp_path / "同名工作表.xlsx"
    write_workbook(path, spec)
    old = sheets_of(path.read_bytes())
    for _ in range(2):
        ran = run_cli(["run", "--force", str(path)])
        assert ran.code == 0, ran.stdout[-1500:]
        now = sheets_of(path.read_bytes())
        assert list(now)[: len(old)] == list(old)
        assert all(now[name] == cells for name, cells in old.items())
        assert len(now) == len(old) + 2, list(now)  # ours replaced, not piled up


def test_macros_survive_byte_for_byte(tmp_path):
    """An .xlsm keeps its VBA project (any bytes: perfxl must not even look) and stays .xlsm."""
    import xlsxwriter

    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(bytes(range(256)) * 40)
    path = tmp_path / "带宏.xlsm"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_vba_project(str(vba))
    wb.add_worksheet("项目清单").write("A1", "项目清单")
    wb.close()
    old = path.read_bytes()
    ran = run_cli(["run", str(path)])
    assert ran.code == 1, ran.stdout[-1500:]  # findings: this is no standard workbook
    assert version(old, path.read_bytes()) == NEW
    import zipfile

    with zipfile.ZipFile(path) as z:
        assert z.read("xl/vbaProject.bin") == vba.read_bytes()
        assert b"macroEnabled" in z.read("[Content_Types].xml")
