"""Where the time of ``perfxl check`` goes, per file, in one process (issue 5, goal 1).

Times every stage of :func:`perfxl.api.check_file` over the same files and prints each as a ratio
of the floor (python-calamine reading every sheet of the file), so a change to one stage shows
without the noise of process pools and other processes on the machine (CPU time, best of a few
rounds).

    python bench/bench_check.py                 # a corpus of 40 workbooks in a temp folder
    python bench/bench_check.py --dir FOLDER    # the .xlsx files under FOLDER
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from python_calamine import CalamineWorkbook

from perfxl.api import check_workbook
from perfxl.config import Config
from perfxl.read import read_workbook
from perfxl.read.package import open_workbook
from perfxl.rules import run_rules
from perfxl.scoring import score_workbook
from perfxl.api import config_framework

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus  # noqa: E402


def calamine_all(path: Path) -> int:
    wb = CalamineWorkbook.from_path(str(path))
    return sum(len(wb.get_sheet_by_name(s).to_python()) for s in wb.sheet_names)


def per_file_ms(stages, rounds: int) -> list[float]:
    """Best-of-``rounds`` CPU milliseconds per item for each (fn, items) stage. The stages take
    turns within every round, so a busy machine slows them alike and the ratios hold."""
    for fn, items in stages:
        for item in items[:3]:
            fn(item)  # warm caches and imports
    best = [float("inf")] * len(stages)
    for _ in range(rounds):
        for k, (fn, items) in enumerate(stages):
            start = time.process_time()
            for item in items:
                fn(item)
            best[k] = min(best[k], (time.process_time() - start) / len(items) * 1000)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, help="time the .xlsx files under this folder")
    ap.add_argument("--n", type=int, default=40, help="corpus size when no --dir is given")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    tmp = None
    if args.dir is None:
        tmp = Path(tempfile.mkdtemp(prefix="perfxl-bench-check-"))
        make_corpus(tmp, args.n)
        folder = tmp
    else:
        folder = args.dir
    try:
        files = sorted(folder.rglob("*.xlsx"))[: max(args.n, 1)]
        report(files, args.rounds)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(files: list[Path], rounds: int) -> None:
    config = Config()
    framework = config_framework(config)
    books = [read_workbook(p) for p in files]
    scored = [(wb, score_workbook(wb, framework)) for wb in books]
    stages = [
        ("calamine, all sheets (floor)", calamine_all, files),
        ("open (sniff + .xlsx scan + calamine open)",
         lambda p: open_workbook(p).calamine.close(), files),
        ("read_workbook", read_workbook, files),
        ("score_workbook", lambda wb: score_workbook(wb, framework), books),
        ("run_rules", lambda x: run_rules(x[0], x[1], framework, config), scored),
        ("check_file (read + score + rules)",
         lambda p: check_workbook(read_workbook(p), config), files),
    ]
    times = per_file_ms([(fn, items) for _, fn, items in stages], rounds)
    rows = [(name, ms) for (name, _, _), ms in zip(stages, times)]
    floor = rows[0][1]
    print(f"{len(files)} workbooks, CPU ms per file (best of {rounds})")
    for name, ms in rows:
        print(f"  {name:<44}{ms:8.2f} ms  {ms / floor:6.2f}x floor")


if __name__ == "__main__":
    sys.exit(main())
