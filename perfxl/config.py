"""Configuration, ruff-style: ``perfxl.toml`` or ``[tool.perfxl]`` in ``pyproject.toml``, found by
walking up from the workbook's folder; command-line options override the file.

```toml
# perfxl.toml
select = ["ALL"]          # rule codes or prefixes: "PX2" = every PX2xx
ignore = ["PX304"]
framework = "default"     # "default" (财政部) or "common" (共性指标), or a path to a framework .toml
declaration_framework = "declaration"  # 申报表 审核等级: the shipped one, or a path to a .toml

[settings]                # overrides of the framework's numbers, e.g.
reverse_rule = "ratio"    # 反向指标 by T/X instead of the 2T rule
land_rate = 1200          # standard 元/亩·年

[severity]                # a rule's severity, overriding the one it is documented with
PX304 = "error"           # error / warning / info, or 错误 / 警告 / 提示
PX410 = "提示"

[[checklist]]             # the reviewer's own 审核口径 rows for 申报表 (perfxl.checklist);
"编码" = "SH01"            # keys quoted (TOML); --checklist 审核口径.xlsx on the command line replaces them
"审核对象" = "测算依据"
"模式" = "正则匹配"
"审核细项" = "测算依据未列明测算过程"
"审核意见表述" = "测算依据未列明测算过程，建议按“单价×数量”列示"
"正则表达式" = "[×*xX]"
"匹配时" = "合格"

[batch]                   # folder runs (perfxl run DIR / perfxl check DIR)
roster = "单位名单.xlsx"   # the units that should hand in, one name a line (default: none);
                          # relative to this file; --roster on the command line overrides it

[labels.form.money_rows]  # more words for the label table (default: none, the shipped table
fiscal = ["本级财政资金"]  # perfxl/labels.toml as is); same groups and keys as that file
```

``[severity]`` changes every finding of the rule, whatever input raised it, and what
``perfxl rules`` shows. A value other than the six words, or a key that is not a rule code,
is a :class:`ConfigError` naming the entry, as is an unknown key in ``[batch]`` (a code the rule list does not have is refused when
the rules first see the config, :func:`perfxl.rules.severity_overrides`). ``[labels]`` adds words
to the label table (:mod:`perfxl.labeltable`); an unknown group or key, a word written twice or
under two meanings of one group is a :class:`ConfigError` naming the entry, before any workbook
is read.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from perfxl.checklist import Checklist, ChecklistError, parse_checklist
from perfxl.findings import Severity
from perfxl.labeltable import SHIPPED, LabelTable, LabelTableError

CONFIG_NAMES = ("perfxl.toml", ".perfxl.toml")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is shown to the user as is."""


