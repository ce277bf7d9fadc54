"""The 审核意见 sheet: one block per 申报表 — 项目名称 · 项目编码 · 申请单位 · 本年度项目金额 ·
审核等级, numbered ``问题：… 建议：…`` items, the checklist's 人工 points — one form per printed
A4 page; spliced in losslessly and replaced, not repeated, on the next run."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from perfxl.config import Config
from perfxl.pipeline import check_file
from perfxl.read.checklist import read_checklist
from perfxl.runner import run_file
from perfxl.write.review_sheet import REVIEW_SHEET, advice_of, review_sheet
from tests.helpers import printfix

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "东湖街道2024申报"
FORMS = 16


@pytest.fixture(scope="module")
def checklist():
    return read_checklist(EXAMPLE / "审核口径.xlsx")


@pytest.fixture
def book(tmp_path) -> Path:
    return Path(shutil.copy(EXAMPLE / "申报表.xlsx", tmp_path / "申报表.xlsx"))


def _blocks(rows: list[list]) -> list[list[list]]:
    blocks: list[list[list]] = []
    for row in rows:
        if row[0] == "绩效目标审核意见":
            blocks.append([])
        blocks[-1].append(row)
    return blocks


def test_one_block_per_form_with_its_header_fields(book, checklist):
    result = check_file(book, Config(checklist=checklist))
    spec = review_sheet(result, checklist)
    values = [[c.value for c in row] for row in spec.rows]
    blocks = _blocks(values)
    assert len(blocks) == FORMS == len(result.reviews)
    # a printed page starts at every block but the first; no header row repeated
    assert [values[r][0] for r in spec.row_breaks] == ["绩效目标审核意见"] * (FORMS - 1)
    assert spec.header_rows == 0
    first = {row[0]: row[1] for row in blocks[0][1:6]}
    assert first["项目名称"] == "社区饭堂经费（东湖社区）"
    assert first["项目编码"] == "440306231391500000001"
    assert first["申请单位"] == "东湖街道社区服务中心"
    assert str(first["本年度项目金额（万元）"]) == "24"
    assert first["审核等级"].startswith(result.reviews[0].grade + "（")
    lost = {row[0]: row[1] for row in blocks[8][1:6]}["项目编码"]
    assert lost.startswith("已丢失") and "4.403062313915e+20" in lost


def test_items_are_numbered_problems_with_advice(book, checklist):
    result = check_file(book, Config(checklist=checklist))
    spec = review_sheet(result, checklist)
    block = _blocks([[c.value for c in row] for row in spec.rows])[9]  # 10.城市管理协管员经费
    items = [row for row in block if isinstance(row[0], str) and row[0].isdigit()]
    assert [row[0] for row in items] == [str(n) for n in range(1, len(items) + 1)]
    assert all(re.fullmatch(r"问题：.+（单元格 [A-Z]+\d+(:[A-Z]+\d+)?）。\n建议：.+", row[1], re.S)
               for row in items if "单元格" in row[1])
    vague = [row[1] for row in items if "D14" in row[1] and "良好" in row[1]]
    # the checklist's row in its own words, and the PX706 rule's (issue 16 item 2) in the rule's
    assert "问题：目标值为“良好”“及时”一类的表述，年末无法衡量（单元格 D14）。\n" \
           "建议：改为带符号、数字和单位的值。" in vague
    assert any(v.startswith("问题：10.城市管理协管员经费第 14 行质量指标“巡查质量”") for v in vague)
    assert len(vague) == 2
    manual = block[block.index(next(r for r in block if r[0] == "人工审核要点")) + 1:]
    assert [row[1].split()[0] for row in manual] == ["SH06", "SH07"]


def test_a_rule_advises_in_its_own_words():
    assert advice_of("PX201") and "怎么改" not in advice_of("PX201")
    assert advice_of("SH01") is None
    # the documentation's worked case (137584 元 = 13.7584 万元) is not another form's advice
    assert advice_of("PX712") == "把金额改为万元数。"
    assert advice_of("PX720").endswith("（或在编码前加英文单引号 '）。")


def test_no_sheet_without_a_declaration(tmp_path):
    from perfxl.examples import laiyuan_2023
    from perfxl.write.template import write_workbook

    write_workbook(tmp_path / "自评.xlsx", laiyuan_2023(complete=True))
    assert review_sheet(check_file(tmp_path / "自评.xlsx")) is None


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_written_losslessly_and_replaced_on_the_next_run(book, checklist):
    before = _parts(book)
    config = Config(checklist=checklist)
    assert run_file(book, config).ok
    after = _parts(book)
    forms = [n for n in before if n.startswith("xl/worksheets/sheet")]
    assert len(forms) == FORMS and all(after[n] == before[n] for n in forms)
    assert run_file(book, config).ok
    names = CalamineWorkbook.from_path(str(book)).sheet_names
    assert names.count(REVIEW_SHEET) == 1 and names[-3:] == ["校验结果", "评分结果", REVIEW_SHEET]
    assert len(check_file(book, config).reviews) == FORMS  # our sheet is never read as a form


@pytest.mark.libreoffice
@pytest.mark.skipif(printfix.missing_tools() is not None, reason=str(printfix.missing_tools()))
def test_renders_one_form_per_a4_page(book, checklist, tmp_path):
    assert run_file(book, Config(checklist=checklist)).ok
    names = [r.declaration.name.value for r in check_file(book).reviews]
    pdf = printfix.to_pdf(book, tmp_path / "pdf")
    pages = printfix.page_texts(pdf)
    sizes = printfix.page_sizes(pdf)
    ours = [i for i, text in enumerate(pages) if "绩效目标审核意见" in text]
    assert len(ours) == FORMS
    for k, i in enumerate(ours):
        text = pages[i]
        assert text.count("绩效目标审核意见") == 1 and "审核等级" in text and "人工审核要点" in text
        assert printfix.flat(names[k]) in text
        assert printfix.is_a4_landscape(sizes[i]), sizes[i]
