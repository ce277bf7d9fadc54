"""A folder of one-project exports through the batch: months → history, units → 单位汇总."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from perfxl.batch import run_batch
from perfxl.config import Config
from perfxl.summary.history import history_path, read_history
from perfxl.summary.units import progress_of
from perfxl.write.spec import ListRowSpec, UnitSpec, WorkbookSpec
from perfxl.write.template import write_workbook
from tests.helpers.exportfix import Export, write_export

PROJECT = "城关镇中心小学校园安全管理项目"
SCHOOL = "某县城关镇中心小学"
DEPT = "某县教育和体育局"


def configs(_path):
    return Config()


def sheet(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def month_export(month: int) -> Export:
    executed = {3: "20.00", 7: "50.00"}[month]
    return Export(month=month, executed=executed, rate="")


YEAR_END = Export(selfeval="filled", selfeval_year=2020, self_executed="185.00", month=7)


def test_monthly_history_of_one_project(tmp_path):
    """The same project's 监控表 at 1-3月 and 1-7月 and its year-end 自评表, one batch per month."""
    folder, summary = tmp_path / "导出", tmp_path / "汇总"
    folder.mkdir()
    target = folder / "校园安全.xls"
    periods = []
    for e in (month_export(3), month_export(7), YEAR_END):
        write_export(target, e)  # this month's export replaces last month's
        out = run_batch([folder], config_for=configs, write=False, jobs=1, summary_dir=summary,
                        use_manifest=False)
        assert not out.failed, [r["error"] for r in out.failed]
        periods.append(out.period)
    assert periods == ["2020-03", "2020-07", "2020-12"]

    rows = [r for r in read_history(history_path(summary)) if r["project"] == PROJECT]
    assert [(r["period"], r["unit"]) for r in rows] == [(p, SCHOOL) for p in periods]
    rates = [Decimal(r["rate"]) for r in rows]
    assert rates == [Decimal(20) / 190, Decimal(50) / 190, Decimal(185) / 190]
    progress = [Decimal(r["progress"]) for r in rows]  # 序时进度 is in the store
    assert progress == [Decimal(3) / 12, Decimal(7) / 12, Decimal(1)]
    assert progress == [progress_of(p) for p in periods]
    behind = [r < p for r, p in zip(rates, progress)]
    assert behind == [True, True, True]
    assert [r["score"] for r in rows][:2] == ["", ""] and rows[2]["score"]  # scored at year end

    # the summary's 历史 sheet shows 执行率 per month for the project
    hist = sheet(summary / "perfxl汇总_2020-12.xlsx", "历史")
    head = hist[0]
    line = next(r for r in hist[1:] if r[1] == PROJECT)
    got = {h.split()[-1]: line[i] for i, h in enumerate(head) if str(h).startswith("执行率")}
    assert list(got) == periods
    assert [round(v, 6) for v in got.values()] == [round(float(r), 6) for r in rates]


def test_summary_row_has_rate_against_progress(tmp_path):
    folder = tmp_path / "导出"
    folder.mkdir()
    write_export(folder / "校园安全.xlsx", month_export(7))
    out = run_batch([folder], config_for=configs, write=False, jobs=1,
                    summary_dir=tmp_path / "汇总", use_manifest=False)
    rows = sheet(out.summary_path, "汇总")
    head = rows[0]
    [line] = [r for r in rows[1:] if r[head.index("项目")] == PROJECT]
    assert line[head.index("单位")] == SCHOOL
    assert round(line[head.index("执行率")], 6) == round(50 / 190, 6)
    assert round(line[head.index("序时进度")], 6) == round(7 / 12, 6)


def other_school(name="城关镇第二小学食堂改造项目", budget="100.00", executed="40.00") -> Export:
    return Export(project=name, implementer="某县城关镇第二小学", budget=budget, fiscal=budget,
                  executed=executed)


