"""The manifest: a cheap stat first, a hash only when the stat differs; version, config and mode
must match; an atomic, tolerant file."""

from __future__ import annotations

import json
import os

import perfxl.manifest as manifest_mod
from perfxl.manifest import MANIFEST_NAME, Manifest, fingerprint


def lines(root):
    """The manifest's file lines after the header."""
    text = (root / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert json.loads(text[0])["format"] == 2
    return [json.loads(x) for x in text[1:]]


def stored(tmp_path, name="a.xlsx", data=b"content", mode="run", digest="cfg1"):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    m = Manifest(tmp_path)
    rec = {"path": str(p), "status": "written", "fingerprint": fingerprint(p)}
    m.store(p, rec, digest=digest, mode=mode)
    m.save()
    return p, rec


def test_unchanged_file_is_found_without_hashing(tmp_path, monkeypatch):
    p, rec = stored(tmp_path)
    monkeypatch.setattr(manifest_mod, "sha256_file", lambda path: (_ for _ in ()).throw(
        AssertionError("hashed although size and mtime are unchanged")))
    assert Manifest.load(tmp_path).lookup(p, digest="cfg1", mode="run") == rec


def test_same_bytes_new_mtime_is_hashed_and_found(tmp_path):
    p, rec = stored(tmp_path)
    st = os.stat(p)
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    m = Manifest.load(tmp_path)
    found = m.lookup(p, digest="cfg1", mode="run")
    assert found["fingerprint"]["mtime_ns"] == st.st_mtime_ns + 10**9
    assert dict(found, fingerprint=None) == dict(rec, fingerprint=None)
    m.save()  # remembers the new mtime, so the next run need not hash again
    assert lines(tmp_path)[0]["mtime_ns"] == st.st_mtime_ns + 10**9


def test_changed_content_same_size_is_not_found(tmp_path):
    p, _ = stored(tmp_path, data=b"content")
    st = os.stat(p)
    p.write_bytes(b"CONTENT")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert Manifest.load(tmp_path).lookup(p, digest="cfg1", mode="run") is None


def test_other_config_version_or_mode_is_not_found(tmp_path, monkeypatch):
    p, rec = stored(tmp_path)
    m = Manifest.load(tmp_path)
    assert m.lookup(p, digest="cfg2", mode="run") is None
    assert m.lookup(p, digest="cfg1", mode="check") == rec  # written files were checked too
    assert m.lookup(p, digest="cfg1", mode="run-copy:/x") is None
    monkeypatch.setattr(manifest_mod, "__version__", "9.9.9")
    assert m.lookup(p, digest="cfg1", mode="run") is None


def test_a_check_record_does_not_count_as_written(tmp_path):
    p, _ = stored(tmp_path, mode="check")
    assert Manifest.load(tmp_path).lookup(p, digest="cfg1", mode="run") is None


def test_keys_are_relative_posix_paths(tmp_path):
    stored(tmp_path, name="乡镇/表.xlsx")
    assert [x["key"] for x in lines(tmp_path)] == ["乡镇/表.xlsx"]
    assert not [x for x in tmp_path.iterdir() if "perfxl-tmp" in x.name]


def test_failed_record_is_forgotten(tmp_path):
    p, _ = stored(tmp_path)
    m = Manifest.load(tmp_path)
    m.store(p, {"path": str(p), "status": "error", "fingerprint": None}, digest="cfg1", mode="run")
    m.save()
    assert Manifest.load(tmp_path).entries == {}


def test_unreadable_or_foreign_manifest_is_empty(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text("[1, 2", encoding="utf-8")
    assert Manifest.load(tmp_path).entries == {}
    (tmp_path / MANIFEST_NAME).write_text('{"format": 99}\n{"key": "a.xlsx"}\n', encoding="utf-8")
    assert Manifest.load(tmp_path).entries == {}


def test_reused_records_survive_a_save_with_new_entries(tmp_path):
    a, rec_a = stored(tmp_path, "a.xlsx")
    b = tmp_path / "b.xlsx"
    b.write_bytes(b"bbb")
    m = Manifest.load(tmp_path)
    m.store(b, {"path": str(b), "status": "written", "fingerprint": fingerprint(b)},
            digest="cfg1", mode="run")
    m.save()
    assert m.lookup(a, digest="cfg1", mode="run") == rec_a  # offsets follow the new file
    m.close()
    again = Manifest.load(tmp_path)
    assert again.lookup(a, digest="cfg1", mode="run") == rec_a
    assert again.lookup(b, digest="cfg1", mode="run")["path"] == str(b)
    assert [x["key"] for x in lines(tmp_path)] == ["a.xlsx", "b.xlsx"]


def test_a_damaged_line_only_loses_that_file(tmp_path):
    a, rec_a = stored(tmp_path, "a.xlsx")
    text = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8")
    (tmp_path / MANIFEST_NAME).write_text(text + '{"key": "b.xlsx", "size": \n', encoding="utf-8")
    m = Manifest.load(tmp_path)
    assert list(m.entries) == ["a.xlsx"]
    assert m.lookup(a, digest="cfg1", mode="run") == rec_a


def test_a_record_stored_as_its_line_is_found_as_those_bytes_and_as_the_record(tmp_path):
    p = tmp_path / "a.xlsx"
    p.write_bytes(b"content")
    rec = {"path": "", "status": "written", "findings": [{"message": '引号"与,"record":'}]}
    line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    m = Manifest(tmp_path)
    m.store(p, dict(rec, fingerprint=fingerprint(p)), digest="cfg1", mode="run", line=line)
    m.save()
    again = Manifest.load(tmp_path)
    found_line, fp = again.find(p, digest="cfg1", mode="run")
    assert found_line == line and fp == fingerprint(p)
    assert again.lookup(p, digest="cfg1", mode="run") == dict(rec, fingerprint=fingerprint(p))
    assert not again.dirty  # finding an unchanged file leaves the manifest as it is
