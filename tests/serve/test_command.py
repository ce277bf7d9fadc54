"""``perfxl serve`` on the command line: its link, its Chinese refusals, a quiet start-up of
the other commands, and a stop that deletes everything uploaded."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from urllib.request import urlopen

from click.testing import CliRunner

from perfxl.cli import main
from perfxl.serve.command import page_link
from perfxl.serve.settings import Settings
from tests.helpers.browser import REPO, running_server

SERVER_MODULES = ("starlette", "uvicorn", "jinja2", "multipart", "python_multipart")


def test_the_command_line_does_not_import_the_web_server():
    code = ("import sys, perfxl.cli, perfxl.serve.command; "
            f"print([m for m in {SERVER_MODULES!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(REPO), check=True).stdout
    assert out.strip() == "[]"


def test_help_is_chinese():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "在浏览器中检查工作簿" in result.output and "--folder" in result.output


def test_a_folder_that_is_not_one_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--folder", str(tmp_path / "没有")])
    assert result.exit_code == 2 and "不是一个文件夹" in result.output


def test_a_port_in_use_is_one_chinese_sentence():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "perfxl", "serve", "--port", str(port)],
                              capture_output=True, text=True, encoding="utf-8", cwd=str(REPO),
                              timeout=60)
    assert done.returncode == 2
    assert "端口可能已被占用" in done.stdout and "Traceback" not in done.stdout + done.stderr


def test_the_link_carries_the_token_when_others_may_connect():
    assert page_link(Settings(), 8765) == "http://127.0.0.1:8765/"
    lan = page_link(Settings(host="0.0.0.0", token="abc"), 8765)
    assert lan.endswith(":8765/?token=abc") and "0.0.0.0" not in lan


def test_stopping_the_server_deletes_the_uploads(tmp_path, monkeypatch):
    env_tmp = tmp_path / "temp"
    env_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(env_tmp))  # the child's private folder goes here
    said: list[str] = []
    with running_server(said=said) as link:
        assert link.startswith("http://127.0.0.1:")
        with urlopen(link, timeout=60) as page:  # answered once the server has started
            assert "检查工作簿" in page.read().decode("utf-8")
        assert [p.name[:13] for p in env_tmp.iterdir()] == ["perfxl-serve-"]
    assert list(env_tmp.iterdir()) == []
    assert "perfxl 页面已停止，上传的文件和结果已删除。" in said[0]
    assert "Traceback" not in said[0]
