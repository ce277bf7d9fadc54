"""The template in use: staff fill it in a spreadsheet program and perfxl reads every field back."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.write.spec import IndicatorSpec, ProjectSpec, WorkbookSpec, funds_all_fiscal
from perfxl.write.template import write_blank_template, write_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# (二级, 三级, 年度指标值, 实际完成值, 分值) for the 7 indicator rows of the blank form:
# 4 产出, 2 效益, 1 满意度
FILLED_ROWS = [
    ("数量指标", "日常巡查次数", "≥100次", "110次", "12.5"),
    ("质量指标", "日常巡查覆盖率", "≥90%", "95%", "12.5"),
    ("时效指标", "巡查按时完成率", "＝100%", "100%", "12.5"),
    ("成本指标", "巡查经费", "≤2万元", "1.5万元", "12.5"),
    ("社会效益指标", "火灾案件查处率", "≥90%", "92%", "15"),
    ("可持续影响指标", "防火制度健全率", "＝100%", "100%", "15"),
    ("服务对象满意度指标", "社会公众满意度", "≥90%", "95%", "10"),
]


def _fill_like_staff(template: Path, out: Path) -> None:
    """Type into the input cells of a 1-project template, as a person would in Excel."""
    wb = load_workbook(template)
    ls = wb["项目清单"]
    for cell, value in {"C2": "某某镇人民政府", "C3": 2024, "C4": "2024年12月", "C5": 1, "C6": 2,
                        "B8": "防火经费", "C8": "县级", "D8": 2, "E8": 2, "F8": 2,
                        "G8": "辖区防火巡查"}.items():
        ls[cell] = value
    f = wb["自评表01"]
    for cell, value in {"B3": "防火经费", "B4": "某某镇人民政府", "F4": "某某镇人民政府",
                        "C6": 2, "D6": 2, "E6": 2, "C7": 2, "D7": 2, "E7": 2,
                        "C8": 0, "D8": 0, "E8": 0, "C9": 0, "D9": 0, "E9": 0,
                        "B11": "完成全年防火巡查", "F11": "已完成"}.items():
        f[cell] = value
    for r, (level2, name, target, actual, weight) in enumerate(FILLED_ROWS, start=13):
        f[f"C{r}"], f[f"D{r}"], f[f"E{r}"], f[f"F{r}"] = level2, name, target, actual
        f[f"G{r}"] = f[f"H{r}"] = float(weight)
    wb.save(out)


def _recalculate(path: Path, out_dir: Path) -> Path:
    """Open and save in LibreOffice Calc, which computes the formulas openpyxl left uncached."""
    profile = (out_dir / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(out_dir), str(path)],
                   capture_output=True, timeout=240, check=False)
    out = out_dir / path.name
    if not out.exists():
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    return out


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice not installed")
def test_filled_template_checks_clean_after_a_spreadsheet_saves_it(tmp_path):
    from perfxl.api import check_file

    template, filled = tmp_path / "模板.xlsx", tmp_path / "填好.xlsx"
    write_blank_template(template, projects=1, year=2024)
    _fill_like_staff(template, filled)
    saved = _recalculate(filled, tmp_path / "saved")
    result = check_file(saved)
    assert result.error is None
    problems = [(f.code, f.sheet, f.cell, f.message) for f in result.findings
                if f.severity.value in ("error", "warning")]
    assert problems == []
    project = result.workbook.projects[0]
    assert [i.name.value for i in project.indicators] == [r[1] for r in FILLED_ROWS]
    assert project.total_funds.rate.value == 1  # the template's 执行率 formula, computed
    assert project.total_score.value == 100  # the template's 总分 formula, computed
    assert result.scores[0].total == 100


def test_spare_rows_left_empty_do_not_hide_later_indicators(tmp_path):
    # The blank form offers 4 产出 / 2 效益 / 1 满意度 rows; a project needing fewer leaves some
    # empty. Every filled indicator below them must still be read.
    from perfxl.read import read_workbook

    def ind(level1, row=None):
        if row is None:
            return IndicatorSpec(level1=level1)
        level2, name, target, actual, weight = row
        return IndicatorSpec(level1, level2, name, target, actual, D(weight), D(weight))

    rows = [ind("产出指标", FILLED_ROWS[0]), ind("产出指标", FILLED_ROWS[1]), ind("产出指标"),
            ind("产出指标"), ind("效益指标", FILLED_ROWS[4]), ind("效益指标"),
            ind("满意度指标", FILLED_ROWS[6])]
    project = ProjectSpec(name="防火经费", year=2024, funds=funds_all_fiscal(D("2"), D("2")),
                          execution_score=D("10"), indicators=rows)
    path = tmp_path / "留空行.xlsx"
    write_workbook(path, WorkbookSpec(projects=[project]))
    read = read_workbook(path).projects[0]
    names = [i.name.value for i in read.indicators if i.name.value]
    assert names == ["日常巡查次数", "日常巡查覆盖率", "火灾案件查处率", "社会公众满意度"]
