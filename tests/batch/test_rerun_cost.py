"""An unchanged re-run costs next to nothing (issue 14's speed goal, kept honest by behaviour,
not by timing): a re-run over the files the summary was made from never rewrites the manifest,
reads no record back from the store and writes neither the summary, the history, the findings file
nor what the summary shows of 新增/已解决, and says the changes that summary shows — and a findings
file changed by another run is compared again, not taken on trust."""

from __future__ import annotations

from decimal import Decimal

from perfxl.batch import run_batch
from perfxl.manifest import MANIFEST_NAME
from perfxl.summary.changes import FINDINGS_NAME
from perfxl.summary.shown import shown_path
from perfxl.summary.store import RecordStore
from tests.helpers.batchfix import configs
from tests.helpers.rosterfix import town_workbook

SUMMARY = "perfxl汇总_2023-07.xlsx"


def run(folder):
    return run_batch([folder], config_for=configs, jobs=1)


def stamps(folder) -> dict[str, int]:
    names = (SUMMARY, "perfxl历史.csv", FINDINGS_NAME, MANIFEST_NAME,
             shown_path(folder / SUMMARY).name)
    return {n: (folder / n).stat().st_mtime_ns for n in names}


def test_an_unchanged_rerun_reads_no_record_and_writes_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "报送"
    town_workbook(folder / "甲镇.xlsx", "甲镇", declared_total=Decimal("150"))
    town_workbook(folder / "乙镇.xlsx", "乙镇")
    first = run(folder)
    before = stamps(folder)
    reads = []
    real_get = RecordStore.get
    monkeypatch.setattr(RecordStore, "get", lambda self, i: reads.append(i) or real_get(self, i))
    for _ in range(2):
        again = run(folder)
        assert again.reused == 2 and reads == []
        assert stamps(folder) == before
        assert again.changes == first.changes and again.changes.line() == first.changes.line()
        assert again.changes.line().endswith("本期首次运行，没有上次运行可比较")
        assert again.summary_path == folder / SUMMARY and not again.summary_failed


def test_a_findings_file_changed_since_the_summary_is_compared_again(tmp_path):
    folder = tmp_path / "报送"
    town_workbook(folder / "甲镇.xlsx", "甲镇", declared_total=Decimal("150"))
    run(folder)
    run(folder)
    store = folder / FINDINGS_NAME
    lines = store.read_text(encoding="utf-8-sig").splitlines()
    found = [i for i, line in enumerate(lines) if ",PX" in line]
    assert found
    # another run (say of another folder of the same month) left the unit without its finding
    store.write_text("\n".join(x for i, x in enumerate(lines) if i not in found) + "\n",
                     encoding="utf-8-sig")
    again = run(folder)
    assert again.changes.line() == f"问题变化（与本期上次运行相比）：新增 {len(found)} 个，已解决 0 个"
