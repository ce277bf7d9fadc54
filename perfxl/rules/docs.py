"""``docs/rules.md``, made from the rule list (:data:`perfxl.rules.registry.RULES`).

    python -m perfxl.rules.docs > docs/rules.md

A test checks that the committed file equals what this prints, so the table cannot drift from
the rules.
"""

from __future__ import annotations

import inspect
import sys

from perfxl.rules.registry import RULES

FAMILIES = {"PX1": "读取（PX1xx）", "PX2": "金额（PX2xx）", "PX3": "土地流转（PX3xx）",
            "PX4": "绩效指标（PX4xx）", "PX5": "跨表一致性（PX5xx）", "PX6": "自评工作报告（PX6xx）",
            "PX7": "申报表审核（PX7xx）"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _severity(rule) -> str:
    text = rule.severity.label
    if rule.minor_severity is not None:
        text += f"（较轻情形：{rule.minor_severity.label}）"
    return text


def markdown_table() -> str:
    """The table of every rule: code, name, severity, summary."""
    lines = ["| 代码 | 名称 | 级别 | 说明 |", "| --- | --- | --- | --- |"]
    for rule in RULES:
        year_end = "（仅年末）" if rule.year_end_only else ""
        lines.append(f"| {rule.code} | `{rule.name}` | {_severity(rule)} | "
                     f"{_cell(rule.summary)}{year_end} |")
    return "\n".join(lines) + "\n"


def markdown() -> str:
    """The whole page: an introduction, the table, then each rule's documentation by family."""
    out = [
        "# perfxl 的规则",
        "",
        "<!-- 本文件由 `python -m perfxl.rules.docs > docs/rules.md` 生成，请勿手工修改。 -->",
        "",
        f"共 {len(RULES)} 条规则。`perfxl rules` 在终端列出同一张表，`perfxl rules 代码` 显示一条规则的"
        "说明。级别可在 `perfxl.toml` 的 `[severity]` 表中改，例如 `PX304 = \"error\"`；改后"
        "`perfxl rules` 显示的就是改后的级别。",
        "",
        markdown_table(),
    ]
    family = None
    for rule in RULES:
        if rule.code[:3] != family:
            family = rule.code[:3]
            out += [f"## {FAMILIES.get(family, family)}", ""]
        doc = inspect.cleandoc(rule.__doc__ or "")
        out += [f"### {rule.code} `{rule.name}`", "",
                f"级别：{_severity(rule)}" + ("；仅在年末（数据截至12月）检查" if rule.year_end_only
                                            else ""), "", doc, ""]
    return "\n".join(out).rstrip("\n") + "\n"


if __name__ == "__main__":  # pragma: no cover - exercised by the docs test through markdown()
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(markdown())
