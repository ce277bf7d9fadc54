"""Benchmark of the batch (issues 5 and 14), every figure measured in this one run and printed
as ratios against baselines measured in the same run:

1. ``perfxl run DIR`` (first run) vs a naive openpyxl pipeline — load, add two sheets, save, file
   after file — on a copy of the same corpus (goal: perfxl at least 20× faster);
2. ``perfxl run DIR`` again over the unchanged folder (goal: at most 5 % of the first run);
3. ``perfxl check DIR`` vs the floor: reading every sheet of every file with python-calamine
   alone, in a process pool of the same size (goal: at most 8×);
4. peak memory of the whole process tree (parent + workers, sampled from /proc every 20 ms) of
   ``perfxl run`` for N and for ``--mem-n`` workbooks (goal: flat, under 300 MB).

    python bench/bench_batch.py --n 1000 --mem-n 5000        # the issue's sizes, all four goals
    python bench/bench_batch.py --n 1000 --mem-n 0 --repeat 3   # median of three rounds, no memory run
    python bench/bench_batch.py --n 50 --mem-n 0             # a quick check that it runs

Every command runs as a subprocess, as a user would run it (CI=1: no progress bar; perfxl's
bytecode compiled beforehand, as pip does for an installed package). Figures and their history
are in bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus  # noqa: E402

FLOOR = r"""
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from python_calamine import CalamineWorkbook

def read_all(path):
    wb = CalamineWorkbook.from_path(path)
    return sum(len(wb.get_sheet_by_name(s).to_python()) for s in wb.sheet_names)

if __name__ == "__main__":
    files = sorted(str(p) for p in Path(sys.argv[1]).rglob("*.xlsx"))
    with ProcessPoolExecutor(int(sys.argv[2])) as pool:
        rows = sum(pool.map(read_all, files, chunksize=16))
    print(len(files), rows)
"""

NAIVE = r"""
import sys
from pathlib import Path
import openpyxl

for p in sorted(Path(sys.argv[1]).rglob("*.xlsx")):
    wb = openpyxl.load_workbook(p)
    for title in ("校验结果", "评分结果"):
        ws = wb.create_sheet(title)
        ws.append(["严重程度", "规则", "工作表", "单元格", "说明"])
        for i in range(30):
            ws.append(["错误", "PX201", "自评表01", f"D{i + 6}", "执行数与项目清单不一致"])
    wb.save(p)
