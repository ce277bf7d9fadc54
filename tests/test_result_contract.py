"""The one result contract (issue 14): every JSON output validates against the schema shipped in
the package, and ``check FILE`` and ``check DIR`` give the same object per workbook."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from perfxl.cli import main
from perfxl.manifest import MANIFEST_NAME
from perfxl.result import SCHEMA, doc_exit_code, file_exit_code, run_exit_code
from perfxl.schema import result_schema
from tests.helpers.exportfix import Export, write_export

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "涞源镇2023"
# what truly differs between a check and a run of the same workbook (docs/results.md)
RUN_FIELDS = {"status", "message", "output"}
# facts about the folder, not the file (issue 15): the shipped 原文.xlsx and 完整.xlsx are two
# copies of one unit's submission, so in a folder one of them is marked as the other's copy
FOLDER_FIELDS = {"duplicate_of", "duplicate_reason"}


@pytest.fixture(scope="module")
def validator():
    schema = result_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def cli(*args) -> tuple[int, str]:
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    return res.exit_code, res.stdout


def valid(validator, doc) -> dict:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return doc


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The shipped examples and a 申报表/执行监控表 export, side by side in one folder."""
    root = tmp_path_factory.mktemp("contract")
    for name in ("完整.xlsx", "原文.xlsx"):
        shutil.copy(EXAMPLE / name, root / name)
    write_export(root / "导出.xlsx", Export(month=7, executed="50.00", rate=""))
    return root


NAMES = ["完整.xlsx", "原文.xlsx", "导出.xlsx"]


def check_file_doc(path: Path) -> dict:
    code, out = cli("check", path, "--format", "json")
    doc = json.loads(out)
    (wb,) = doc["workbooks"]
    assert code == doc_exit_code(wb)
    return doc


def check_dir_lines(folder: Path, *extra) -> tuple[int, dict[str, dict]]:
    code, out = cli("check", folder, "--format", "json", "--jobs", 1, *extra)
    return code, {d["rel"]: d for d in map(json.loads, out.splitlines())}


def test_the_schema_is_shipped_in_the_package_and_named_in_every_document(validator):
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "schema/*.json" in data["tool"]["setuptools"]["package-data"]["perfxl"]
    assert any(x.startswith("jsonschema") for x in data["project"]["optional-dependencies"]["test"])
    assert result_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA == "perfxl-result/1"


@pytest.mark.parametrize("name", NAMES)
def test_check_file_json_validates(validator, folder, name):
    doc = valid(validator, check_file_doc(folder / name))
    assert doc["schema"] == SCHEMA and doc["workbooks"][0]["schema"] == SCHEMA


def test_an_unreadable_file_and_a_missing_one_validate(validator, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a workbook")
    code, out = cli("check", bad, tmp_path / "没有.xlsx", "--format", "json")
    doc = valid(validator, json.loads(out))
    assert code == 2 and [w["status"] for w in doc["workbooks"]] == ["error", "error"]


def test_check_dir_lines_validate_and_agree_with_check_file_field_by_field(validator, folder):
    code, lines = check_dir_lines(folder)
    assert sorted(lines) == sorted(NAMES)
    assert lines["导出.xlsx"]["export"] and lines["导出.xlsx"]["projects"][0]["form"] == "执行监控表"
    for name in NAMES:
        line = valid(validator, lines[name])
        (single,) = check_file_doc(folder / name)["workbooks"]
        assert set(line) == set(single)
        for key in set(single) - FOLDER_FIELDS:
            assert line[key] == single[key], (name, key)
        assert single["duplicate_of"] is None
    assert lines["原文.xlsx"]["duplicate_of"] == str(folder / "完整.xlsx")
    assert lines["完整.xlsx"]["duplicate_of"] is None is lines["导出.xlsx"]["duplicate_of"]
    # the folder's exit code is the worst of its files'
    assert code == run_exit_code(doc_exit_code(d) for d in lines.values()) == 1


def test_run_dir_lines_and_the_manifest_records_are_the_same_object(validator, folder, tmp_path):
    target = tmp_path / "run"
    shutil.copytree(folder, target)
    singles = {n: check_file_doc(folder / n)["workbooks"][0] for n in NAMES}
    code, out = cli("run", target, "--format", "json", "--jobs", 1, "--no-summary")
    lines = {d["rel"]: valid(validator, d) for d in map(json.loads, out.splitlines())}
    assert code == 1 and sorted(lines) == sorted(NAMES)
    for name, line in lines.items():
        assert line["status"] == "written"
        for key in set(singles[name]) - RUN_FIELDS - FOLDER_FIELDS - {"path"}:
            assert line[key] == singles[name][key], (name, key)
    entries = (target / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()[1:]
    for entry in map(json.loads, entries):
        record = valid(validator, entry["record"])
        # the record as the batch's record store wrote it (issue 14's speed: encoded once);
        # the file's fingerprint is the entry's own (size, mtime_ns, sha256), not repeated
        assert record["fingerprint"] is None and len(entry["sha256"]) == 64
        public = {k: v for k, v in record.items() if k != "fingerprint"}
        # the manifest keeps what the file says; which copy counts is decided anew each run
        assert {k: public[k] for k in FOLDER_FIELDS} == dict.fromkeys(FOLDER_FIELDS)
        assert public == {**lines[record["rel"]], "reused": False,
                          **{k: public[k] for k in FOLDER_FIELDS}}


def test_a_reused_record_is_the_same_object_marked_reused(validator, folder, tmp_path):
    target = tmp_path / "again"
    shutil.copytree(folder, target)
    cli("run", target, "--jobs", 1, "--no-summary")
    _, checked = check_dir_lines(target)
    assert all(valid(validator, d)["reused"] for d in checked.values())


def test_exit_codes_are_the_worst_of_the_files():
    assert file_exit_code(failed=False, errors=0) == 0
    assert file_exit_code(failed=False, errors=3) == 1
    assert file_exit_code(failed=True, errors=0) == 2
    assert run_exit_code([0, 1, 0]) == 1 and run_exit_code([0, 2, 1]) == 2
    assert run_exit_code([0, 0]) == 0 and run_exit_code([]) == 2
    assert run_exit_code([0], trouble=True) == 2
