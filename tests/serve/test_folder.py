"""The 月度汇总 page: the folder's last ``perfxl run``, read from the summary workbook it left."""

from __future__ import annotations

import re
import shutil
from html import unescape

from perfxl.batch import run_batch
from perfxl.config import Config
from perfxl.serve.folder import cell, last_run
from perfxl.serve.settings import Settings
from perfxl.summary.roster import read_roster
from tests.helpers.servefix import CLEAN, WITH_FINDINGS, client


def monthly_run(folder, roster=None):
    return run_batch([folder], config_for=lambda p: Config(), jobs=1, roster=roster)


def test_the_page_shows_units_grades_missing_units_and_changes(tmp_path):
    folder = tmp_path / "每月"
    folder.mkdir()
    shutil.copy(WITH_FINDINGS, folder / "涞源镇.xlsx")
    roster_file = tmp_path / "名单.txt"
    roster_file.write_text("涞源镇\n银坊镇\n", encoding="utf-8")
    roster = read_roster(roster_file)
    monthly_run(folder, roster)
    shutil.copy(CLEAN, folder / "涞源镇.xlsx")  # the unit fixed its workbook: a re-run
    outcome = monthly_run(folder, roster)
    with client(Settings(jobs=1, folder=folder)) as c:
        page = c.get("/folder")
        assert page.status_code == 200
        text = unescape(re.sub(r"<[^>]+>", " ", page.text))
        assert outcome.summary_path.name in text  # perfxl汇总_2023-12.xlsx
        for heading in ("各单位", "未报送单位", "新增和已解决的问题", "各项目的得分与等级"):
            assert heading in text
        assert "银坊镇" in text  # 未报送
        assert "涞源县涞源镇人民政府" in text and "144.9552" in text
        assert "已解决" in text
        assert re.search(r"优\s+15", text)  # the grade distribution
        summary = c.get("/folder/summary")
        assert summary.status_code == 200 and summary.content == outcome.summary_path.read_bytes()
        assert '<a href="/folder">' in c.get("/").text


def test_a_folder_without_a_run_says_what_to_do(tmp_path):
    with client(Settings(jobs=1, folder=tmp_path)) as c:
        page = c.get("/folder")
        assert page.status_code == 200 and "还没有月度汇总" in page.text
        assert "perfxl run" in page.text
        assert c.get("/folder/summary").status_code == 404


def test_without_folder_the_page_says_how_to_start_it():
    with client(Settings(jobs=1)) as c:
        page = c.get("/folder")
        assert page.status_code == 404 and "--folder" in page.text
        assert '<a href="/folder">' not in c.get("/").text


def test_a_summary_that_cannot_be_read_is_said_and_the_page_stays(tmp_path):
    (tmp_path / "perfxl汇总_2023-12.xlsx").write_bytes(b"half a file")
    run = last_run(tmp_path)
    assert run.problem.startswith("无法读取 perfxl汇总_2023-12.xlsx")


def test_cells_read_as_the_sheet_shows_them():
    assert cell(144.9552) == "144.9552" and cell(15.0) == "15" and cell(None) == ""
    assert cell(0.9735, rate=True) == "97.35%" and cell(1.0, rate=True) == "100%"
    assert cell("优") == "优"
