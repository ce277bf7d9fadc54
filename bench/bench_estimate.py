"""What the estimate checks of issue 21 add to ``perfxl check`` (goal: at most 10 %).

Times :func:`perfxl.api.check_file` (read + score + rules, CPU time, best of a few rounds, in one
process) with the estimate work on and off, over two corpora:

- the batch bench's unit workbooks (``make_corpus``: 自评表, 项目清单, 土地流转明细 — no
  estimate in them: what every file now pays for looking);
- one-project exports with their 项目支出明细, 项目支出计划 and 测算依据 (perfxl.example_export,
  one planted mistake in every other file: what a file with an estimate pays).

"Off" replaces, in this process only, the estimate's sheet recognition, the statement search and
the estimate relations with functions that find nothing, and switches PX311–PX317 off: the same
check as before issue 21.

    python bench/bench_estimate.py              # 40 unit workbooks + 40 exports
    python bench/bench_estimate.py --n 100
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import perfxl.read.workbook as reader
import perfxl.rules.context as context
from perfxl.api import check_workbook
from perfxl.config import Config
from perfxl.example_export import MISTAKES, write_example
from perfxl.read import read_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import per_file_ms  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

ESTIMATE_CODES = ("PX311", "PX312", "PX313", "PX314", "PX315", "PX316", "PX317")


@contextmanager
def estimate_off():
    """The check as before issue 21: no estimate sheet, no statement, no estimate relation."""
    saved = (reader.find_detail_header, reader.find_plan_header, reader.read_statements,
             context.estimate_relations)
    reader.find_detail_header = reader.find_plan_header = lambda grid: None
    reader.read_statements = lambda wb: []
    context.estimate_relations = lambda ctx: []
    try:
        yield
    finally:
        (reader.find_detail_header, reader.find_plan_header, reader.read_statements,
         context.estimate_relations) = saved


def exports(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_example(folder / f"导出{k:03d}.xlsx", (MISTAKES[k % len(MISTAKES)],) if k % 2 else ())
            for k in range(n)]


def timed(files: list[Path], rounds: int) -> tuple[float, float]:
    """(ms per file with the estimate, ms per file without)."""
    on, off = Config(), Config(ignore=list(ESTIMATE_CODES))

    def check_on(p):
        check_workbook(read_workbook(p), on)

    def check_off(p):
        with estimate_off():
            check_workbook(read_workbook(p), off)

    with_, without = per_file_ms([(check_on, files), (check_off, files)], rounds)
    return with_, without


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40, help="files per corpus")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="perfxl-bench-estimate-"))
    try:
        units = sorted(p for p in make_corpus(tmp / "units", args.n))
        corpora = {"unit workbooks (no estimate)": units,
                   "exports with 明细/计划/测算依据": exports(tmp / "exports", args.n)}
        print(f"check_file, CPU ms per file (best of {args.rounds}), estimate on / off")
        for name, files in corpora.items():
            with_, without = timed(files, args.rounds)
            print(f"  {name:<34}{with_:8.2f} ms  {without:8.2f} ms  "
                  f"{(with_ / without - 1) * 100:+6.1f} %")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
