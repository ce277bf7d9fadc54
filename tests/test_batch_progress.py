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
