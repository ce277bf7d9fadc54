"""The 申报表 review against the read floor and against pandas (issue 16, item 10).

Two ratios, from one run in one process (CPU time, best of a few rounds, interpreter start-up
aside):

1. reviewing one 20-form workbook (read, PX7xx and the checklist, 审核等级, the 审核意见 sheet
   built) against the python-calamine read floor of the same workbook (goal: at most 5×) and
   against merely reading it with ``pandas.ExcelFile`` on openpyxl, every sheet parsed, the way
   reviewers' scripts read it today (goal: at least 5× faster);
2. the whole process over a folder of 15 such workbooks — ``perfxl run DIR`` in this process
   (one worker): every workbook checked and written back, the summary workbook and history —
   against the same pandas reading of the 15 files.

    python bench/bench_declaration.py [--rounds 3]

The workbooks are the shipped 东湖街道 example's forms (perfxl/example_declaration.py), four of
them twice, so each holds 20 forms, one per sheet; each of the 15 has its own 申请单位.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

from perfxl.batch import run_batch
from perfxl.checklist import parse_checklist
from perfxl.config import Config
from perfxl.example_declaration import CHECKLIST, donghu_2024
from perfxl.pipeline import check_file
from perfxl.write.declaration_form import write_declarations
from perfxl.write.review_sheet import review_sheet

FORMS, WORKBOOKS = 20, 15


def twenty_forms(unit: str):
    """The example's 16 forms and four of them again (new sheet names), for ``unit``."""
    forms = donghu_2024()
    extra = [dataclasses.replace(f, sheet=f"{16 + k}.{f.name}（二期）", name=f"{f.name}（二期）")
             for k, f in enumerate(forms[:FORMS - len(forms)], start=1)]
    return [dataclasses.replace(f, applicant=unit) for f in forms + extra]


def make_folder(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(1, WORKBOOKS + 1):
        path = folder / f"{k:02d}.东湖街道第{k}社区工作站.xlsx"
        write_declarations(path, twenty_forms(f"东湖街道第{k}社区工作站"))
        paths.append(path)
    return paths


def calamine_floor(path: Path) -> None:
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def pandas_read(path: Path) -> None:
    with pd.ExcelFile(path, engine="openpyxl") as xl:
        for name in xl.sheet_names:
            pd.read_excel(xl, sheet_name=name, header=None)


def review(path: Path, config: Config) -> None:
    result = check_file(path, config)
    assert len(result.reviews) == FORMS, len(result.reviews)
    review_sheet(result, config.checklist)


def best_ms(fn, rounds: int, prepare=None) -> float:
    """Best-of-``rounds`` CPU milliseconds of ``fn()`` (``prepare()`` before each, untimed)."""
    best = float("inf")
    for _ in range(rounds + 1):  # the first round warms imports and caches
        if prepare is not None:
            prepare()
        start = time.process_time()
        fn()
        best = min(best, (time.process_time() - start) * 1000)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="perfxl-bench-decl-"))
    try:
        report(tmp, args.rounds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(tmp: Path, rounds: int) -> None:
    source = make_folder(tmp / "source")
    config = Config(checklist=parse_checklist(CHECKLIST, "审核口径"))
    one = source[0]
    floor = best_ms(lambda: calamine_floor(one), rounds)
    pandas_one = best_ms(lambda: pandas_read(one), rounds)
    review_one = best_ms(lambda: review(one, config), rounds)
    print(f"one workbook of {FORMS} 申报表 ({one.stat().st_size // 1024} KB), CPU ms, best of {rounds}:")
    print(f"  python-calamine read floor   {floor:8.1f}")
    print(f"  pandas.ExcelFile (openpyxl)  {pandas_one:8.1f}   {pandas_one / floor:5.1f}x floor")
    print(f"  perfxl review                {review_one:8.1f}   {review_one / floor:5.1f}x floor"
          f"   (goal ≤ 5x)   pandas / review = {pandas_one / review_one:4.1f}x (goal ≥ 5x)")

    work = tmp / "folder"

    def fresh() -> None:  # every round starts from the workbooks as handed in
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(tmp / "source", work)

    def whole() -> None:
        outcome = run_batch([work], config_for=lambda _p: config, jobs=1, force=True,
                            use_manifest=False)
        assert sum(1 for r in outcome.records if r["status"] == "written") == WORKBOOKS

    folder_pandas = best_ms(lambda: [pandas_read(p) for p in source], rounds)
    folder_run = best_ms(whole, rounds, prepare=fresh)
    print(f"a folder of {WORKBOOKS} such workbooks, CPU ms, best of {rounds}:")
    print(f"  pandas.ExcelFile (openpyxl)  {folder_pandas:8.1f}")
    print(f"  perfxl run DIR (one worker)  {folder_run:8.1f}   "
          f"pandas / run = {folder_pandas / folder_run:4.1f}x (goal ≥ 5x)")


if __name__ == "__main__":
    raise SystemExit(main())
