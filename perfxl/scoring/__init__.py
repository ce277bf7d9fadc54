"""Scoring: ``score_workbook(wb, framework) -> list[ProjectScore]``.

``load_framework`` reads a framework (TOML data in ``frameworks/``) with the ``[settings]``
overrides of perfxl.toml; the scorer applies the official formulas of rules.md.
"""

from perfxl.scoring.framework import Band, Category, Framework, load_framework
from perfxl.scoring.scorer import score_indicator, score_project, score_workbook
from perfxl.scoring.types import IndicatorScore, ProjectScore

__all__ = ["Band", "Category", "Framework", "IndicatorScore", "ProjectScore", "load_framework",
           "score_indicator", "score_project", "score_workbook"]
