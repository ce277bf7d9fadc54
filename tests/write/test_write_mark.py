"""``perfxl run --mark``: a note on each wrong cell, written losslessly; a re-run leaves one note
per cell, and notes staff wrote are kept. Real workbooks written, run through the real CLI and
read back (openpyxl reads comments; LibreOffice opens the result)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from perfxl.pipeline import check_file
from perfxl.write.mark import mark, notes_of
from perfxl.write.selfcheck import check_package

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perfxl", "run", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def _comments(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, cell) → (author, text) of every comment in the workbook."""
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): (c.comment.author, c.comment.text)
            for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment}


def _members(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


def _note_shapes(data: bytes) -> dict[str, int]:
    return {n: len(re.findall(rb'ObjectType="Note"', b)) for n, b in _members(data).items()
            if n.endswith(".vml")}


def _wrong_cells(path: Path) -> set[tuple[str, str]]:
    return {(sheet, cell) for sheet, cells in notes_of(check_file(path).findings).items()
            for cell in cells}


def test_every_wrong_cell_gets_one_note_and_a_rerun_keeps_one(tmp_path):
    book = tmp_path / "原文.xlsx"
    shutil.copy(EXAMPLES / "原文.xlsx", book)
    wrong = _wrong_cells(book)
    assert len(wrong) > 10
    first = _run(str(book), "--mark")
    assert first.returncode == 1 and f"{len(wrong)} 个单元格加了批注" in first.stdout
    after_one = _comments(book)
    assert set(after_one) == wrong
    assert all(author == "perfxl" for author, _ in after_one.values())
    sheet, cell = sorted(wrong)[0]
    finding = next(f for f in check_file(book).findings if (f.sheet, f.cell) == (sheet, cell))
    assert finding.message in after_one[(sheet, cell)][1]
    _run(str(book), "--mark")
    assert _comments(book) == after_one  # one note per cell, the same text
    data = book.read_bytes()
    assert sum(_note_shapes(data).values()) == len(wrong)  # every note is drawn, once
    assert check_package(data) == []


def test_staff_notes_are_kept_and_their_cells_get_none_of_ours(tmp_path):
    book = tmp_path / "原文.xlsx"
    shutil.copy(EXAMPLES / "原文.xlsx", book)
    (sheet, wrong_cell), *_ = sorted(_wrong_cells(book))
    wb = openpyxl.load_workbook(book)  # staff add two notes in Excel (a test fixture)
    wb[sheet][wrong_cell].comment = Comment("已与经办人核对，数字无误", "张会计")
    wb[sheet]["A1"].comment = Comment("本表由张会计填写", "张会计")
    wb.save(book)
    for _ in range(2):
        ran = _run(str(book), "--mark")
        assert "1 个单元格已有他人的批注，未加" in ran.stdout
    notes = _comments(book)
    assert notes[(sheet, wrong_cell)] == ("张会计", "已与经办人核对，数字无误")
    assert notes[(sheet, "A1")] == ("张会计", "本表由张会计填写")
    ours = {k for k, (author, _) in notes.items() if author == "perfxl"}
    assert ours == _wrong_cells(book) - {(sheet, wrong_cell)}
    shapes = _note_shapes(book.read_bytes())
    assert sum(shapes.values()) == len(notes)


def test_a_fixed_cell_loses_its_note(tmp_path):
    data = (EXAMPLES / "原文.xlsx").read_bytes()
    notes = notes_of(check_file(EXAMPLES / "原文.xlsx").findings)
    once = mark(data, notes).data
    sheet = next(iter(notes))
    fixed = dict(notes)
    fixed[sheet] = dict(list(notes[sheet].items())[1:])  # the first cell was corrected
    twice = mark(once, fixed)
    wb = openpyxl.load_workbook(io.BytesIO(twice.data))
    cells = {c.coordinate for row in wb[sheet].iter_rows() for c in row if c.comment}
    assert cells == set(fixed[sheet])
    assert sum(_note_shapes(twice.data).values()) == sum(len(c) for c in fixed.values())


def test_marking_changes_only_the_noted_sheets_and_the_note_parts(tmp_path):
    data = (EXAMPLES / "原文.xlsx").read_bytes()
    notes = notes_of(check_file(EXAMPLES / "原文.xlsx").findings)
    marked = mark(data, notes)
    before, after = _members(data), _members(marked.data)
    for name, content in before.items():
        if name not in marked.changed_parts:
            assert after[name] == content, name
    for name in marked.changed_parts:
        if name in before and name.startswith("xl/worksheets/sheet"):
            old, new = before[name].decode(), after[name].decode()
            inserted = re.sub(r'<legacyDrawing r:id="rId\d+"/>', "", new)
            assert inserted == old, name  # the sheet gained <legacyDrawing> and nothing else
    assert mark(EXAMPLES.joinpath("完整.xlsx").read_bytes(), {}).changed_parts == []


@pytest.mark.libreoffice
def test_libreoffice_opens_the_notes(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    book = tmp_path / "原文.xlsx"
    shutil.copy(EXAMPLES / "原文.xlsx", book)
    _run(str(book), "--mark")
    out = tmp_path / "lo"
    proc = subprocess.run([soffice, "--headless", f"-env:UserInstallation={(out / 'p').as_uri()}",
                           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                           str(book)], capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    resaved = _comments(out / book.name)
    ours = _comments(book)
    assert set(resaved) == set(ours)  # LibreOffice read every note, on its cell
    assert all(ours[k][1].split("\n")[-1] in text for k, (_, text) in resaved.items())
