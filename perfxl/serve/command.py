"""``perfxl serve``: bind the address, print the link (with its token), run the page.

The socket is bound here, before uvicorn starts, so a port in use is one Chinese sentence and
``--port 0`` (a free port, for tests) prints the port really used. Uvicorn's own log stays
quiet (warnings only, no access log): the terminal shows perfxl's Chinese lines.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

from perfxl.config import ConfigError, resolve_config
from perfxl.result import EXIT_CLEAN, EXIT_TROUBLE
from perfxl.serve.settings import LOCAL_HOST, MB, Settings, new_token


def settings_from_options(*, host: str | None, port: int, folder: Path | None, jobs: int,
                          max_files: int, max_mb: int, keep_minutes: float,
                          config_file: Path | None) -> Settings:
    """The server's settings from the command's options; raises :class:`ConfigError` (Chinese)
    for an unusable configuration or folder."""
    if folder is not None and not Path(folder).is_dir():
        raise ConfigError(f"--folder {folder} 不是一个文件夹")
    config = resolve_config(Path(folder) if folder else Path.cwd(), config_file=config_file)
    return Settings(host=host or LOCAL_HOST, port=port, token=new_token() if host else None,
                    folder=Path(folder) if folder else None, config=config, jobs=jobs,
                    max_files=max_files, max_file_bytes=max_mb * MB,
                    max_upload_bytes=max(max_files * max_mb, max_mb) * MB,
                    keep_minutes=keep_minutes)


def serve(settings: Settings, *, open_browser: bool = False, echo=print) -> int:
    """Run the page until Ctrl+C; the exit code (2 when the address cannot be used)."""
    try:
        sock = _bind(settings.host, settings.port)
    except OSError as e:
        echo(f"无法在 {settings.host}:{settings.port} 上启动：{e.strerror or e}。"
             "端口可能已被占用，请用 --port 换一个端口。")
        return EXIT_TROUBLE
    port = sock.getsockname()[1]
    link = page_link(settings, port)
    echo(f"perfxl 页面已启动：{link}")
    if settings.needs_token:
        echo("请把上面的完整链接（含 token）发给需要使用的同事；没有 token 的访问会被拒绝。")
    if settings.folder:
        echo(f"月度汇总页显示文件夹：{settings.folder}")
    echo("按 Ctrl+C 停止。")
    if open_browser:
        import webbrowser

        webbrowser.open(link)
    try:
        _run(settings, sock)
    except KeyboardInterrupt:  # uvicorn stops cleanly on Ctrl+C, then passes the signal on
        pass
    echo("perfxl 页面已停止，上传的文件和结果已删除。")
    return EXIT_CLEAN


def page_link(settings: Settings, port: int) -> str:
    host = settings.host
    if host in ("0.0.0.0", "::", ""):  # every address: name this computer for the colleagues
        host = _lan_address()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    token = f"?token={settings.token}" if settings.needs_token else ""
    return f"http://{host}:{port}/{token}"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform != "win32":  # on Windows SO_REUSEADDR would let two servers share a port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _run(settings: Settings, sock: socket.socket) -> None:
    import uvicorn

    from perfxl.serve.app import create_app

    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False,
                            lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


def _lan_address() -> str:
    """This computer's address on the office network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return socket.gethostname()
