"""No import cycle anywhere in the project: modules that import each other are one module in disguise.

Every project .py file (app.py, app_pages/, ui/, present/, sheets/, bench/) is parsed with `ast`
and every import of a project module is an edge: module-level ones and those inside a
function, a class or an `if TYPE_CHECKING:` block alike. A function-local import only
postpones a cycle to the first call, and a type-only import is still a dependency a reader
must follow (the type it names lives in the other module), so neither hides a cycle here.
`tests/` is left out: tests import what they test, nothing imports them.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app_pages", "ui", "present", "sheets", "bench")


def project_files() -> dict[str, Path]:
    """Module name -> file, for app.py and every module of the project's packages."""
    files = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            files[".".join(parts)] = path
    return files


def _resolve(name: str, modules: set[str]) -> str | None:
    """The project module `name` stands for (itself, or the package it is in); None outside the project."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, modules: set[str]) -> dict[str, int]:
    """The project modules `module` imports, each with the line of its first import."""
    found: dict[str, int] = {}
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def add(name: str, line: int) -> None:
        target = _resolve(name, modules)
        if target is not None and target != module:
            found.setdefault(target, line)

    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per extra dot
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:  # `from ui import data` imports the module ui.data
                add(f"{base}.{alias.name}" if base else alias.name, node.lineno)
            add(base, node.lineno)
    return found


def import_graph() -> dict[str, dict[str, int]]:
    files = project_files()
    modules = set(files)
    return {module: imports_of(module, path, modules) for module, path in files.items()}


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle of `graph` as a list of modules (first == last), or None when it is acyclic."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, {})):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def describe(cycle: list[str], graph: dict[str, dict[str, int]], files: dict[str, Path]) -> str:
    steps = [
        f"  {a} -> {b}  ({files[a].relative_to(ROOT)}:{graph[a][b]})" for a, b in itertools.pairwise(cycle)
    ]
    return "import cycle:\n" + "\n".join(steps)


def test_the_graph_sees_the_projects_imports():
    graph = import_graph()
    # Known edges of every kind: module level, `from package import module`, and function-local.
    assert "ui.access" in graph["app"]
    assert "sheets.metrics" in graph["sheets.release"] or "sheets.metrics" in graph["sheets.disclosure"]
    assert "sheets.gsheets" in graph["ui.data"]  # imported inside a function only


def test_find_cycle_finds_a_cycle_and_only_one():
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {}, "d": {"a": 1, "c": 1}}) is None


def test_no_import_cycle_in_the_project():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, describe(cycle, graph, project_files())