def unit_list(total: str, budgets: dict[str, str]) -> WorkbookSpec:
    rows = [ListRowSpec(seq=i, name=n, budget=Decimal(b)) for i, (n, b) in
            enumerate(budgets.items(), start=1)]
    return WorkbookSpec(unit=UnitSpec(name=DEPT, year=2020, as_of="2020年7月",
                                      declared_count=len(rows), declared_total=Decimal(total),
                                      rows=rows), projects=[])


def run_units(tmp_path, spec: WorkbookSpec | None):
    folder = tmp_path / "导出"
    folder.mkdir()
    write_export(folder / "一小.xlsx", month_export(7))
    write_export(folder / "二小.xls", other_school())
    if spec is not None:
        write_workbook(tmp_path / "清单.xlsx", spec)
        shutil.copy(tmp_path / "清单.xlsx", folder / "教体局项目清单.xlsx")
    out = run_batch([folder], config_for=configs, write=False, jobs=1,
                    summary_dir=tmp_path / "汇总", use_manifest=False)
    return {r[0]: r for r in sheet(out.summary_path, "单位汇总")[1:]}


def test_units_sheet_groups_exports_by_implementer_and_department(tmp_path):
    units = run_units(tmp_path, None)
    assert set(units) == {SCHOOL, "某县城关镇第二小学", f"{DEPT}（主管部门合计）"}
    one = units[SCHOOL]
    assert one[1:6] == [DEPT, 1.0, 1.0, 190.0, 50.0]
    dept = units[f"{DEPT}（主管部门合计）"]
    assert dept[2:6] == [2.0, 2.0, 290.0, 90.0]
    assert round(dept[6], 6) == round(90 / 290, 6) and round(dept[7], 6) == round(7 / 12, 6)
    assert "没有该单位的项目清单" in dept[8]


def test_department_list_checks_the_exports_across_files(tmp_path):
    good = {PROJECT: "190", "城关镇第二小学食堂改造项目": "100"}
    units = run_units(tmp_path, unit_list("290", good))
    assert units[f"{DEPT}（主管部门合计）"][8] == "与项目清单一致"


def test_department_list_mismatches_are_named(tmp_path):
    bad = {PROJECT: "180", "城关镇第二小学食堂改造项目": "100", "教体局办公楼维修": "20"}
    check = run_units(tmp_path, unit_list("300", bad))[f"{DEPT}（主管部门合计）"][8]
    assert f"“{PROJECT}”导出表预算 190，项目清单 180" in check
    assert "缺少 1 个项目的导出表（教体局办公楼维修）" in check
    assert "预算总金额" not in check  # the total is compared only when every project has its file


def test_department_total_mismatch(tmp_path):
    good = {PROJECT: "190", "城关镇第二小学食堂改造项目": "100"}
    check = run_units(tmp_path, unit_list("300", good))[f"{DEPT}（主管部门合计）"][8]
    assert check == "预算总金额 300 ≠ 各导出表预算之和 290"


def test_write_mode_copies_and_rechecks_the_same(tmp_path):
    """Write mode into an output folder: the originals stay as they were, and the written copy
    (with perfxl's 校验结果 / 评分结果, whose 工作表 column names the forms) reads as before."""
    from perfxl.api import check_file

    src, dst = tmp_path / "导出", tmp_path / "结果"
    src.mkdir()
    write_export(src / "一小.xlsx", month_export(7))
    before = (src / "一小.xlsx").read_bytes()
    out = run_batch([src], config_for=configs, write=True, output_dir=dst, jobs=1,
                    summary_dir=tmp_path / "汇总", use_manifest=False)
    assert [r["status"] for r in out.records] == ["written"]
    assert (src / "一小.xlsx").read_bytes() == before
    again = check_file(dst / "一小.xlsx")
    wb = again.workbook
    assert {"校验结果", "评分结果"} <= set(wb.sheet_names)
    assert [m.sheet for m in wb.monitorings] == ["项目支出绩效目标执行监控"]
    assert wb.unit is None and wb.projects == []
    first = check_file(src / "一小.xlsx")
    assert sorted((f.code, f.sheet, f.cell) for f in again.findings) == sorted(
        (f.code, f.sheet, f.cell) for f in first.findings)
