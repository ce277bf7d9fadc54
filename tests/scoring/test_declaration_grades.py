"""审核等级 from the declaration framework file (issue 16 item 4)."""

from __future__ import annotations

import pytest

from perfxl.config import ConfigError, load_config
from perfxl.findings import Finding, Severity
from perfxl.model import Declaration, Val, Workbook
from perfxl.scoring.declaration import findings_of, load_declaration_framework


def f(code, severity, sheet="表1", project=None, decision=None):
    return Finding(code, severity, "m", sheet, "A1", None, None, project, decision)


def test_the_four_grades():
    fw = load_declaration_framework()
    assert fw.grade([]) == "优"
    assert fw.grade([f("PX710", Severity.INFO)]) == "优"
    assert fw.grade([f("PX706", Severity.WARNING)]) == "良"
    assert fw.grade([f("PX704", Severity.ERROR), f("PX706", Severity.WARNING)]) == "中"
    assert fw.grade([f("PX701", Severity.ERROR)]) == "差"
    assert fw.grade([f("PX711", Severity.ERROR)]) == "差"


def test_findings_across_forms_do_not_grade_a_form():
    assert load_declaration_framework().grade([f("PX510", Severity.WARNING)]) == "优"


def test_a_waived_finding_does_not_count():
    fw = load_declaration_framework()
    assert fw.grade([f("PX704", Severity.ERROR, decision="已核实无误")]) == "优"


def test_settings_of_the_shipped_framework():
    fw = load_declaration_framework("绩效目标审核")
    assert fw.required == ("数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标")
    assert fw.require_not_applicable and fw.long_name == 15 and fw.quantified_min == 3


def test_a_district_file_changes_what_it_names(tmp_path):
    path = tmp_path / "我区.toml"
    path.write_text('require_not_applicable = false\nrequired = ["数量指标", "成本指标"]\n'
                    '[[grades]]\ngrade = "差"\ncodes = ["PX701"]\n[[grades]]\ngrade = "中"\n'
                    'severity = "error"\n[[grades]]\ngrade = "优"\n', encoding="utf-8")
    fw = load_declaration_framework(str(path))
    assert not fw.require_not_applicable and fw.required == ("数量指标", "成本指标")
    assert fw.grade([f("PX706", Severity.WARNING)]) == "优"
    assert fw.grade([f("PX711", Severity.ERROR)]) == "中"


def test_selected_in_perfxl_toml(tmp_path):
    (tmp_path / "审核.toml").write_text("long_name = 20\n", encoding="utf-8")
    (tmp_path / "perfxl.toml").write_text('declaration_framework = "审核.toml"\n', encoding="utf-8")
    cfg = load_config(tmp_path / "perfxl.toml")
    assert load_declaration_framework(cfg.declaration_framework).long_name == 20


def test_bad_files_are_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="未知的申报表审核框架"):
        load_declaration_framework(str(tmp_path / "无.toml"))
    bad = tmp_path / "bad.toml"
    bad.write_text('[[grades]]\ngrade = "甲"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="优、良、中、差"):
        load_declaration_framework(str(bad))


def test_findings_of_a_form_in_a_shared_list_sheet():
    a = Declaration(sheet="清单", name=Val("甲"), project_key="1")
    b = Declaration(sheet="清单", name=Val("乙"), project_key="2")
    wb = Workbook(path="x.xlsx", declarations=[a, b])
    found = [f("PX704", Severity.ERROR, "清单", "甲"), f("PX706", Severity.WARNING, "清单", "乙")]
    assert [x.project for x in findings_of(a, found, wb)] == ["甲"]
