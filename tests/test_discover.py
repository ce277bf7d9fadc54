"""Discovery of workbooks under folders: recursive, skipping owner/temp/hidden files and outputs."""

from pathlib import Path

from perfxl.discover import discover, is_candidate


def _touch(p: Path) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(b"x")
    return p


def test_folder_is_searched_recursively_and_sorted(tmp_path: Path):
    b = _touch(tmp_path / "乙单位" / "b.xlsx")
    a = _touch(tmp_path / "甲单位" / "2023" / "a.xlsm")
    c = _touch(tmp_path / "c.xls")
    files, missing = discover([tmp_path])
    assert missing == []
    assert set(files) == {a, b, c}
    assert files == sorted(files, key=lambda f: f.as_posix())


def test_owner_temp_hidden_and_own_outputs_are_skipped(tmp_path: Path):
    keep = _touch(tmp_path / "自评.xlsx")
    for name in ["~$自评.xlsx", ".隐藏.xlsx", "自评.perfxl-tmp-1.xlsx", "perfxl汇总_2023-12.xlsx",
                 "旧表.perfxl.xlsx", "说明.docx", "数据.csv"]:
        _touch(tmp_path / name)
    _touch(tmp_path / ".git" / "x.xlsx")
    files, _ = discover([tmp_path])
    assert files == [keep]


def test_explicit_file_is_taken_and_duplicates_dropped(tmp_path: Path):
    owner = _touch(tmp_path / "~$表.xlsx")
    files, _ = discover([owner, owner, tmp_path])
    assert files == [owner]


def test_missing_path_is_reported(tmp_path: Path):
    files, missing = discover([tmp_path / "没有.xlsx"])
    assert files == [] and missing == [tmp_path / "没有.xlsx"]


def test_is_candidate_is_case_insensitive_on_suffix():
    assert is_candidate(Path("A.XLSX"))
    assert not is_candidate(Path("A.txt"))


# --------------------------------------------------------------------------- against rglob

import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from perfxl.discover import search  # noqa: E402


def rglob_discover(paths) -> tuple[list[Path], list[Path]]:
    """The search as it was written before it listed folders with os.scandir: the reference."""
    files, missing, seen = [], [], set()
    for raw in paths:
        p = Path(raw)
        if p.is_file():
            found = [p]
        elif p.is_dir():
            found = sorted(
                (f for f in p.rglob("*") if f.is_file() and is_candidate(f)
                 and not any(part.startswith(".") for part in f.relative_to(p).parts[:-1])),
                key=lambda f: f.as_posix())
        else:
            missing.append(p)
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing


NAMES = st.sampled_from(["a.xlsx", "B.XLS", "c.xlsm", "~$a.xlsx", ".h.xlsx", "d.csv", "e.xlsx",
                         "x.perfxl-tmp-1.xlsx", "perfxl汇总_2023-12.xlsx", "f.perfxl.xlsx",
                         "单位.xlsx", "g", ".xlsx"])
FOLDERS = st.sampled_from(["甲", "乙", ".git", "2023", "~$丙"])
TREES = st.lists(st.tuples(st.lists(FOLDERS, max_size=3), NAMES), max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=TREES, extra=st.lists(st.integers(0, 30), max_size=3))
def test_search_finds_what_rglob_found(tree, extra):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        made = []
        for folders, name in tree:
            p = root.joinpath(*folders, name)
            if p.parent.is_file() or p.is_dir():
                continue
            made.append(_touch(p))
        given_paths = [root] + [made[i] for i in extra if i < len(made)] + [root / "没有"]
        found = search(given_paths)
        assert ([f for _, f in found.workbooks], found.missing) == rglob_discover(given_paths)
        assert discover(given_paths) == rglob_discover(given_paths)
        assert found.unreadable == []
        for folder, names in found.listings.items():  # what was listed is the folder's content
            assert sorted(names) == sorted(os.listdir(folder))


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need extra rights on Windows")
def test_links_are_searched_as_rglob_searched_them(tmp_path: Path):
    real = _touch(tmp_path / "甲" / "单位.xlsx")
    _touch(tmp_path / "外" / "远.xlsx")
    (tmp_path / "甲" / "链接.xlsx").symlink_to(real)  # a second name for the same workbook
    (tmp_path / "甲" / "坏链接.xlsx").symlink_to(tmp_path / "没有.xlsx")
    (tmp_path / "甲" / "链接文件夹").symlink_to(tmp_path / "外", target_is_directory=True)
    for paths in ([tmp_path / "甲"], [tmp_path], [tmp_path / "甲" / "链接.xlsx", tmp_path]):
        assert discover(paths) == rglob_discover(paths)
    assert discover([tmp_path / "甲"])[0] == [real]  # the link folder is not entered


