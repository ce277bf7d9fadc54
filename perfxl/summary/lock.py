"""A lock file for one writer on a shared (SMB) folder.

``os.open(O_CREAT | O_EXCL)`` is atomic on local disks and on SMB shares (the server decides), so
exactly one run creates the lock. It holds who/when/host/pid as JSON, so a second run can say who
holds it. The second run waits (bounded) and then gives up with a message; a lock older than
``stale_hours`` or held by a dead process on this same host is broken, with a message.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_WAIT_SECONDS = 120.0
DEFAULT_STALE_HOURS = 6.0
POLL_SECONDS = 0.5


class LockBusy(Exception):
    """The lock is held by someone else and did not come free in time (message in Chinese)."""


def _who() -> dict:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some service accounts
        user = "?"
    return {"user": user, "host": socket.gethostname(), "pid": os.getpid(),
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "ts": time.time()}


def describe(holder: dict | None) -> str:
    if not holder:
        return "未知的程序"
    when = holder.get("time", "?")
    return (f"{holder.get('user', '?')}（计算机 {holder.get('host', '?')}，进程 {holder.get('pid', '?')}，"
            f"开始于 {when}）")


class FileLock:
    """``with FileLock(path, notify=print): ...`` — see the module docstring."""

    def __init__(self, path: Path, *, wait_seconds: float = DEFAULT_WAIT_SECONDS,
                 stale_hours: float = DEFAULT_STALE_HOURS, notify=None, clock=time.monotonic,
                 sleep=time.sleep):
        self.path = Path(path)
        self.wait_seconds = wait_seconds
        self.stale_hours = stale_hours
        self.notify = notify or (lambda msg: None)
        self.clock, self.sleep = clock, sleep
        self.held = False

    def acquire(self) -> None:
        deadline = self.clock() + self.wait_seconds
        told = False
        while True:
            if self._try_create():
                self.held = True
                return
            holder = read_holder(self.path)
            if self._is_stale(holder) and self._break():
                self.notify(f"历史记录锁 {self.path.name} 已失效（{describe(holder)}），已解除。")
                continue
            if self.clock() >= deadline:
                raise LockBusy(f"历史记录正被 {describe(holder)} 更新，等待 {self.wait_seconds:.0f} 秒后"
                               f"仍未结束，本次未更新汇总。请稍后再运行；如确认对方已不在运行，"
                               f"可删除 {self.path}。")
            if not told:
                self.notify(f"历史记录正被 {describe(holder)} 更新，等待其完成……")
                told = True
            self.sleep(POLL_SECONDS)

    def _try_create(self) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(_who(), f, ensure_ascii=False)
        return True

    def _is_stale(self, holder: dict | None) -> bool:
        started = (holder or {}).get("ts")
        if not isinstance(started, (int, float)):
            try:  # unreadable/half-written lock: judge by the file's age
                started = self.path.stat().st_mtime
            except OSError:
                return False  # vanished: the next create attempt will tell
        if time.time() - started > self.stale_hours * 3600:
            return True
        if holder and holder.get("host") == socket.gethostname():
            pid = holder.get("pid")
            return isinstance(pid, int) and pid != os.getpid() and not pid_alive(pid)
        return False

    def _break(self) -> bool:
        """Remove a stale lock; False if it could not be (then we wait like for a live one)."""
        # rename first so two runs breaking the same stale lock cannot delete a fresh one
        grave = self.path.with_name(f"{self.path.name}.{os.getpid()}.stale")
        try:
            os.replace(self.path, grave)
        except FileNotFoundError:
            return True  # someone else broke it already: try to take it
        except OSError:
            return False
        try:
            grave.unlink()
        except OSError:
            pass
        return True

    def release(self) -> None:
        if self.held:
            self.held = False
            try:
                self.path.unlink()
            except OSError:
                pass

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def read_holder(path: Path) -> dict | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def pid_alive(pid: int) -> bool:
    """Is a process with this id running on this machine? (Never signals it.)"""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    # os.kill on Windows would terminate the process; ask the kernel instead.
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
