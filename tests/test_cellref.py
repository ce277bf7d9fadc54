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


def test_position_reads_only_the_spelling_a1_writes():
    from perfxl.cellref import position

    assert position("B3") == (2, 1, None)
    assert position("B3:I3") == (2, 1, (2, 8))
    assert [position(t) for t in ("b3", "$B$3", "B03", "A0", "B3:", "", ":", "B3:c4")] == [None] * 8


def test_a_loc_hashes_alike_however_it_was_made():
    from hypothesis import given, strategies as st

    from perfxl.located import Loc

    @given(st.integers(0, 1_048_575), st.integers(0, 20_000),
           st.one_of(st.none(), st.tuples(st.integers(0, 1_048_575), st.integers(0, 20_000))))
    def check(r, c, end):
        made = Loc.at("表", r, c, end)
        written = Loc("表", made.cell)
        assert made == written and hash(made) == hash(written)

    check()
    assert hash(Loc("表", "$B$3")) == hash(Loc("表", "$B$3")) and Loc("表", None) == Loc("表", None)
