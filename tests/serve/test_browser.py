"""The page in a real browser: Debian's chromium (Selenium + Debian's chromedriver) against the
real server (``python -m perfxl serve`` in a child process). Upload the shipped example, read
the findings on the page, download the result and open it."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from perfxl.batch import run_batch
from perfxl.config import Config
from perfxl.pipeline import check_file
from tests.helpers.browser import (browser_missing, chromium, page_fits, running_server,
                                   wait_for_file)
from tests.helpers.hostile.corpus import csv_renamed
from tests.helpers.servefix import CLEAN, WITH_FINDINGS

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))


def upload(driver, link: str, *paths) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(link)
    driver.find_element(By.ID, "files").send_keys("\n".join(str(p) for p in paths))
    driver.find_element(By.ID, "check").click()
    WebDriverWait(driver, 120).until(seen.presence_of_element_located((By.CSS_SELECTOR, "h1")))
    WebDriverWait(driver, 120).until(lambda d: "/upload" not in d.current_url)


def test_upload_read_the_findings_download_and_open(tmp_path):
    from selenium.webdriver.common.by import By

    downloads = tmp_path / "下载"
    downloads.mkdir()
    expected = check_file(WITH_FINDINGS, Config()).to_dict()
    with running_server() as link, chromium(downloads) as driver:
        driver.get(link)
        assert "把工作簿拖到这里" in driver.find_element(By.TAG_NAME, "body").text
        assert page_fits(driver)
        upload(driver, link, WITH_FINDINGS)
        assert driver.find_element(By.TAG_NAME, "h1").text == "检查结果"
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.finding")
        assert len(rows) == len(expected["findings"]) == 31
        first = [td.text for td in rows[0].find_elements(By.TAG_NAME, "td")]
        errors = [f for f in expected["findings"] if f["severity"] == "error"]
        assert first[:4] == ["错误", errors[0]["sheet"], errors[0]["cell"], errors[0]["message"]]
        status = driver.find_element(By.CSS_SELECTOR, ".workbook .status").text
        assert status == "已写入结果工作表：校验结果、评分结果"
        assert page_fits(driver)  # 1366 wide: no sideways scrolling, even with the findings
        driver.find_element(By.CSS_SELECTOR, "a.download").click()
        got = wait_for_file(downloads, ".xlsx")
        assert got.name == "原文.xlsx"
        book = CalamineWorkbook.from_path(str(got))
        assert book.sheet_names[-2:] == ["校验结果", "评分结果"]
        checked = book.get_sheet_by_name("校验结果").to_python()
        assert any("效益指标" in str(v) for row in checked for v in row)


def test_several_files_one_hostile_then_the_zip(tmp_path):
    from selenium.webdriver.common.by import By

    downloads = tmp_path / "下载"
    downloads.mkdir()
    text = csv_renamed(tmp_path)
    with running_server() as link, chromium(downloads) as driver:
        upload(driver, link, WITH_FINDINGS, CLEAN, text)
        sections = driver.find_elements(By.CSS_SELECTOR, "section.workbook")
        assert len(sections) == 3
        failed = driver.find_element(By.CSS_SELECTOR, "section.workbook.failed .status").text
        assert f"“{text.name}”是文本文件" in failed  # named as the user named it
        driver.find_element(By.ID, "download-all").click()
        got = wait_for_file(downloads, ".zip")
        with zipfile.ZipFile(got) as z:
            assert sorted(z.namelist()) == ["原文.xlsx", "完整.xlsx"]
        upload(driver, link, CLEAN)  # the server still serves
        assert "没有发现问题" in driver.find_element(By.TAG_NAME, "body").text


def test_the_folder_page_and_the_token_link(tmp_path):
    from selenium.webdriver.common.by import By

    folder = tmp_path / "每月"
    folder.mkdir()
    shutil.copy(CLEAN, folder / "涞源镇.xlsx")
    run_batch([folder], config_for=lambda p: Config(), jobs=1)
    with running_server("--host", "127.0.0.1", "--folder", str(folder)) as link, \
            chromium() as driver:
        assert "token=" in link
        driver.get(link.split("?")[0])
        assert "需要访问链接" in driver.find_element(By.TAG_NAME, "body").text
        driver.get(link)  # the link sets the cookie, then the page is shown
        assert "token" not in driver.current_url
        driver.find_element(By.LINK_TEXT, "月度汇总").click()
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "涞源县涞源镇人民政府" in body and "各项目的得分与等级" in body
        assert page_fits(driver)
