"""Opening a file as a workbook (``open_workbook``): the bytes given are the bytes read.

The runner checks the very bytes it splices: ``open_workbook(path, data=...)`` must give what
``open_workbook(path)`` gives, and take its cells from those bytes, never from the file again.
"""

from __future__ import annotations

import xlsxwriter

from perfxl.api import UnreadableWorkbook
from perfxl.read.package import open_workbook


def _package(tmp_path):
    path = tmp_path / "a.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表")
    for r in range(40):
        ws.write_row(r, 0, [f"项目{r}", r * 1.5, "说明" * 5])
    ws.write_formula("E1", "=B1*2", None, 0)
    wb.close()
    return path.read_bytes()


# --------------------------------------------------------------------------- open_workbook


def _opened(path, **kw):
    try:
        opened = open_workbook(path, **kw)
    except UnreadableWorkbook as e:
        return str(e)
    opened.calamine.close()
    meta = {k: vars(m) for k, m in opened.meta.items()} if opened.meta is not None else None
    return opened.sheet_names, meta


def test_bytes_given_open_as_the_file_does(tmp_path):
    import xlwt

    good = tmp_path / "好.xlsx"
    good.write_bytes(_package(tmp_path))
    xls = tmp_path / "旧.xls"
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("项目清单").write(0, 0, "项目清单")
    book.save(str(xls))
    odd = {"空.xlsx": b"", "文本.xlsx": "项目,金额\n".encode("gbk"),
           "截断.xlsx": good.read_bytes()[:300], "网页.xlsx": b"<html></html>"}
    paths = [good, xls]
    for name, data in odd.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    for path in paths:
        assert _opened(path, data=path.read_bytes()) == _opened(path), path.name


def _cells(opened) -> dict:
    try:
        return {name: opened.calamine.get_sheet_by_name(name).to_python()
                for name in opened.sheet_names}
    finally:
        opened.calamine.close()


def test_the_cells_come_from_the_bytes_given_not_from_the_file_again(tmp_path):
    """The runner checks the bytes it splices: a file saved again after they were read must
    not lend its cells to the check (one read of the file, not two)."""
    before, after = tmp_path / "旧.xlsx", tmp_path / "新.xlsx"
    for path, text in ((before, "保存前"), (after, "保存后")):
        with xlsxwriter.Workbook(str(path)) as book:
            book.add_worksheet("项目清单").write(0, 0, text)
    data = before.read_bytes()
    before.write_bytes(after.read_bytes())  # staff save the workbook meanwhile
    assert _cells(open_workbook(before, data=data)) == {"项目清单": [["保存前"]]}
    assert _cells(open_workbook(before)) == {"项目清单": [["保存后"]]}


def test_a_fault_is_named_alike_from_bytes_and_from_the_file(tmp_path):
    """calamine over bytes says only "Cannot detect file format"; the message still names the
    fault as reading the file does (here the XML entity of a billion-laughs part)."""
    from tests.helpers.hostile.corpus import entity_bomb_padded

    path = entity_bomb_padded(tmp_path)
    from_bytes, from_file = _opened(path, data=path.read_bytes()), _opened(path)
    assert from_bytes == from_file
    assert "Cannot detect" not in from_bytes and "entity" in from_bytes
