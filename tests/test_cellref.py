"""Column letters and A1 addresses."""

from perfxl.cellref import a1, col_letters


def test_known_columns():
    assert [col_letters(c) for c in (0, 25, 26, 701, 702, 16383)] == \
        ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
    assert a1(2, 1) == "B3"


def test_every_excel_column_has_distinct_letters_in_order():
    letters = [col_letters(c) for c in range(16384)]
    assert len(set(letters)) == 16384
    assert letters == sorted(letters, key=lambda s: (len(s), s))
