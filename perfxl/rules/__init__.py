"""The rule catalogue: ``run_rules`` checks a scored workbook, ``catalogue`` and ``rule_doc``
print what ``perfxl rules`` shows.

Every module of this package is imported on first use (``pkgutil.iter_modules``), so a rule
registers itself just by being defined in a module here; no list to keep in sync.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import unicodedata

from perfxl.findings import Finding
from perfxl.memo import remember
from perfxl.rules.base import REGISTRY, Rule

_loaded = False


def load_rules() -> dict[str, type[Rule]]:
    """Import every module of the package once; returns the registry."""
    global _loaded
    if not _loaded:
        for mod in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{mod.name}")
        _loaded = True
    return REGISTRY


def run_rules(wb, scores, framework, config) -> list[Finding]:
    """Every enabled rule on one workbook, findings in sheet/cell order.

    Year-end-only rules (PX209, PX404) run only when 数据截至 is month 12.
    """
    from perfxl.rules.context import CheckContext

    ctx = CheckContext(wb=wb, framework=framework, scores=list(scores or []), config=config)
    findings: list[Finding] = []
    for rule in enabled_rules(config, year_end=wb.month == 12):
        findings.extend(rule.check(ctx))
    return sorted(findings, key=Finding.sort_key)


def enabled_rules(config, *, year_end: bool) -> tuple[Rule, ...]:
    """The rules to run under ``config``, in code order, one shared instance each (rules keep
    no state). Worked out once per select/ignore pair: a batch asks for it for every workbook."""
    key = (tuple(config.select), tuple(config.ignore), year_end, len(load_rules()))
    rules = _ENABLED.get(key)
    if rules is None:
        rules = remember(_ENABLED, key, tuple(
            _instance(code) for code in sorted(REGISTRY)
            if config.is_enabled(code) and (year_end or not REGISTRY[code].year_end_only)), 64)
    return rules


_ENABLED: dict[tuple, tuple[Rule, ...]] = {}
_INSTANCES: dict[type[Rule], Rule] = {}


def _instance(code: str) -> Rule:
    cls = REGISTRY[code]
    if cls not in _INSTANCES:
        _INSTANCES[cls] = cls()
    return _INSTANCES[cls]


def catalogue() -> str:
    """The table ``perfxl rules`` prints: code, severity, summary."""
    rules = load_rules()
    lines = [f"{_pad('代码', 6)}  {_pad('级别', 4)}  说明", f"{'-' * 6}  {'-' * 4}  {'-' * 40}"]
    for code in sorted(rules):
        r = rules[code]
        year_end = "（仅年末）" if r.year_end_only else ""
        lines.append(f"{code:<6}  {_pad(r.severity.label, 4)}  {r.summary}{year_end}")
    lines.append("")
    lines.append(f"共 {len(rules)} 条规则。perfxl rules 代码（如 perfxl rules PX301）显示一条规则的说明。")
    return "\n".join(lines)


def rule_doc(code: str) -> str | None:
    """One rule's documentation: code, name, severity, summary and its docstring."""
    rule = load_rules().get(code.strip().upper())
    if rule is None:
        return None
    head = [
        f"{rule.code}  {rule.name}",
        f"级别：{rule.severity.label}（{rule.severity.value}）"
        + ("；仅在年末（数据截至12月）检查" if rule.year_end_only else ""),
        f"说明：{rule.summary}",
        "",
    ]
    return "\n".join(head) + inspect.cleandoc(rule.__doc__ or "") + "\n"


def _pad(text: str, width: int) -> str:
    """Left-align text in ``width`` display columns, a CJK character being two wide."""
    cols = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - cols)
