"""Scoring: ``score_workbook(wb, framework) -> list[ProjectScore]``."""
