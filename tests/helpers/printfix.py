"""Printing checks: a workbook whose findings have long messages, and a workbook rendered to PDF
by LibreOffice headless, read back page by page with poppler's pdftotext and pdfinfo."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

from perfxl.examples import laiyuan_2023
from perfxl.write.template import write_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
A4_LANDSCAPE = (841.9, 595.3)  # points

# Each project's name gets this tail; the PX401 message quotes the name, so it runs past 200
# characters (what a long message looks like printed).
LONG_TAIL = "（" + "按照县财政局关于预算绩效管理的统一部署要求开展的重点项目" * 5 + "）"


def missing_tools() -> str | None:
    """Why the PDF checks cannot run here (None: they can)."""
    if SOFFICE is None:
        return "LibreOffice (soffice) is not installed"
    if PDFTOTEXT is None or PDFINFO is None:
        return "pdftotext / pdfinfo (poppler-utils) are not installed"
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
        if not fonts.stdout.strip():
            return "no Chinese font installed (fonts-noto-cjk)"
    return None


def long_message_workbook(path: Path) -> Path:
    """The example 原文 workbook with every project name made long: many findings (it spans
    several printed pages), several with a message of 200 characters or more."""
    spec = laiyuan_2023(complete=False)
    projects = [dataclasses.replace(p, name=p.name + LONG_TAIL) for p in spec.projects]
    rows = [dataclasses.replace(r, name=r.name + LONG_TAIL) for r in spec.unit.rows]
    spec = dataclasses.replace(spec, projects=projects,
                               unit=dataclasses.replace(spec.unit, rows=rows))
    write_workbook(path, spec)
    return path


def to_pdf(workbook: Path, outdir: Path) -> Path:
    """``workbook`` printed to PDF by LibreOffice, as a user's 打印 → PDF would."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = (outdir / "lo-profile").as_uri()  # own profile: no clash with a running LibreOffice
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(outdir), str(workbook)],
                   check=True, capture_output=True, timeout=300)
    return outdir / (workbook.stem + ".pdf")


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, whitespace removed (layout breaks lines inside sentences). In
    the order it is drawn (``-raw``): a cell's wrapped lines stay together, where the reading
    order would put the next column's text between them."""
    text = subprocess.run([PDFTOTEXT, "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [flat(p) for p in pages]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page, from pdfinfo."""
    count = int(re.search(r"Pages:\s*(\d+)", _pdfinfo(pdf)).group(1))
    info = _pdfinfo(pdf, "-f", "1", "-l", str(count))
    sizes = [(float(w), float(h)) for w, h in
             re.findall(r"Page\s+\d+ size:\s*([\d.]+) x ([\d.]+) pts", info)]
    assert len(sizes) == count
    return sizes


def page_count(pdf: Path) -> int:
    return int(re.search(r"Pages:\s*(\d+)", _pdfinfo(pdf)).group(1))


def is_a4_landscape(size: tuple[float, float]) -> bool:
    return abs(size[0] - A4_LANDSCAPE[0]) <= 1 and abs(size[1] - A4_LANDSCAPE[1]) <= 1


def flat(text: str) -> str:
    return "".join(str(text).split())


def _pdfinfo(pdf: Path, *args: str) -> str:
    return subprocess.run([PDFINFO, *args, str(pdf)], capture_output=True, text=True,
                          check=True).stdout
