"""PX317: sums written in words (测算依据 …) are evaluated exactly; every one read is in the JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from perfxl.cli import main
from perfxl.pipeline import check_file
from tests.helpers.estimatefix import estimate_export

# the real ones of estimate.md that hold, as typed
REAL = ("巡查电瓶车车辆保险费2000元/辆*30辆=6万元；550元*200人*3天=33万元；9.3*13=120.9万元；"
        "招标价参照7.55万元/人/年*49人=369.95万元；10人×9.3万/人/年＋2人×9.3万/人/年÷12×10=108.5万；"
        "[368人+（1人*12月）]*452元*12月=206.1120万；标准：300元/人/月2人*12月*300元=0.72万。")


def calc_says(text: str):
    """An ``edit``: the 申报表's 测算依据 (row 20, merged B:H) holds ``text``."""
    def edit(sheets):
        decl = sheets["项目支出绩效目标申报表"]
        for c in range(1, 8):
            decl.cells[(19, c)] = text
    return edit


def _px317(path):
    return [f for f in check_file(path).findings if f.code == "PX317"]


def test_the_example_statements_hold_and_raise_nothing(tmp_path):
    path = estimate_export(tmp_path / "e.xlsx")
    assert _px317(path) == []
    assert len(check_file(path).workbook.statements) == 6


def test_real_statements_that_hold_raise_nothing(tmp_path):
    path = estimate_export(tmp_path / "e.xlsx", edit=calc_says(REAL))
    statements = check_file(path).workbook.statements
    assert len(statements) == 7 and all(ws.statement.holds for ws in statements)
    assert _px317(path) == []


def test_a_changed_result_is_an_error_quoting_statement_value_and_written(tmp_path):
    path = estimate_export(tmp_path / "e.xlsx", edit=calc_says(REAL.replace("=33万元", "=35万元")))
    [f] = _px317(path)
    assert (f.severity.value, f.sheet, f.cell, f.expected, f.actual) == (
        "error", "项目支出绩效目标申报表", "B20:H20", "33", "35")
    assert "550元*200人*3天=35万元" in f.message and "33万元" in f.message


def test_the_planted_statement_mistake(tmp_path):
    [f] = _px317(estimate_export(tmp_path / "e.xlsx", ("statement",)))
    assert (f.expected, f.actual, f.severity.value) == ("150", "105", "error")


def test_a_result_rounded_up_in_its_last_digit_is_info(tmp_path):
    [f] = _px317(estimate_export(tmp_path / "e.xlsx", edit=calc_says("每月服务费610万元/12=50.84万元")))
    assert f.severity.value == "info" and f.actual == "50.84" and f.expected == "50.8333…"


def test_ten_thousand_off_is_px206_with_the_amount_meant(tmp_path):
    path = estimate_export(tmp_path / "e.xlsx", edit=calc_says("保险费2000元/辆*30辆=60000万元"))
    assert _px317(path) == []
    [f] = [f for f in check_file(path).findings if f.code == "PX206"]
    assert (f.severity.value, f.cell, f.expected, f.actual) == ("error", "B20:H20", "6", "60000")
    assert "应为 6万元" in f.message and "按“元”填写" in f.message


def test_ten_thousand_off_without_px206_is_px317(tmp_path):
    from perfxl.config import Config
    path = estimate_export(tmp_path / "e.xlsx", edit=calc_says("保险费2000元/辆*30辆=60000万元"))
    [f] = [f for f in check_file(path, Config(ignore=["PX206"])).findings if f.code == "PX317"]
    assert f.severity.value == "error" and f.expected == "6" and "一万倍" in f.message


def test_prose_is_no_statement(tmp_path):
    path = estimate_export(tmp_path / "e.xlsx", edit=calc_says("按每人每月500元，12人12个月"))
    assert check_file(path).workbook.statements == [] and _px317(path) == []


def test_every_statement_read_is_in_the_json(tmp_path):
    path = estimate_export(tmp_path / "e.xlsx", ("statement",))
    res = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    [doc] = json.loads(res.output)["workbooks"]
    statements = doc["statements"]
    assert len(statements) == 6
    first = statements[0]
    assert first == {"sheet": "项目支出绩效目标申报表", "cell": "B20:H20", "field": "测算依据",
                     "project": "城关镇中心小学校园安全管理项目", "text": "20集×7.5万元/集=105万元",
                     "computed": "150", "written": "105", "unit": "万元", "holds": False,
                     "rounded_up": False}
    assert [s["holds"] for s in statements[1:]] == [True] * 5


def test_a_scale_word_before_a_counted_unit_multiplies(tmp_path):
    """``1.2万人次`` is 12000 人次 and ``0.5万亩`` 5000 亩, as the target grammar reads them: the
    sums hold, no PX206 (元 for 万元) and no PX317; a changed result is still found."""
    text = "餐费20元×1.2万人次=24万元；流转0.5万亩×1000元/亩=500万元。"
    path = estimate_export(tmp_path / "e.xlsx", edit=calc_says(text))
    result = check_file(path)
    assert [ws.statement.holds for ws in result.workbook.statements] == [True, True]
    assert [f for f in result.findings if f.code in ("PX206", "PX317")] == []
    changed = estimate_export(tmp_path / "c.xlsx", edit=calc_says(text.replace("=24万元", "=25万元")))
    [f] = _px317(changed)
    assert (f.expected, f.actual) == ("24", "25")
