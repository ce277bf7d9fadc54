"""The explicit rule list (perfxl.rules.registry): every rule class named once, in code order,
each documented; defining a class registers nothing; docs/rules.md is made from the list."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import perfxl.rules
from perfxl.findings import Severity
from perfxl.rules import load_rules
from perfxl.rules.base import Rule
from perfxl.rules.docs import markdown
from perfxl.rules.registry import RULES

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("检查什么", "为什么", "例子", "怎么改")


def rule_classes_defined_under_perfxl_rules() -> list[type[Rule]]:
    """Every class with a code defined in a module of the perfxl.rules package."""
    found = []
    for mod in pkgutil.walk_packages(perfxl.rules.__path__, "perfxl.rules."):
        module = importlib.import_module(mod.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, Rule) and cls.__module__ == module.__name__
                    and "code" in cls.__dict__):
                found.append(cls)
    return found


def test_every_rule_class_is_in_the_list_exactly_once():
    defined = rule_classes_defined_under_perfxl_rules()
    assert len(defined) == len(set(defined))
    assert sorted(defined, key=lambda c: c.code) == sorted(RULES, key=lambda c: c.code)
    assert len(RULES) == len(set(RULES))


def test_codes_are_unique_and_in_code_order():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"PX[1-7]\d\d", c) for c in codes)  # PX7xx: 申报表 (issue 16)
    assert list(load_rules()) == codes


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_code_name_severity_summary_and_a_documented_docstring(rule):
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name)
    assert isinstance(rule.severity, Severity)
    assert rule.minor_severity is None or isinstance(rule.minor_severity, Severity)
    assert rule.summary and re.search(r"[\u4e00-\u9fff]", rule.summary)
    doc = inspect.cleandoc(rule.__doc__ or "")
    for part in SECTIONS:
        assert re.search(rf"^{part}：", doc, re.M), f"{rule.code} docstring lacks {part}"


def test_defining_a_rule_class_registers_nothing():
    before = load_rules()

    class Extra(Rule):  # noqa: F841 - only defined
        code = "PX699"
        name = "extra"
        severity = Severity.INFO
        summary = "测试用"

    assert load_rules() == before and "PX699" not in load_rules()


def test_docs_rules_md_is_what_the_list_makes():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == markdown(), "docs/rules.md is stale: python -m perfxl.rules.docs > docs/rules.md"


def test_docs_table_has_one_row_per_rule_with_its_severity():
    text = markdown()
    for rule in RULES:
        [row] = [ln for ln in text.splitlines() if ln.startswith(f"| {rule.code} |")]
        assert rule.severity.label in row and rule.summary.replace("|", "\\|") in row
