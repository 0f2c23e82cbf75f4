"""The shape of the code, read from its source with ``ast``: no import cycles between the
modules of ``pkit_cli`` (imports inside functions and relative imports included), the
pure modules import nothing above them, and only cli.py names a command-line option."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "pkit_cli"

# An option as a user types it: "--from", "--as-of" (not "---" rules nor "a--b").
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name → file, for every module of ``package`` under ``root``."""
    names = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute name ``from <node.module> import …`` refers to inside ``module``."""
    if node.level == 0:
        return node.module or ""
    here = module.split(".") if is_package else module.split(".")[:-1]
    base = here[: len(here) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The modules of the package that ``module`` imports anywhere in its file. Importing
    a submodule also runs its parent packages, so they count as imported too (except the
    module's own, which are loaded before it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node)
            targets.add(base)
            # `from . import output` names a module; `from .text import figure` a name.
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    own_parents = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
    found = set()
    for target in targets:
        parts = target.split(".")
        for i in range(1, len(parts) + 1):
            name = ".".join(parts[:i])
            if name in known and name != module and name not in own_parents:
                found.add(name)
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    names = module_names(root, package)
    known = set(names)
    return {m: imports_of(m, p, known) for m, p in names.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, …, a], or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return path[path.index(n) :] + [n]
            if state.get(n) is None:
                found = visit(n)
                if found:
                    return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if state.get(m) is None:
            found = visit(m)
            if found:
                return found
    return None


def option_strings(path: Path) -> list[tuple[int, str]]:
    """(line, option) for every option name in a string constant of the file (messages,
    f-string parts and docstrings alike)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, option)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for option in OPTION.findall(node.value)
    ]


# The real package -------------------------------------------------------------------------


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = import_graph(SRC, PACKAGE)
    assert f"{PACKAGE}.output" in graph and f"{PACKAGE}.reports.targets" in graph
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_the_pure_modules_import_nothing_above_them() -> None:
    graph = import_graph(SRC, PACKAGE)
    p = PACKAGE
    assert graph[f"{p}.report"] == set()  # the data types
    # formatting reads only the types (and knows a Period when it sees one)
    assert graph[f"{p}.text"] <= {f"{p}.report", f"{p}.periods"}
    assert f"{p}.output" not in graph[f"{p}.terminal"]  # terminal draws; output dispatches
    assert graph[f"{p}.reports"] == set()  # the package's __init__ loads no command
    for m, imported in graph.items():
        if m != f"{p}.cli" and m != f"{p}.__main__":
            assert f"{p}.cli" not in imported, m


def test_only_cli_names_an_option() -> None:
    offenders = {
        f"{path.relative_to(SRC)}:{line}": option
        for name, path in module_names(SRC, PACKAGE).items()
        if name != f"{PACKAGE}.cli"
        for line, option in option_strings(path)
    }
    assert offenders == {}
    assert option_strings(SRC / PACKAGE / "cli.py")  # the check does see options where they are


# The checks themselves can fail ------------------------------------------------------------


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_a_function_import_and_a_subpackage_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "def f():\n    from . import b\n",
            "pkg/b.py": "from .sub.c import thing\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/c.py": "from ..a import f\nthing = 1\n",
            "pkg/d.py": "import pkg.a\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {"pkg.sub", "pkg.sub.c"}
    assert graph["pkg.sub.c"] == {"pkg.a"}  # `from ..a` resolved from inside pkg.sub
    assert graph["pkg.d"] == {"pkg.a"}
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"]


def test_an_acyclic_package_has_no_cycle(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from . import b\n",
            "pkg/b.py": "from .sub import c\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/c.py": "import json\n",
        },
    )
    assert find_cycle(import_graph(root, "pkg")) is None


def test_an_option_name_in_a_message_is_found(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        'def f(x):\n    raise ValueError(f"--from {x} is after --as-of")\n'
        'RULE = "---"\nDASHES = "a--b"\n',
        encoding="utf-8",
    )
    assert option_strings(path) == [(2, "--from"), (2, "--as-of")]
