"""The page's routes through Starlette's TestClient: upload, results, downloads, and what a
hostile or oversized upload gets (a Chinese page, and the server keeps serving)."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape

import pytest
from python_calamine import CalamineWorkbook

from perfxl.config import Config
from perfxl.pipeline import check_file
from perfxl.serve.settings import Settings
from tests.helpers.hostile.corpus import csv_renamed, replace_part, small_xlsx_bytes, zip_bomb
from tests.helpers.servefix import CLEAN, WITH_FINDINGS, client, upload_files

MB = 1024 * 1024


@pytest.fixture(scope="module")
def c():
    with client(Settings(jobs=1, max_files=3, max_file_bytes=1 * MB,
                         max_upload_bytes=4 * MB)) as c:
        yield c


def text_of(response) -> str:
    """The page's visible text, tags removed."""
    return unescape(re.sub(r"<[^>]+>", " ", response.text))


def sections(response) -> dict[str, str]:
    """Each workbook's section of the results page, by the name shown."""
    parts = re.findall(r'<section class="workbook [^"]*" id="file-\d+" data-name="([^"]*)">(.*?)'
                       r"</section>", response.text, re.S)
    return {unescape(name): body for name, body in parts}


def test_the_upload_page_is_chinese_and_needs_no_script(c):
    page = c.get("/")
    assert page.status_code == 200
    assert "把工作簿拖到这里" in page.text and 'enctype="multipart/form-data"' in page.text
    assert "<script" not in page.text
    assert c.get("/style.css").headers["content-type"].startswith("text/css")


def test_the_results_page_shows_the_result_contract_of_each_workbook(c):
    page = upload_files(c, ("原文.xlsx", WITH_FINDINGS.read_bytes()))
    assert page.status_code == 200
    body = sections(page)["原文.xlsx"]
    expected = check_file(WITH_FINDINGS, Config()).to_dict()
    rows = re.findall(r'<tr class="finding (\w+)" data-code="(PX\d+)">(.*?)</tr>', body, re.S)
    assert len(rows) == len(expected["findings"]) == 31
    assert sorted((sev, code) for sev, code, _ in rows) == sorted(
        (f["severity"], f["code"]) for f in expected["findings"])
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r) for _, code, r in rows if code == "PX401"]
    # 严重程度, 工作表, 单元格, 问题, 应为, 实为, 项目, 等级, 规则
    assert ["错误", "自评表02", "B12"] == cells[0][:3]
    assert cells[0][4:8] == ["效益指标", "无", "涞源镇防汛经费", "中"]
    assert "错误 17" in body and "警告 14" in body
    assert "涞源县涞源镇人民政府" in body and "2023-12" in body
    assert body.count('class="grade"') >= 15  # every project's grade is shown
    assert "/tmp" not in page.text and "perfxl-serve-" not in page.text  # no server paths


def test_the_download_is_the_workbook_with_its_result_sheets(c, tmp_path):
    page = upload_files(c, ("原文.xlsx", WITH_FINDINGS.read_bytes()))
    link = re.search(r'href="(/download/[^"]+/1)"', page.text).group(1)
    got = c.get(link)
    assert got.status_code == 200
    assert "attachment" in got.headers["content-disposition"]
    assert "%E5%8E%9F%E6%96%87.xlsx" in got.headers["content-disposition"]  # 原文.xlsx
    (tmp_path / "r.xlsx").write_bytes(got.content)
    names = CalamineWorkbook.from_path(str(tmp_path / "r.xlsx")).sheet_names
    assert names[-2:] == ["校验结果", "评分结果"] and "自评表15" in names


def test_several_workbooks_download_as_one_zip(c):
    page = upload_files(c, ("原文.xlsx", WITH_FINDINGS.read_bytes()),
                        ("完整.xlsx", CLEAN.read_bytes()), ("原文.xlsx", WITH_FINDINGS.read_bytes()))
    assert "没有发现问题" in sections(page)["完整.xlsx"]
    link = re.search(r'id="download-all" href="([^"]+)"', page.text).group(1)
    got = c.get(link)
    assert got.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(got.content)) as z:
        assert sorted(z.namelist()) == ["原文(2).xlsx", "原文.xlsx", "完整.xlsx"]
        assert z.read("完整.xlsx")[:2] == b"PK"


def test_hostile_uploads_get_chinese_errors_and_the_server_keeps_serving(c, tmp_path):
    broken_xml = replace_part(small_xlsx_bytes(), "xl/workbook.xml", b"<workbook><sheets")
    page = upload_files(c, ("文本.xlsx", csv_renamed(tmp_path).read_bytes()),
                        ("炸弹.xlsx", zip_bomb(tmp_path, size_mb=300).read_bytes()),
                        ("坏XML.xlsx", broken_xml))
    assert page.status_code == 200
    shown = sections(page)
    assert set(shown) == {"文本.xlsx", "炸弹.xlsx", "坏XML.xlsx"}
    for name, body in shown.items():
        status = re.search(r'<p class="status">(.*?)</p>', body, re.S).group(1)
        assert re.search(r"[\u4e00-\u9fff]", status), status
        assert name in unescape(status) or "无法" in status, status
        assert "download" not in body  # nothing to download
    assert "不是有效的 XML" in unescape(shown["坏XML.xlsx"])
    again = upload_files(c, ("完整.xlsx", CLEAN.read_bytes()))
    assert "没有发现问题" in again.text


