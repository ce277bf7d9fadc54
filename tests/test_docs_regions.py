"""docs/新增地区表样.md stays true: its worked example runs as the page says, and it names every
group of the label table a form is read by."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.labeltable import SHIPPED

PAGE = Path(__file__).resolve().parents[1] / "docs" / "新增地区表样.md"
README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(kind: str) -> list[str]:
    """The page's fenced blocks whose info string is ``kind`` ('' for plain ones), in order."""
    blocks, current, info = [], None, ""
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("```") and current is None:
            current, info = [], line[3:].strip()
        elif line.startswith("```"):
            if info == kind:
                blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    return blocks


@pytest.fixture
def example(tmp_path, monkeypatch) -> Path:
    """The page's script run in an empty folder: 四川自评表.xlsx."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "make.py").write_text(_blocks("python")[0], encoding="utf-8")
    runpy.run_path(str(tmp_path / "make.py"))
    return tmp_path / "四川自评表.xlsx"


def _check(path: Path) -> dict:
    res = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    (doc,) = json.loads(res.output)["workbooks"]
    return doc


def test_the_worked_example_checks_clean_and_is_scored_by_the_sichuan_framework(example):
    doc = _check(example)
    assert doc["findings"] == []
    (project,) = doc["projects"]
    assert (project["framework"], project["total_score"], project["grade"]) == ("sichuan", "100", "优")
    text = CliRunner().invoke(main, ["check", example.name]).output  # as typed in its folder
    shown = next(b for b in _blocks("") if "未发现问题" in b)
    lines = shown.splitlines()
    assert [line.split() for line in lines] == [line.split() for line in text.splitlines()[:len(lines)]]


def test_a_local_word_is_added_in_perfxl_toml_as_the_page_shows(example, monkeypatch):
    script = _blocks("python")[0].replace("其中:财政资金", "其中:本级资金")
    (example.parent / "make.py").write_text(script, encoding="utf-8")
    runpy.run_path(str(example.parent / "make.py"))
    assert {f["code"] for f in _check(example)["findings"]} == {"PX204"}
    addition = next(b for b in _blocks("toml") if "本级资金" in b)
    (example.parent / "perfxl.toml").write_text(addition, encoding="utf-8")
    assert _check(example)["findings"] == []


def test_the_framework_may_be_named_as_the_page_shows(example):
    setting = next(b for b in _blocks("toml") if b.startswith("framework"))
    (example.parent / "perfxl.toml").write_text(setting, encoding="utf-8")
    assert _check(example)["projects"][0]["framework"] == "sichuan"


def test_a_form_without_points_in_its_label_is_scored_as_the_named_framework_says(example):
    """§4: a 绩效指标 block without (90分) and ``framework = "四川"`` set: the framework decides
    what the 合计 row sums (the indicators' 90), not the label — no PX402/PX505 on a right 合计."""
    script = _blocks("python")[0].replace('"绩效指标(90分)"', '"绩效指标"')
    assert script != _blocks("python")[0]
    (example.parent / "make.py").write_text(script, encoding="utf-8")
    runpy.run_path(str(example.parent / "make.py"))
    setting = next(b for b in _blocks("toml") if b.startswith("framework"))
    (example.parent / "perfxl.toml").write_text(setting, encoding="utf-8")
    doc = _check(example)
    assert doc["findings"] == []
    (project,) = doc["projects"]
    assert (project["framework"], project["total_score"], project["grade"]) == ("sichuan", "100", "优")


def test_the_page_names_every_group_of_the_form_and_the_readme_links_it():
    page = PAGE.read_text(encoding="utf-8")
    for group in SHIPPED.groups:
        if group.split(".")[0] in ("form", "project_list", "land", "notes"):
            assert f"`{group}`" in page, group
    assert "docs/新增地区表样.md" in README.read_text(encoding="utf-8")
