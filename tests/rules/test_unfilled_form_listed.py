"""Audit defect 8: a 自评表 copied but not filled still belongs to its 项目清单 row — the row has
its form (PX110 says it is 未填写), so no PX509 "没有对应的自评表", and the other rows keep
their forms."""

from __future__ import annotations

import json

from click.testing import CliRunner

from perfxl.cli import main
from tests.helpers.unfilledfix import unfilled_copy


def test_a_list_row_whose_form_is_unfilled_has_its_form(tmp_path):
    path, name = unfilled_copy(tmp_path / "涞源镇2023.xlsx")
    res = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    (doc,) = json.loads(res.output)["workbooks"]
    codes = [(f["code"], f["sheet"]) for f in doc["findings"]]
    assert codes == [("PX110", "自评表02")]  # the one 未填写 note, nothing else
    assert res.exit_code == 0
    unfilled = [p for p in doc["projects"] if p["status"] == "unfilled"]
    assert [p["name"] for p in unfilled] == [name]
