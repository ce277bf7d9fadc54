"""新增 / 已解决 since the previous run of the same period: 首次运行 on the first run, a fixed
finding resolved and a planted one new on the next; a re-run over the same files changes nothing
and shows what the summary shows (the last run that saw different files); per unit in 单位汇总
and listed in 问题变化; the store beside the history repaired when damaged."""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner
from tests.helpers.batchfix import configs, sheet
from tests.helpers.rosterfix import town_workbook

from perfxl.batch import run_batch
from perfxl.cli import main
from perfxl.summary.changes import FINDINGS_NAME

SUMMARY = "perfxl汇总_2023-07.xlsx"
WRONG_TOTAL = Decimal("150")  # the list's 预算总金额 ≠ the sum of its rows: one finding


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"CI": "1"})


def units(folder) -> dict[str, list]:
    rows = sheet(folder / SUMMARY, "单位汇总")
    assert rows[0][-2:] == ["新增问题", "已解决问题"]
    return {r[0]: r[-2:] for r in rows[1:]}


def changes(folder) -> list[list]:
    return sheet(folder / SUMMARY, "问题变化")[1:]


def test_first_run_fixed_planted_and_unchanged(tmp_path):
    folder = tmp_path / "报送"
    town_workbook(folder / "甲镇.xlsx", "甲镇人民政府", declared_total=WRONG_TOTAL)
    town_workbook(folder / "乙镇.xlsx", "乙镇")

    first = invoke("run", folder, "--jobs", 1)
    assert first.exit_code in (0, 1), first.output
    assert "本期首次运行" in first.stdout
    assert units(folder) == {"甲镇人民政府": ["首次运行", "首次运行"], "乙镇": ["首次运行", "首次运行"]}
    assert "首次运行" in changes(folder)[0][0]

    # 甲镇 fixes its total, 乙镇 gets it wrong (the files are replaced, as staff hand them in again)
    town_workbook(folder / "甲镇.xlsx", "甲镇 人民政府")
    town_workbook(folder / "乙镇.xlsx", "乙镇", declared_total=WRONG_TOTAL)
    second = invoke("run", folder, "--jobs", 1)
    assert "问题变化（与本期上次运行相比）：新增 1 个，已解决 1 个" in second.stdout
    # the same unit though its name is now written with a space (shown as written this time)
    assert units(folder) == {"甲镇 人民政府": [0.0, 1.0], "乙镇": [1.0, 0.0]}
    listed = {(r[0], r[1], r[2]) for r in changes(folder)}
    assert listed == {("甲镇 人民政府", "已解决", "甲镇.xlsx"), ("乙镇", "新增", "乙镇.xlsx")}
    code = next(r[5] for r in changes(folder))
    assert code.startswith("PX")

    # run again over the same files: the summary the accountant was reading stays as it is
    summary = (folder / SUMMARY).read_bytes()
    for _ in range(2):
        again = invoke("run", folder, "--jobs", 1)
        assert "问题变化（与本期上次运行相比）：新增 1 个，已解决 1 个" in again.stdout
        assert (folder / SUMMARY).read_bytes() == summary


def test_unchanged_reruns_keep_the_summary_and_a_changed_file_compares_with_the_stored(tmp_path):
    folder = tmp_path / "报送"
    town_workbook(folder / "甲镇.xlsx", "甲镇", declared_total=WRONG_TOTAL)
    town_workbook(folder / "乙镇.xlsx", "乙镇")
    first = run_batch([folder], config_for=configs, jobs=1)
    assert first.changes.first_run
    kept = {n: (folder / n).read_bytes() for n in (SUMMARY, FINDINGS_NAME, "perfxl历史.csv")}
    for _ in range(2):  # the second and the third run: byte for byte the same files
        again = run_batch([folder], config_for=configs, jobs=1)
        assert again.changes == first.changes
        assert {n: (folder / n).read_bytes() for n in kept} == kept
    # then 甲镇 fixes its total and 乙镇 gets it wrong: compared with the first run's findings
    town_workbook(folder / "甲镇.xlsx", "甲镇")
    town_workbook(folder / "乙镇.xlsx", "乙镇", declared_total=WRONG_TOTAL)
    changed = run_batch([folder], config_for=configs, jobs=1)
    assert changed.changes.line() == "问题变化（与本期上次运行相比）：新增 1 个，已解决 1 个"
    assert units(folder) == {"甲镇": [0.0, 1.0], "乙镇": [1.0, 0.0]}
    shown = (folder / SUMMARY).read_bytes()
    again = run_batch([folder], config_for=configs, jobs=1)  # its changes, as listed, once more
    assert again.changes == changed.changes and len(again.changes.items) == 2
    assert (folder / SUMMARY).read_bytes() == shown


def test_forced_rerun_of_unchanged_folder_is_0_0(tmp_path):
    folder = tmp_path / "报送"
    town_workbook(folder / "甲镇.xlsx", "甲镇", declared_total=WRONG_TOTAL)
    invoke("run", folder, "--jobs", 1)
    again = invoke("run", folder, "--jobs", 1, "--force")  # redoes everything, the comparison too
    assert "新增 0 个，已解决 0 个" in again.stdout
    assert units(folder) == {"甲镇": [0.0, 0.0]}


def test_a_unit_new_to_the_period_is_its_first_run(tmp_path):
    folder = tmp_path / "报送"
    town_workbook(folder / "甲镇.xlsx", "甲镇")
    invoke("run", folder, "--jobs", 1)
    town_workbook(folder / "乙镇.xlsx", "乙镇", declared_total=WRONG_TOTAL)
    res = invoke("run", folder, "--jobs", 1)
    assert "新增 0 个，已解决 0 个" in res.stdout  # 乙镇's finding is not "new": its first run
    assert units(folder) == {"甲镇": [0.0, 0.0], "乙镇": ["首次运行", "首次运行"]}


def test_damaged_store_is_said_and_rewritten(tmp_path):
    folder = tmp_path / "报送"
    town_workbook(folder / "甲镇.xlsx", "甲镇", declared_total=WRONG_TOTAL)
    invoke("run", folder, "--jobs", 1)
    store = folder / FINDINGS_NAME
    store.write_bytes(b"\xff\xfe\x00garbage")
    res = invoke("run", folder, "--jobs", 1)
    assert res.exit_code == 1, res.output
    assert "已损坏" in res.output and "本期首次运行" in res.stdout
    text = store.read_text(encoding="utf-8-sig")
    assert text.startswith("期间,单位,文件,工作表,单元格,代码,应为,实为,问题")
    assert "本期首次运行" in invoke("run", folder, "--jobs", 1).stdout  # as the summary shows


def test_without_what_the_summary_shows_a_rerun_compares_as_before(tmp_path):
    from perfxl.summary.shown import shown_path

    folder = tmp_path / "报送"
    town_workbook(folder / "甲镇.xlsx", "甲镇", declared_total=WRONG_TOTAL)
    invoke("run", folder, "--jobs", 1)
    kept = shown_path(folder / SUMMARY)
    assert kept.name == ".perfxl汇总_2023-07_问题变化.json"
    kept.write_text("{损坏", encoding="utf-8")  # damaged (or deleted, or of another summary)
    assert "新增 0 个，已解决 0 个" in invoke("run", folder, "--jobs", 1).stdout
    assert units(folder) == {"甲镇": [0.0, 0.0]}
    assert "新增 0 个，已解决 0 个" in invoke("run", folder, "--jobs", 1).stdout  # kept again
