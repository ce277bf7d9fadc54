"""The reader reports what it saw as observations; only the rules turn them into findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import perfxl.read
from perfxl.model import OBSERVATION_KINDS, Observation, Workbook
from perfxl.rules import load_rules
from perfxl.rules.read import READ_RULES, read_findings

READ_DIR = Path(perfxl.read.__file__).parent


@pytest.mark.parametrize("path", sorted(READ_DIR.glob("*.py")), ids=lambda p: p.name)
def test_no_reader_module_names_a_rule_code_or_a_severity(path):
    text = path.read_text(encoding="utf-8")
    assert not re.findall(r"PX\d", text), path.name
    assert "Severity" not in text, path.name


def test_every_observation_kind_has_exactly_one_read_rule():
    handled = [kind for rule in READ_RULES for kind in rule.kinds]
    assert sorted(handled) == sorted(OBSERVATION_KINDS)


def test_every_read_rule_is_in_the_rule_table():
    table = load_rules()
    assert all(table.get(rule.code) is rule for rule in READ_RULES)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Observation("something_else")


@pytest.mark.parametrize("kind", sorted(OBSERVATION_KINDS))
def test_each_kind_gives_a_finding_at_its_rules_severity(kind):
    o = Observation(kind, "自评表01", "D6", field="全年预算数", raw="约2万", expected="数字（万元）",
                    read_as="2 万元", row=20, size=(100000, 16384), limit=1000)
    wb = Workbook(path=Path("测试.xlsx"), observations=[o])
    [f] = read_findings(wb)
    [rule] = [r for r in READ_RULES if kind in r.kinds]
    assert (f.code, f.severity, f.sheet, f.cell) == (rule.code, rule.severity, "自评表01", "D6")
    assert re.search(r"[\u4e00-\u9fff]", f.message)


def test_px110_is_an_info_note_with_a_full_docstring():
    rule = load_rules()["PX110"]
    assert rule.severity.value == "info" and rule.summary == "表格尚未填写（未评分）"
    for part in ("检查什么", "为什么", "例子", "怎么改"):
        assert part in rule.__doc__
