"""The reading of a target as it appears in the JSON (``target_reading``)."""

from __future__ import annotations

from perfxl.values import parse_target


def test_a_time_limit_as_json():
    assert parse_target("3个小时内").as_dict() == {
        "kind": "compare", "op": "≤", "number": "3", "unit": "小时", "low": None, "high": None,
        "deadline": None, "frequency": None, "band": None, "approximate": False,
        "time_limit": True, "direction": "反向"}


def test_a_deadline_and_a_range_as_json():
    d = parse_target("2023年11月底前完成").as_dict()
    assert (d["kind"], d["op"], d["deadline"], d["direction"]) == ("deadline", "≤", "2023年11月底",
                                                                 "反向")
    r = parse_target("90%-95%").as_dict()
    assert (r["kind"], r["low"], r["high"], r["unit"]) == ("range", "90", "95", "%")