"""


def tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over ``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/status", encoding="ascii", errors="replace") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        pid, ppid = int(d), int(fields.get("PPid", "0").strip() or 0)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def children_cpu() -> float:
    """CPU seconds (user + sys) of every descendant waited for so far — pool workers included,
    as each perfxl process waits for its workers."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process tree, peak RSS of the process tree in MB).
    CPU time is given too because on a shared machine wall time depends on what else runs."""
    env = dict(os.environ, CI="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: perfxl's bytecode compiled once
    cpu0 = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            if os.path.isdir("/proc"):
                peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            done.wait(0.02)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    err = proc.stderr.read()
    rc = proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    t.join()
    if not os.path.isdir("/proc"):  # elsewhere: the largest single child process
        peak[0] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if rc not in (0, 1):  # 1: findings with errors, as planted; anything else: the step failed
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"bench: step failed with exit code {rc}: {' '.join(cmd[-6:])}")
    return seconds, children_cpu() - cpu0, peak[0] / 1024


def perfxl(*args: str) -> list[str]:
    return [sys.executable, "-m", "perfxl.cli", *args]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="perfxl batch benchmark (issues 5 and 14): run vs "
                                 "naive openpyxl, re-run vs first run, check vs the calamine "
                                 "floor, peak memory at N and --mem-n workbooks")
    ap.add_argument("--n", type=int, default=1000, help="workbooks in the main corpus")
    ap.add_argument("--mem-n", type=int, default=5000,
                    help="workbooks for the second memory run (0: none)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=1,
                    help="rounds of every step (fresh copies each round); ratios per round and "
                         "their median: on a shared VM one round moves with the host's load")
    ap.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="perfxl-bench-"))
    jobs = str(args.jobs)
    try:
        return run(args, work, jobs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


STEPS = ("floor", "check", "first", "rerun", "naive")
NAMES = {"floor": "calamine floor (all sheets, pool)", "check": "perfxl check DIR",
         "first": "perfxl run DIR (first run)", "rerun": "perfxl run DIR (unchanged re-run)",
         "naive": "naive openpyxl load+2 sheets+save"}


def one_round(corpus: Path, work: Path, jobs: str) -> dict[str, tuple[float, float, float]]:
    """Every step once; ``perfxl run`` and the naive pipeline each on a fresh copy."""
    ours, naive_copy = work / "ours", work / "naive"
    for d in (ours, naive_copy):
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(corpus, d)
    got = {
        "floor": measure([sys.executable, "-c", FLOOR, str(corpus), jobs]),
        "check": measure(perfxl("check", str(corpus), "--jobs", jobs, "--format", "json")),
        "first": measure(perfxl("run", str(ours), "--jobs", jobs)),
        "rerun": measure(perfxl("run", str(ours), "--jobs", jobs)),
        "naive": measure([sys.executable, "-c", NAIVE, str(naive_copy)]),
    }
    for d in (ours, naive_copy):
        shutil.rmtree(d, ignore_errors=True)
    return got


# (label, step a, step b, unit, goal text, is the ratio a/b within the goal)
GOALS = (("naive openpyxl / perfxl run", "naive", "first", "x", "goal >= 20x", lambda r: r >= 20),
         ("re-run / first run", "rerun", "first", "%", "goal <= 5%", lambda r: r <= 5),
         ("check / calamine floor", "check", "floor", "x", "goal <= 8x", lambda r: r <= 8))
MEMORY_LIMIT_MB = 300
FLAT = 1.25  # "flat": the larger corpus may take at most 25 % more memory


def ratio(m: dict, a: str, b: str, unit: str, k: int = 0) -> float:
    """Step ``a`` over step ``b`` by wall (k=0) or CPU (k=1) time; as a percentage for '%'."""
    return m[a][k] / m[b][k] * (100 if unit == "%" else 1)


def run(args, work: Path, jobs: str) -> int:
    corpus = work / "corpus"
    # pip compiles an installed package's bytecode; a checkout's is compiled here, once, so
    # no step pays for it (it would be ~0.2 s of every command, a third of a re-run of 1,000)
    package = Path(importlib.util.find_spec("perfxl").origin).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    t = time.perf_counter()
    make_corpus(corpus, args.n)
    print(f"corpus: {args.n} workbooks (18 sheets each) in {time.perf_counter() - t:.1f} s; "
          f"{os.cpu_count()} CPUs, --jobs {jobs}")
    rounds = [one_round(corpus, work, jobs) for _ in range(max(args.repeat, 1))]
    rows = [(NAMES[k] + (f" #{i + 1}" if len(rounds) > 1 else ""), args.n, m[k])
            for k in STEPS for i, m in enumerate(rounds)]
    mem = {args.n: max(m["first"][2] for m in rounds)}
    if args.mem_n and args.mem_n != args.n:
        big = work / "big"
        make_corpus(big, args.mem_n)
        big_run = measure(perfxl("run", str(big), "--jobs", jobs))
        shutil.rmtree(big, ignore_errors=True)
        rows.append((f"perfxl run DIR, N={args.mem_n}", args.mem_n, big_run))
        mem[args.mem_n] = big_run[2]

    print(f"\n{'step':<40}{'N':>6}{'wall s':>9}{'CPU s':>9}{'wall ms/f':>11}{'peak MB':>9}")
    for name, n, (wall, cpu, mb) in rows:
        print(f"{name:<40}{n:>6}{wall:>9.2f}{cpu:>9.2f}{wall / n * 1000:>11.2f}{mb:>9.0f}")
    print()
    for label, a, b, unit, goal, met in GOALS:
        walls = [ratio(m, a, b, unit) for m in rounds]
        cpus = [ratio(m, a, b, unit, 1) for m in rounds]
        wall = statistics.median(walls)
        text = (f"{label:<28} = {wall:6.2f}{unit} wall, "
                f"{statistics.median(cpus):6.2f}{unit} CPU")
        if len(rounds) > 1:
            text += " (median; rounds: " + ", ".join(f"{w:.2f}" for w in walls) + ")"
        print(f"{text}   ({goal}: {'met' if met(wall) else 'NOT met'})")
    flat = max(mem.values()) <= FLAT * min(mem.values()) if len(mem) > 1 else None
    within = max(mem.values()) < MEMORY_LIMIT_MB
    print("peak RSS of perfxl run (process tree, sampled): "
          + ", ".join(f"N={n}: {mb:.0f} MB" for n, mb in mem.items())
          + f"   (goal: flat, < {MEMORY_LIMIT_MB} MB: "
          + ("met" if within and flat is not False else "NOT met")
          + ("" if flat is not None else "; flat not measured, --mem-n 0") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
