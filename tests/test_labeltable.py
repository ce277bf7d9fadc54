"""The label table: shipped as data, extended in perfxl.toml, checked before any workbook is read."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.config import ConfigError, load_config
from perfxl.labeltable import SHIPPED, LabelTableError, parse_table, word_key
from perfxl.pipeline import check_file
from perfxl.read import labels as L
from perfxl.read import read_workbook
from tests.helpers.readfix.build import standard_form, write_workbook

PACKAGE = Path(__file__).resolve().parents[1] / "perfxl"


def test_the_table_ships_in_the_package_and_is_what_the_readers_use():
    text = resources.files("perfxl").joinpath("labels.toml").read_text(encoding="utf-8")
    assert parse_table(tomllib.loads(text), "labels.toml").groups == SHIPPED.groups
    assert L.FUND_ROWS is SHIPPED.group("form.money_rows")
    assert L.PROJECT_NAME == SHIPPED.words("form.fields", "project_name")
    assert "labels.toml" in (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")


def test_words_are_stored_as_cells_are_compared():
    assert word_key("其中：本年财政拨款") == "本年财政拨款"
    assert word_key("预算执行情况（10分）") == "预算执行情况"
    assert word_key(" 全年预算数(万元) ") == "全年预算数"


def test_no_label_word_is_written_in_the_label_module():
    """The readers' label module holds matching helpers, not words: the words are data."""
    code = (PACKAGE / "read" / "labels.py").read_text(encoding="utf-8")
    literals = re.findall(r'^[A-Z_]+ = \(?"', code, flags=re.M)
    assert literals == ['INSTRUCTIONS_SHEET = "']  # a sheet name, not a cell label


def _config(tmp_path: Path, body: str):
    path = tmp_path / "perfxl.toml"
    path.write_text(body, encoding="utf-8")
    return load_config(path)


def test_perfxl_toml_adds_words_to_a_meaning(tmp_path):
    cfg = _config(tmp_path, '[labels.form.money_rows]\nfiscal = ["本级财政资金"]\n')
    assert cfg.labels.words("form.money_rows", "fiscal")[-1] == "本级财政资金"
    assert SHIPPED.words("form.money_rows", "fiscal")[-1] != "本级财政资金"  # shipped unchanged
    assert cfg.digest() != load_config(None).digest()  # results read by it are not reused


@pytest.mark.parametrize("body, named", [
    ('[labels.form.money_rows]\nfiscal = ["其中：财政拨款"]\n', "“财政拨款”写了两次"),
    ('[labels.form.money_rows]\nfiscal = ["资金总额"]\n', "“资金总额”既写在 total 下又写在 fiscal 下"),
    ('[labels.form.money_rowz]\nfiscal = ["本级资金"]\n', "[labels.form.money_rowz] 不是标签表中的组"),
    ('[labels.form.money_rows]\nfiscl = ["本级资金"]\n', "“fiscl”不是这一组的含义"),
    ('[labels.form.money_rows]\nfiscal = 3\n', "fiscal 应是一组非空的文字"),
    ('[labels.form.money_rows]\nfiscal = [""]\n', "fiscal 应是一组非空的文字"),
    ('labels = 3\n', "[labels] 应是一个表"),
])
def test_a_bad_entry_is_a_chinese_error_naming_it(tmp_path, body, named):
    with pytest.raises(ConfigError) as e:
        _config(tmp_path, body)
    assert named in str(e.value) and "perfxl.toml" in str(e.value)


def test_the_shipped_table_itself_is_checked():
    with pytest.raises(LabelTableError, match="“合计”既写在 total 下又写在 fiscal 下"):
        parse_table({"form": {"money_rows": {"total": ["合计"], "fiscal": ["合计"]}}}, "x.toml")


def test_a_bad_table_stops_the_run_before_any_workbook_is_read(tmp_path):
    form = write_workbook(tmp_path / "自评.xlsx", {"自评表": standard_form()})
    (tmp_path / "perfxl.toml").write_text('[labels.form.money_rows]\nfiscal = ["资金总额"]\n',
                                          encoding="utf-8")
    before = form.read_bytes()
    res = CliRunner().invoke(main, ["check", str(form)])
    assert res.exit_code == 2
    assert "既写在 total 下又写在 fiscal 下" in res.output and "Traceback" not in res.output
    assert form.read_bytes() == before


def _form_with_own_fiscal_word(tmp_path: Path) -> Path:
    funds = {"年度资金总额": (2, 2, 2), "其中：本级财政资金": (1, 1, 1), "上年结转资金": (0, 0, 0),
             "其他资金": (0, 0, 0)}
    return write_workbook(tmp_path / "自评.xlsx", {"自评表": standard_form(funds=funds)})


def test_a_word_added_in_perfxl_toml_is_read_as_its_meaning(tmp_path):
    path = _form_with_own_fiscal_word(tmp_path)
    (project,) = read_workbook(path).projects
    assert "fiscal" not in project.funds  # not a word of the shipped table
    cfg = _config(tmp_path, '[labels.form.money_rows]\nfiscal = ["本级财政资金"]\n')
    (project,) = read_workbook(path, labels=cfg.labels).projects
    assert project.funds["fiscal"].budget.value == 1
    # and the checks use it: 2 ≠ 1 + 0 + 0 is now seen (PX204 on the money block)
    codes = {f.code for f in check_file(path, cfg).findings}
    assert "PX204" in codes
    assert L.FUND_ROWS is SHIPPED.group("form.money_rows")  # the reading left no trace
