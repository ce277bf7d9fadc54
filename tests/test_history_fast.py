"""The quick paths of a re-run: the history CSV under perfxl's own header is read as the general
(by-header) loop reads it, and the record store's heads are its records without findings."""

from __future__ import annotations

import csv
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.summary.history import COLUMNS, read_history
from perfxl.summary.record import empty_record
from perfxl.summary.store import RecordStore

cell = st.text(alphabet="'=+-@ab1.中", max_size=4)
rows = st.lists(st.lists(cell, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=8)


def _write(path, headers, lines):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(headers)
        w.writerows(lines)


@settings(max_examples=60, deadline=None)
@given(lines=rows, seed=st.integers(0, 1000))
def test_own_header_reads_as_a_shuffled_header_does(tmp_path_factory, lines, seed):
    folder = tmp_path_factory.mktemp("h")
    headers = [h for _, h in COLUMNS]
    order = list(range(len(COLUMNS)))
    random.Random(seed).shuffle(order)
    if order == sorted(order):
        order.reverse()  # never perfxl's own order: the general loop must run
    _write(folder / "own.csv", headers, lines)
    _write(folder / "shuffled.csv", [headers[i] for i in order],
           [[line[i] for i in order] for line in lines])
    assert read_history(folder / "own.csv") == read_history(folder / "shuffled.csv")


def test_short_and_long_lines_under_the_own_header(tmp_path):
    headers = [h for _, h in COLUMNS]
    _write(tmp_path / "h.csv", headers, [["2023-06", "'=单位"], ["2023-07"] + ["x"] * 12])
    got = read_history(tmp_path / "h.csv")
    keys = [k for k, _ in COLUMNS]
    assert got[0] == dict.fromkeys(keys, "") | {"period": "2023-06", "unit": "=单位"}
    assert got[1] == {k: ("2023-07" if k == "period" else "x") for k in keys}


def test_store_heads_are_the_records_without_findings():
    store = RecordStore(3)
    recs = []
    for i in (2, 0, 1):
        r = empty_record(f"/x/{i}.xlsx", status="checked")
        r["findings"] = [{"code": "PX201", "message": "不一致" * i}]
        r["projects"] = [{"name": f"项目{i}"}]
        r["reused"], r["fingerprint"] = bool(i % 2), {"size": i}
        store.put(i, r)
        recs.append((i, r))
    expected = [{k: v for k, v in r.items() if k != "findings"} for _, r in sorted(recs)]
    assert list(store.heads()) == expected
    assert [r["findings"] for r in store] == [r["findings"] for _, r in sorted(recs)]