def test_a_file_that_is_not_a_workbook_by_name_is_not_checked(c):
    page = upload_files(c, ("说明.txt", "不是工作簿".encode()), ("完整.xlsx", CLEAN.read_bytes()))
    assert "只能检查 .xlsx、.xlsm、.xls 文件" in sections(page)["说明.txt"]
    assert "没有发现问题" in sections(page)["完整.xlsx"]


def test_the_caps_give_chinese_pages(c):
    too_many = upload_files(c, *[("完整.xlsx", CLEAN.read_bytes())] * 4)
    assert too_many.status_code == 400 and "一次最多上传 3 个工作簿" in too_many.text
    big = upload_files(c, ("大.xlsx", b"PK" + b"\0" * (MB + 10)))
    assert big.status_code == 200 and "超过 1 MB 的上限" in sections(big)["大.xlsx"]
    huge = upload_files(c, *[(f"{i}.xlsx", b"PK" + b"\0" * (MB - 10)) for i in range(5)])
    assert huge.status_code == 413 and "上传的文件太大" in huge.text
    nothing = c.post("/upload", data={"x": "1"})
    assert nothing.status_code == 400 and "没有选择文件" in nothing.text
    garbage = c.post("/upload", content=b"--x\r\nnonsense",
                     headers={"content-type": "multipart/form-data; boundary=x"})
    assert garbage.status_code == 400 and "请" in text_of(garbage)  # a Chinese page, not a crash
    assert c.get("/").status_code == 200


def test_a_body_beyond_the_cap_is_refused_while_it_streams(c):
    def chunks():
        for _ in range(6):
            yield b"x" * MB

    response = c.post("/upload", content=chunks(),
                      headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413 and "上传的文件太大" in response.text


def test_only_ids_the_server_made_reach_a_file(c):
    for path in ("/results/nope", "/download/nope/1", "/download/..%2F..%2Fetc/1",
                 "/download/%2E%2E/all", "/results/../../etc/passwd", "/nothing-here"):
        response = c.get(path)
        assert response.status_code == 404, path
        assert "回到首页" in response.text
    page = upload_files(c, ("完整.xlsx", CLEAN.read_bytes()))
    batch = re.search(r'href="/download/([^/"]+)/1"', page.text).group(1)
    assert c.get(f"/download/{batch}/2").status_code == 404
    assert c.get(f"/download/{batch}/1").status_code == 200
    assert c.post("/").status_code == 405 and "不支持的操作" in c.post("/").text


def test_uploads_are_deleted_once_checked_and_results_when_the_server_stops():
    with client(Settings(jobs=1)) as c:
        store = c.app.state.store
        page = upload_files(c, ("完整.xlsx", CLEAN.read_bytes()))
        assert page.status_code == 200
        uploaded = [p for p in store.root.rglob("*") if p.parent.name == "上传"]
        written = [p for p in store.root.rglob("*.xlsx") if p.parent.name == "结果"]
        assert uploaded == [] and len(written) == 1
        assert (store.root.stat().st_mode & 0o077) == 0  # private to this user
        root = store.root
    assert not root.exists()


def test_results_expire():
    with client(Settings(jobs=1, keep_minutes=0)) as c:
        page = upload_files(c, ("完整.xlsx", CLEAN.read_bytes()), follow=False)
        gone = c.get(page.headers["location"])
        assert gone.status_code == 404 and "结果已不在服务器上" in gone.text
        assert list(c.app.state.store.root.iterdir()) == []


def test_a_file_name_is_text_never_markup(c):
    page = upload_files(c, ('<img src=x onerror=alert(1)>"原文.xlsx', WITH_FINDINGS.read_bytes()))
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_an_internal_error_is_a_chinese_page_and_the_server_goes_on(monkeypatch):
    from starlette.testclient import TestClient

    import perfxl.serve.app as app_module

    def broken(f):
        raise RuntimeError("boom")

    with TestClient(app_module.create_app(Settings(jobs=1)), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        monkeypatch.setattr(app_module, "file_view", broken)
        page = c.post("/upload", files=[("files", ("完整.xlsx", CLEAN.read_bytes()))])
        failed = c.get(page.headers["location"]) if page.status_code == 303 else page
        assert failed.status_code == 500 and "服务器内部错误" in failed.text
        monkeypatch.undo()
        assert c.get("/").status_code == 200


def test_a_busy_server_turns_uploads_away_in_chinese():
    with client(Settings(jobs=1, max_waiting=0)) as c:
        busy = upload_files(c, ("完整.xlsx", CLEAN.read_bytes()))
        assert busy.status_code == 503 and "服务器正忙" in busy.text


def test_a_workbook_with_many_findings_shows_the_first_ones_and_says_where_the_rest_are(
        monkeypatch, c):
    import perfxl.serve.views as views

    monkeypatch.setattr(views, "MAX_SHOWN", 10)
    page = upload_files(c, ("原文.xlsx", WITH_FINDINGS.read_bytes()))
    body = sections(page)["原文.xlsx"]
    assert body.count('<tr class="finding ') == 10
    assert "另有 21 个问题未在页面上列出" in body and "另有 5 个项目未在页面上列出" in body
    assert "项目得分与等级（15 个项目）" in body
