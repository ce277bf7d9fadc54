"""The import graph of perfxl/ has no cycle and no import from a lower layer to a higher one.

The layers are those of docs/architecture.md. Every import counts, function-local ones too: a
local import only hides a cycle from the interpreter, not from a reader of the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "perfxl"

# bottom → top; a module belongs to the first layer whose prefix matches it (longest prefix wins)
LAYERS: tuple[tuple[str, ...], ...] = (
    ("perfxl.values", "perfxl.model", "perfxl.located", "perfxl.observations",
     "perfxl.model_monitoring", "perfxl.findings", "perfxl.cellref", "perfxl.config",
     "perfxl.labeltable", "perfxl.model_estimate",
     "perfxl.ooxml", "perfxl.discover", "perfxl.progress", "perfxl.schema",
     "perfxl.checklist"),
    ("perfxl.read",),
    ("perfxl.scoring", "perfxl.rules"),
    ("perfxl.result", "perfxl.result_parts", "perfxl.pipeline"),
    ("perfxl.write", "perfxl.output"),
    ("perfxl.runner", "perfxl.batch", "perfxl.manifest", "perfxl.summary", "perfxl.report",
     "perfxl.examples", "perfxl.tables", "perfxl.example_export",
     "perfxl.example_declaration"),
    ("perfxl.cli", "perfxl.cli_zh", "perfxl.cli_run", "perfxl.api", "perfxl.__main__", "perfxl.serve"),
)
LAYER_NAMES = ("base", "read", "judgement", "result", "writers", "runs", "front ends")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int | None:
    best, layer = -1, None
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, layer = len(prefix), i
    return layer


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The perfxl modules ``path`` imports (``from perfxl.x import y`` counts as perfxl.x.y when
    that is a module, else perfxl.x)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("perfxl"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("perfxl"):
                continue
            subs = {f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in known}
            found.update(subs)
            if len(subs) < len(node.names):
                found.add(mod)
    found.discard(me)
    return {m for m in found if m in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    # a package's __init__ is not an import of everything under it; "perfxl" itself is the root
    return {m: imports_of(p, known) - {"perfxl"} for m, p in known.items()}


def test_every_module_has_a_layer():
    assert [m for m in modules() if m != "perfxl" and layer_of(m) is None] == []


def test_no_import_from_a_lower_layer_to_a_higher_one():
    upward = []
    for mod, deps in graph().items():
        if mod == "perfxl":
            continue
        for dep in deps:
            if layer_of(mod) is None or layer_of(dep) is None:
                continue  # test_every_module_has_a_layer names it
            if layer_of(dep) > layer_of(mod):
                upward.append(f"{mod} ({LAYER_NAMES[layer_of(mod)]}) → {dep} "
                              f"({LAYER_NAMES[layer_of(dep)]})")
    assert sorted(upward) == []


def test_no_import_cycle():
    g = graph()
    cycles, state, stack = [], {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for d in sorted(g[m]):
            if state.get(d) == 1:
                cycles.append(" → ".join(stack[stack.index(d):] + [d]))
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            visit(m)
    assert cycles == []


@pytest.mark.parametrize("bad, expected", [
    ("perfxl.read.cells", "read"), ("perfxl.rules.money", "judgement"), ("perfxl.cli", "front ends")])
def test_layer_table_places_modules(bad, expected):
    assert LAYER_NAMES[layer_of(bad)] == expected
