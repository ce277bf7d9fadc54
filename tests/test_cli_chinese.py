"""The command line speaks Chinese: click's own frame (usage, headings, errors, value names) is
translated, usage errors exit 2, a mistyped command gets a suggestion, and a closed pipe ends
quietly. Everything runs the real command in a child process."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from perfxl import cli_zh
from perfxl.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "涞源镇2023" / "完整.xlsx"

# ASCII words a user may legitimately meet in perfxl's Chinese texts: the program and command
# names, formats and file types, setting names, office programs.
ALLOWED_WORDS = {
    "perfxl", "check", "run", "report", "rules", "template", "serve", "example", "text", "json",
    "xlsx", "xls", "docx", "txt", "csv", "toml", "pdf", "zip", "default", "common", "batch",
    "roster", "severity", "select", "ignore", "Excel", "WPS", "YYYY", "UUID", "Windows", "Bash",
    "http", "https", "localhost", "host", "port", "token", "PERFXL_DEBUG", "html", "CPU",
}


def _perfxl(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perfxl", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, **kw)


def english_words(text: str, typed: list[str] = ()) -> list[str]:
    """ASCII words of three letters or more that are not an option, a code, a path, a value
    name in the allow list or what the user typed — i.e. English a user should not have to read."""
    for word in typed:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", " ", text)
    text = re.sub(r"(?<![\w])--?[A-Za-z][\w-]*", " ", text)  # options
    text = re.sub(r"\bPX\d+\b|\b\d{4}-\d{2}\b", " ", text)  # rule codes, periods
    text = re.sub(r"[\w.\\/-]*\.(xlsx|xls|docx|txt|csv|toml|json|pdf|zip)\b", " ", text)  # file names
    words = re.findall(r"[A-Za-z_]{3,}", text)
    return [w for w in words if w not in ALLOWED_WORDS]


def click_messages() -> set[str]:
    """Every text click marks for translation (``_("…")`` and ``ngettext("…", "…")``)."""
    found: set[str] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "ngettext")):
                found.update(a.value for a in node.args
                             if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def test_every_text_click_marks_has_a_chinese_translation():
    missing = sorted(click_messages() - set(cli_zh.MESSAGES))
    assert not missing, f"click 的这些提示没有中文：{missing}"


def test_the_translations_keep_no_english_sentence():
    for english, chinese in cli_zh.MESSAGES.items():
        if english in ("d",):  # click's one-letter key for the editor, never shown
            continue
        assert re.search(r"[\u4e00-\u9fff]", chinese), (english, chinese)


@pytest.mark.parametrize("command", [None, *sorted(main.commands)])
def test_help_of_every_command_is_chinese(command):
    args = ["--help"] if command is None else [command, "--help"]
    ran = _perfxl(*args)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("用法： perfxl")
    assert "选项：" in ran.stdout
    assert english_words(ran.stdout) == [], ran.stdout
    assert "Show this message" not in ran.stdout and "[OPTIONS]" not in ran.stdout


def test_a_mistyped_command_gets_a_chinese_suggestion_and_exit_2():
    ran = _perfxl("chek")
    assert ran.returncode == 2
    assert "没有命令 chek，是否想用 check？" in ran.stderr
    assert english_words(ran.stderr, ["chek"]) == [], ran.stderr


@pytest.mark.parametrize("args, expected", [
    (["check"], "缺少参数"),
    (["check", "--jobs", "x", "a.xlsx"], "不是有效的数字"),
    (["check", "--jobs", "0", "a.xlsx"], "不在允许的范围"),
    (["check", "--format", "xml", "a.xlsx"], "不是可选值"),
    (["check", "--bogus", "a.xlsx"], "没有选项 --bogus"),
    (["check", "--select"], "需要一个值"),
    (["rules", "PX101", "extra"], "多出了参数"),
    (["template", "--projects", "1000", "x.xlsx"], "不在允许的范围"),
    (["check", "--period", "2023-13", "a.xlsx"], "YYYY-MM"),
    (["nosuchthing"], "没有命令 nosuchthing"),
])
def test_usage_errors_are_chinese_and_exit_2(args, expected):
    ran = _perfxl(*args)
    assert ran.returncode == 2, (ran.stdout, ran.stderr)
    assert expected in ran.stderr
    assert ran.stderr.count("错误：") == 1
    assert english_words(ran.stderr, args) == [], ran.stderr


def test_version_is_chinese():
    ran = _perfxl("--version")
    assert ran.returncode == 0
    assert ran.stdout.strip().startswith("perfxl，版本 ")


def test_a_closed_pipe_ends_quietly():
    """``perfxl check … | head -1``: the reader goes away after one line; perfxl stops without a
    word on stderr and with click's usual status for a closed pipe (1), not 2 (内部错误)."""
    proc = subprocess.Popen([sys.executable, "-m", "perfxl", "check", str(EXAMPLE), str(EXAMPLE),
                             str(EXAMPLE)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) in (0, 1)
    assert err == ""


def test_wrapping_counts_a_chinese_character_as_two_columns():
    lines = cli_zh.wrap("只读检查工作簿（不改动工作簿），给出 --summary-dir 时另生成汇总工作簿。", 20)
    assert all(cli_zh.width(line) <= 20 or line.endswith(("，", "。")) for line in lines)
    assert any("--summary-dir" in line for line in lines)  # an option is never split
    assert "".join(lines).replace(" ", "") == "只读检查工作簿（不改动工作簿），给出--summary-dir时另生成汇总工作簿。"
