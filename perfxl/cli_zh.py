"""click's own words (usage, option headings, errors) in Chinese, in one place.

click marks every text it prints with gettext (``from gettext import gettext as _`` in each of its
modules). gettext can only look translations up from compiled .mo files chosen by the process's
locale, which a Windows console does not set; so :func:`install` points those module-level ``_``
and ``ngettext`` names at the catalogue in ``cli_zh.toml`` instead. ``tests/test_cli_chinese.py``
checks that every message click marks is in the catalogue, so a new click version cannot bring an
English sentence back unnoticed.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from importlib import resources

import click

_CATALOGUE = tomllib.loads(resources.files("perfxl").joinpath("cli_zh.toml").read_text("utf-8"))
MESSAGES: dict[str, str] = _CATALOGUE["messages"]
METAVARS: dict[str, str] = _CATALOGUE["metavars"]


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def click_modules() -> list:
    """The click modules that print marked texts (imported here so that all are patched)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.shell_completion
    import click.termui
    import click.types
    import click.utils

    return [click.core, click.decorators, click.exceptions, click.formatting, click.parser,
            click.shell_completion, click.termui, click.types, click.utils]


def install() -> None:
    """Make click speak Chinese in this process (before any command object is built)."""
    for module in click_modules():
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


def width(text: str) -> int:
    """Columns a text takes on a terminal: a Chinese character takes two (click counts one)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = re.compile(r"\s+|[\x21-\x7e]+|.")  # a space run, an ASCII word, or one other character


_NO_LINE_START = set("，。、；：！？）》」』”")


def join_lines(text: str) -> str:
    """A docstring paragraph's lines as one line: no space where a line break fell between two
    Chinese characters (a space only between ASCII words)."""
    out = ""
    for line in text.splitlines():
        line = line.strip()
        if out and line and (out[-1].isascii() and line[0].isascii()):
            out += " "
        out += line
    return out


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` terminal columns; Chinese breaks between any two characters,
    ASCII words (options, paths, codes) are kept whole."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in _TOKEN.findall(paragraph):
            if (line and width(line) + width(token) > columns
                    and token not in _NO_LINE_START):
                lines.append(line.rstrip())
                line = "" if token.isspace() else token
            else:
                line += token
        lines.append(line.rstrip())
    return lines


class HelpFormatter(click.HelpFormatter):
    """click's help layout measured in terminal columns, with a Chinese colon after headings."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for i, paragraph in enumerate(re.split(r"\n\s*\n", text.strip("\n"))):
            if i:
                self.write("\n")
            if paragraph.lstrip().startswith("\b"):  # click's mark: keep these lines as written
                body = paragraph.lstrip()[1:].strip("\n").splitlines()
                self.write("".join(f"{indent}{line.strip()}\n" for line in body))
                continue
            for line in wrap(join_lines(paragraph), max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(" ".join(second.split()), max(self.width - first_col - 2, 10))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{indent}{'':>{first_col}}{line}\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose usage line and option value names are Chinese: ``[选项]`` for
    ``[OPTIONS]`` and ``整数``/``路径`` for ``INTEGER``/``PATH``. Arguments name their metavar
    themselves (``metavar="工作簿"``)."""

    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        if self.help and not self.short_help:  # the first sentence, for the list of commands
            first = join_lines(self.help.strip().split("\n\n")[0])
            self.short_help = first.split("。")[0] + "。" if "。" in first else first
        for param in self.params:
            if (isinstance(param, click.Option) and param.metavar is None and not param.is_flag
                    and not isinstance(param.type, click.Choice)):
                param.metavar = METAVARS.get(param.type.name, param.type.name)


class Group(click.Group):
    """The perfxl group: Chinese usage (``命令 [参数]...``), Chinese sub-commands, and a
    suggestion for a mistyped command (``没有命令 chek，是否想用 check？``)."""

    command_class = Command
    context_class = Context

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0]
        if (self.get_command(ctx, name) is None and not ctx.resilient_parsing
                and not name.startswith("-")):
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            if close:
                ctx.fail(f"没有命令 {name}，是否想用 {close[0]}？")
            ctx.fail(f"没有命令 {name}。可用的命令：{'、'.join(self.list_commands(ctx))}。")
        return super().resolve_command(ctx, args)
