"""Configuration: perfxl.toml / [tool.perfxl] found upward, select/ignore by code prefix."""

from pathlib import Path

import pytest

from perfxl.config import Config, ConfigError, find_config, load_config, resolve_config


def test_default_config_enables_every_rule():
    cfg = Config()
    assert cfg.is_enabled("PX101") and cfg.is_enabled("PX508")


def test_ignore_by_code_and_prefix():
    cfg = Config(ignore=("PX304", "PX4"))
    assert not cfg.is_enabled("PX304")
    assert not cfg.is_enabled("PX401")
    assert cfg.is_enabled("PX301")


def test_select_prefix_limits_rules_and_longer_ignore_wins():
    cfg = Config(select=("PX2",), ignore=("PX206",))
    assert cfg.is_enabled("PX201")
    assert not cfg.is_enabled("PX206")
    assert not cfg.is_enabled("PX301")


def test_longer_select_overrides_shorter_ignore():
    cfg = Config(select=("ALL", "PX304"), ignore=("PX3",))
    assert cfg.is_enabled("PX304")
    assert not cfg.is_enabled("PX301")


def test_perfxl_toml_found_upward_from_workbook_folder(tmp_path: Path):
    (tmp_path / "perfxl.toml").write_text('ignore = ["PX304"]\nframework = "common"\n',
                                         encoding="utf-8")
    sub = tmp_path / "单位" / "2023"
    sub.mkdir(parents=True)
    wb = sub / "工作簿.xlsx"
    wb.write_bytes(b"")
    assert find_config(wb) == tmp_path / "perfxl.toml"
    cfg = resolve_config(wb)
    assert cfg.framework == "common" and not cfg.is_enabled("PX304")


def test_pyproject_tool_table_is_used(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.perfxl]\nselect = ["PX3"]\n[tool.perfxl.settings]\nland_rate = 1200\n',
        encoding="utf-8")
    cfg = load_config(find_config(tmp_path))
    assert cfg.select == ("PX3",)
    assert cfg.settings == {"land_rate": 1200}


def test_pyproject_without_tool_table_is_skipped(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) != tmp_path / "pyproject.toml"


def test_command_line_overrides_file(tmp_path: Path):
    (tmp_path / "perfxl.toml").write_text('ignore = ["PX304"]\n', encoding="utf-8")
    cfg = resolve_config(tmp_path, select=["PX2"], ignore=["PX206"], framework="common")
    assert cfg.select == ("PX2",)
    assert cfg.ignore == ("PX304", "PX206")
    assert cfg.framework == "common"


def test_unknown_key_is_a_clear_error(tmp_path: Path):
    (tmp_path / "perfxl.toml").write_text('selcet = ["PX2"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="未知的设置项：selcet"):
        load_config(tmp_path / "perfxl.toml")


def test_broken_toml_is_a_clear_error(tmp_path: Path):
    (tmp_path / "perfxl.toml").write_text('select = [\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="无法读取"):
        load_config(tmp_path / "perfxl.toml")


def test_digest_changes_with_settings():
    assert Config().digest() == Config().digest()
    assert Config().digest() != Config(settings={"land_rate": 1200}).digest()


# --------------------------------------------------------------------------- [severity]

from perfxl.findings import Severity  # noqa: E402


def test_severity_table_in_english_or_chinese(tmp_path: Path):
    (tmp_path / "perfxl.toml").write_text(
        '[severity]\nPX304 = "error"\npx410 = "警告"\nPX205 = "提示"\nPX201 = "Warning"\n',
        encoding="utf-8")
    cfg = load_config(tmp_path / "perfxl.toml")
    assert cfg.severity == {"PX304": Severity.ERROR, "PX410": Severity.WARNING,
                            "PX205": Severity.INFO, "PX201": Severity.WARNING}


def test_severity_table_under_tool_perfxl(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.perfxl.severity]\nPX304 = "info"\n',
                                             encoding="utf-8")
    assert load_config(tmp_path / "pyproject.toml").severity == {"PX304": Severity.INFO}


@pytest.mark.parametrize("entry, named", [('PX304 = "fatal"', "PX304"), ('PX304 = 1', "PX304"),
                                          ('bad = "error"', "bad"), ('PX30 = "error"', "PX30")])
def test_bad_severity_entry_is_a_chinese_error_naming_it(tmp_path: Path, entry, named):
    (tmp_path / "perfxl.toml").write_text(f"[severity]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=named) as e:
        load_config(tmp_path / "perfxl.toml")
    assert "[severity]" in str(e.value)


def test_severity_that_is_not_a_table_is_an_error(tmp_path: Path):
    (tmp_path / "perfxl.toml").write_text('severity = "error"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="severity"):
        load_config(tmp_path / "perfxl.toml")


def test_digest_changes_with_severity():
    assert Config().digest() != Config(severity={"PX304": Severity.ERROR}).digest()
    assert (Config(severity={"PX304": Severity.ERROR}).digest()
            != Config(severity={"PX304": Severity.INFO}).digest())


def test_batch_roster_is_relative_to_the_config_file_and_not_in_the_digest(tmp_path: Path):
    (tmp_path / "perfxl.toml").write_text('[batch]\nroster = "名单/单位名单.xlsx"\n',
                                          encoding="utf-8")
    cfg = load_config(tmp_path / "perfxl.toml")
    assert cfg.roster == tmp_path / "名单" / "单位名单.xlsx"
    assert cfg.digest() == Config().digest()  # the roster does not change a workbook's results
    assert Config().roster is None  # default: no roster
    (tmp_path / "pyproject.toml").write_text('[tool.perfxl.batch]\nroster = "r.txt"\n',
                                             encoding="utf-8")
    assert load_config(tmp_path / "pyproject.toml").roster == tmp_path / "r.txt"


@pytest.mark.parametrize("table, named", [('[batch]\nrooster = "x"\n', "“rooster”"),
                                          ('[batch]\nroster = 3\n', "roster = “3”"),
                                          ('batch = 1\n', "batch 应是一个表")])
def test_bad_batch_entry_is_a_chinese_error_naming_it(tmp_path: Path, table, named):
    (tmp_path / "perfxl.toml").write_text(table, encoding="utf-8")
    with pytest.raises(ConfigError, match=named):
        load_config(tmp_path / "perfxl.toml")
