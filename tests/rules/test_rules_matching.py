"""List row ↔ 自评表 matching: exact, then similar by optimal assignment, then by order."""

from __future__ import annotations

from itertools import permutations

from hypothesis import given
from hypothesis import strategies as st

from perfxl.model import ListRow, Project, Val
from perfxl.rules.matching import (
    THRESHOLD, assign_max, core_name, match_projects, similarity, unit_places,
)

PLACES = unit_places("涞源县涞源镇人民政府")

SEED_LIST = ["涞源镇防火经费", "涞源镇防汛经费", "计划生育经费", "民政统筹经费", "涞源镇农村环境治理费",
             "涞源镇人大主席团工作经费", "涞源镇卫生补助专项经费", "涞源镇社区服务群众专项经费",
             "涞源镇信访维稳经费", "涞源镇办公楼租赁费"]


def pairs(list_names, form_names):
    rows = [ListRow(8 + k, name=Val(n)) for k, n in enumerate(list_names)]
    forms = [Project(f"自评表{k + 1:02d}", name=Val(n)) for k, n in enumerate(form_names)]
    ms = match_projects(rows, forms, PLACES)
    return {(m.row.name.value if m.row else None, m.project.name.value if m.project else None):
            m for m in ms}


def test_unit_places():
    assert unit_places("涞源县涞源镇人民政府") == ["涞源县涞源镇", "涞源县", "涞源镇"]


def test_core_name_drops_place_and_generic_endings():
    assert core_name("涞源镇农村环境治理费", PLACES) == "农村环境治理"
    assert core_name("涞源县涞源镇防火经费", PLACES) == "防火"


def test_similarity_of_the_seed_pair_passes_the_threshold():
    assert similarity("涞源镇农村环境治理费", "农村环境卫生整治项目", PLACES) >= THRESHOLD


def test_similar_names_of_different_projects_stay_apart():
    """防火 and 防汛 share six of seven characters but are different projects."""
    assert similarity("涞源镇防火经费", "涞源镇防汛经费", PLACES) < THRESHOLD
    assert similarity("涞源镇卫生补助专项经费", "农村环境卫生整治项目", PLACES) < THRESHOLD


def test_seed_list_matches_with_the_renamed_form():
    forms = list(SEED_LIST)
    forms[4] = "农村环境卫生整治项目"
    ms = pairs(SEED_LIST, forms)
    m = ms[("涞源镇农村环境治理费", "农村环境卫生整治项目")]
    assert m.method == "similar" and 0.7 < m.similarity < 0.72
    assert sum(1 for m in ms.values() if m.method == "exact") == 9


def test_forms_in_another_order_still_match_exactly():
    ms = pairs(SEED_LIST[:4], list(reversed(SEED_LIST[:4])))
    assert all(a == b and m.method == "exact" for (a, b), m in ms.items())


def test_assignment_is_one_to_one_and_optimal():
    """Row 村道路面维修养护 is closest to form 村道路面维修 (0.875), but 村道维修 has no other
    good partner (0.8 vs 0.25): the optimal pairing gives both a partner above the threshold
    (0.667 + 0.8) where a greedy one would strand 村道维修."""
    ms = pairs(["村道路面维修养护", "村道维修"], ["村道路面维修", "道路养护"])
    assert set(ms) == {("村道路面维修养护", "道路养护"), ("村道维修", "村道路面维修")}
    assert all(m.method == "similar" for m in ms.values())


def test_far_apart_names_fall_back_to_order():
    ms = pairs(["涞源镇防火经费", "甲项目", "乙项目"], ["涞源镇防火经费", "完全不同一", "完全不同二"])
    assert ms[("甲项目", "完全不同一")].method == "order"
    assert ms[("乙项目", "完全不同二")].method == "order"


def test_extra_rows_are_unmatched():
    ms = pairs(["涞源镇防火经费", "涞源镇防汛经费"], ["涞源镇防火经费"])
    assert ms[("涞源镇防汛经费", None)].method == "unmatched"


@given(st.lists(st.lists(st.integers(0, 100), min_size=4, max_size=4), min_size=1, max_size=4))
def test_assign_max_equals_brute_force(matrix):
    """Hungarian result = the best of all assignments (≤4 columns: brute force is cheap)."""
    w = [[x / 100 for x in row] for row in matrix]
    got = assign_max(w)
    assert len({i for i, _ in got}) == len(got) == len({j for _, j in got}) == len(w)
    best = max(sum(w[i][p[i]] for i in range(len(w))) for p in permutations(range(4), len(w)))
    assert abs(sum(w[i][j] for i, j in got) - best) < 1e-9


def test_many_renamed_projects_pair_with_their_own_number():
    """40 renamed projects differing only in their number: each finds its own form."""
    rows = [f"某某镇第{k}项道路维修资金" for k in range(40)]
    forms = [f"第{k}项道路维修工程项目" for k in reversed(range(40))]
    ms = pairs(rows, forms)
    assert all(m.method == "similar" for m in ms.values())
    assert all(a.removeprefix("某某镇").split("项")[0] == b.split("项")[0] for a, b in ms)


def test_exact_pass_scales_to_ten_thousand_projects():
    names = [f"项目{k}" for k in range(10_000)]
    ms = pairs(names, list(reversed(names)))
    assert len(ms) == 10_000 and all(m.method == "exact" for m in ms.values())
