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
