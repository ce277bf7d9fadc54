"""The summary workbook with hostile texts in it opens in openpyxl, python-calamine and (where
installed) LibreOffice; the record store's digest and round trip."""

from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from perfxl.summary.workbook import write_summary

from tests.helpers.summaryfix import TRICKY, finding, proj, rec


@pytest.fixture
def hostile(tmp_path):
    (tmp_path / "甲").mkdir()
    records = [rec(tmp_path / "甲" / f"单位{i}.xlsx", text, projects=[
        proj(text or "x", "2", "1.5", "88.5", "良")], findings=[finding(text, actual=text)])
        for i, text in enumerate(TRICKY + ["<r>x</r>", ""])]
    return write_summary(tmp_path / "s.xlsx", records, period="2023-07", history=[],
                         base=tmp_path), records


def test_streamed_sheets_read_back_in_openpyxl_and_calamine(hostile):
    path, records = hostile
    wb = openpyxl.load_workbook(path)
    summary = list(wb["汇总"].iter_rows(values_only=True))
    found = list(wb["全部问题"].iter_rows(values_only=True))
    assert len(summary) == len(found) == 1 + len(records)
    for k, (row, r) in enumerate(zip(summary[1:], records)):
        text = r["unit"]
        if not re.search("[\x00-\x1f\ufffe]|_x", text):  # Excel's _xHHHH_ escapes aside
            cut = text[:32767] if not text.startswith("😀") else "😀" * (32767 // 2)
            assert row[0] == (cut or f"单位{k}")  # no unit: the file's name
            assert found[k + 1][6] == (cut or None)
        assert row[1] == f"甲/单位{k}.xlsx"
        assert wb["汇总"].cell(k + 2, 2).hyperlink.target.replace("\\", "/") == row[1]
    assert found[-2][6] == "<r>x</r>"  # text, not markup
    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("全部问题").to_python()
    for k, r in enumerate(records):  # calamine undoes Excel's _xHHHH_ escapes: the exact text
        text = r["unit"]
        if text == "\ufffe" or "_x005F" in text:  # xlsxwriter's escapes that calamine keeps
            continue
        cut = text[:32767] if not text.startswith("😀") else "😀" * (32767 // 2)
        assert cal[k + 1][6] == cut


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_renders_the_summary(hostile, tmp_path):
    path, _ = hostile
    out = tmp_path / "pdf"
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    str(path)], check=True, capture_output=True, timeout=180)
    pdf = out / "s.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000


def test_store_digest_ignores_bookkeeping_and_keeps_records_whole(tmp_path, records):
    from perfxl.summary.store import RecordStore
    from perfxl.summary.workbook import summary_digest

    def store(recs):
        s = RecordStore(len(recs))
        for i, r in enumerate(recs):
            s.put(i, dict(r))
        return s

    first = store(records)
    rerun = store([dict(r, reused=True, fingerprint={"size": 9}) for r in records])
    changed = store([dict(records[0], unit="别的单位")] + records[1:])
    digest = lambda s: summary_digest(s, period="2023-07", base=tmp_path, history=None)  # noqa
    assert digest(rerun) == digest(first) != digest(changed)
    back = rerun[0]
    assert list(back) == list(records[0]) and back["reused"] is True
    assert back["fingerprint"] == {"size": 9}
    assert {k: v for k, v in back.items() if k not in ("reused", "fingerprint")} == \
        {k: v for k, v in records[0].items() if k not in ("reused", "fingerprint")}
