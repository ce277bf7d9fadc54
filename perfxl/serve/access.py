"""The door: who may use the page, from where, and how much one request may send.

An ASGI middleware in front of every route (the stylesheet too):

- listening on 127.0.0.1 (no ``--host``), only requests addressed to this computer are
  answered (``Host`` 127.0.0.1/localhost/[::1]): a web page elsewhere cannot reach the server
  through a name that resolves to 127.0.0.1;
- with ``--host`` the server requires the access token it printed: the link carries it
  (``?token=…``); the first visit sets it as a cookie (HttpOnly, SameSite=Strict) and redirects
  to the same page without it, so the token does not stay in the address bar;
- a POST must come from the server's own page (its ``Origin``, when the browser sends one);
- every response forbids scripts, framing by other sites, sniffing and caching;
- a request body beyond the upload cap is refused: at once when its ``Content-Length`` says so,
  else when the bytes received pass the cap (:class:`UploadTooLarge`, raised from ``receive``
  while the form is parsed).
"""

from __future__ import annotations

import hmac
from typing import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.responses import RedirectResponse, Response

from perfxl.serve.settings import Settings

COOKIE = "perfxl_token"
LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})

ErrorPage = Callable[[int, str, str], Response]


class UploadTooLarge(Exception):
    """The request body passed the upload cap."""


class Door:
    """ASGI middleware enforcing :class:`Settings`' access rules; ``error_page(status, title,
    text)`` makes the Chinese page of a refusal."""

    def __init__(self, app, settings: Settings, error_page: ErrorPage):
        self.app = app
        self.settings = settings
        self.error_page = error_page

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self._refusal(scope)
        if refusal is not None:
            return await refusal(scope, receive, _with_safety_headers(send))
        if scope["method"] == "POST":
            receive = _limited(receive, self.settings.max_upload_bytes)
        await self.app(scope, receive, _with_safety_headers(send))

    def _refusal(self, scope) -> Response | None:
        headers = Headers(scope=scope)
        s = self.settings
        if not s.needs_token and _host_name(headers.get("host", "")) not in LOCAL_NAMES:
            return self.error_page(403, "只接受本机访问",
                                   "此页面只在本机打开（http://127.0.0.1）。要让同事访问，"
                                   "请用 perfxl serve --host 启动，并把显示的链接发给同事。")
        if s.needs_token:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if "token" in query and _same(query["token"], s.token):
                return _enter(scope, query)
            if not _same(_cookie(headers), s.token):
                return self.error_page(403, "需要访问链接",
                                       "请使用启动 perfxl serve 时显示的完整链接（含 token=…）"
                                       "打开此页面；链接请向启动服务的同事索取。")
        if scope["method"] == "POST":
            origin = headers.get("origin")
            if origin and urlsplit(origin).netloc != headers.get("host"):  # "null" too
                return self.error_page(403, "请求来自其他网站",
                                       "只接受从本页面提交的文件。请在本页面重新上传。")
            length = headers.get("content-length")
            if length and length.isdigit() and int(length) > s.max_upload_bytes:
                return too_large_page(self.error_page, s)
        return None


SAFETY_HEADERS = (
    (b"content-security-policy",
     b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
     b"frame-ancestors 'none'; base-uri 'none'"),  # the page runs no script at all
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin, not no-referrer: under no-referrer a browser sends the form's Origin as "null"
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),  # results are not kept in a shared computer's cache
)


def _with_safety_headers(send):
    """``send`` that adds :data:`SAFETY_HEADERS` to every response."""
    async def send_with_headers(message):
        if message["type"] == "http.response.start":
            message["headers"] = list(message.get("headers", [])) + list(SAFETY_HEADERS)
        await send(message)

    return send_with_headers


def too_large_page(error_page: ErrorPage, s: Settings) -> Response:
    return error_page(413, "上传的文件太大",
                      f"一次上传的文件合计不能超过 {s.max_upload_bytes // (1024 * 1024)} MB，"
                      f"每个文件不超过 {s.max_file_bytes // (1024 * 1024)} MB。"
                      "请分几次上传。")


def _limited(receive, cap: int):
    """``receive`` that raises :class:`UploadTooLarge` once the body passes ``cap`` bytes."""
    seen = 0

    async def limited_receive():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > cap:
                raise UploadTooLarge()
        return message

    return limited_receive


def _enter(scope, query: dict) -> Response:
    """The first visit with the token: set the cookie, show the same page without the token."""
    rest = urlencode({k: v for k, v in query.items() if k != "token"})
    response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), status_code=303)
    response.set_cookie(COOKIE, query["token"], httponly=True, samesite="strict")
    return response


def _cookie(headers: Headers) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return None


def _same(given: str | None, token: str | None) -> bool:
    return bool(given) and bool(token) and hmac.compare_digest(given.encode(), token.encode())


def _host_name(host: str) -> str:
    """The name part of a ``Host`` header (``127.0.0.1:8765`` → ``127.0.0.1``)."""
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
