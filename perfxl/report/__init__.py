"""The self-evaluation report (自评工作报告): draft it from a checked workbook, or check a written
one against it.

``draft.draft_report`` writes the .docx (sentences from ``templates/report.toml``, figures from
``facts``); ``read_text.read_report`` reads a written .docx/.txt; ``check.check_report`` returns
the PX6xx findings (rules documented in ``perfxl/rules/px6_report.py``).
"""
