"""Where a project keeps its ontology, data, shapes and queries, and the base of its relative IRIs.

Defaults follow this repository's layout; another repository can say where its folders are in a
`[tool.lisllm]` table of its `pyproject.toml` (keys: ontology, instances, shapes, queries, dist),
and against which IRI the relative IRIs in its RDF files resolve (key: base; default: the
project's namespace, https://w3id.org/lisllm/). A base never comes from where the files lie on
disk, so no machine's `file:` IRIs can reach a build or a release.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import LisllmError, Location
from ..namespaces import BASE

RDF_SUFFIXES = (".ttl", ".trig", ".jsonld", ".nt", ".nq", ".rdf", ".owl")
CASE_SUFFIXES = (".yaml", ".yml")   # cases written in YAML (graph.yaml_case), instances only
DEFAULT_FOLDERS = {
    "ontology": "ontology",
    "instances": "instances",
    "shapes": "shapes",
    "queries": "queries",
    "dist": "dist",
}


@dataclass(frozen=True)
class Project:
    root: Path
    ontology: Path
    instances: Path
    shapes: Path
    queries: Path
    dist: Path
    base: str = BASE               # the base IRI of relative IRIs in the project's RDF files

    def ontology_files(self) -> list[Path]:
        return rdf_files_under(self.ontology)

    def instance_files(self) -> list[Path]:
        return rdf_files_under(self.instances, RDF_SUFFIXES + CASE_SUFFIXES)

    def shape_files(self) -> list[Path]:
        return rdf_files_under(self.shapes)


def rdf_files_under(folder: Path, suffixes: tuple[str, ...] = RDF_SUFFIXES) -> list[Path]:
    """RDF files below a folder (or the file itself), sorted so that builds are reproducible."""
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes)


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds an ontology folder or a lisllm config."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "ontology").is_dir() or _lisllm_table(folder / "pyproject.toml"):
            return folder
    raise LisllmError(
        f"no lisllm project found at or above {start}: expected an 'ontology/' folder "
        "or a [tool.lisllm] table in pyproject.toml (use --project to point at one)"
    )


def load_project(root: Path | None = None) -> Project:
    root = find_root(root or Path.cwd())
    folders = dict(DEFAULT_FOLDERS)
    pyproject = root / "pyproject.toml"
    table = _lisllm_table(pyproject)
    base = BASE
    for key, value in table.items():
        if key == "base":
            base = _base_iri(value, pyproject)
            continue
        if key not in folders:
            raise LisllmError(
                f"unknown key '{key}' in [tool.lisllm] (known: {', '.join([*folders, 'base'])})",
                Location(pyproject),
            )
        folders[key] = str(value)
    return Project(root=root, base=base, **{key: (root / value) for key, value in folders.items()})


def _base_iri(value, pyproject: Path) -> str:
    """The configured base: an absolute IRI, and not a file: one (it would name a machine's folders)."""
    text = str(value)
    try:
        ox.NamedNode(text)
    except ValueError as exc:
        raise LisllmError(f"base in [tool.lisllm] must be an absolute IRI, not '{text}' ({exc})",
                          Location(pyproject)) from exc
    if text.lower().startswith("file:"):
        raise LisllmError(f"base in [tool.lisllm] must not be a file: IRI ('{text}'): it would put this "
                          "machine's folders into the built graph", Location(pyproject))
    return text


def _lisllm_table(pyproject: Path) -> dict:
    if not pyproject.is_file():
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LisllmError(f"invalid TOML: {exc}", Location(pyproject)) from exc
    return data.get("tool", {}).get("lisllm", {}) or {}
