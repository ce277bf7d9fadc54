"""The drafted report renders: Word → PDF with LibreOffice headless, then the PDF's text.

CI installs ``libreoffice-writer-nogui fonts-noto-cjk poppler-utils``; elsewhere the test is
skipped when ``soffice`` or ``pdftotext`` is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from perfxl.report.draft import draft_report

from tests.helpers.report_model import PROJECTS, UNIT, build_result  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


def _pdf(docx: Path, outdir: Path) -> Path:
    profile = (outdir / "lo-profile").as_uri()  # own profile: no clash with a running LibreOffice
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(outdir), str(docx)],
                   check=True, capture_output=True, timeout=180)
    return outdir / (docx.stem + ".pdf")


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_renders_to_pdf_with_chinese_text(tmp_path):
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
        if not fonts.stdout.strip():
            pytest.skip("no Chinese font installed (fonts-noto-cjk)")
    docx = draft_report(build_result(), tmp_path / "report.docx")
    pdf = _pdf(docx, tmp_path)
    text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    flat = "".join(text.split())  # layout inserts spaces and line breaks inside sentences
    assert UNIT in flat
    assert "一、绩效自评工作组织开展情况" in flat and "四、整改措施及结果应用" in flat
    for name, budget, *_ in PROJECTS:
        assert f"{name}：预算金额{budget}万元" in flat
    assert "14.3452万元" in flat
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        size = re.search(r"Page size:\s*([\d.]+) x ([\d.]+) pts", info)
        assert size and abs(float(size[1]) - 595.3) < 1 and abs(float(size[2]) - 841.9) < 1  # A4
