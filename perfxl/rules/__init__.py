"""The rule catalogue: ``run_rules`` checks a scored workbook, ``catalogue`` and ``rule_doc``
print what ``perfxl rules`` shows.

The rules are the classes named in :data:`perfxl.rules.registry.RULES`. Every finding's
severity is stamped here, from the rule and the user's ``[severity]`` table
(:func:`severity_of`), so what a check prints is what ``perfxl rules CODE`` shows under the
same configuration — whichever rule or reader made the finding.
"""

from __future__ import annotations

import dataclasses
import inspect
import unicodedata

from perfxl.config import Config, ConfigError
from perfxl.findings import Finding, Severity
from perfxl.rules.base import Rule
from perfxl.rules.registry import BY_CODE, RULES


def load_rules() -> dict[str, type[Rule]]:
    """Rule code → rule class, in code order (the list of :mod:`perfxl.rules.registry`)."""
    return dict(BY_CODE)


def run_rules(wb, scores, framework, config, declaration=None) -> list[Finding]:
    """Every enabled rule on one workbook, findings in sheet/cell order, each finding's
    severity the rule's under ``config``. ``declaration``: the 申报表 review's framework when
    the caller has loaded it (else the rules load it from ``config`` when they ask).

    Year-end-only rules (PX209, PX404) run only when 数据截至 is month 12.
    """
    from perfxl.rules.context import CheckContext

    overrides = severity_overrides(config)
    ctx = CheckContext(wb=wb, framework=framework, scores=list(scores or []), config=config,
                       declaration=declaration)
    findings: list[Finding] = []
    for rule_class in enabled_rules(config, year_end=wb.month == 12):
        findings.extend(stamp(f, overrides) for f in rule_class().check(ctx))
    return sorted(findings, key=Finding.sort_key)


def enabled_rules(config, *, year_end: bool) -> list[type[Rule]]:
    """The rule classes to run under ``config``, in code order."""
    return [rule for rule in RULES if config.is_enabled(rule.code)
            and (year_end or not rule.year_end_only)]


def severity_overrides(config: Config | None) -> dict[str, Severity]:
    """The ``[severity]`` table of ``config``, every code checked against the rule list."""
    table = config.severity if config is not None else {}
    for code in table:
        if code not in BY_CODE:
            where = f"配置文件 {config.source} " if config.source else "配置"
            raise ConfigError(f"{where}的 [severity] 中 {code} 不是已有的规则代码"
                              "（perfxl rules 列出全部规则）")
    return table


def severity_of(code: str, config: Config | None = None) -> Severity:
    """The severity a finding of ``code`` has under ``config``: the user's ``[severity]``
    entry, else the rule's own. What ``perfxl rules CODE`` shows."""
    return severity_overrides(config).get(code) or BY_CODE[code].severity


def stamp(finding: Finding, overrides: dict[str, Severity]) -> Finding:
    """``finding`` with the severity its rule has under the configuration (``overrides`` from
    :func:`severity_overrides`). Without an override a rule's documented
    :attr:`~perfxl.rules.base.Rule.minor_severity` is kept; any other severity a rule or reader
    chose is replaced. A code that is not a rule keeps its severity."""
    rule = BY_CODE.get(finding.code)
    if rule is None:
        return finding
    severity = overrides.get(rule.code)
    if severity is None:
        minor = rule.minor_severity
        severity = minor if minor is not None and finding.severity == minor else rule.severity
    if finding.severity == severity:
        return finding
    return dataclasses.replace(finding, severity=severity)


def stamp_all(findings, config: Config | None) -> list[Finding]:
    """:func:`stamp` for findings made outside :func:`run_rules` (the report checks)."""
    overrides = severity_overrides(config)
    return [stamp(f, overrides) for f in findings]


def catalogue(config: Config | None = None) -> str:
    """The table ``perfxl rules`` prints: code, severity under ``config``, summary."""
    overrides = severity_overrides(config)
    lines = [f"{_pad('代码', 6)}  {_pad('级别', 4)}  说明", f"{'-' * 6}  {'-' * 4}  {'-' * 40}"]
    for rule in RULES:
        year_end = "（仅年末）" if rule.year_end_only else ""
        severity = overrides.get(rule.code) or rule.severity
        lines.append(f"{rule.code:<6}  {_pad(severity.label, 4)}  {rule.summary}{year_end}")
    lines.append("")
    lines.append(f"共 {len(RULES)} 条规则。perfxl rules 代码（如 perfxl rules PX301）显示一条规则的说明。")
    return "\n".join(lines)


def rule_doc(code: str, config: Config | None = None) -> str | None:
    """One rule's documentation for the user: code, severity under ``config`` (in Chinese: the
    setting accepts 错误/警告/提示 as well as error/warning/info), summary, docstring."""
    rule = BY_CODE.get(code.strip().upper())
    if rule is None:
        return None
    configured = severity_overrides(config).get(rule.code)
    severity = configured or rule.severity
    level = f"级别：{severity.label}"
    if configured is not None:
        level += f"，按配置文件（规则本身为{rule.severity.label}）"
    elif rule.minor_severity is not None:
        level += f"；较轻的情形为{rule.minor_severity.label}"
    head = [
        rule.code,
        level + ("；仅在年末（数据截至12月）检查" if rule.year_end_only else ""),
        f"说明：{rule.summary}",
        "",
    ]
    return "\n".join(head) + inspect.cleandoc(rule.__doc__ or "") + "\n"


def _pad(text: str, width: int) -> str:
    """Left-align text in ``width`` display columns, a CJK character being two wide."""
    cols = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - cols)
