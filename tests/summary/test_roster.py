"""The roster (``--roster`` / ``[batch] roster``): 未报送单位 in the summary and on the terminal,
names matched with the one unit-name normaliser, 不在名单中 for a unit not on it, an unusable
roster refused before any workbook is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.helpers.batchfix import sheet
from tests.helpers.rosterfix import roster_xlsx, town_workbook

from perfxl.cli import main
from perfxl.summary.roster import Roster, RosterError, check_roster, read_roster
from perfxl.values import unit_key

SUMMARY = "perfxl汇总_2023-07.xlsx"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"CI": "1"})


def two_towns(folder):
    town_workbook(folder / "甲镇2023自评.xlsx", "甲镇人民政府")
    town_workbook(folder / "乙镇2023自评.xlsx", "乙镇")
    return folder


def test_missing_unit_in_summary_sheet_and_on_terminal(tmp_path):
    folder = two_towns(tmp_path / "报送")
    roster = roster_xlsx(tmp_path / "单位名单.xlsx", ["甲镇人民政府", "乙镇人民政府", "丙镇人民政府"])
    res = invoke("run", folder, "--jobs", 1, "--roster", roster)
    assert res.exit_code == 0, res.output
    assert "未报送单位 1 个（名单共 3 个）：丙镇人民政府" in res.stdout
    rows = sheet(folder / SUMMARY, "未报送单位")
    assert rows[0][:2] == ["单位", "情况"]
    assert [r[:2] for r in rows[1:]] == [["丙镇人民政府", "未报送"]]


def test_width_spaces_and_suffix_variants_match(tmp_path):
    folder = tmp_path / "报送"
    town_workbook(folder / "a.xlsx", "甲镇 人民政府")  # a space
    town_workbook(folder / "b.xlsx", "ＡＢ镇")  # full width letters
    town_workbook(folder / "c.xlsx", "丙镇（人民政府）")
    roster = roster_xlsx(tmp_path / "名单.xlsx", ["甲镇", "AB镇人民政府", "丙 镇"])
    res = invoke("run", folder, "--jobs", 1, "--roster", roster)
    assert res.exit_code == 0, res.output
    assert "名单中的 3 个单位均已报送" in res.stdout
    assert "不在名单中" not in res.stdout
    assert unit_key("ＡＢ镇 人民政府") == unit_key("AB镇") == "AB镇"


def test_unit_not_on_roster_is_listed(tmp_path):
    folder = two_towns(tmp_path / "报送")
    roster = tmp_path / "名单.txt"
    roster.write_text("单位名称\n\n甲镇\n", encoding="utf-8")
    res = invoke("check", folder, "--jobs", 1, "--roster", roster, "--summary-dir", tmp_path / "汇总")
    assert res.exit_code == 0, res.output
    assert "不在名单中：乙镇（乙镇2023自评.xlsx）" in res.stdout
    rows = sheet(tmp_path / "汇总" / SUMMARY, "未报送单位")
    assert rows[1] == ["乙镇", "不在名单中", "乙镇2023自评.xlsx"]


def test_batch_roster_setting_is_relative_to_the_config_file(tmp_path):
    folder = two_towns(tmp_path / "报送")
    (tmp_path / "名单").mkdir()
    roster_xlsx(tmp_path / "名单" / "单位名单.xlsx", ["甲镇", "乙镇", "丁镇"])
    (folder / "perfxl.toml").write_text('[batch]\nroster = "../名单/单位名单.xlsx"\n',
                                        encoding="utf-8")
    res = invoke("run", folder, "--jobs", 1)
    assert res.exit_code == 0, res.output
    assert "未报送单位 1 个（名单共 3 个）：丁镇" in res.stdout


def test_unknown_batch_key_is_a_chinese_usage_error(tmp_path):
    folder = two_towns(tmp_path / "报送")
    (folder / "perfxl.toml").write_text('[batch]\nrooster = "x.xlsx"\n', encoding="utf-8")
    res = invoke("run", folder, "--jobs", 1)
    assert res.exit_code == 2
    assert "[batch] 中“rooster”不是可用的设置项" in res.output


@pytest.mark.parametrize("make", ["missing", "empty", "not_a_workbook"])
def test_unusable_roster_exits_2_before_any_workbook_is_read(tmp_path, make):
    folder = two_towns(tmp_path / "报送")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    roster = tmp_path / "名单.xlsx"
    if make == "empty":
        roster = tmp_path / "名单.txt"
        roster.write_text("单位名称\n\n", encoding="utf-8")
    elif make == "not_a_workbook":
        roster.write_bytes(b"this is no zip")
    res = invoke("run", folder, "--jobs", 1, "--roster", roster)
    assert res.exit_code == 2
    assert "单位名单" in res.output
    # nothing was read or written: no results, no summary, no manifest
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_read_roster_columns_and_header(tmp_path):
    path = roster_xlsx(tmp_path / "r.xlsx", ["甲镇", "乙镇", "甲镇 "], header="单位名称")
    assert read_roster(path).names == ("甲镇", "乙镇")
    path = roster_xlsx(tmp_path / "r2.xlsx", ["甲镇", "乙镇"], header=None)
    assert read_roster(path).names == ("甲镇", "乙镇")
    gbk = tmp_path / "r.csv"
    gbk.write_bytes("单位名称\r\n甲镇\r\n".encode("gb18030"))
    assert read_roster(gbk).names == ("甲镇",)
    with pytest.raises(RosterError):
        read_roster(tmp_path / "r.docx")


def test_failed_file_names_no_unit():
    check = check_roster(Roster(Path("名单.txt"), ("甲镇",)),
                         [{"status": "error", "unit": None, "path": "x.xlsx", "rel": "x.xlsx"}])
    assert check.missing == ["甲镇"] and check.unlisted == []
