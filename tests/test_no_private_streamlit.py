"""No private Streamlit API anywhere in the project: if Streamlit needs patching, the layout is wrong.

The rule, checked on every project .py file (app.py, app_pages/, ui/, present/, sheets/, bench/,
tests/) with `ast`:
- a module imported from Streamlit is one of its documented public ones (`PUBLIC_MODULES`);
  `streamlit.runtime`, `streamlit.web`, `streamlit.proto`, `streamlit.navigation`,
  `streamlit.elements` ... are its internals;
- nothing reached through a Streamlit name (`st.x.y`) has a segment starting with `_`
  (`st._config`, `st.runtime._x`), nor starts with an internal submodule (`st.runtime.exists()`);
- a test that drives the app with `streamlit.testing.v1` reads only the public accessors of
  its objects, never a private attribute (`at._tree`).
`ALLOWED` names the one exception and why.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("app_pages", "ui", "present", "sheets", "bench", "tests")
PUBLIC_MODULES = frozenset(
    {
        "streamlit",
        "streamlit.errors",
        "streamlit.column_config",
        "streamlit.testing.v1",
        "streamlit.components.v1",
        "streamlit.components.v2",
    }
)
# Streamlit's internal submodules as attributes of `st` (the module `streamlit.navigation` is internal,
# but `st.navigation` is the public function, so it is checked as a module path only).
INTERNAL = frozenset(
    {
        "runtime",
        "web",
        "proto",
        "elements",
        "delta_generator",
        "commands",
        "watcher",
        "config",
        "logger",
        "util",
        "type_util",
        "source_util",
        "file_util",
        "hello",
    }
)
# (file, module): bench/app.py's websocket sessions are clients of a running server (dozens of
# viewers without a browser each); they speak the server's wire format, which Streamlit ships as
# these generated protobuf classes and offers no public client for. They read messages; they
# patch nothing and run inside no Streamlit process.
ALLOWED = frozenset(
    {("bench/app.py", "streamlit.proto.BackMsg_pb2"), ("bench/app.py", "streamlit.proto.ForwardMsg_pb2")}
)


def project_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in FOLDERS:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _chain(node: ast.expr) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None when it does not start with a plain name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def violations(source: str, name: str = "<code>") -> list[str]:
    """What in `source` reaches past Streamlit's public API, one line each ("file:line: what")."""
    tree = ast.parse(source)
    for parent in ast.walk(tree):  # only whole chains are checked (`st.a.b`, not also `st.a`)
        for child in ast.iter_child_nodes(parent):
            child.parent = parent  # type: ignore[attr-defined]
    found: list[str] = []
    streamlit_names: set[str] = set()  # local names bound to a Streamlit module or object
    imported: set[str] = set()  # every name an import binds
    drives_app = False

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{name}:{getattr(node, 'lineno', 0)}: {what}")

    def check_module(node: ast.AST, module: str) -> None:
        if (
            module.split(".")[0] == "streamlit"
            and module not in PUBLIC_MODULES
            and (name, module) not in ALLOWED
        ):
            flag(node, f"imports {module}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported.add((alias.asname or alias.name).split(".")[0])
                check_module(node, alias.name)
                if alias.name.split(".")[0] == "streamlit":
                    streamlit_names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            for alias in node.names:
                imported.add(alias.asname or alias.name)
            if module.split(".")[0] != "streamlit":
                continue
            check_module(node, module)
            drives_app = drives_app or module == "streamlit.testing.v1"
            for alias in node.names:
                if _private(alias.name) or (module == "streamlit" and alias.name in INTERNAL):
                    flag(node, f"imports {module}.{alias.name}")
                streamlit_names.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or isinstance(getattr(node, "parent", None), ast.Attribute):
            continue
        chain = _chain(node)
        if chain is None:
            continue
        if chain[0] in streamlit_names:
            if any(_private(part) for part in chain[1:]) or (
                chain[0] in {"st", "streamlit"} and chain[1] in INTERNAL
            ):
                flag(node, "uses " + ".".join(chain))
        elif (
            drives_app and chain[0] not in imported and chain[0] not in {"self", "cls"} and _private(chain[1])
        ):
            flag(node, "reads " + ".".join(chain[:2]) + " (a private attribute of a test object)")
    return sorted(set(found))


def test_the_check_finds_private_use():
    code = (
        "import streamlit as st\nfrom streamlit.runtime import exists\nimport streamlit.web.server\n"
        "from streamlit.testing.v1 import AppTest\nst._config.x = 1\nst.runtime.exists()\n"
        "at = AppTest.from_file('app.py')\nat._tree\nst.components.v2.component('x')\n"
        "from streamlit import _private\nst.__version__\n"
    )
    assert {line.split(": ", 1)[1] for line in violations(code)} == {
        "imports streamlit.runtime",
        "imports streamlit.web.server",
        "uses st._config.x",
        "uses st.runtime.exists",
        "reads at._tree (a private attribute of a test object)",
        "imports streamlit._private",
    }


def test_the_public_api_passes():
    code = (
        "import streamlit as st\nfrom streamlit.errors import StreamlitPageNotFoundError\n"
        "from streamlit.testing.v1 import AppTest\nst.components.v2.component('x')\nst.session_state['a'] = 1\n"
        "at = AppTest.from_file('app.py')\nat.main.children\nst.__version__\nfrom ui import data\n"
        "data._gate\n"
    )
    assert violations(code) == []


def test_no_private_streamlit_api_in_the_project():
    found = [
        line
        for path in project_files()
        for line in violations(path.read_text(), path.relative_to(ROOT).as_posix())
    ]
    assert found == []
