"""Benchmark of the write-back (issue 4): perfxl's package-level splice vs openpyxl load + add
sheets + save, on the same 17-sheet workbook, measured in this one run and printed as a ratio.

    python bench/bench_writeback.py            # CPU time, median and fastest of 15 rounds each
    python bench/bench_writeback.py --rounds 50 --projects 30
    python bench/bench_writeback.py --wall     # wall time instead (the fsync's wait shows)

The workbook is made with xlsxwriter like the real form: 项目清单, 15 自评表 (merged title rows,
money block with formulas and cached values, an indicator table) and 土地流转明细. The results are
hand-made (so the bench measures the writer, not the reader): ~3 findings per form and a score
with 10 indicators per project. Goal: perfxl under 10 ms where openpyxl takes ~130 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from perfxl.api import WorkbookResult  # noqa: E402
from perfxl.findings import Finding, Severity  # noqa: E402
from perfxl.model import FundRow, Indicator, Loc, Project, Val, Workbook  # noqa: E402
from perfxl.scoring.types import IndicatorScore, ProjectScore  # noqa: E402
from perfxl.values import Measure  # noqa: E402

LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
          ("产出指标", "成本指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
          ("效益指标", "生态效益指标"), ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标"),
          ("满意度指标", "服务对象满意度指标")]


def make_workbook(path: Path, projects: int) -> list[str]:
    wb = xlsxwriter.Workbook(str(path))
    title = wb.add_format({"bold": True, "align": "center", "font_size": 16})
    money = wb.add_format({"num_format": "0.0000", "border": 1})
    cell = wb.add_format({"border": 1, "text_wrap": True})
    lst = wb.add_worksheet("项目清单")
    lst.merge_range("A1:G1", "项目清单", title)
    lst.write_row(1, 0, ["单位名称", "涞源县涞源镇人民政府", "评价年度", 2023, "数据截至", "2023年12月"])
    lst.write_row(3, 0, ["序号", "项目名称", "资金级次", "年初预算数（万元）", "全年预算数（万元）",
                         "全年执行数（万元）", "项目概况"], cell)
    for k in range(projects):
        lst.write_row(4 + k, 0, [k + 1, f"项目{k + 1}", "县级", 9.6635, 9.6635, 9.1234,
                                 "项目概况说明" * 5], cell)
    lst.write_formula(4 + projects, 4, f"=SUM(E5:E{4 + projects})", money, 9.6635 * projects)
    names = ["项目清单"]
    for k in range(projects):
        name = f"自评表{k + 1:02d}"
        names.append(name)
        ws = wb.add_worksheet(name)
        ws.merge_range("A1:I1", "项目支出绩效自评表", title)
        ws.merge_range("A2:I2", "（2023年度）", title)
        ws.write(2, 0, "项目名称", cell)
        ws.merge_range("B3:I3", f"项目{k + 1}", cell)
        ws.write_row(4, 2, ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], cell)
        for r, label in enumerate(["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]):
            ws.write(5 + r, 1, label, cell)
            ws.write_row(5 + r, 2, [9.6635, 9.6635, 9.1234], money)
            ws.write_formula(5 + r, 6, f"=E{6 + r}/D{6 + r}", money, 0.9441)
        ws.write_row(11, 1, ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                             "得分", "偏差原因分析及改进措施"], cell)
        for r, (l1, l2) in enumerate(LEVELS):
            ws.write_row(12 + r, 1, [l1, l2, f"指标{r + 1}", "≥90%", "95%", 5, 5, ""], cell)
        ws.write_formula(22, 7, "=SUM(H13:H22)", money, 50)
        ws.set_column("A:I", 14)
    land = wb.add_worksheet("土地流转明细")
    land.write_row(0, 0, ["项目名称", "地块（村）", "面积（亩）", "单价（元/亩·年）", "金额（元）", "备注"],
                   cell)
    for r in range(20):
        land.write_row(r + 1, 0, ["项目14", f"村{r}", 75.01, 1000, 75010, ""], cell)
    names.append("土地流转明细")
    wb.close()
    return names


def make_result(path: Path, sheet_names: list[str], projects: int) -> WorkbookResult:
    def v(x, sheet=None, cell=None):
        return Val(x, Loc(sheet, cell) if sheet else None, x)

    findings, scores = [], []
    for k in range(projects):
        sheet = f"自评表{k + 1:02d}"
        findings += [Finding("PX301", Severity.ERROR, "执行率得分与计算不符", sheet, "H6", "9.44",
                             "10", f"项目{k + 1}"),
                     Finding("PX305", Severity.WARNING, "实际完成值未写单位", sheet, "F14",
                             "95%", "95", f"项目{k + 1}"),
                     Finding("PX410", Severity.INFO, "定性指标未填得分", sheet, "H21")]
        p = Project(sheet=sheet, name=v(f"项目{k + 1}", sheet, "B3"))
        p.funds["total"] = FundRow("total", budget=v(Decimal("9.6635")),
                                   executed=v(Decimal("9.1234")))
        inds = [IndicatorScore(Indicator(row=13 + r, level1=v(l1), level2=v(l2),
                                         name=v(f"指标{r + 1}", sheet, f"D{13 + r}"),
                                         target=v(Measure("≥90%")), actual=v(Measure("95%")),
                                         weight=v(Decimal(5)), score=v(Decimal(5))),
                               l1, Decimal(5), "正向", Decimal(5)) for r, (l1, l2) in
                enumerate(LEVELS)]
        scores.append(ProjectScore(p, "default", Decimal("9.1234") / Decimal("9.6635"),
                                   Decimal(10), Decimal("9.44"), inds,
                                   {"产出指标": Decimal(20), "效益指标": Decimal(20),
                                    "满意度指标": Decimal(10)}, Decimal("59.44"), "差"))
    wb = Workbook(path=path, sheet_names=sheet_names)
    return WorkbookResult(path=path, workbook=wb, findings=findings, scores=scores)


def perfxl_writeback(data: bytes, result: WorkbookResult, *, selfcheck: str = "") -> bytes:
    """``selfcheck``: "" none, "full" every XML part parsed, "run" as run_file does it (parts
    copied byte for byte are compared with the source's stored bytes, not inflated or
    re-parsed)."""
    from perfxl.write.selfcheck import check_package
    from perfxl.write.sheets import result_sheets
    from perfxl.write.splice import splice_results

    spliced = splice_results(data, result_sheets(result))
    if selfcheck:
        if selfcheck == "run":
            assert check_package(spliced.data, verbatim=spliced.verbatim,
                                 source=spliced.source) == []
        else:
            assert check_package(spliced.data) == []
    return spliced.data


def openpyxl_writeback(path: Path, result: WorkbookResult) -> bytes:
    """What a straightforward implementation would do: load, add two sheets, save."""
    import openpyxl

    from perfxl.write.sheets import result_sheets

    wb = openpyxl.load_workbook(path)
    for spec in result_sheets(result):
        ws = wb.create_sheet(spec.name)
        for row in spec.rows:
            ws.append([float(c.value) if isinstance(c.value, Decimal) else c.value for c in row])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def median_ms(fn, rounds: int, prepare=None) -> float:
    """Median time of ``fn()`` (CPU time of this process, or wall time with ``--wall``); the
    fastest round is kept in ``FASTEST``. ``prepare()`` runs before each round, untimed."""
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(rounds):
        if prepare is not None:
            prepare()
        t = CLOCK()
        fn()
        times.append((CLOCK() - t) * 1000)
    FASTEST.append(min(times))
    return statistics.median(times)


CLOCK = time.process_time
FASTEST: list[float] = []


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--projects", type=int, default=15)
    ap.add_argument("--workbook", type=Path, default=None,
                    help="use this workbook (results from the real check) instead of a made one")
    ap.add_argument("--wall", action="store_true",
                    help="time by the clock on the wall, not by this process's CPU time")
    args = ap.parse_args()
    global CLOCK
    CLOCK = time.perf_counter if args.wall else time.process_time
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        if args.workbook:
            from perfxl.api import check_file

            path.write_bytes(args.workbook.read_bytes())
            result = check_file(path)
            names = result.workbook.sheet_names
        else:
            names = make_workbook(path, args.projects)
            result = make_result(path, names, args.projects)
        data = path.read_bytes()
        from perfxl.write import safe

        target = Path(tmp) / "target.xlsx"
        target.write_bytes(data)

        def full_file_run():
            snap = safe.read_snapshot(target)
            out = perfxl_writeback(snap.data, result, selfcheck="run")
            safe.atomic_write(target, out, expect=snap)

        def reset():  # the workbook as it was, for the next round (not a perfxl cost)
            target.write_bytes(data)

        splice = median_ms(lambda: perfxl_writeback(data, result), args.rounds)
        checked = median_ms(lambda: perfxl_writeback(data, result, selfcheck="run"), args.rounds)
        full = median_ms(lambda: perfxl_writeback(data, result, selfcheck="full"), args.rounds)
        on_disk = median_ms(full_file_run, args.rounds, prepare=reset)
        naive = median_ms(lambda: openpyxl_writeback(path, result), max(3, args.rounds // 3))
    print(f"workbook: {len(names)} sheets, {len(data) / 1024:.0f} KiB; results: "
          f"{len(result.findings)} findings, {len(result.scores)} projects")
    fast = dict(zip(("splice", "checked", "full", "disk", "naive"), FASTEST))
    print(f"{'wall' if args.wall else 'CPU'} time".ljust(39) + "median    fastest")
    print(f"perfxl splice (in memory)            {splice:8.2f} ms {fast['splice']:8.2f} ms")
    print(f"perfxl splice + self-check (as run)  {checked:8.2f} ms {fast['checked']:8.2f} ms")
    print(f"perfxl splice + full self-check      {full:8.2f} ms {fast['full']:8.2f} ms")
    print(f"perfxl full run on disk (+fsync)     {on_disk:8.2f} ms {fast['disk']:8.2f} ms")
    print(f"openpyxl load + add sheets + save    {naive:8.2f} ms {fast['naive']:8.2f} ms")
    print(f"ratio openpyxl / perfxl splice       {naive / splice:8.1f}x")
    print(f"ratio openpyxl / perfxl splice+check {naive / checked:8.1f}x   (goal: perfxl < 10 ms)")


if __name__ == "__main__":
    main()
