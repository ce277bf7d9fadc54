"""Run the real ``perfxl`` command in a child process, with bounds on time and memory.

The bound is the test: a hostile file that makes perfxl run longer than ``timeout`` seconds or
grow past ``mem_mb`` fails, and the child's peak memory (``ru_maxrss`` from ``os.wait4``) is
reported so tests can assert it. On Windows only the time bound applies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

CLI = [sys.executable, "-c", "import sys; from perfxl.cli import main; sys.exit(main())"]
"""The console entry point, as ``perfxl`` runs it (works without an installed script)."""

_MEASURED = [sys.executable, "-c", (
    "import atexit, os, sys\n"
    "def _peak():\n"
    "    import resource\n"
    "    with open(os.environ['PERFXL_TEST_PEAK'], 'w') as f:\n"
    "        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "atexit.register(_peak)\n"
    "from perfxl.cli import main\n"
    "sys.exit(main())\n")]
"""The same, writing its own peak RSS (KB on Linux) to $PERFXL_TEST_PEAK at exit."""

LIMIT_SECONDS = 60
"""Wall time allowed for one hostile file (real files take well under a second)."""
LIMIT_MB = 1024
"""Peak memory allowed for one hostile file (address space is capped a bit above this)."""


@dataclass
class Ran:
    code: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float | None  # None where the platform cannot tell


def _limit_memory(mb: int):
    def apply() -> None:
        import resource

        soft = mb * 3 * 1024 * 1024  # address space, not RSS: leave room for mappings
        resource.setrlimit(resource.RLIMIT_AS, (soft, soft))
    return apply


def run_cli(args: list[str], *, timeout: float = LIMIT_SECONDS, mem_mb: int = LIMIT_MB,
            cwd=None, env=None) -> Ran:
    """Run ``perfxl ARGS``; kill it at ``timeout``."""
    import tempfile

    env = dict(os.environ if env is None else env, PYTHONIOENCODING="utf-8")
    posix = os.name == "posix"
    fd, peak_file = tempfile.mkstemp(prefix="perfxl-peak-")
    os.close(fd)
    env["PERFXL_TEST_PEAK"] = peak_file
    try:
        return _run(args, timeout, mem_mb, cwd, env, posix, peak_file)
    finally:
        os.unlink(peak_file)


def _run(args, timeout, mem_mb, cwd, env, posix, peak_file) -> Ran:
    start = time.monotonic()
    cmd = (_MEASURED if posix else CLI) + list(args)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=cwd, env=env, preexec_fn=_limit_memory(mem_mb) if posix else None)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return Ran(None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                   time.monotonic() - start, None)
    seconds = time.monotonic() - start
    peak = None
    if posix:
        try:
            with open(peak_file) as f:
                peak = int(f.read()) / 1024
        except (OSError, ValueError):
            peak = None
    return Ran(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
               seconds, peak)


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL a child we started (POSIX), by its pid only."""
    os.kill(proc.pid, signal.SIGKILL)
