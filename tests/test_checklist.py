"""The reviewer's checklist (审核口径) as data: every row checked before anything is read; the
TOML rows of perfxl.toml and the workbook rows are one thing."""

from __future__ import annotations

import pytest

from perfxl.checklist import DEFAULT_CODE, ChecklistError, parse_checklist
from perfxl.config import ConfigError, load_config

ROW = {"编码": "SH01", "审核对象": "测算依据", "模式": "正则匹配", "审核细项": "无测算过程",
       "审核意见表述": "建议按单价×数量列示", "正则表达式": r"[×*]", "匹配时": "合格"}


def test_a_row_reads_its_fields_and_which_way_the_expression_reads():
    [row] = parse_checklist([ROW], "口径").rows
    assert (row.code, row.field, row.category, row.message, row.advice) == (
        "SH01", "测算依据", None, "无测算过程", "建议按单价×数量列示")
    assert row.is_problem("按实际支出") and not row.is_problem("200元×300人")
    assert row.is_problem(None)  # an empty field has nothing that is required
    problem = parse_checklist([{**ROW, "正则表达式": "良好", "匹配时": "不合格"}], "口径").rows[0]
    assert problem.is_problem("良好") and not problem.is_problem(None)


@pytest.mark.parametrize("target,field,category", [
    ("二级指标==质量", "指标值", "质量"), ("二级指标==质量指标", "指标值", "质量"),
    ("二级指标==时效/三级指标", "三级指标", "时效"), ("指标解释", "指标解释", None)])
def test_targets(target, field, category):
    [row] = parse_checklist([{**ROW, "审核对象": target}], "口径").rows
    assert (row.field, row.category) == (field, category)


@pytest.mark.parametrize("change,words", [
    ({"正则表达式": "[a"}, "第 3 行：正则表达式“[a”无法使用"),
    ({"审核对象": "附件"}, "第 3 行：审核对象“附件”不是可审核的内容"),
    ({"审核对象": "二级指标==质量/附件"}, "审核对象“二级指标==质量/附件”"),
    ({"模式": "自动"}, "模式“自动”应为“正则匹配”或“人工”"),
    ({"正则表达式": None}, "没有填写正则表达式"),
    ({"匹配时": None}, "请在“匹配时”填写“合格”"),
    ({"编码": "第1条"}, "编码“第1条”只能由"),
])
def test_a_bad_row_is_named(change, words):
    with pytest.raises(ChecklistError) as e:
        parse_checklist([ROW, ROW, {**ROW, **change}], "审核口径.xlsx")
    assert str(e.value).startswith("审核口径.xlsx 第 3 行") and words in str(e.value)


def test_manual_rows_need_no_expression_and_a_row_without_code_is_px790():
    c = parse_checklist([{"审核对象": "三级指标", "模式": "人工", "审核细项": "与项目相关"}], "口径")
    assert c.automatic == () and [r.code for r in c.manual] == [DEFAULT_CODE]


def test_toml_rows(tmp_path):
    (tmp_path / "perfxl.toml").write_text(
        '[[checklist]]\n"编码" = "SH01"\n"审核对象" = "测算依据"\n"模式" = "正则匹配"\n'
        '"正则表达式" = "[×*]"\n"匹配时" = "合格"\n\n[[checklist]]\n"审核对象" = "三级指标"\n"模式" = "人工"\n',
        encoding="utf-8")
    config = load_config(tmp_path / "perfxl.toml")
    assert [r.code for r in config.checklist.rows] == ["SH01", "PX790"]
    assert config.digest() != load_config(None).digest()


def test_a_bad_toml_row_is_a_config_error_naming_it(tmp_path):
    (tmp_path / "perfxl.toml").write_text(
        '[[checklist]]\n"审核对象" = "测算依据"\n"模式" = "正则匹配"\n"正则表达式" = "(x"\n"匹配时" = "合格"\n',
        encoding="utf-8")
    with pytest.raises(ConfigError, match="checklist.*第 1 行：正则表达式“\\(x”无法使用"):
        load_config(tmp_path / "perfxl.toml")
