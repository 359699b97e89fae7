"""The package keeps its layers: each subpackage imports only the packages its `__init__` docstring
allows ("May import: …"), and the base modules at the top import only each other. Imports are read
with `ast` (scripts/architecture.py), so an import inside a function counts as much as one at the
top of a file. docs/architecture.dot is what that script writes from today's code."""

from __future__ import annotations

import importlib.util

from conftest import REPO

_spec = importlib.util.spec_from_file_location("architecture", REPO / "scripts" / "architecture.py")
architecture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(architecture)
PACKAGE = architecture.PACKAGE


def test_the_layout_shows_the_architecture():
    top = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__", "cli"})
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert len(top) <= 6, top
    assert len(packages) >= 6, packages
    assert {unit for row in architecture.LAYERS for unit in row} == set(packages) | {architecture.BASE}


def test_no_package_imports_a_higher_one():
    wrong = [f"{', '.join(sorted(set(modules)))} ({source}) import {target}"
             for (source, target), modules in architecture.package_imports().items()
             if source not in architecture.ENTRY_POINTS and target not in architecture.allowed(source)]
    assert wrong == []


def test_the_check_sees_a_wrong_import():
    # A graph module that imported the report package, even inside a function, would be caught.
    found = architecture.imported_modules("def f():\n    from ..report import figures\n", "lisllm.graph.build")
    assert found == {"lisllm.report.figures"}
    assert architecture.unit_of("lisllm.report.figures") not in architecture.allowed("graph")
    assert architecture.imported_modules("from .. import __version__\n", "lisllm.graph.build") == {"lisllm"}
    assert architecture.imported_modules("from . import media\n", "lisllm.server", is_package=True) == {
        "lisllm.server.media"}


def test_the_layers_only_point_down():
    row = {unit: i for i, units in enumerate(architecture.LAYERS) for unit in units}
    for unit in row:
        assert all(row[other] > row[unit] for other in architecture.allowed(unit) - {unit}), unit


def test_the_architecture_figure_is_current():
    committed = (REPO / "docs" / "architecture.dot").read_text(encoding="utf-8")
    assert committed == architecture.dot_source(), "run: python scripts/architecture.py"


def test_every_package_docstring_names_its_modules():
    """A maintainer reads a package's `__init__` to find where a thing lives: it names every module."""
    import ast

    for package in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        if package.name == "commands":      # one module per subcommand, named by the subcommand
            continue
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
        modules = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
        assert {m for m in modules if f"`{m}`" not in doc} == set(), package.name


def module_imports() -> dict[str, set[str]]:
    """Each lisllm module → the lisllm modules it imports (wherever in its code)."""
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, is_package = architecture.module_name(path)
        graph[name] = architecture.imported_modules(path.read_text(encoding="utf-8"), name, is_package)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of `graph`: its strongly connected components of more than one module
    (Tarjan's algorithm); a package's `__init__` importing its own modules does not count."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target.startswith(node + "."):
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_between_modules():
    """Inside a package too: two modules that import each other (even lazily) are one module in two files."""
    assert circles(module_imports()) == []


def test_the_circle_check_sees_a_circle():
    graph = {"lisllm.graph.a": {"lisllm.graph.b"}, "lisllm.graph.b": {"lisllm.graph.c"},
             "lisllm.graph.c": {"lisllm.graph.a"}, "lisllm.graph": {"lisllm.graph.a"}}
    assert circles(graph) == [["lisllm.graph.a", "lisllm.graph.b", "lisllm.graph.c"]]


def test_benchmarks_drive_the_library_not_the_commands():
    """A benchmark measures the library; a fact it needs from a command module belongs in the library."""
    wrong = {}
    for path in sorted((REPO / "benchmarks").glob("*.py")):
        imported = architecture.imported_modules(path.read_text(encoding="utf-8"), f"benchmarks.{path.stem}")
        bad = sorted(m for m in imported if architecture.unit_of(m) in architecture.ENTRY_POINTS | {"commands"})
        if bad:
            wrong[path.name] = bad
    assert wrong == {}


def test_no_source_file_over_400_lines():
    """A module that long holds more than one job: cut it along its seams (docs/architecture.md)."""
    files = [*PACKAGE.rglob("*.py"), *(REPO / "benchmarks").glob("*.py"), *(REPO / "scripts").glob("*.py")]
    long = {str(p.relative_to(REPO)): n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
