"""perfxl installs without a checkout: a wheel built from a clean copy of the tracked files,
installed in a fresh virtual environment, gives every command, the package data (frameworks,
label table, schema, report templates, click's Chinese) and the examples.

Slow (a venv and a pip install, ~1 min with pip's cache); pip fetches the dependencies from the
package registry as a user's install would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _tracked_files() -> list[Path]:
    """The files a clean clone has (git's list; without git, the tree minus build litter)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        return [ROOT / p for p in out.stdout.decode("utf-8").split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        skip = {".venv", ".git", "build", "dist", "__pycache__", ".pytest_cache"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.parts)]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    clean = tmp_path_factory.mktemp("clean") / "perfxl"
    for path in _tracked_files():
        if path.is_file():
            target = clean / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(clean)], check=True, capture_output=True)
    (built,) = dist.glob("perfxl-*.whl")
    return built


def test_every_data_file_of_the_package_is_in_the_wheel(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = [p.relative_to(ROOT).as_posix() for p in _tracked_files()
            if p.parts[len(ROOT.parts)] == "perfxl" and p.suffix not in (".py", ".pyc")
            and p.name != "README.md"]  # a developer's note beside the code, not data
    assert data, "the package has data files (frameworks, schema …)"
    assert sorted(d for d in data if d not in names) == []


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   capture_output=True, timeout=600)
    return python


def _run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    scripts = python.parent
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = str(scripts) + os.pathsep + env.get("PATH", "")
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_the_installed_wheel_runs_every_command_away_from_the_checkout(installed, tmp_path):
    where = _run(installed, str(installed), "-c", "import perfxl; print(perfxl.__file__)",
                 cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(installed.parent.parent), where.stdout

    helped = _run(installed, "perfxl", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "用法： perfxl" in helped.stdout
    assert _run(installed, str(installed), "-m", "perfxl", "--version",
                cwd=tmp_path).stdout.startswith("perfxl，版本")

    made = _run(installed, "perfxl", "example", "示例", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    complete = tmp_path / "示例" / "涞源镇2023" / "完整.xlsx"
    assert complete.is_file()
    checked = _run(installed, "perfxl", "check", str(complete), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    ran = _run(installed, "perfxl", "run", "示例/涞源镇2023", "--output-dir", "结果", cwd=tmp_path)
    assert ran.returncode == 1, ran.stdout + ran.stderr  # 原文.xlsx has errors: the point
    assert (tmp_path / "结果" / "完整.xlsx").is_file()

    blank = _run(installed, "perfxl", "template", "空白.xlsx", cwd=tmp_path)
    assert blank.returncode == 0 and (tmp_path / "空白.xlsx").is_file()
    listed = _run(installed, "perfxl", "rules", "PX301", cwd=tmp_path)
    assert listed.returncode == 0 and "PX301" in listed.stdout


def test_the_installed_wheel_serves_the_page(installed, tmp_path):
    from urllib.request import urlopen

    from tests.helpers.browser import running_server

    with running_server(python=installed, cwd=tmp_path) as link:
        with urlopen(link, timeout=120) as page:  # the templates came with the wheel
            assert "把工作簿拖到这里" in page.read().decode("utf-8")
        with urlopen(link + "style.css", timeout=60) as style:
            assert style.status == 200
