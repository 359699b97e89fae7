"""The architecture of the lisllm package, read from its code: which package imports which.

`python scripts/architecture.py` writes docs/architecture.dot and, with Graphviz, docs/architecture.svg:
the data flow from the repository's folders through the packages to dist/ and the commands, with an
arrow for every import between packages. tests/test_layers.py uses the same functions to check that
no package imports one its `__init__` docstring does not allow ("May import: …"), and that the
committed .dot is what this script writes today.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "lisllm"
DOCS = REPO / "docs"
BASE = "base"                       # the modules at the top of the package
ENTRY_POINTS = {"cli", "__main__"}  # the command line may use anything
# Top to bottom: the figure's rows, each importing only rows below it.
LAYERS = [["commands"], ["publish"], ["report", "validation", "server"], ["cases", "sparql"], ["graph"], ["base"]]


def unit_of(module: str) -> str:
    """`lisllm.graph.build` → graph; `lisllm.errors` and `lisllm` → base; `lisllm.cli` → cli."""
    parts = module.split(".")
    if len(parts) == 1:
        return BASE
    if (PACKAGE / parts[1]).is_dir() or parts[1] in ENTRY_POINTS:
        return parts[1]
    return BASE


def module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def _exists(module: str) -> bool:
    path = PACKAGE.parent / module.replace(".", "/")
    return path.with_suffix(".py").is_file() or path.is_dir()


def imported_modules(source: str, name: str, is_package: bool = False) -> set[str]:
    """The lisllm modules (or packages) that the code of module `name` imports, wherever it does."""
    package = name.split(".") if is_package else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "lisllm"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "lisllm":
                target = node.module
            else:
                continue
            # `from . import media` imports a module; `from .. import __version__` a package's name.
            found |= {f"{target}.{a.name}" if _exists(f"{target}.{a.name}") else target for a in node.names}
    return found


def allowed(unit: str) -> set[str]:
    """What a package's docstring allows it to import (itself and the base always)."""
    init = PACKAGE / "__init__.py" if unit == BASE else PACKAGE / unit / "__init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    match = re.search(r"^May import: (.+)\.$", docstring, re.M)
    if match is None:
        raise ValueError(f"{init}: the docstring needs a line 'May import: …'")
    return {unit, BASE} | {name.strip() for name in match.group(1).split(",")}


def package_imports() -> dict[tuple[str, str], list[str]]:
    """(importing unit, imported unit) → the importing modules, for imports across units."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, is_package = module_name(path)
        for target in imported_modules(path.read_text(encoding="utf-8"), name, is_package):
            pair = (unit_of(name), unit_of(target))
            if pair[0] != pair[1]:
                edges.setdefault(pair, []).append(name)
    return edges


def modules_of(unit: str) -> list[str]:
    folder = PACKAGE if unit == BASE else PACKAGE / unit
    return sorted(p.stem for p in folder.glob("*.py") if p.stem not in {"__init__", "__main__", "cli"})


def dot_source() -> str:
    """The figure: each package with its modules, an arrow for each package it imports (every one
    imports the base, which is left implicit), and dashed arrows for the files read and written."""
    lines = ['digraph architecture {', '  rankdir=TB; newrank=true; nodesep=0.3; ranksep=0.45;',
             '  node [shape=box, fontname="Helvetica", fontsize=10]; '
             'edge [color="#555555", fontname="Helvetica", fontsize=9];']
    for _rank, units in enumerate(LAYERS):
        lines.append("  { rank=same; " + " ".join(f'"{u}";' for u in units) + " }")
        for unit in units:
            modules = "\\n".join(modules_of(unit))
            label = f"{unit}/\\n\\n{modules}" if unit != BASE else f"lisllm (base)\\n\\n{modules}"
            lines.append(f'  "{unit}" [label="{label}", style=filled, fillcolor="#eef3fb"];')
    for (source, target), modules in sorted(package_imports().items()):
        if source in ENTRY_POINTS or target == BASE:
            continue
        lines.append(f'  "{source}" -> "{target}" [tooltip="{", ".join(sorted(set(modules)))}"];')
    # The data flow, dashed: what the packages read and write.
    lines += [
        '  "graph" -> "base" [style=invis];',
        '  node [shape=folder, style="", fillcolor=""];',
        '  edge [style=dashed, color="#2266aa", fontcolor="#2266aa", constraint=false];',
        '  "ontology/ instances/" -> "graph" [label="read"];',
        '  "shapes/" -> "validation" [label="read"];',
        '  "queries/" -> "sparql" [label="read"];',
        '  "graph" -> "dist/" [label="build"];',
        '  "dist/" -> "server" [label="serve"];',
        '  "publish" -> "site/" [label="publish"];',
        '  { rank=same; "graph"; "ontology/ instances/"; "dist/"; }',
        '  { rank=same; "sparql"; "queries/"; }',
        '  { rank=same; "publish"; "site/"; }',
        '  { rank=same; "validation"; "shapes/"; }',
        "}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    source = dot_source()
    (DOCS / "architecture.dot").write_text(source, encoding="utf-8")
    svg = subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, check=True).stdout
    (DOCS / "architecture.svg").write_bytes(svg)
    print(f"wrote {DOCS / 'architecture.dot'} and {DOCS / 'architecture.svg'}", file=sys.stderr)


if __name__ == "__main__":
    main()
