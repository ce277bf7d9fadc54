"""Column letters: the precomputed table equals the plain base-26 conversion for every column."""

from perfxl.cellref import COL_LETTERS, _letters, a1, col_letters


def test_the_table_equals_the_plain_conversion_for_every_excel_column():
    assert len(COL_LETTERS) == 16384
    assert COL_LETTERS == [_letters(c) for c in range(16384)]


def test_known_columns():
    assert [col_letters(c) for c in (0, 25, 26, 701, 702, 16383)] == \
        ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
    assert a1(2, 1) == "B3"
