"""The bounded memo policy shared by the hot paths: emptied when full, never larger."""

from perfxl.memo import remember


def test_remember_stores_and_returns_the_value():
    memo: dict = {}
    assert remember(memo, "a", 1, 3) == 1 and memo == {"a": 1}


def test_a_full_memo_is_emptied_before_the_new_entry():
    memo: dict = {}
    for i in range(3):
        remember(memo, i, i, 3)
    assert len(memo) == 3
    remember(memo, "x", 9, 3)
    assert memo == {"x": 9}
