"""The real server and a real browser, for tests/serve/test_browser.py and
docs/make_screenshots.py: ``perfxl serve`` in a child process on a free port, and Debian's
chromium driven by Selenium through Debian's chromedriver (never a browser downloaded at run
time)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("PERFXL_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PERFXL_CHROMEDRIVER", "/usr/bin/chromedriver")
SCREEN = (1366, 768)  # the office screen the page must fit
REPO = Path(__file__).resolve().parents[2]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (None: they can)."""
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not (Path(tool).is_file() or shutil.which(tool)):
            return f"{tool} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def running_server(*args: str, timeout: float = 60, said: list[str] | None = None,
                   python: Path | None = None, cwd: Path = REPO):
    """``python -m perfxl serve --port 0 ARGS`` in a child process; yields the link it prints
    (with its token, if any). The server is stopped (Ctrl+C's signal, then kill) on exit; what
    it printed then is appended to ``said``. ``python``: another environment's interpreter
    (an installed wheel: then the checkout is not on its path)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONUNBUFFERED"] = "1"
    if python is None:
        env["PYTHONPATH"] = str(REPO)
    proc = subprocess.Popen([str(python or sys.executable), "-m", "perfxl", "serve", "--port",
                             "0", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", env=env, cwd=str(cwd))
    try:
        link = _link(proc, timeout)
        yield link
    finally:
        out = stop(proc)
        if said is not None:
            said.append(out)


def _link(proc: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        m = re.search(r"(http://\S+)", line)
        if m:
            return m.group(1)
    raise RuntimeError("perfxl serve did not start: " + "".join(seen))


def stop(proc: subprocess.Popen) -> str:
    """Stop the server as Ctrl+C does; the rest of what it printed."""
    if proc.poll() is None:
        proc.send_signal(2 if sys.platform != "win32" else 1)  # SIGINT
        try:
            out, _ = proc.communicate(timeout=30)
            return out or ""
        except subprocess.TimeoutExpired:
            proc.kill()
    out, _ = proc.communicate()
    return out or ""


@contextmanager
def chromium(download_dir: Path | None = None, size: tuple[int, int] = SCREEN):
    """A headless chromium at ``size``, downloading into ``download_dir`` without asking."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=zh-CN", "--hide-scrollbars", "--force-device-scale-factor=1",
                f"--window-size={size[0]},{size[1]}"):
        options.add_argument(arg)
    if download_dir is not None:
        options.add_experimental_option("prefs", {
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False})
    # the browser's own words (the file chooser's button) in Chinese, as on an office PC
    # (Debian's chromium-l10n has the zh-CN locale; without it they stay English)
    env = dict(os.environ, LANGUAGE="zh_CN")
    service = Service(executable_path=CHROMEDRIVER, env=env)
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_page_load_timeout(120)
        yield driver
    finally:
        driver.quit()


def wait_for_file(folder: Path, suffix: str, timeout: float = 60) -> Path:
    """The first finished download in ``folder`` ending with ``suffix``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in Path(folder).iterdir()
                if p.name.endswith(suffix) and not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.2)
    raise TimeoutError(f"no {suffix} downloaded into {folder}")


def page_fits(driver) -> bool:
    """The page needs no horizontal scrolling at the window's width."""
    return driver.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
