"""Frameworks as TOML data: what ships, how 一级指标 labels map, and [settings] overrides."""

from __future__ import annotations

import tomllib
from decimal import Decimal as D
from importlib import resources

import pytest

from perfxl.config import ConfigError, load_config
from perfxl.scoring import Framework, load_framework


# --------------------------------------------------------------------------- shipped data


def test_framework_files_ship_as_package_data():
    folder = resources.files("perfxl.scoring") / "frameworks"
    for name in ("default.toml", "common.toml"):
        tomllib.loads((folder / name).read_text(encoding="utf-8"))  # valid TOML


def test_default_framework_numbers():
    """财政部: 执行率 10 + 产出 50 + 效益 30 + 满意度 10 = 100; every number as in rules.md."""
    fw = load_framework()
    assert fw.id == "default" and fw.title == "财政部项目支出绩效自评"
    assert [(c.name, c.weight) for c in fw.categories] == [
        ("产出指标", D(50)), ("效益指标", D(30)), ("满意度指标", D(10))]
    assert fw.execution_weight == D(10) and fw.total == D(100)
    assert (fw.reverse_rule, fw.over_completion, fw.explanation_threshold, fw.lag_points,
            fw.land_rate) == ("2T", D("1.2"), D("0.9"), D(20), D(1000))
    assert (fw.money_tolerance, fw.score_tolerance) == (D("0.0001"), D("0.01"))
    assert fw.grades == ((D(90), "优"), (D(80), "良"), (D(60), "中"), (D(0), "差"))


def test_default_framework_required_and_measurable():
    """PX401: all three required; PX403: 产出 and 满意度 measurable, 效益 not."""
    fw = load_framework()
    assert all(c.required for c in fw.categories)
    assert [c.name for c in fw.categories if c.measurable] == ["产出指标", "满意度指标"]


def test_default_framework_subcategories():
    fw = load_framework()
    subs = {c.name: c.subcategories for c in fw.categories}
    assert subs["产出指标"] == ("数量指标", "质量指标", "时效指标", "成本指标")
    assert subs["效益指标"] == ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
    assert subs["满意度指标"] == ("服务对象满意度指标",)


def test_default_bands():
    """达成 [0.8, 1] default 1.0 · 部分达成 [0.6, 0.8) 0.7 · 未达成 [0, 0.6) 0.3."""
    fw = load_framework()
    assert [(b.short, b.low, b.high, b.high_inclusive, b.default) for b in fw.bands] == [
        ("达成", D("0.8"), D("1.0"), True, D("1.0")),
        ("部分达成", D("0.6"), D("0.8"), False, D("0.7")),
        ("未达成", D("0.0"), D("0.6"), False, D("0.3"))]
    assert [b.name for b in fw.bands] == [
        "达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"]


def test_band_contains():
    band = load_framework().bands[1]  # 部分达成 [0.6, 0.8)
    assert band.contains(D("0.6")) and band.contains(D("0.79"))
    assert not band.contains(D("0.8")) and not band.contains(D("0.59"))


@pytest.mark.parametrize("name", ["common", "共性指标", "共性"])
def test_common_framework(name):
    """共性指标: 投入/过程/产出/效果, weights from the workbook (None), 执行率 10."""
    fw = load_framework(name)
    assert fw.id == "common"
    assert [c.name for c in fw.categories] == ["投入", "过程", "产出", "效果"]
    assert all(c.weight is None for c in fw.categories)
    assert fw.execution_weight == D(10)
    subs = {s for c in fw.categories for s in c.subcategories}
    assert {"项目立项", "资金落实", "业务管理", "财务管理", "项目产出", "项目效益"} <= subs
    assert [c.name for c in fw.categories if c.measurable] == ["产出"]


@pytest.mark.parametrize("name", ["default", "财政部", "财政部项目支出绩效自评"])
def test_default_aliases(name):
    assert load_framework(name).id == "default"


def test_unknown_framework_name():
    with pytest.raises(ConfigError, match="未知的评分框架"):
        load_framework("某某省")  # 四川省 is a shipped framework since issue 17


# --------------------------------------------------------------------------- category_of


@pytest.mark.parametrize("label,canonical", [
    ("产出指标", "产出指标"), ("产出指标（50分）", "产出指标"), ("产出指标(50分)", "产出指标"),
    (" 产 出\n指 标 ", "产出指标"), ("产出", "产出指标"), ("效益指标：", "效益指标"),
    ("效益", "效益指标"), ("满意度指标（10分）", "满意度指标"), ("满意度", "满意度指标"),
])
def test_category_of_default(label, canonical):
    cat = load_framework().category_of(label)
    assert cat is not None and cat.name == canonical


@pytest.mark.parametrize("label", [None, "", "  ", "其他指标", "产出数量"])
def test_category_of_unknown(label):
    assert load_framework().category_of(label) is None


