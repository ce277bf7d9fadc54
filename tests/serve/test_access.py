"""Who may use the page: this computer only by default; with ``--host`` only with the printed
token (link, then cookie); a POST only from the page itself."""

from __future__ import annotations

from perfxl.serve.access import COOKIE
from perfxl.serve.settings import Settings
from tests.helpers.servefix import CLEAN, client, upload_files

TOKEN = "s3cret-token-for-the-test"


def test_without_host_only_this_computer_is_answered():
    with client(Settings(jobs=1)) as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "localhost:8765"}).status_code == 200
        other = c.get("/", headers={"host": "evil.example"})
        assert other.status_code == 403 and "只接受本机访问" in other.text


def test_with_host_the_token_is_required():
    with client(Settings(jobs=1, host="0.0.0.0", token=TOKEN)) as c:
        refused = c.get("/")
        assert refused.status_code == 403 and "需要访问链接" in refused.text
        assert c.get("/style.css").status_code == 403
        assert c.get("/?token=wrong").status_code == 403
        assert upload_files(c, ("完整.xlsx", CLEAN.read_bytes())).status_code == 403
        entered = c.get(f"/folder?token={TOKEN}&x=1")
        assert entered.status_code == 303 and entered.headers["location"] == "/folder?x=1"
        cookie = entered.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}={TOKEN}") and "HttpOnly" in cookie
        assert "samesite=strict" in cookie.lower()
        assert c.get("/").status_code == 200  # the cookie now carries the token
        page = upload_files(c, ("完整.xlsx", CLEAN.read_bytes()))
        assert page.status_code == 200 and "没有发现问题" in page.text
        c.cookies.clear()
        assert c.get("/").status_code == 403


def test_with_host_any_host_name_is_answered_with_the_token():
    with client(Settings(jobs=1, host="0.0.0.0", token=TOKEN)) as c:
        c.get(f"/?token={TOKEN}")
        assert c.get("/", headers={"host": "192.168.1.20:8765"}).status_code == 200


def test_a_post_from_another_site_is_refused():
    with client(Settings(jobs=1)) as c:
        files = [("files", ("完整.xlsx", CLEAN.read_bytes()))]
        other = c.post("/upload", files=files, headers={"origin": "http://evil.example"})
        assert other.status_code == 403 and "请求来自其他网站" in other.text
        same = c.post("/upload", files=files, headers={"origin": "http://127.0.0.1"})
        assert same.status_code == 303


def test_a_post_with_a_null_origin_is_refused():
    with client(Settings(jobs=1)) as c:
        files = [("files", ("完整.xlsx", CLEAN.read_bytes()))]
        assert c.post("/upload", files=files, headers={"origin": "null"}).status_code == 403


def test_every_response_forbids_scripts_framing_and_caching():
    with client(Settings(jobs=1)) as c:
        for response in (c.get("/"), c.get("/nothing"), c.get("/", headers={"host": "x.example"})):
            assert "script-src" not in response.headers["content-security-policy"]
            assert "default-src 'none'" in response.headers["content-security-policy"]
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["cache-control"] == "no-store"
