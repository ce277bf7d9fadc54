"""A manifest line's meta is read without parsing its record, and reads the same as a full parse,
whatever the texts in the key or the record (quotes, the bytes ``,"record":`` in a message)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.manifest import _line, _meta_of

text = st.lists(st.sampled_from(list('ab,"record:{}\\中 ') + [',"record":']), max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(key=text, sha=text, message=text, size=st.integers(0, 10**9))
def test_meta_of_a_line_equals_the_full_parse_without_its_record(key, sha, message, size):
    meta = {"size": size, "mtime_ns": 1, "sha256": sha, "version": "0.1", "config": "c",
            "mode": "run"}
    record = {"path": key, "findings": [{"message": message, "cell": ',"record":{'}]}
    line = _line(key, meta, record)
    full = json.loads(line)
    assert _meta_of(line) == {k: v for k, v in full.items() if k != "record"}
    assert full["record"] == record
