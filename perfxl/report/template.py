"""The report template: every fixed phrase of the drafted report, in an editable TOML file.

The shipped ``templates/report.toml`` is the default. A unit copies it, edits the phrases it wants
and passes its copy; keys it leaves out fall back to the shipped text, so an old copy keeps working
when perfxl adds a phrase.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DEFAULT_NAME = "report.toml"


class TemplateError(Exception):
    """A template that cannot be used; ``str(e)`` is a Chinese sentence for the user."""


@dataclass(frozen=True)
class Template:
    data: dict
    source: str  # shown in error messages

    def section(self, name: str) -> dict:
        return self.data.get(name, {})

    def text(self, section: str, key: str, **values) -> str:
        """The phrase ``[section].key`` with its placeholders filled."""
        raw = self.data.get(section, {}).get(key)
        if not isinstance(raw, str):
            raise TemplateError(f"报告模板 {self.source} 缺少文字 [{section}] {key}。")
        return self.fill(raw, f"[{section}] {key}", **values)

    def fill(self, raw: str, where: str, **values) -> str:
        """Fill one phrase; ``where`` names it in the error message."""
        try:
            return raw.format(**values)
        except KeyError as e:
            known = "、".join("{" + k + "}" for k in values) or "无"
            raise TemplateError(
                f"报告模板 {self.source} 的 {where} 使用了未知的占位符 {{{e.args[0]}}}；"
                f"这里可用的占位符：{known}。") from e
        except (ValueError, IndexError, AttributeError) as e:
            raise TemplateError(
                f"报告模板 {self.source} 的 {where} 中的花括号写法有误（{e}）；"
                "要写花括号本身，请写成 {{ 和 }}。") from e


def default_template_text() -> str:
    """The shipped template file's text (for ``--write-template``)."""
    return resources.files("perfxl.report").joinpath("templates", DEFAULT_NAME).read_text(
        encoding="utf-8")


def load_template(path: Path | None = None) -> Template:
    """The shipped template, with the tables of ``path`` (a unit's copy) merged over it."""
    data = tomllib.loads(default_template_text())
    if path is None:
        return Template(data, DEFAULT_NAME)
    path = Path(path)
    try:
        own = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise TemplateError(f"报告模板 {path} 无法读取：{e.strerror or e}。") from e
    except UnicodeDecodeError as e:
        raise TemplateError(f"报告模板 {path} 不是 UTF-8 编码的文本文件，请另存为 UTF-8。") from e
    except tomllib.TOMLDecodeError as e:
        raise TemplateError(f"报告模板 {path} 格式有误：{e}。") from e
    return Template(_merge(data, own), str(path))


def _merge(base: dict, over: dict) -> dict:
    """Tables merge key by key; any other value (a string, a list of groups) replaces."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def placeholders(phrase: str) -> set[str]:
    """The placeholder names a phrase uses (for tests and template checks)."""
    return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}
