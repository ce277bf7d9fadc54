"""Read a reviewer's checklist workbook (审核口径.xlsx) into a :class:`~perfxl.checklist.Checklist`.

The table is found by its header row (the first row holding 审核对象 and 模式, within the first
20 rows of the first sheet that has one); columns are taken by their header, in any order, so a
district's own table with extra columns (序号, 备注) reads as it is. Rows with nothing in them are
skipped; every other row is checked (:func:`perfxl.checklist.parse_checklist`) and an unusable
one is a :class:`~perfxl.checklist.ChecklistError` naming its sheet row.
"""

from __future__ import annotations

from pathlib import Path

import python_calamine

from perfxl.checklist import COLUMNS, Checklist, ChecklistError, parse_checklist

HEADER_SEARCH_ROWS = 20
_ALIASES = {"审核意见表述(问题+建议)": COLUMNS[5], "审核意见表述": COLUMNS[5],
            "审核意见": COLUMNS[5], "正则": COLUMNS[6]}


def read_checklist(path: Path) -> Checklist:
    """The checklist of the workbook at ``path``; :class:`ChecklistError` when it is unusable."""
    path = Path(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as e:  # missing, unreadable or not a workbook: one Chinese sentence
        raise ChecklistError(f"审核口径 {path.name} 无法读取（{type(e).__name__}：{e}）") from None
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        found = _header(rows)
        if found is not None:
            return _table(rows, *found, f"审核口径 {path.name}（{name}）")
    raise ChecklistError(f"审核口径 {path.name} 中没有找到表头（应有列：{' · '.join(COLUMNS)}）")


def _clean(value) -> str:
    return "" if value is None else "".join(str(value).split())


def _header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """(header row index, column name → column index) of the checklist table."""
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [_clean(v) for v in row]
        if "审核对象" in names and "模式" in names:
            columns: dict[str, int] = {}
            for c, name in enumerate(names):
                name = _ALIASES.get(name, name)
                if name in COLUMNS and name not in columns:
                    columns[name] = c
            return r, columns
    return None


def _table(rows: list[list], header: int, columns: dict[str, int], source: str) -> Checklist:
    records, numbers = [], []
    for r in range(header + 1, len(rows)):
        row = rows[r]
        record = {name: _cell(row, c) for name, c in columns.items()}
        if not any(record.values()):
            continue
        records.append(record)
        numbers.append(r + 1)
    return parse_checklist(records, source, numbers)


def _cell(row: list, c: int) -> str | None:
    if c >= len(row) or row[c] is None or row[c] == "":
        return None
    value = row[c]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an 编码 typed as a number: 101, not 101.0
    return str(value).strip() or None