@pytest.mark.parametrize("label,canonical", [("投入", "投入"), ("投入指标", "投入"),
                                             ("决策", "投入"), ("过程（20分）", "过程"),
                                             ("产出指标", "产出"), ("效果", "效果"),
                                             ("效益", "效果")])
def test_category_of_common(label, canonical):
    assert load_framework("common").category_of(label).name == canonical


def test_category_of_level2():
    fw = load_framework()
    assert fw.category_of_level2("成本指标").name == "产出指标"
    assert fw.category_of_level2("服务对象满意度指标").name == "满意度指标"
    assert fw.category_of_level2("别的") is None


# --------------------------------------------------------------------------- overrides


def test_reverse_rule_override():
    assert load_framework("default", {"reverse_rule": "ratio"}).reverse_rule == "ratio"
    assert load_framework("default", {"reverse_rule": "T/X"}).reverse_rule == "ratio"
    assert load_framework("default", {"reverse_rule": "2t"}).reverse_rule == "2T"


def test_scalar_overrides_are_exact_decimals():
    """TOML floats become Decimal through str(): 1.15 stays 1.15, not 1.149999…"""
    fw = load_framework("default", {"land_rate": 1200, "over_completion": 1.15,
                                    "explanation_threshold": 0.85, "lag_points": 15,
                                    "money_tolerance": 0.001, "score_tolerance": 0.05})
    assert (fw.land_rate, fw.over_completion, fw.explanation_threshold, fw.lag_points) == (
        D(1200), D("1.15"), D("0.85"), D(15))
    assert str(fw.over_completion) == "1.15"
    assert (fw.money_tolerance, fw.score_tolerance) == (D("0.001"), D("0.05"))


def test_weights_override():
    """产出 40 + 效益 40 + 满意度 10 + 执行率 10 = 100."""
    fw = load_framework("default", {"weights": {"产出指标": 40, "效益指标": 40}})
    assert [c.weight for c in fw.categories] == [D(40), D(40), D(10)]


def test_weights_override_short_names_and_execution():
    """`产出` names 产出指标; `预算执行率` sets the execution weight: 20 + 40 + 30 + 10 = 100."""
    fw = load_framework("default", {"weights": {"产出": 40, "预算执行率": 20}})
    assert fw.execution_weight == D(20)
    assert fw.categories[0].weight == D(40)


def test_common_weights_may_be_fixed():
    fw = load_framework("common", {"weights": {"投入": 20, "过程": 20, "产出": 25, "效果": 25}})
    assert [c.weight for c in fw.categories] == [D(20), D(20), D(25), D(25)]


def test_grades_override():
    fw = load_framework("default", {"grades": {"优": 85, "良": 75}})
    assert fw.grades == ((D(85), "优"), (D(75), "良"), (D(60), "中"), (D(0), "差"))


def test_bands_override():
    fw = load_framework("default", {"bands": {"部分达成年度指标并具有一定效果": {"default": 0.65},
                                              "达成": {"low": 0.85, "name": "达成预期指标"}}})
    assert fw.bands[0].low == D("0.85") and fw.bands[0].name == "达成预期指标"
    assert fw.bands[1].default == D("0.65")


def test_required_and_measurable_override():
    fw = load_framework("default", {"required": ["产出指标", "效益"], "measurable": []})
    assert [c.required for c in fw.categories] == [True, True, False]
    assert not any(c.measurable for c in fw.categories)


def test_overrides_do_not_leak_between_loads():
    load_framework("default", {"weights": {"产出指标": 40, "效益指标": 40}, "grades": {"优": 85}})
    fw = load_framework()
    assert fw.categories[0].weight == D(50) and fw.grades[0] == (D(90), "优")


def test_settings_records_effective_values():
    fw = load_framework("default", {"land_rate": 1200})
    assert fw.settings["land_rate"] == D(1200) and fw.settings["reverse_rule"] == "2T"
    assert fw.settings["weights"] == {"产出指标": D(50), "效益指标": D(30), "满意度指标": D(10)}


def test_settings_from_a_real_perfxl_toml(tmp_path):
    """The [settings] table of a perfxl.toml, read by config, is what load_framework takes."""
    (tmp_path / "perfxl.toml").write_text(
        'framework = "default"\n[settings]\nreverse_rule = "ratio"\nland_rate = 1200\n'
        'over_completion = 1.5\nweights = { "产出指标" = 40, "效益指标" = 40 }\n'
        'grades = { "优" = 85 }\n', encoding="utf-8")
    cfg = load_config(tmp_path / "perfxl.toml")
    fw = load_framework(cfg.framework, cfg.settings)
    assert (fw.reverse_rule, fw.land_rate, fw.over_completion) == ("ratio", D(1200), D("1.5"))
    assert [c.weight for c in fw.categories] == [D(40), D(40), D(10)]
    assert fw.grade_of(D(85)) == "优"


