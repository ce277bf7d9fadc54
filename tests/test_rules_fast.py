"""The cheaper paths of the rules and scoring (issue 5) give exactly what the plain ones gave.

- ``best_match``'s equal-name shortcut, and the land rules' owner lookup by name index, against
  the plain similarity search over every candidate;
- the cached number text (``num``) against ``fmt_decimal``, zeros and negative zeros included;
- the framework's remembered category lookups against working them out afresh;
- the enabled-rule list, worked out once per select/ignore pair, against ``Config.is_enabled``
  asked for every code (also after a config object is changed in place).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.config import Config
from perfxl.rules import REGISTRY, enabled_rules, load_rules
from perfxl.rules.amounts import ParcelGroup, group_owner
from perfxl.rules.common import num
from perfxl.rules.context import CheckContext
from perfxl.rules.matching import best_match
from perfxl.scoring.framework import load_framework
from perfxl.values import fmt_decimal
from rulefix import best_match_by_trying_all, list_row, project, unit, workbook

_NAMES = st.text(alphabet="涞源镇县农村环境治理费项目经费资金土地流转黑木耳基地公园 ，（）", max_size=12)
_PLACES = st.sampled_from([(), ("涞源镇",), ("涞源县", "涞源镇")])


@settings(max_examples=300, deadline=None)
@given(_NAMES, st.lists(_NAMES, max_size=6), st.integers(0, 6), st.sampled_from(["", " ", "（", "，"]),
       _PLACES)
def test_best_match_with_an_equal_name_among_the_candidates(name, others, at, noise, places):
    """The shortcut fires when a candidate equals the name once normalised (spaces and
    punctuation ignored); it must pick what the full search picks, duplicates included."""
    candidates = list(others)
    candidates.insert(min(at, len(candidates)), noise + name + noise)
    assert best_match(name, candidates, places) == best_match_by_trying_all(name, candidates, places)


def _owner_by_search(ctx, group):
    """The land rules' owner the plain way: best_match over the forms, then the list rows."""
    hit = best_match(group.name, [p.name.value for p in ctx.wb.projects], ctx.places)
    if hit is not None:
        return ctx.wb.projects[hit[0]]
    hit = best_match(group.name, [r.name.value for r in ctx.list_rows], ctx.places)
    return ctx.list_rows[hit[0]] if hit is not None else None


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAMES, max_size=4), st.lists(_NAMES, max_size=4), _NAMES)
def test_land_owner_lookup_by_name_index_equals_the_similarity_search(forms, rows, land_name):
    wb = workbook([project(f"自评表{k + 1:02d}", name) for k, name in enumerate(forms)],
                  unit([list_row(8 + k, name, budget="1") for k, name in enumerate(rows)]))
    ctx = CheckContext(wb=wb, framework=load_framework())
    group = ParcelGroup(land_name)
    assert group_owner(ctx, group) is _owner_by_search(ctx, group)


_DECIMALS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=-10**12,
                max_value=10**12),
    st.sampled_from([Decimal("0"), Decimal("-0"), Decimal("0.00"), Decimal("-0.0"),
                     Decimal("9.5"), Decimal("9.50"), Decimal("1E+1"), Decimal("144.95520")]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_DECIMALS, min_size=1, max_size=6))
def test_cached_number_text_is_fmt_decimal(values):
    for d in values + values:  # the second time from the cache
        assert num(d) == fmt_decimal(d)
    assert num(None) is None


_LABELS = st.one_of(
    st.none(),
    st.sampled_from(["产出指标", "产出指标（50分）", " 产 出 ", "效益", "满意度指标：", "数量指标",
                     "社会效益指标", "服务对象满意度指标", "成本指标", "其他", "", "50"]),
    st.text(alphabet="产出效益满意度指标数量质量（）分50: ", max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["default", "common"]), st.lists(_LABELS, max_size=8))
def test_remembered_category_lookups_equal_fresh_ones(framework_id, labels):
    fw = load_framework(framework_id)
    for label in labels + labels:
        assert fw.category_of(label) is fw._find_category(label)
        assert fw.category_of_level2(label) is fw._find_category_of_level2(label)


def _plain_rules(config, year_end):
    return [code for code in sorted(load_rules()) if config.is_enabled(code)
            and (year_end or not REGISTRY[code].year_end_only)]


_PATTERNS = st.lists(st.sampled_from(["ALL", "PX", "PX2", "px20", "PX206", "PX4", "PX40", "PX5",
                                      "PX6", "PX1", "PX209", "PX404"]), max_size=3)


@settings(max_examples=200, deadline=None)
@given(_PATTERNS, _PATTERNS, st.booleans())
def test_enabled_rules_are_the_codes_config_enables(select, ignore, year_end):
    config = Config(select=tuple(select), ignore=tuple(ignore))
    assert [r.code for r in enabled_rules(config, year_end=year_end)] == _plain_rules(config,
                                                                                      year_end)


def test_enabled_rules_follow_a_config_changed_in_place():
    config = Config()
    assert "PX206" in [r.code for r in enabled_rules(config, year_end=True)]
    config.ignore = ("PX206",)  # as resolve_config does for --ignore
    codes = [r.code for r in enabled_rules(config, year_end=True)]
    assert "PX206" not in codes and codes == _plain_rules(config, True)
    config.select = ("PX4",)
    assert [r.code for r in enabled_rules(config, year_end=False)] == _plain_rules(config, False)
    assert "PX404" not in _plain_rules(config, False) and "PX404" in _plain_rules(config, True)
