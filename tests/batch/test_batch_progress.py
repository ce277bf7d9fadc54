"""The progress bar: shown only to a person at a terminal, with counts and an ETA."""

from __future__ import annotations

import io

from perfxl.progress import ProgressBar, wants_bar


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_bar_only_on_a_terminal_and_not_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert wants_bar(Tty())
    assert not wants_bar(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wants_bar(Tty())


def test_bar_counts_done_errors_failures_and_eta():
    now = [0.0]
    out = Tty()
    bar = ProgressBar(0, out, clock=lambda: now[0])
    bar.start(4)
    now[0] = 10.0
    bar.update({"counts": {"error": 2}}, False)
    now[0] = 20.0
    bar.update({"counts": {"error": 0}}, True)
    line = bar.line(20.0)
    assert "2/4" in line and "错误 2" in line and "无法处理 1" in line
    assert "约剩 00:20" in line  # 10 s a file, two to go
    assert out.getvalue().startswith("\r[")
    now[0] = 30.0
    bar.update({"counts": {}}, False)
    bar.update({"counts": {}}, False)
    assert "4/4" in out.getvalue().rsplit("\r", 1)[-1]
    bar.close()
    assert out.getvalue().endswith("\n")


def test_the_search_shows_folders_and_workbooks_found_then_the_bar(tmp_path):
    """On a share, listing hundreds of folders takes a while: the terminal says it is looking
    (redrawn at most ten times a second) until the bar replaces the line."""
    from perfxl.batch import run_batch
    from perfxl.config import Config
    from perfxl.result import empty_record

    for k in range(3):
        (tmp_path / f"单位{k}").mkdir()
        (tmp_path / f"单位{k}" / "表.xlsx").write_bytes(b"x")
    now = [0.0]
    out = Tty()
    bar = ProgressBar(0, out, clock=lambda: now[0])
    bar.searching(1, 0)
    bar.searching(2, 1)  # the same instant: not drawn again
    assert out.getvalue() == "\r正在查找工作簿：已查看 1 个文件夹，找到 0 个\x1b[K"

    def tick() -> None:
        now[0] += 1.0

    def worker(path, config, options):
        return empty_record(path, status="checked")

    out.truncate(0), out.seek(0)
    seen: list[tuple[int, int]] = []

    class Watch(ProgressBar):
        def searching(self, folders, found):
            seen.append((folders, found))
            tick()
            super().searching(folders, found)

    watch = Watch(0, out, clock=lambda: now[0])
    run_batch([tmp_path], config_for=lambda p: Config(), jobs=1, write=False, worker=worker,
              progress=watch, use_manifest=False)
    assert [f for f, _ in seen] == [1, 2, 3, 4] and seen[-1][1] == 3 and seen[0][1] == 0
    text = out.getvalue()
    assert "已查看 4 个文件夹，找到 3 个" in text
    assert text.index("正在查找") < text.index("[")  # then the bar, on the same line
    assert "3/3" in text.rsplit("\r", 1)[-1]


def test_the_line_on_the_terminal_is_ended_even_when_nothing_was_found():
    """An empty folder: the search line (and the 0/0 bar) must not run into the report."""
    out = Tty()
    bar = ProgressBar(0, out)
    bar.searching(3, 0)
    bar.start(0)
    bar.close()
    assert out.getvalue().endswith("\n") and out.getvalue().count("\n") == 1
    quiet = Tty()
    ProgressBar(0, quiet).close()  # nothing drawn: nothing to end
    assert quiet.getvalue() == ""
