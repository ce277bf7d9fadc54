"""Builders for the tests of ``perfxl serve`` (tests/serve/): the shipped example, a client of
the app with its lifespan running, and worker tasks that hang or die (module-level, so a
``spawn`` worker process can import them)."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "涞源镇2023"
WITH_FINDINGS = EXAMPLE / "原文.xlsx"  # 15 projects, 17 errors and 14 warnings
CLEAN = EXAMPLE / "完整.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOCAL = "http://127.0.0.1"


@contextmanager
def client(settings):
    """A Starlette TestClient of the app for ``settings``, its pool and folder alive inside."""
    from starlette.testclient import TestClient

    from perfxl.serve.app import create_app

    app = create_app(settings)
    with TestClient(app, base_url=LOCAL, follow_redirects=False) as c:
        yield c


def upload_files(c, *files: tuple[str, bytes], follow: bool = True):
    """POST the files (name, bytes) as the page's form does; the response (the results page
    when ``follow`` and the upload was accepted)."""
    response = c.post("/upload", files=[("files", (name, data, XLSX)) for name, data in files])
    if follow and response.status_code == 303:
        return c.get(response.headers["location"])
    return response


def sleepy_task(path: str, config, output_dir: str) -> dict:
    """A worker task that never finishes in time."""
    time.sleep(60)
    return {}


def dying_task(path: str, config, output_dir: str) -> dict:
    """A worker task that kills its process (as a crash in a native library would)."""
    os._exit(3)


def echo_task(path: str, config, output_dir: str) -> dict:
    """A worker task that answers at once."""
    from perfxl.result import empty_record

    return empty_record(Path(path), status="checked")
