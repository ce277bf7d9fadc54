"""Every 申报表 read is listed in the result contract, with its 审核等级, in every layout."""

from __future__ import annotations

import json

from perfxl.config import Config
from perfxl.output.text import render_one
from perfxl.pipeline import check_file
from perfxl.result import SCHEMA
from tests.helpers.declfix import blank_form, good_form, target_list, unit_workbook, write_forms
from tests.helpers.exportfix import write_export


def _folder(tmp_path):
    unit_workbook(tmp_path / "一表一页.xlsx",
                  [good_form(sheet=f"{i}.项目{i}", name=f"项目{i}") for i in range(1, 4)])
    write_forms(tmp_path / "模板.xlsx", [blank_form(good_form())])
    write_forms(tmp_path / "清单.xlsx", [target_list([good_form(), good_form(
        code="440306231391500000002", name="乙项目")])])
    write_export(tmp_path / "导出.xlsx")
    return {p.name: check_file(p, Config()).to_dict() for p in sorted(tmp_path.glob("*.xlsx"))}


def test_every_form_of_every_layout_is_listed(tmp_path):
    docs = _folder(tmp_path)
    listed = {name: [(d["layout"], d["name"]) for d in doc["declarations"]]
              for name, doc in docs.items()}
    assert listed["一表一页.xlsx"] == [("sheet", f"项目{i}") for i in range(1, 4)]
    assert listed["模板.xlsx"] == [("sheet", "社区饭堂经费（XX社区）")]
    assert listed["清单.xlsx"] == [("list", "社区饭堂经费（XX社区）"), ("list", "乙项目")]
    assert listed["导出.xlsx"] == [("export", "城关镇中心小学校园安全管理项目")]
    for doc in docs.values():
        assert doc["schema"] == SCHEMA and "申报表" in doc["forms"]


def test_record_shape(tmp_path):
    doc = check_file(unit_workbook(tmp_path / "x.xlsx", [good_form()]), Config()).to_dict()
    [d] = doc["declarations"]
    assert d["form"] == "申报表" and d["code"] == "440306231391500000001"
    assert (d["amount"], d["total_amount"], d["amount_cell"]) == \
        ("13.7584", "41.2752", "3.社区饭堂经费（XX社区）!E7")
    assert d["grade"] in ("优", "良", "中", "差") and d["framework"] == "declaration"
    cost = next(i for i in d["indicators"] if i["level2"] == "成本指标")
    assert (cost["op"], cost["number"], cost["unit"]) == ("≤", "13.7584", "万元")
    json.dumps(doc, ensure_ascii=False)  # plain JSON


def test_terminal_lists_each_form_with_its_grade_even_when_clean(tmp_path):
    doc = check_file(unit_workbook(tmp_path / "x.xlsx", [good_form()]), Config()).to_dict()
    text = render_one(doc)
    assert "申报表审核：" in text and "社区饭堂经费（XX社区）" in text
    assert f"审核等级 {doc['declarations'][0]['grade']}" in text