def test_custom_framework_file(tmp_path):
    """A province's own framework .toml, numbers read exactly (1000.5 stays 1000.5)."""
    path = tmp_path / "我省框架.toml"
    path.write_text(
        'id = "hubei"\ntitle = "某省"\nexecution_weight = 20\nland_rate = 1000.5\n'
        'reverse_rule = "ratio"\n'
        '[[categories]]\nname = "产出指标"\nweight = 50\n'
        '[[categories]]\nname = "效益指标"\nweight = 30\nrequired = false\n'
        '[grades]\n"合格" = 60\n"不合格" = 0\n', encoding="utf-8")
    fw = load_framework(str(path), {"land_rate": 900})
    assert isinstance(fw, Framework)
    assert (fw.id, fw.execution_weight, fw.reverse_rule, fw.land_rate) == (
        "hubei", D(20), "ratio", D(900))
    assert [c.required for c in fw.categories] == [True, False]
    assert fw.grade_of(D("59.99")) == "不合格"
    assert load_framework(str(path)).land_rate == D("1000.5")


def test_custom_framework_file_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("id = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="无法读取"):
        load_framework(str(bad))
    bad.write_text('id = "x"\nfoo = 1\n[[categories]]\nname = "产出"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="foo"):
        load_framework(str(bad))
    bad.write_text('id = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="categories"):
        load_framework(str(bad))


# --------------------------------------------------------------------------- bad settings


@pytest.mark.parametrize("overrides,key", [
    ({"foo": 1}, "foo"),
    ({"landrate": 1200}, "landrate"),
    ({"land_rate": "一千"}, "land_rate"),
    ({"land_rate": True}, "land_rate"),
    ({"land_rate": 0}, "land_rate"),
    ({"land_rate": [1200]}, "land_rate"),
    ({"over_completion": 1}, "over_completion"),
    ({"over_completion": float("nan")}, "over_completion"),
    ({"explanation_threshold": 90}, "explanation_threshold"),
    ({"lag_points": -1}, "lag_points"),
    ({"reverse_rule": "3T"}, "reverse_rule"),
    ({"reverse_rule": 2}, "reverse_rule"),
    ({"weights": {"产出指标": 45}}, "weights"),
    ({"weights": {"满意": 10}}, "weights.满意"),
    ({"weights": {"产出指标": -10, "效益指标": 90}}, "weights.产出指标"),
    ({"weights": 50}, "weights"),
    ({"grades": {"优": 70}}, "grades"),
    ({"grades": {"优秀": 95}}, "grades"),
    ({"grades": {"优": 120}}, "grades.优"),
    ({"bands": {"达成": {"default": 0.5}}}, "bands.达成.default"),
    ({"bands": {"达成": {"low": 1.2}}}, "bands.达成"),
    ({"bands": {"很好": {"default": 1}}}, "bands"),
    ({"bands": {"达成": {"colour": "red"}}}, "bands.达成.colour"),
    ({"required": "产出指标"}, "required"),
    ({"measurable": ["投入"]}, "measurable"),
    ({"execution_weight": 150}, "execution_weight"),
])
def test_bad_settings_raise_config_error_naming_the_key(overrides, key):
    with pytest.raises(ConfigError) as e:
        load_framework("default", overrides)
    msg = str(e.value)
    assert key in msg
    assert "设置项" in msg  # a Chinese sentence, not a traceback text


def test_unknown_key_message_lists_the_valid_ones():
    with pytest.raises(ConfigError) as e:
        load_framework("default", {"landrate": 1})
    assert "未知的设置项" in str(e.value) and "land_rate" in str(e.value)


@pytest.mark.parametrize("body,fragment", [
    ('categories = ["产出"]\n', "categories"),
    ('grades = 5\n[[categories]]\nname = "产出"\n', "grades"),
    ('bands = 1\n[[categories]]\nname = "产出"\n', "bands"),
    ('[[categories]]\nname = "产出"\n[[bands]]\nname = "达成"\n', "bands"),
])
def test_malformed_custom_framework_is_a_config_error(tmp_path, body, fragment):
    path = tmp_path / "f.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        load_framework(str(path))


def test_the_framework_says_what_the_closing_row_sums(tmp_path):
    """The 合计/总分 row's scope is the framework's (四川: the indicators alone), not a label's;
    a framework file of one's own may say it, and a wrong word is a clear error."""
    assert not load_framework("default").total_row_is_indicators_only
    assert load_framework("四川").total_row_is_indicators_only
    own = tmp_path / "我县框架.toml"
    own.write_text('id = "x"\ntotal_row = "indicators"\n[[categories]]\nname = "产出指标"\n',
                   encoding="utf-8")
    assert load_framework(str(own)).total_row_is_indicators_only
    own.write_text('id = "x"\ntotal_row = "合计"\n[[categories]]\nname = "产出指标"\n',
                   encoding="utf-8")
    with pytest.raises(ConfigError, match="total_row"):
        load_framework(str(own))