def test_each_file_gets_the_folder_it_was_found_under_as_its_root(tmp_path: Path):
    a = _touch(tmp_path / "甲" / "a.xlsx")
    b = _touch(tmp_path / "乙" / "b.xlsx")
    found = search([tmp_path / "甲", b, tmp_path])  # a again under tmp_path: dropped
    assert found.workbooks == [(tmp_path / "甲", a), (tmp_path / "乙", b)]


def test_a_folder_that_cannot_be_listed_is_reported_with_why(tmp_path: Path, monkeypatch):
    """No permission on one department's folder of the share: its workbooks are not silently
    left out (rglob passed over such a folder without a word)."""
    keep = _touch(tmp_path / "甲" / "a.xlsx")
    _touch(tmp_path / "乙" / "b.xlsx")
    _touch(tmp_path / "丙" / "c.xlsx")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "乙":
            raise PermissionError(13, "Permission denied")
        if Path(path).name == "丙":
            raise OSError(5, "Input/output error")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = search([tmp_path])
    assert [f for _, f in found.workbooks] == [keep]
    assert [(p.name, "权限" in why, "未检查" in why) for p, why in found.unreadable] == [
        ("丙", False, True), ("乙", True, True)]
    assert "Input/output error" in found.unreadable[0][1]


def test_a_folder_loop_ends_and_is_reported(tmp_path: Path, monkeypatch):
    """A Windows junction pointing back up is no symlink to os.scandir: the search stops at
    MAX_DEPTH levels and says so, instead of walking for ever."""
    import perfxl.discover as D

    keep = _touch(tmp_path / "甲" / "a.xlsx")
    _touch(tmp_path / "甲" / "深" / "深" / "深" / "b.xlsx")
    monkeypatch.setattr(D, "MAX_DEPTH", 2)
    found = search([tmp_path])
    assert [f for _, f in found.workbooks] == [keep]
    assert [(p, "层级" in why) for p, why in found.unreadable] == [
        (tmp_path / "甲" / "深" / "深", True)]


def test_a_perfxl_output_folder_below_the_folder_given_is_skipped_and_said(tmp_path: Path):
    """A folder holding the manifest of an ``--output-dir`` run holds copies of workbooks already
    checked: not searched. A source folder's own in-place manifest is no such mark, and an
    output folder given itself is searched (the user asked for it)."""
    from perfxl.discover import search
    from perfxl.manifest import manifest_in

    keep = _touch(tmp_path / "自评.xlsx")
    _touch(tmp_path / ".perfxl-manifest.json")  # an in-place run's manifest: still a source
    out = tmp_path / "out"
    copy = _touch(out / "自评.xlsx")
    _touch(out / "旧" / "更早.xlsx")  # nothing below an output folder is searched either
    _touch(manifest_in(out, tmp_path))
    found = search([tmp_path])
    assert [f for _, f in found.workbooks] == [keep]
    ((folder, why),) = found.skipped
    assert folder == out and "输出文件夹" in why
    assert {f for _, f in search([out]).workbooks} == {copy, out / "旧" / "更早.xlsx"}
