"""The batch's record store: records on disk, the light facts the whole-batch passes need in
memory, and facts of the whole batch (``duplicate_of``) as an overlay that never rewrites a
record's line but does count in its content digest."""

from __future__ import annotations

from perfxl.summary.store import RecordStore


def record(path: str, unit: str | None, projects=("道路硬化",), status="written") -> dict:
    return {"path": path, "rel": path, "status": status, "unit": unit, "year": 2023,
            "period": "2023-07", "period_source": "项目清单 数据截至",
            "projects": [{"name": p} for p in projects], "findings": [],
            "duplicate_of": None, "duplicate_reason": None, "counts": {"error": 1},
            "output": path, "reused": False, "fingerprint": None}


def filled(*recs: dict) -> RecordStore:
    store = RecordStore(len(recs))
    for i, r in enumerate(recs):
        store.put(i, r)
    return store


def test_light_holds_unit_submission_and_whether_it_was_handed_in():
    store = filled(record("a.xlsx", "甲镇"), record("b.xlsx", None, projects=()),
                   record("c.xlsx", "乙镇", status="error"))
    a, b, c = store.light()
    assert (a.unit, a.submitted, a.errors) == ("甲镇", True, 1)
    assert a.submission is not None and a.submission.path == "a.xlsx"
    assert "道路硬化" in a.submission.projects
    assert (b.unit, b.submitted, b.submission) == ("", False, None)
    assert (c.submitted, c.submission, c.failed) == (False, None, True)


def test_mark_is_an_overlay_seen_by_get_light_and_the_digest_not_a_rewrite():
    store = filled(record("a.xlsx", "甲镇"), record("b.xlsx", "甲镇"))
    before = list(store.content_digests())
    size = store._file.seek(0, 2)  # the lines on disk
    store.mark(0, duplicate_of="b.xlsx", duplicate_reason="文件名含“修改后”")
    assert store._file.seek(0, 2) == size  # nothing appended or rewritten
    back = store[0]
    assert (back["duplicate_of"], back["duplicate_reason"]) == ("b.xlsx", "文件名含“修改后”")
    assert list(back) == list(record("a.xlsx", "甲镇"))  # the fields keep their place
    assert store.light()[0].duplicate_of == "b.xlsx" and store.light()[1].duplicate_of is None
    after = list(store.content_digests())
    assert after[0] != before[0] and after[1] == before[1]
    assert store[1]["duplicate_of"] is None


def test_the_line_put_returns_is_the_record_without_bookkeeping_and_can_be_put_again():
    first = RecordStore(1)
    line = first.put(0, dict(record("第一组/a.xlsx", "甲镇"), fingerprint={"size": 1}))
    assert b'"fingerprint":null' in line and b'"reused":false' in line  # bookkeeping neutral
    again = RecordStore(1)
    rec = dict(record("第一组/a.xlsx", "甲镇"), reused=True)
    assert again.put(0, rec, line) == line
    assert list(again.content_digests()) == list(first.content_digests())
    assert again[0]["path"] == "第一组/a.xlsx" and again[0]["reused"] is True
    moved = RecordStore(1)
    moved.put(0, record("别处/a.xlsx", "甲镇"), line)  # the same file found elsewhere
    assert moved[0]["path"] == "别处/a.xlsx"
    assert list(moved.content_digests()) != list(first.content_digests())  # its links differ
