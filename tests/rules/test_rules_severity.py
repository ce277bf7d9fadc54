"""The rule table walked whole: every finding's severity is the one ``perfxl rules CODE`` shows,
under the default configuration and under one whose ``[severity]`` table changes every code.

The inputs are the ones the test suite already has at hand: the two shipped examples
(perfxl.examples), the 预算管理一体化 exports of tests/exportfix.py, workbooks made by
tests/readfix/build.py, the model workbooks of the rules' robustness test (tests/rulefix.py) and
the report checks (tests/fixtures/report). Every code of the rule list is raised by at least one
of them, or is named in :data:`NOT_RAISED` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from perfxl.api import check_workbook
from perfxl.checklist import parse_checklist
from perfxl.cli import main
from perfxl.config import Config, ConfigError
from perfxl.examples import laiyuan_2023
from perfxl.findings import Finding, Severity
from perfxl.model import Observation
from perfxl.read import read_workbook
from perfxl.report.check import check_report
from perfxl.report.read_text import read_report
from perfxl.rules import catalogue, rule_doc, run_rules, severity_of
from perfxl.rules.registry import RULES
from perfxl.scoring import load_framework, score_workbook
from perfxl.write.template import write_workbook as write_spec
from tests.helpers.declfix import declared_export_sheets, review_forms, unit_workbook, write_forms
from tests.helpers.estimatefix import rule_walk_workbooks
from tests.helpers.exportfix import Export, default_indicators, write_export
from tests.helpers.readfix.build import Formula, land_sheet, project_list, standard_form, write_workbook
from tests.helpers.rulefix import project, workbook
from tests.helpers.rulefix import models

from tests.helpers.report_model import build_result  # noqa: E402

REPORT = (Path(__file__).parents[1] / "fixtures" / "report" / "东岭镇2024.txt").read_text(
    encoding="utf-8")

# A 审核口径 row without its own 编码: its findings carry PX790 (perfxl.checklist).
CODELESS_CHECKLIST = parse_checklist([{"审核对象": "三级指标", "模式": "正则匹配",
                                       "正则表达式": "单价", "匹配时": "合格"}], "审核口径")

# Codes no input at hand raises (keep this short; each with its reason).
NOT_RAISED: dict[str, str] = {}

ROTATE = {Severity.ERROR: Severity.INFO, Severity.WARNING: Severity.ERROR,
          Severity.INFO: Severity.WARNING}
DEFAULT = Config()
FLIPPED = Config(severity={rule.code: ROTATE[rule.severity] for rule in RULES})
CONFIGS = {"default": DEFAULT, "flipped": FLIPPED}
LEVELS = {s.label: s for s in Severity}


# --------------------------------------------------------------------------- inputs


def _export_variants() -> list[Export]:
    changed = [replace(ind, self_target="≥999次") if k == 0 else ind
               for k, ind in enumerate(default_indicators())]
    return [Export(), Export(selfeval="filled"), Export(month=None),
            Export(selfeval="filled", indicators=changed)]


def _readfix_workbooks(folder: Path) -> list[Path]:
    """A unit workbook as the reader tests build it, and its broken variants."""
    land = land_sheet([("涞源镇防火经费", "南关", 1, 1000, 1000, None)])
    forms = {
        "clean": standard_form(),
        "no name": standard_form(name=""),  # PX102 (an export's blank 自评表 is PX110)
        "text numbers": standard_form(funds={"年度资金总额": ("2.00", "约2万", 2),
                                             "其中：当年财政拨款": (2, 2, 2),
                                             "上年结转资金": (0, 0, 0), "其他资金": (0, 0, 0)}),
        "fund sum": standard_form(funds={"年度资金总额": (2, 2, 2),
                                         "其中：当年财政拨款": (1.5, 1.5, 1.5),
                                         "上年结转资金": (0, 0, 0), "其他资金": (0, 0, 0)}),
        "over 100%": standard_form(indicators=[
            ("产出指标", "数量指标", "防火宣传次数", "≥10次", "12次", 50, 50),
            ("效益指标", "社会效益指标", "群众安全感", "≥90%", "95%", 30, 30),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "105%", 10, 10)]),
    }
    paths = [write_workbook(folder / "no form.xlsx", {"项目清单": project_list()}),
             write_workbook(folder / "slip.xlsx", {  # 全年预算数 typed in 元 on the list
                 "项目清单": project_list((("涞源镇防火经费", 2, 20000, 2),)),
                 "自评表01": standard_form()})]
    for name, form in forms.items():
        paths.append(write_workbook(folder / f"{name}.xlsx", {
            "项目清单": project_list(), "自评表01": form, "土地流转明细": land}))
    formulas = standard_form(funds={"年度资金总额": (Formula("=C7+C8+C9", 2), 2, 2),
                                    "其中：当年财政拨款": (2, 2, 2), "上年结转资金": (0, 0, 0),
                                    "其他资金": (0, 0, 0)})
    resaved = write_workbook(folder / "resaved.xlsx", {"S": formulas})
    book = openpyxl.load_workbook(resaved)
    book.save(resaved)  # a library save: formulas keep no cached value (PX105)
    return paths + [resaved]


def _report_texts() -> list[str]:
    edits = [("2024年度3个项目均已完成自评", "2023年度3个项目均已完成自评"),  # PX601 error
             ("全年未发生森林火灾。", "全年未发生森林火灾，2022年度巡查效果较好。"),  # PX601 warning
             ("项目共计3个", "项目共计4个"),
             ("预算总金额为14.3452万元", "预算总金额为14.35万元"),
             ("预算金额2.5万元", "预算金额2.6万元"),
             ("2. 东岭镇道路养护费：预算金额10.0452万元，用于镇村道路日常养护，2019年修建的环山路也在其中。\n",
              ""),
             ("3.东岭镇土地流转补偿费 ：预算金额18000元，按每亩1000元标准补偿流转土地18亩。\n",
              "3.东岭镇土地流转补偿费 ：预算金额18000元，按每亩1000元标准补偿流转土地18亩。\n"
              "4. 东岭镇老年活动中心维修费：预算金额0.5万元，屋顶防水维修。\n"),
             ("2、项目效益：道路通行保障率96%。\n",
              "2、项目效益：道路通行保障率96%。\n2、项目效益：群众出行方便。\n"),
             ("2、项目效益：全年未发生森林火灾。\n", ""),
             ("预算金额2.5万元", "预计金额2.5万元"),
             ("3、满意度：群众满意度92%。", "3、满意度：群众满意度92%。自评总分101分。")]  # PX610
    for old, _ in edits:
        assert old in REPORT, old
    return [REPORT] + [REPORT.replace(old, new, 1) for old, new in edits]


def _models() -> list:
    """The rules' robustness models, drawn the same way every run."""
    drawn = []

    @settings(max_examples=300, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(models())
    def draw(wb):
        drawn.append(wb)

    draw()
    return drawn


@pytest.fixture(scope="module")
def findings_by_config(tmp_path_factory) -> dict[str, list[Finding]]:
    """Every finding of every input, per configuration."""
    folder = tmp_path_factory.mktemp("walk")
    paths = []
    for complete in (True, False):
        paths.append(folder / f"example-{complete}.xlsx")
        write_spec(paths[-1], laiyuan_2023(complete))
    for k, export in enumerate(_export_variants()):
        paths.append(write_export(folder / f"export{k}.xlsx", export))
    paths.append(write_export(folder / "export.xls"))
    paths += _readfix_workbooks(folder)
    paths += rule_walk_workbooks(folder)
    paths.append(unit_workbook(folder / "申报表.xlsx", review_forms()))  # PX7xx
    paths.append(write_forms(folder / "申报金额.xlsx", declared_export_sheets("180.00")))  # PX510
    read = [read_workbook(p) for p in paths]
    fw = load_framework()
    drawn = [(wb, score_workbook(wb, fw)) for wb in _models()]
    drawn.append((workbook([project(budget="0", executed="0")]), None))
    reports = []
    for k, text in enumerate(_report_texts()):
        path = folder / f"报告{k}.txt"
        path.write_text(text, encoding="utf-8")
        reports.append(read_report(path))
    out = {}
    for name, config in CONFIGS.items():
        found = [f for wb in read for f in check_workbook(wb, config).findings]
        found += [f for wb, scores in drawn for f in run_rules(wb, scores or [], fw, config)]
        found += [f for doc in reports for f in check_report(doc, build_result(), config)]
        with_checklist = replace(config, checklist=CODELESS_CHECKLIST)  # PX790
        found += [f for wb in read if wb.declarations
                  for f in check_workbook(wb, with_checklist).findings if f.code == "PX790"]
        out[name] = found
    return out


# --------------------------------------------------------------------------- the walk


def shown_severities(code: str, config: Config) -> set[Severity]:
    """The severities ``perfxl rules CODE`` shows under ``config``: its level, and the milder
    case it documents when there is one."""
    head = rule_doc(code, config).splitlines()[1]
    return {LEVELS[label] for label in re.findall(r"(?:级别：|较轻的情形为)(错误|警告|提示)", head)}


@pytest.mark.parametrize("name", CONFIGS)
def test_every_finding_has_the_severity_perfxl_rules_shows(findings_by_config, name):
    config = CONFIGS[name]
    shown = {rule.code: shown_severities(rule.code, config) for rule in RULES}
    wrong = [(f.code, f.severity.value, sorted(s.value for s in shown[f.code]))
             for f in findings_by_config[name] if f.severity not in shown[f.code]]
    assert wrong == []
    assert {f.code for f in findings_by_config[name]} <= set(shown)


def test_under_the_flipped_config_every_finding_has_exactly_the_configured_severity(
        findings_by_config):
    for f in findings_by_config["flipped"]:
        assert f.severity == FLIPPED.severity[f.code] == severity_of(f.code, FLIPPED)


@pytest.mark.parametrize("name", CONFIGS)
def test_every_code_is_raised_by_some_input_or_exempted(findings_by_config, name):
    raised = {f.code for f in findings_by_config[name]}
    missing = [rule.code for rule in RULES if rule.code not in raised and rule.code not in NOT_RAISED]
    assert missing == []
    assert not raised & set(NOT_RAISED), "an exempted code is raised now: drop its exemption"


def test_perfxl_rules_shows_the_severity_of_the_config_found_from_here(tmp_path, monkeypatch):
    (tmp_path / "perfxl.toml").write_text('[severity]\nPX304 = "error"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["rules", "PX304"])
    assert r.exit_code == 0 and "级别：错误" in r.output
    r = CliRunner().invoke(main, ["rules"])
    [line] = [ln for ln in r.output.splitlines() if ln.startswith("PX304")]
    assert r.exit_code == 0 and "错误" in line


def test_perfxl_rules_refuses_a_bad_severity_table_in_chinese(tmp_path, monkeypatch):
    (tmp_path / "perfxl.toml").write_text('[severity]\nPX999 = "error"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["rules"])
    assert r.exit_code == 2 and "PX999" in r.output and "内部错误" not in r.output


# --------------------------------------------------------------------------- the pieces


def test_catalogue_and_rule_doc_show_the_configured_severity():
    config = Config(severity={"PX304": Severity.ERROR, "PX601": Severity.INFO})
    [line] = [ln for ln in catalogue(config).splitlines() if ln.startswith("PX304")]
    assert "错误" in line
    assert "级别：错误，按配置文件（规则本身为警告）" in rule_doc("PX304", config)
    assert rule_doc("PX601", config).splitlines()[1].startswith("级别：提示")
    assert "较轻的情形为警告" in rule_doc("PX601")


def test_run_rules_stamps_a_reader_finding_with_the_rules_severity():
    fw = load_framework()
    reader = Observation("number_as_text", "自评表01", "D6", field="全年预算数", raw="2.00",
                         read_as="2 万元")
    wb = workbook([project()], observations=[reader])
    [f] = [f for f in run_rules(wb, [], fw, Config()) if f.code == "PX104"]
    assert f.severity == Severity.WARNING  # as perfxl rules PX104 documents
    [f] = [f for f in run_rules(wb, [], fw, Config(severity={"PX104": Severity.INFO}))
           if f.code == "PX104"]
    assert f.severity == Severity.INFO


def test_unknown_code_in_the_severity_table_is_a_config_error():
    config = Config(severity={"PX999": Severity.ERROR})
    with pytest.raises(ConfigError, match="PX999"):
        run_rules(workbook([project()]), [], load_framework(), config)
    with pytest.raises(ConfigError, match="PX999"):
        catalogue(config)
