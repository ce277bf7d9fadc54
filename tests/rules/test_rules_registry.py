"""The catalogue: every code of rules.md registered and documented; run_rules honours config,
year-end-only rules and ordering; reader findings pass through PX101–PX105."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.config import Config
from perfxl.findings import Finding
from perfxl.model import Observation
from perfxl.rules import catalogue, load_rules, rule_doc, run_rules
from tests.helpers.rulefix import clean_workbook, framework, ind, project, run, unit, workbook

SPEC_CODES = [f"PX{n}" for n in (*range(101, 106), *range(201, 210), *range(301, 305),
                                 *range(401, 412), *range(501, 509))]
OWN = [c for c in load_rules() if not c.startswith("PX6")]


def test_every_spec_code_is_registered():
    assert set(SPEC_CODES) <= set(load_rules())


@pytest.mark.parametrize("code", OWN)
def test_every_rule_is_documented(code):
    rule = load_rules()[code]
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and re.search(r"[\u4e00-\u9fff]", rule.summary)
    doc = rule.__doc__ or ""
    for part in ("检查什么", "为什么", "例子", "怎么改"):
        assert part in doc, f"{code} docstring lacks {part}"


@pytest.mark.parametrize("code", ["PX201", "PX301", "PX502"])
def test_rule_doc_shows_code_severity_summary_and_example(code):
    rule = load_rules()[code]
    doc = rule_doc(code.lower())
    assert doc.splitlines()[0] == code  # the code, not the rule's English slug
    assert rule.name not in doc
    assert rule.severity.label in doc and rule.summary in doc and "例子" in doc


def test_rule_doc_unknown_code():
    assert rule_doc("PX999") is None


def test_catalogue_lists_every_rule_once():
    text = catalogue()
    for code, rule in load_rules().items():
        [line] = [ln for ln in text.splitlines() if ln.startswith(code)]
        assert rule.severity.label in line and rule.summary in line


def test_cli_rules_prints_catalogue_and_one_rule():
    r = CliRunner().invoke(main, ["rules"])
    assert r.exit_code == 0 and "PX301" in r.output and "PX502" in r.output
    r = CliRunner().invoke(main, ["rules", "PX301"])
    assert r.exit_code == 0 and "面积 × 单价" in r.output


# --------------------------------------------------------------------------- run_rules


def broken():
    """A workbook with a PX208 error, a PX205-free project and a reader observation (PX104)."""
    wb = workbook([project(budget="0", executed="0")],
                  observations=[Observation("number_as_text", "自评表01", "D6", field="全年预算数",
                                            raw="2.00", read_as="2 万元", project="涞源镇防火经费")])
    return wb


READ_KINDS = {"PX101": "missing_block", "PX102": "missing_field", "PX103": "not_a_number",
              "PX104": "number_as_text", "PX105": "formula_without_value"}


@pytest.mark.parametrize("code", sorted(READ_KINDS))
def test_reader_observations_become_findings_by_code(code):
    """PX101–PX105 come from what the reader saw; each rule reports exactly its own kinds."""
    seen = [Observation(kind, "自评表01", f"D{k + 6}", field="全年预算数", raw="约2万",
                        expected="数字（万元）", read_as="2 万元")
            for k, kind in enumerate(READ_KINDS.values())]
    found = run(workbook([project()], observations=seen), code)
    assert [(f.code, f.cell) for f in found] == [(code, f"D{list(READ_KINDS).index(code) + 6}")]
    assert found[0].severity == load_rules()[code].severity
    assert run(workbook([project()]), code) == []


def test_select_and_ignore_apply():
    fw = framework()
    wb = broken()
    assert {f.code for f in run_rules(wb, [], fw, Config(select=("PX2",)))} == {"PX208"}
    assert "PX208" not in {f.code for f in run_rules(wb, [], fw, Config(ignore=("PX208",)))}
    assert "PX104" not in {f.code for f in run_rules(wb, [], fw, Config(ignore=("PX1",)))}


def test_year_end_only_rules_skip_monthly_workbooks():
    inds = [ind(13, "产出指标", "数量指标", "次数", "≥10次", None, 50)]
    p = project(indicators=inds, budget="10", executed="1")
    assert {"PX209", "PX404"} <= {f.code for f in run(workbook([p]))}
    monthly = workbook([p], unit([], month=6))
    assert not {"PX209", "PX404"} & {f.code for f in run(monthly)}


def test_findings_are_sorted_by_sheet_and_cell():
    wb = clean_workbook()
    wb.projects[0] = project("自评表01", "涞源镇防火经费", budget="0", executed="0.5",
                             indicators=[ind(13, "产出指标", "数量指标", "次数", "≥10次", "20次", 50)])
    found = run(wb)
    assert found == sorted(found, key=Finding.sort_key)
    assert len(found) > 3


def test_every_finding_has_place_and_text():
    wb = clean_workbook()
    wb.projects[0] = project("自评表01", "涞源镇防火经费", budget="0", executed="0.5",
                             indicators=[ind(13, "产出指标", "数量指标", "次数", "≥10次", "20次", 50)])
    for f in run(wb):
        assert f.sheet and f.cell and re.search(r"[\u4e00-\u9fff]", f.message), f


# --------------------------------------------------------------------------- robustness

from hypothesis import given, settings  # noqa: E402

from perfxl.model import FundRow, Indicator, ListRow, Parcel  # noqa: E402
from perfxl.model import Project as ProjectModel  # noqa: E402
from perfxl.model import Unit  # noqa: E402

from tests.helpers.rulefix import models  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(models())
def test_rules_never_crash_and_always_explain(wb):
    for f in run(wb):
        assert f.code in load_rules() and f.message and "{" not in f.message


def test_rules_on_an_empty_shell():
    """Nothing but empty cells: no crash, no PX502 about two missing names."""
    from pathlib import Path

    from perfxl.model import Workbook

    wb = Workbook(path=Path("空.xlsx"),
                  unit=Unit(sheet="项目清单", rows=[ListRow(row=8)], total_row=ListRow(row=9)),
                  projects=[ProjectModel(sheet="自评表01", funds={"total": FundRow("total")},
                                         indicators=[Indicator(row=13)], indicator_header_row=12)],
                  parcels=[Parcel("土地流转明细", 3), Parcel("土地流转明细", 4, is_subtotal=True)])
    found = run(wb)
    assert "PX502" not in {f.code for f in found}
