"""The README and the docs keep their promises: the first lines are the two commands, CI runs
the second one exactly, and every relative link points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
         ROOT / "examples" / "README.md", ROOT / "bench" / "README.md"]


def test_the_readme_opens_with_the_install_and_run_and_the_test_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[2:6] == ["```bash", "pip install -e . && perfxl run examples/涞源镇2023 --output-dir 结果",
                          "pip install -e '.[test]' && pytest", "```"]


def test_ci_runs_the_readme_test_command_exactly():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "pip install -e '.[test]' && pytest" in [line.strip() for line in ci]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_a_file(page):
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / unquote(target.split("#")[0])).resolve()
        if not path.exists():
            broken.append(target)
    assert broken == []


def test_the_readme_is_chinese_first_and_short():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    chinese = len(re.findall(r"[\u4e00-\u9fff]", prose))
    english = len(re.findall(r"\b[A-Za-z]{4,}\b", prose))
    assert chinese > 5 * english
    assert len(text.splitlines()) < 80
