"""Every row and example of spec/targets.md, read by :func:`perfxl.values.parse_target`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from perfxl.values import Op, actual_band, direction_of_name, parse_target
from perfxl.values.targets import (
    COMPARE, DATE, DEADLINE, EMPTY, FREQUENCY, QUALITATIVE, RANGE, REVERSE, UNREADABLE,
)

D = Decimal

# "Operators in words": written → (op, number, unit)
OPERATOR_ROWS = [
    *[(t, Op.GE, "90", "%") for t in ("≥90%", ">=90%", "≧90%", "》90%", "大于等于90%", "不低于90%",
                                     "不少于90%", "至少90%", "90%以上", "90%及以上", "达到90%以上",
                                     "≥90%以上")],
    *[(t, Op.GT, "90", "%") for t in (">90%", "＞90%", "大于90%", "高于90%", "超过90%")],
    *[(t, Op.LE, "5", "万元") for t in ("≤5万元", "<=5万元", "不超过5万元", "不超5万", "不高于5万元",
                                      "5万元以内", "5万元以下", "控制在5万元以内", "最多5万元")],
    *[(t, Op.LT, "5", "%") for t in ("<5%", "低于5%", "少于5%", "小于5%")],
    *[(t, Op.EQ, "0", None) for t in ("=0", "＝0", "零事故")],
    ("0起", Op.EQ, "0", "起"),
]


@pytest.mark.parametrize("text,op,number,unit", OPERATOR_ROWS)
def test_operators_in_words(text, op, number, unit):
    t = parse_target(text)
    assert (t.kind, t.op, t.number, t.unit) == (COMPARE, op, D(number), unit)


def test_none_is_zero_for_an_incident_count_and_blank_otherwise():
    assert (parse_target("无", "安全事故发生数").op, parse_target("无", "安全事故发生数").number) == (
        Op.EQ, D(0))
    assert parse_target("无").kind == EMPTY


@pytest.mark.parametrize("text", ["90%-95%", "90%～95%", "90%至95%"])
def test_ranges(text):
    t = parse_target(text)
    assert (t.kind, t.low, t.high, t.unit) == (RANGE, D(90), D(95), "%")


@pytest.mark.parametrize("text", ["约100人", "100人左右"])
def test_approximate(text):
    t = parse_target(text)
    assert (t.op, t.number, t.unit, t.approximate) == (Op.EQ, D(100), "人", True)


@pytest.mark.parametrize("text,op,number,unit", [
    ("成本不超过13.5万元", Op.LE, "13.5", "万元"),
    ("饭堂总成本不超过48万", Op.LE, "48", "万元"),
    ("社区覆盖率达到95%以上", Op.GE, "95", "%"),
    ("每年成本不超过1.2万元", Op.LE, "1.2", "万元/年"),
    ("不超过9万/年", Op.LE, "9", "万元/年"),
    ("总成本不超过65.329万元", Op.LE, "65.329", "万元"),
])
def test_a_sentence_around_the_value(text, op, number, unit):
    t = parse_target(text)
    assert (t.op, t.number, t.unit) == (op, D(number), unit)


@pytest.mark.parametrize("text,number,unit", [
    ("1,000", "1000", None), ("１２", "12", None), ("0.5", "0.5", None), ("三次", "3", "次"),
    ("十二个月", "12", "月"), ("两次", "2", "次"), ("一百二十人", "120", "人"), ("二十户", "20", "户"),
    ("一个", "1", "个"), ("半年", "0.5", "年"), ("一个半小时", "1.5", "小时"), ("3万", "3", "万元"),
    ("1.2亿", "1.2", "亿元"), ("1.2万人次", "1.2", "万人次"),
])
def test_numbers(text, number, unit):
    t = parse_target(text)
    assert (t.number, t.unit) == (D(number), unit)


@pytest.mark.parametrize("text,number,unit", [
    ("3个小时内", "3", "小时"), ("3小时以内", "3", "小时"), ("3小时之内", "3", "小时"),
    ("半小时内", "0.5", "小时"), ("24小时内响应", "24", "小时"), ("3个工作日", "3", "工作日"),
    ("5个工作日内", "5", "工作日"), ("不超过7天", "7", "天"), ("一周内", "1", "周"),
])
def test_time_limits_are_ceilings(text, number, unit):
    t = parse_target(text)
    assert (t.op, t.number, t.unit, t.time_limit, t.direction) == (
        Op.LE, D(number), unit, True, REVERSE)


@pytest.mark.parametrize("text,on", [
    ("11月底前完成", dt.date(2023, 11, 30)), ("11月前", dt.date(2023, 11, 30)),
    ("11月30日前", dt.date(2023, 11, 30)), ("2023年12月前", dt.date(2023, 12, 31)),
    ("2023年12月31日前", dt.date(2023, 12, 31)), ("2023年底前", dt.date(2023, 12, 31)),
    ("年底前", dt.date(2023, 12, 31)), ("年内", dt.date(2023, 12, 31)),
    ("当年完成", dt.date(2023, 12, 31)), ("12月31日之前", dt.date(2023, 12, 31)),
])
def test_deadlines(text, on):
    t = parse_target(text)
    assert t.kind == DEADLINE and t.deadline.on(2023) == on and t.direction == REVERSE


def test_a_deadline_takes_its_own_year_before_the_forms():
    assert parse_target("2022年12月前").deadline.on(2023) == dt.date(2022, 12, 31)


def test_a_finishing_date_is_a_date():
    t = parse_target("10月底完成")
    assert t.kind == DATE and t.deadline.on(2023) == dt.date(2023, 10, 31)


@pytest.mark.parametrize("text,period", [("按季度", "季度"), ("每月1次", "月"), ("每季度不少于1次", "季度")])
def test_frequencies(text, period):
    t = parse_target(text)
    assert (t.kind, t.op, t.number, t.frequency, t.unit) == (
        FREQUENCY, Op.GE, D(1), period, f"次/{period}")


def test_a_lease_period_is_a_value_not_a_limit():
    t = parse_target("1年")
    assert (t.number, t.unit, t.time_limit) == (D(1), "年", False) and t.op is not Op.LE


@pytest.mark.parametrize("text", ["及时", "按时", "按期完成"])
def test_timely_without_a_deadline_is_qualitative(text):
    t = parse_target(text)
    assert t.kind == QUALITATIVE and t.timely and t.deadline is None


@pytest.mark.parametrize("text", ["显著", "明显", "一般", "好", "较好", "差", "高", "较高", "有效提升",
                                  "有所提升", "满意", "基本满意", "不满意", "合格", "不合格", "达标"])
def test_qualitative_scales(text):
    t = parse_target(text)
    assert t.kind == QUALITATIVE and t.band == text


@pytest.mark.parametrize("band,texts", [
    ("达成", ["达成年度指标", "达成预期指标", "达到预期", "达到预期目标", "已完成", "完成", "全部完成",
             "已达成", "是", "合格", "达标"]),
    ("部分达成", ["部分达成年度指标并具有一定效果", "部分达成", "基本达成", "基本完成", "基本达到"]),
    ("未达成", ["未达成年度指标且效果较差", "未达成", "未完成", "未达到", "否", "不合格"]),
])
def test_actual_wording_bands(band, texts):
    assert {text: actual_band(text) for text in texts} == {text: band for text in texts}


def test_a_word_of_no_band_is_none():
    assert actual_band("较好") is None and actual_band("") is None


@pytest.mark.parametrize("name,direction", [
    ("合格率", "正向"), ("覆盖率", "正向"), ("及时率", "正向"), ("节约率", "正向"), ("满意度", "正向"),
    ("成本节约率", "正向"), ("成本控制率", "正向"), ("成本", "反向"), ("项目费用", "反向"),
    ("平均处置时长", "反向"), ("事故发生率", "反向"), ("群众投诉次数", "反向"), ("安全事故", "反向"),
    ("资料归档", None),
])
def test_direction_from_the_name(name, direction):
    assert direction_of_name(name) == direction


@pytest.mark.parametrize("text", ["促进产业融合发展", "xyz", "详见附件"])
def test_a_text_the_grammar_cannot_read_says_so(text):
    t = parse_target(text)
    assert t.kind == UNREADABLE and t.op is None and t.direction is None and not t.readable


@pytest.mark.parametrize("text", ["", "  ", "—", "/", "-", "不适用", None])
def test_blanks_and_placeholders_are_empty(text):
    assert parse_target(text).kind == EMPTY


def test_a_word_table_that_contradicts_itself_names_the_word():
    from perfxl.values.ops import check_words

    with pytest.raises(ValueError, match="不超过"):
        check_words({"prefix": {"≤": ["不超过"], "≥": ["不超过"]}})
    with pytest.raises(ValueError, match="基本完成"):
        check_words({"actual_bands": {"达成": ["基本完成"], "部分达成": ["基本完成"]}})
    with pytest.raises(ValueError, match="≈"):
        check_words({"prefix": {"≈": ["约"]}})
    check_words({"prefix": {"≥": ["不低于", "不低于"]}})  # the same word twice says one thing
