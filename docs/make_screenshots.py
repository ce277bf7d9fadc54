"""Regenerate the pictures of the user guide into docs/images/, so they stay true::

    python docs/make_screenshots.py

What it does, with the shipped example (examples/涞源镇2023):

- starts the real page (``python -m perfxl serve``, with ``--folder`` on a folder where a monthly
  run was made twice: first with 原文.xlsx, then with the completed 完整.xlsx, a roster naming one
  unit that did not hand in) and opens it in Debian's chromium at 1366×768 (Selenium +
  chromedriver, as the browser tests do);
- 页面-上传.png: the upload page with two workbooks chosen; 页面-结果.png: the results of 原文.xlsx;
  页面-月度汇总.png: the folder's last run;
- downloads the checked 原文.xlsx from the page and renders its result sheets with LibreOffice
  (→ PDF, first page) and pdftoppm (→ PNG): 结果表-校验结果.png, 结果表-评分结果.png.

Needs chromium, chromium-driver, LibreOffice and poppler-utils (apt) and the test extra (pip).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from perfxl.batch import run_batch  # noqa: E402
from perfxl.config import Config  # noqa: E402
from perfxl.summary.roster import read_roster  # noqa: E402
from tests.helpers.browser import (browser_missing, chromium, running_server,  # noqa: E402
                                   wait_for_file)

IMAGES = REPO / "docs" / "images"
EXAMPLE = REPO / "examples" / "涞源镇2023"
RESULT_SHEETS = ("校验结果", "评分结果")
DPI = "90"  # an A4 landscape page → about 1050×740 pixels


def main() -> int:
    missing = browser_missing() or _missing_tools()
    if missing:
        print(f"无法生成截图：{missing}")
        return 2
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="perfxl-screenshots-") as tmp:
        work = Path(tmp)
        folder = _monthly_folder(work)
        downloads = work / "下载"
        downloads.mkdir()
        with running_server("--folder", str(folder)) as link, chromium(downloads) as driver:
            checked = _page_pictures(driver, link, downloads)
        for sheet in RESULT_SHEETS:
            _sheet_picture(checked, sheet, work)
    for p in sorted(IMAGES.glob("*.png")):
        print(f"{p.relative_to(REPO)}")
    return 0


def _missing_tools() -> str | None:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install libreoffice-calc-nogui poppler-utils)"
    return None


def _monthly_folder(work: Path) -> Path:
    """A shared folder as a month's runs leave it: 原文.xlsx first, then the completed copy
    (so 新增/已解决 has something to say), with a roster naming a unit that did not hand in."""
    folder = work / "2023年12月自评"
    folder.mkdir()
    roster_file = work / "单位名单.txt"
    roster_file.write_text("涞源镇\n银坊镇\n", encoding="utf-8")
    roster = read_roster(roster_file)
    shutil.copy(EXAMPLE / "原文.xlsx", folder / "涞源镇.xlsx")
    run_batch([folder], config_for=lambda p: Config(), jobs=1, roster=roster)
    shutil.copy(EXAMPLE / "完整.xlsx", folder / "涞源镇.xlsx")
    run_batch([folder], config_for=lambda p: Config(), jobs=1, roster=roster)
    return folder


def _page_pictures(driver, link: str, downloads: Path) -> Path:
    """The three pictures of the page; the checked 原文.xlsx as downloaded from it."""
    from selenium.webdriver.common.by import By

    driver.get(link)
    chosen = "\n".join(str(EXAMPLE / name) for name in ("原文.xlsx", "完整.xlsx"))
    driver.find_element(By.ID, "files").send_keys(chosen)
    driver.save_screenshot(str(IMAGES / "页面-上传.png"))
    driver.find_element(By.ID, "files").clear()
    driver.find_element(By.ID, "files").send_keys(str(EXAMPLE / "原文.xlsx"))
    driver.find_element(By.ID, "check").click()
    driver.find_element(By.CSS_SELECTOR, "tr.finding")  # the results are shown
    driver.save_screenshot(str(IMAGES / "页面-结果.png"))
    driver.find_element(By.CSS_SELECTOR, "a.download").click()
    checked = wait_for_file(downloads, ".xlsx")
    driver.find_element(By.LINK_TEXT, "月度汇总").click()
    driver.find_element(By.ID, "grades")
    driver.save_screenshot(str(IMAGES / "页面-月度汇总.png"))
    return checked


def _sheet_picture(workbook: Path, sheet: str, work: Path) -> None:
    """The first printed page of one result sheet: a scratch copy with the other sheets hidden
    (LibreOffice prints visible sheets only) → PDF → PNG."""
    from openpyxl import load_workbook

    scratch = work / sheet
    scratch.mkdir()
    book = load_workbook(workbook)
    for ws in book.worksheets:
        ws.sheet_state = "visible" if ws.title == sheet else "hidden"
    book.active = book.sheetnames.index(sheet)
    copy = scratch / f"{sheet}.xlsx"
    book.save(copy)  # a scratch copy for the picture only; perfxl never writes this way
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{scratch}/lo",
                    "--convert-to", "pdf", "--outdir", str(scratch), str(copy)],
                   check=True, capture_output=True, timeout=180)
    subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", "1", "-l", "1", "-singlefile",
                    str(scratch / f"{sheet}.pdf"), str(IMAGES / f"结果表-{sheet}")],
                   check=True, capture_output=True, timeout=120)


if __name__ == "__main__":
    sys.exit(main())
