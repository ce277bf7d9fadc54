"""Make a corpus of N seed-sized workbooks (the shipped example's 18 sheets: 项目清单, 15 自评表,
土地流转明细, 填报说明) with varied figures and planted errors, for the batch benchmark.

Writing 1000 workbooks one by one takes a minute, so ``VARIANTS`` distinct workbooks are written
with :func:`perfxl.write.template.write_workbook` from varied copies of the example spec (数据截至
month, 执行数 per project, about a third with the example's gaps and a 元/万元 slip planted) and
the corpus is filled with copies of them, 100 files per sub-folder. Each copy names a unit of its
own (the unit's shared string rewritten), so the corpus is the normal case of a folder — one
workbook per unit — and not a folder of 重复报送; every ``DUPLICATE_EVERY``-th file is a byte copy
of the one before it (same unit), so the duplicate pass still has a few real copies to find.

    python bench/make_corpus.py DIR --n 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

from perfxl.examples import laiyuan_2023
from perfxl.write.spec import funds_all_fiscal
from perfxl.write.template import write_workbook

VARIANTS = 40
PER_FOLDER = 100
DUPLICATE_EVERY = 250  # 4 real copies per 1,000 workbooks
SHARED_STRINGS = "xl/sharedStrings.xml"
FOUR_PLACES = Decimal("0.0001")


def variant_spec(i: int, rng: random.Random):
    """The example spec with unit, month and execution varied; some with planted errors."""
    planted = rng.random() < 0.35
    spec = laiyuan_2023(complete=not planted)
    month = rng.randint(1, 12)
    for row, project in zip(spec.unit.rows, spec.projects):
        share = Decimal(rng.randint(55, 100)) / 100
        executed = (row.budget * share).quantize(FOUR_PLACES)
        row.executed = executed
        project.funds = funds_all_fiscal(row.budget, executed)
        if not planted and isinstance(project.staff_total, Decimal):  # keep clean ones clean
            score = (share * 10).quantize(Decimal("0.01"))
            project.staff_total = project.staff_total - (project.execution_score or 10) + score
            project.execution_score = score
    if planted:  # a 元/万元 slip in the list: 执行数 typed in 元
        slip = rng.randrange(len(spec.unit.rows))
        spec.unit.rows[slip].executed = spec.unit.rows[slip].executed * 10000
    unit = dataclasses.replace(spec.unit, name=unit_name(i), as_of=f"2023年{month}月")
    return dataclasses.replace(spec, unit=unit)


def unit_name(k: int) -> str:
    return f"测试县第{k:05d}镇人民政府"


def copy_as_unit(seed: Path, seed_unit: str, unit: str, dest: Path) -> None:
    """``seed`` copied to ``dest`` with its unit renamed (the one shared string that holds it)."""
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(dest, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == SHARED_STRINGS:
                data = data.replace(seed_unit.encode("utf-8"), unit.encode("utf-8"))
            out.writestr(info, data, compress_type=info.compress_type)


def make_corpus(folder: Path, n: int, *, seed: int = 2023, variants: int = VARIANTS) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    seeds_dir = folder / ".seeds"  # hidden: not part of the corpus
    seeds_dir.mkdir(exist_ok=True)
    seeds = []
    for i in range(min(variants, n)):
        p = seeds_dir / f"v{i:02d}.xlsx"
        if not p.exists():
            write_workbook(p, variant_spec(i, rng))
        seeds.append(p)
    out = []
    for k in range(n):
        sub = folder / f"第{k // PER_FOLDER:03d}组"
        sub.mkdir(exist_ok=True)
        dest = sub / f"单位{k:05d}.xlsx"
        if k % DUPLICATE_EVERY == DUPLICATE_EVERY - 1:
            shutil.copyfile(out[-1], dest)  # a unit's workbook handed in twice
        else:
            v = k % len(seeds)
            copy_as_unit(seeds[v], unit_name(v), unit_name(k), dest)
        out.append(dest)
    shutil.rmtree(seeds_dir)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2023)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    files = make_corpus(args.dir, args.n, seed=args.seed)
    print(f"{len(files)} 个工作簿写入 {args.dir}（{time.perf_counter() - t:.1f} 秒）", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