@dataclass
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    framework: str = "default"
    settings: dict = field(default_factory=dict)
    source: Path | None = None
    severity: dict[str, Severity] = field(default_factory=dict)  # rule code → its severity
    roster: Path | None = None  # [batch] roster: the units that should hand in (no results)
    labels: LabelTable = SHIPPED  # the label table the readers use: shipped + [labels]
    declaration_framework: str = "declaration"  # 申报表 审核 (perfxl.scoring.declaration)
    checklist: Checklist | None = None  # [[checklist]] or --checklist: the 审核口径 rows

    def is_enabled(self, code: str) -> bool:
        """Prefix matching as in ruff: the longest matching prefix of select/ignore wins."""
        sel = _longest_prefix(code, self.select)
        ign = _longest_prefix(code, self.ignore)
        if sel < 0:
            return False
        return sel > ign

    def digest(self) -> str:
        """A stable hash of everything that changes results (for the batch manifest)."""
        payload = json.dumps(
            {"select": self.select, "ignore": self.ignore, "framework": self.framework,
             "settings": self.settings,
             "severity": {code: sev.value for code, sev in self.severity.items()},
             # only when extended, so a config without [labels] keeps its digest
             **({"labels": self.labels.additions} if self.labels.additions else {}),
             **({"declaration_framework": self.declaration_framework}
                if self.declaration_framework != "declaration" else {}),
             **({"checklist": self.checklist.digest} if self.checklist else {})},
            sort_keys=True, ensure_ascii=False, default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _longest_prefix(code: str, patterns: tuple[str, ...]) -> int:
    best = -1
    for p in patterns:
        p = p.strip().upper()
        if p == "ALL":
            best = max(best, 0)
        elif code.upper().startswith(p):
            best = max(best, len(p))
    return best


def find_config(start: Path) -> Path | None:
    """The nearest perfxl.toml, or pyproject.toml with a [tool.perfxl] table, at or above start."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for d in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file():
            try:
                if "perfxl" in tomllib.loads(pp.read_text(encoding="utf-8")).get("tool", {}):
                    return pp
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
    return None


def load_config(path: Path | None) -> Config:
    """Read a config file (None → defaults)."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
        raise ConfigError(f"配置文件 {path} 无法读取：{e}") from e
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("perfxl", {})
    return _from_table(data, path)


def _from_table(data: dict, source: Path | None) -> Config:
    unknown = set(data) - {"select", "ignore", "framework", "settings", "extend-select",
                           "extend-ignore", "severity", "batch", "labels",
                           "declaration_framework", "checklist"}
    if unknown:
        raise ConfigError(f"配置文件 {source} 有未知的设置项：{', '.join(sorted(unknown))}")
    select = tuple(data.get("select", ("ALL",))) + tuple(data.get("extend-select", ()))
    ignore = tuple(data.get("ignore", ())) + tuple(data.get("extend-ignore", ()))
    framework = str(data.get("framework", "default"))
    if source is not None and framework.endswith(".toml") and not Path(framework).is_absolute():
        framework = str((source.parent / framework).resolve())
    settings = dict(data.get("settings", {}))
    severity = _severity_table(data.get("severity", {}), source)
    roster = _batch_table(data.get("batch", {}), source)
    labels = _labels_table(data["labels"], source) if "labels" in data else SHIPPED
    declaration = str(data.get("declaration_framework", "declaration"))
    if source is not None and declaration.endswith(".toml") and not Path(declaration).is_absolute():
        declaration = str((source.parent / declaration).resolve())
    checklist = _checklist_rows(data.get("checklist"), source)
    return Config(select, ignore, framework, settings, source, severity, roster, labels,
                  declaration_framework=declaration, checklist=checklist)


def _labels_table(table: object, source: Path | None) -> LabelTable:
    """The ``[labels]`` table: words added to the shipped label table, checked whole."""
    try:
        return SHIPPED.extended(table, f"配置文件 {source}")
    except LabelTableError as e:
        raise ConfigError(str(e)) from e


def _checklist_rows(rows: object, source: Path | None) -> Checklist | None:
    """``[[checklist]]``: the 审核口径 rows, each checked (a bad one names its entry)."""
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ConfigError(f"配置文件 {source} 的 checklist 应写成 [[checklist]] 表，每行一个审核细项")
    try:
        return parse_checklist(rows, f"配置文件 {source} 的 [[checklist]]")
    except ChecklistError as e:
        raise ConfigError(str(e)) from None


BATCH_KEYS = ("roster",)
"""The keys of ``[batch]``; ``roster`` is a path relative to the config file (default: none)."""


def _batch_table(table: object, source: Path | None) -> Path | None:
    """The ``[batch]`` table: settings of a folder run; returns the roster's path, if any."""
    if not isinstance(table, dict):
        raise ConfigError(f"配置文件 {source} 的 batch 应是一个表，如 [batch] roster = \"单位名单.xlsx\"")
    for key in table:
        if key not in BATCH_KEYS:
            raise ConfigError(f"配置文件 {source} 的 [batch] 中“{key}”不是可用的设置项"
                              f"（可用：{'、'.join(BATCH_KEYS)}）")
    roster = table.get("roster")
    if roster is None:
        return None
    if not isinstance(roster, str) or not roster.strip():
        raise ConfigError(f"配置文件 {source} 的 [batch] 中 roster = “{roster}” 应是名单文件的路径"
                          "（如 roster = \"单位名单.xlsx\"）")
    path = Path(roster.strip())
    if source is not None and not path.is_absolute():
        path = source.parent / path
    return path


SEVERITY_WORDS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO,
                  "错误": Severity.ERROR, "警告": Severity.WARNING, "提示": Severity.INFO}


def _severity_table(table: object, source: Path | None) -> dict[str, Severity]:
    """The ``[severity]`` table: rule code → severity, each entry checked."""
    if not isinstance(table, dict):
        raise ConfigError(f"配置文件 {source} 的 severity 应是一个表，如 [severity] PX304 = \"error\"")
    out: dict[str, Severity] = {}
    for key, value in table.items():
        code = str(key).strip().upper()
        if not re.fullmatch(r"PX\d{3}", code):
            raise ConfigError(f"配置文件 {source} 的 [severity] 中“{key}”不是规则代码"
                              "（应写成 PX304 这样的代码）")
        word = str(value).strip().lower() if isinstance(value, str) else None
        if word not in SEVERITY_WORDS:
            raise ConfigError(f"配置文件 {source} 的 [severity] 中 {key} = “{value}” 不是可用的级别"
                              "（可写 error/warning/info 或 错误/警告/提示）")
        out[code] = SEVERITY_WORDS[word]
    return out


def resolve_config(start: Path, *, config_file: Path | None = None, select=None, ignore=None,
                   framework: str | None = None) -> Config:
    """The effective config for a workbook: file found upward from ``start`` (or the given one),
    then command-line overrides (``--select`` replaces, ``--ignore`` adds, like ruff)."""
    cfg = load_config(config_file if config_file else find_config(start))
    if select:
        cfg.select = tuple(select)
    if ignore:
        cfg.ignore = cfg.ignore + tuple(ignore)
    if framework:
        cfg.framework = framework
    return cfg
