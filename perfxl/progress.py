"""Progress of a batch: a one-line bar on a terminal (stderr), nothing when piped or in CI.

``--format json`` output is separate (JSON lines on stdout, :class:`perfxl.output.json.JsonLines`,
another listener of the same :class:`Fanout`), so a bar on stderr never mixes with machine-readable
output.
"""

from __future__ import annotations

import os
import sys
import time

BAR_WIDTH = 24
REDRAW_SECONDS = 0.1


def wants_bar(stream=None) -> bool:
    """A bar only for a person watching: a TTY, and not under CI."""
    stream = stream if stream is not None else sys.stderr
    if os.environ.get("CI"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """``[#######.........] 120/1000  错误 3  无法处理 1  约剩 00:45``, redrawn ≤ 10 times a
    second. 错误 counts error findings so far, 无法处理 the files that could not be processed."""

    def __init__(self, total: int, stream=None, *, clock=time.monotonic):
        self.total = total
        self.done = 0
        self.failed = 0
        self.errors = 0  # error findings so far
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.start_time = clock()
        self._last_draw = float("-inf")
        self._shown = False  # a line is on the terminal: close() ends it

    def searching(self, folders: int, found: int) -> None:
        """While the folders are searched (on a share, hundreds of folders take a while):
        ``正在查找工作簿：已查看 40 个文件夹，找到 312 个``."""
        now = self.clock()
        if now - self._last_draw >= REDRAW_SECONDS:
            self._last_draw = now
            self.stream.write(f"\r正在查找工作簿：已查看 {folders} 个文件夹，找到 {found} 个\x1b[K")
            self.stream.flush()
            self._shown = True

    def start(self, total: int) -> None:
        self.total = total
        self.start_time = self.clock()
        self._last_draw = self.start_time
        self._draw(self.start_time)  # the empty bar replaces the search line at once

    def update(self, record: dict, failed: bool) -> None:
        self.done += 1
        self.failed += int(failed)
        self.errors += record.get("counts", {}).get("error", 0)
        now = self.clock()
        if now - self._last_draw >= REDRAW_SECONDS or self.done == self.total:
            self._last_draw = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        now = self.clock() if now is None else now
        frac = self.done / self.total if self.total else 1.0
        filled = int(BAR_WIDTH * frac)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        text = f"[{bar}] {self.done}/{self.total}  错误 {self.errors}  无法处理 {self.failed}"
        eta = self.eta(now)
        if eta is not None:
            text += f"  约剩 {_clock(eta)}"
        return text

    def eta(self, now: float) -> float | None:
        if not self.done or self.done >= self.total:
            return None
        rate = (now - self.start_time) / self.done
        return rate * (self.total - self.done)

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False


class Fanout:
    """Send every update to several listeners (bar + JSON lines)."""

    def __init__(self, *listeners):
        self.listeners = [x for x in listeners if x is not None]

    def searching(self, folders: int, found: int) -> None:
        for x in self.listeners:
            if hasattr(x, "searching"):
                x.searching(folders, found)

    def start(self, total: int) -> None:
        for x in self.listeners:
            x.start(total)

    def update(self, record: dict, failed: bool) -> None:
        for x in self.listeners:
            x.update(record, failed)

    def close(self) -> None:
        for x in self.listeners:
            x.close()


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
