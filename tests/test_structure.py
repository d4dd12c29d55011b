"""The code's shape: the package's modules import each other as a tree (no circles, not
even for type hints), and only the MkDocs-facing layer imports MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "gongkai"
#: The thin layer over MkDocs; everything else is the core, usable without it.
MKDOCS_LAYER = {"plugin", "config", "cli"}


def imports(module: Path) -> tuple[set[str], set[str]]:
    """(modules of the package it imports, top-level packages it imports), wherever in the file."""
    own, other = set(), set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            own.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
        elif isinstance(node, ast.ImportFrom) and node.module:
            other.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            other.update(a.name.split(".")[0] for a in node.names)
    return {m for m in own if (PACKAGE / f"{m}.py").exists()}, other


GRAPH = {path.stem: imports(path) for path in PACKAGE.glob("*.py")}


def test_the_modules_import_each_other_as_a_tree():
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import circle: " + " → ".join([*path[path.index(module):], module])
        if module in done:
            return
        for used in sorted(GRAPH[module][0]):
            visit(used, (*path, module))
        done.add(module)

    for module in sorted(GRAPH):
        visit(module, ())
    assert {"documents", "matrix", "rules", "doccache"} <= done


def test_the_core_does_not_import_mkdocs():
    core = {name: other for name, (_, other) in GRAPH.items() if name not in MKDOCS_LAYER}
    assert {"matrix", "rules", "documents", "findings", "workdays", "holidays"} <= set(core)
    assert [name for name, other in core.items() if "mkdocs" in other] == []
