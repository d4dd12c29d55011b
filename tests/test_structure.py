"""The code's shape: the package's modules import each other as a tree (no circles, not
even for type hints), and only the MkDocs-facing layer imports MkDocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "gongkai"
#: The layers, bottom up; a module imports only from its own layer or those below. The
#: README's developer section draws the same picture.
LAYERS = {
    "foundations": {"errors", "yamlfile", "clock", "findings", "cliwords", "sanitizer", "accessibility",
                    "attachments", "doccache", "pagecache", "background", "mkdocswords"},
    "calendar and rules": {"holidays", "workdays", "notices", "rules"},
    "matrix and documents": {"matrix", "documents", "pii", "listing", "__init__"},
    "checks": {"freshness", "history", "inspection", "publishing", "catalogue", "annual_report",
               "report_series", "report_figures", "scaffold", "codeowners"},
    "outputs": {"monitor", "feeds", "search", "qrcodes", "navigation", "site", "views", "cms"},
    "shells": {"plugin", "config", "cli", "content", "sitefiles", "rebuilds", "renderers", "session", "sitewrite",
               "preview", "templates"},
}
#: The thin layer over MkDocs; everything else is the core, usable without it.
MKDOCS_LAYER = LAYERS["shells"]


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


def test_the_layers_read_bottom_up():
    """Every module is in one layer, and imports only from its own layer or those below."""
    layer_of = {module: n for n, modules in enumerate(LAYERS.values()) for module in modules}
    assert set(layer_of) == set(GRAPH), set(GRAPH) ^ set(layer_of)
    names = list(LAYERS)
    upward = [f"{module} ({names[layer_of[module]]}) imports {used} ({names[layer_of[used]]})"
              for module, (own, _) in GRAPH.items() for used in own if layer_of[used] > layer_of[module]]
    assert upward == []


def test_the_shell_is_wiring():
    """No class over 250 lines, and plugin.py under 300."""
    assert len((PACKAGE / "plugin.py").read_text(encoding="utf-8").splitlines()) < 300
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno - node.lineno < 250, f"{path.name}: class {node.name}"


def test_the_package_passes_the_linter():
    """ruff, configured in pyproject.toml (import order, bugbear, docstrings…), finds nothing."""
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "--no-cache", str(PACKAGE)], capture_output=True, text=True,
                            cwd=PACKAGE.parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_benchmarks_share_their_helpers_without_a_circle():
    """bench/: run, serve and search import their shared helpers from bench.common, never
    from each other's modules the other way round."""
    bench = PACKAGE.parent.parent / "bench"
    graph: dict[str, set[str]] = {}
    for path in bench.glob("*.py"):
        used = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "bench":
                used.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bench."):
                used.add(node.module.split(".")[1])
        graph[path.stem] = used
    assert graph["common"] <= {"corpus"} and "run" not in graph["serve"] | graph["search"]

    def reach(module: str, seen: tuple[str, ...] = ()) -> None:
        assert module not in seen, " → ".join((*seen, module))
        for used in graph.get(module, ()):
            reach(used, (*seen, module))

    for module in graph:
        reach(module)


def test_every_option_is_typed_and_says_what_it_does():
    """Each option of the plugin's config classes is a config option with a one-line docstring."""
    tree = ast.parse((PACKAGE / "config.py").read_text(encoding="utf-8"))
    for cls in [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name in ("GongkaiConfig", "SiteIdentity",
                                                                                   "ForgedDates")]:
        body = cls.body
        for n, node in enumerate(body):
            if isinstance(node, ast.Assign):
                name = node.targets[0].id
                assert isinstance(node.value, ast.Call), f"{cls.name}.{name}: not a config option"
                following = body[n + 1] if n + 1 < len(body) else None
                assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant), \
                    f"{cls.name}.{name} has no docstring"
                assert "\n" not in following.value.value.strip(), f"{cls.name}.{name}: one line"
