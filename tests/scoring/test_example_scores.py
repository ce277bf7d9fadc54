"""Every project of the shipped example, scored by perfxl, against a hand computation.

The hand computations (default framework: 执行率 10 + 产出 50 + 效益 30 + 满意度 10):

完整.xlsx — every project: 全年执行数 = 全年预算数 → 执行率 100% → min(1, 1) × 10 = 10; every
quantitative actual meets its 正向 target (e.g. 95% against ≥90%) or equals its ＝ target (100% ＝
100%) → full weight; so 10 + 50 + 30 + 10 = 100, grade 优 (≥ 90).

原文.xlsx — the report's own indicators only, each met (actual = target), 满意度 `非常高` against
`非常高` counts as 达成 with the staff score = weight (inside [0.8w, w], so kept):
  1  产出 25 + 25, 效益 30, 满意度 10                      → 10 + 50 + 30 + 10 = 100  优
  2–4, 7, 8, 10–15  产出 50, 满意度 10, no 效益               → 10 + 50 + 10      =  70  中
  5, 9  产出 25 + 25 only                                   → 10 + 50           =  60  中
  6  满意度 10 only                                          → 10 + 10           =  20  差
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfxl.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023"

ORIGINAL = {
    1: ("100", "优", {"产出指标": "50", "效益指标": "30", "满意度指标": "10"}),
    5: ("60", "中", {"产出指标": "50"}),
    6: ("20", "差", {"满意度指标": "10"}),
    9: ("60", "中", {"产出指标": "50"}),
}
for n in (2, 3, 4, 7, 8, 10, 11, 12, 13, 14, 15):
    ORIGINAL[n] = ("70", "中", {"产出指标": "50", "满意度指标": "10"})


def projects(name: str) -> list[dict]:
    res = CliRunner().invoke(main, ["check", str(EXAMPLE / name), "--format", "json"])
    return json.loads(res.output)["workbooks"][0]["projects"]


@pytest.fixture(scope="module")
def complete():
    return projects("完整.xlsx")


@pytest.fixture(scope="module")
def original():
    return projects("原文.xlsx")


@pytest.mark.parametrize("n", range(1, 16))
def test_complete_project_scores_100(complete, n):
    """执行率 100% → 10; every indicator met → full weight; 10 + 50 + 30 + 10 = 100, 优."""
    p = complete[n - 1]
    assert p["execution_rate"] == "1" and p["execution_score"] == "10"
    assert p["categories"] == {"产出指标": "50", "效益指标": "30", "满意度指标": "10"}
    assert all(i["score"] == i["weight"] for i in p["indicators"])
    assert (p["total_score"], p["grade"]) == ("100", "优")


@pytest.mark.parametrize("n", range(1, 16))
def test_original_project_score_matches_hand_computation(original, n):
    """See the module docstring for each project's sum."""
    total, grade, categories = ORIGINAL[n]
    p = original[n - 1]
    assert p["execution_score"] == "10"
    assert p["categories"] == categories
    assert (p["total_score"], p["grade"]) == (total, grade)


def test_original_very_high_satisfaction_is_scored_as_achieved_band(original):
    """`非常高` against `非常高` is 达成 [0.8w, w]; the staff score 10 is inside, so it is kept."""
    sat = [i for i in original[0]["indicators"] if i["target"] == "非常高"]
    assert [(i["method"], i["band"], i["score"]) for i in sat] == [("定性", "达成", "10")]
