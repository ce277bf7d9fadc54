"""The page's routes (Starlette): upload, results, downloads, the folder's last run.

Every page is rendered on the server (Jinja2 templates shipped in the package, no JavaScript);
every refusal is a Chinese page with the right status code, and the server goes on serving.
Uploads and results are reached only by the opaque ids of :mod:`perfxl.serve.uploads`.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import zipfile
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from perfxl.serve.access import Door, UploadTooLarge, too_large_page
from perfxl.serve.folder import last_run
from perfxl.serve.settings import MB, Settings
from perfxl.serve.uploads import Batch, Store, StoredFile, accepted_suffix, clean_name
from perfxl.serve.views import SEVERITY_TEXT, file_view
from perfxl.serve.work import Workers

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_NAME = "检查结果.zip"
CHUNK = 1024 * 1024
HTTP_WORDS = {404: ("页面不存在", "没有这个页面。请回到首页重新上传工作簿。"),
              405: ("不支持的操作", "请从首页上传工作簿。")}

_templates = Environment(loader=PackageLoader("perfxl.serve", "templates"),
                         autoescape=select_autoescape(default=True))


def create_app(settings: Settings) -> Starlette:
    """The web application for ``settings``; its worker pool and private folder live while it
    runs (the lifespan) and are removed when it stops."""
    style = files("perfxl.serve").joinpath("static/style.css").read_bytes()

    def page(template: str, status: int = 200, **context) -> Response:
        context.update(settings=settings, max_mb=settings.max_file_bytes // MB,
                       keep=int(settings.keep_minutes))
        html = _templates.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status)

    def error_page(status: int, title: str, text: str) -> Response:
        return page("error.html", status, title=title, text=text)

    @asynccontextmanager
    async def lifespan(app):
        app.state.store = Store(settings.keep_minutes * 60, settings.max_batches)
        app.state.workers = Workers(settings.jobs, settings.file_timeout)
        try:
            yield
        finally:
            app.state.workers.close()
            app.state.store.close()

    async def index(request: Request) -> Response:
        return page("index.html")

    async def upload(request: Request) -> Response:
        store: Store = request.app.state.store
        workers: Workers = request.app.state.workers
        if workers.waiting >= settings.max_waiting:
            return error_page(503, "服务器正忙", "正在检查的工作簿太多，请过几分钟再上传。")
        try:
            form = await request.form(max_files=settings.max_files, max_fields=20)
        except UploadTooLarge:
            return too_large_page(error_page, settings)
        except HTTPException as e:
            if "files" in str(e.detail).lower():
                return error_page(400, "文件太多",
                                  f"一次最多上传 {settings.max_files} 个工作簿，请分几次上传。")
            return error_page(400, "上传的内容无法读取", "请在本页面选择工作簿后重新上传。")
        try:
            uploads = [u for u in form.getlist("files") if isinstance(u, UploadFile) and u.filename]
            if not uploads:
                return error_page(400, "没有选择文件", "请先选择或拖入要检查的工作簿（.xlsx、.xlsm、.xls）。")
            batch = store.new_batch()
            for i, u in enumerate(uploads, 1):
                batch.files.append(await run_in_threadpool(_keep, u, i, batch, settings))
        finally:
            await form.close()
        todo = [f for f in batch.files if f.source is not None]
        records = await asyncio.gather(*(workers.check(f.source, settings.config, batch.outbox)
                                         for f in todo))
        for f, rec in zip(todo, records):
            f.record = rec
            f.source.unlink(missing_ok=True)  # checked: the upload itself is not kept
            f.source = None
        return RedirectResponse(f"/results/{batch.id}", status_code=303)

    def batch_of(request: Request) -> Batch:
        batch = request.app.state.store.get(request.path_params["batch"])
        if batch is None:
            raise HTTPException(404, "expired")
        return batch

    async def results(request: Request) -> Response:
        batch = batch_of(request)
        views = [file_view(f) for f in batch.files]
        return page("results.html", batch=batch, files=views, severity_text=SEVERITY_TEXT,
                    downloads=len(batch.downloads))

    async def download(request: Request) -> Response:
        batch = batch_of(request)
        f = batch.file(request.path_params["index"])
        if f is None or f not in batch.downloads:
            raise HTTPException(404, "no file")
        return FileResponse(f.output, media_type=XLSX_TYPE, filename=f.download_name)

    async def download_zip(request: Request) -> Response:
        batch = batch_of(request)
        if not batch.downloads:
            raise HTTPException(404, "no files")
        path = await run_in_threadpool(_zip, batch)
        return FileResponse(path, media_type="application/zip", filename=ZIP_NAME,
                            background=BackgroundTask(path.unlink, missing_ok=True))

    async def folder(request: Request) -> Response:
        if settings.folder is None:
            return error_page(404, "没有指定文件夹",
                              "启动时用 perfxl serve --folder 文件夹 指定每月运行的共享文件夹，"
                              "本页即显示该文件夹最近一次运行的汇总。")
        run = await run_in_threadpool(last_run, settings.folder)
        return page("folder.html", run=run)

    async def folder_summary(request: Request) -> Response:
        run = await run_in_threadpool(last_run, settings.folder) if settings.folder else None
        if run is None or run.summary is None:
            raise HTTPException(404, "no summary")
        return FileResponse(run.summary, media_type=XLSX_TYPE, filename=run.summary.name)

    async def stylesheet(request: Request) -> Response:
        return Response(style, media_type="text/css; charset=utf-8")

    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404 and request.url.path.startswith(("/results/", "/download/")):
            return error_page(404, "结果已不在服务器上",
                              f"检查结果保留 {int(settings.keep_minutes)} 分钟，之后即删除。"
                              "请回到首页重新上传工作簿。")
        title, text = HTTP_WORDS.get(exc.status_code, ("无法完成请求", "请回到首页重试。"))
        return error_page(exc.status_code, title, text)

    async def server_error(request: Request, exc: Exception) -> Response:
        return error_page(500, "服务器内部错误",
                          f"处理请求时出现内部错误（{type(exc).__name__}）。上传的文件未被改动；"
                          "请重试，仍不行请把这条信息告诉维护者。")

    routes = [
        Route("/", index),
        Route("/upload", upload, methods=["POST"]),
        Route("/results/{batch}", results),
        Route("/download/{batch}/{index:int}", download),
        Route("/download/{batch}/all", download_zip),
        Route("/folder", folder),
        Route("/folder/summary", folder_summary),
        Route("/style.css", stylesheet),
    ]
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(Door, settings=settings, error_page=error_page)],
                     exception_handlers={HTTPException: http_error, Exception: server_error})


def _keep(upload: UploadFile, index: int, batch: Batch, settings: Settings) -> StoredFile:
    """Copy one upload into the batch's private folder under perfxl's own name, or say why
    not (not a workbook's suffix, empty, too large)."""
    f = StoredFile(index, clean_name(upload.filename, index))
    if not accepted_suffix(f.name):
        f.refused = "不是 Excel 工作簿：只能检查 .xlsx、.xlsm、.xls 文件"
        return f
    target = batch.inbox / f.stored_name
    upload.file.seek(0)
    with open(target, "wb") as out:
        while chunk := upload.file.read(CHUNK):
            f.size += len(chunk)
            if f.size > settings.max_file_bytes:
                break
            out.write(chunk)
    if f.size > settings.max_file_bytes:
        target.unlink()
        f.refused = f"文件超过 {settings.max_file_bytes // MB} MB 的上限，未检查"
    elif f.size == 0:
        target.unlink()
        f.refused = "文件是空的（0 字节），未检查"
    else:
        f.source = target
    return f


def _zip(batch: Batch) -> Path:
    """The written workbooks of an upload in one zip (in its folder), each under the user's
    name (a name given twice gets ``(2)``)."""
    path = batch.folder / f"全部结果-{secrets.token_hex(4)}.zip"  # one per request
    used: set[str] = set()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in batch.downloads:
            name, n = f.download_name, 2
            while name.lower() in used:
                name = f"{Path(f.download_name).stem}({n}){Path(f.download_name).suffix}"
                n += 1
            used.add(name.lower())
            with open(f.output, "rb") as src, z.open(name, "w") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
    return path
