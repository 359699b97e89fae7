"""Which files to validate: a project's folders, or files and folders named on the command line.

Files named on the command line are sorted by content once parsed: a file that declares an
ontology or OWL/RDFS terms is ontology, one that declares SHACL shapes is shapes, the rest is data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LisllmError
from ..graph.project import Project, find_root, load_project, rdf_files_under
from ..graph.rdf_files import ParsedFile
from ..namespaces import OWL, RDF_TYPE, RDFS, SH

ONTOLOGY_TYPES = {OWL + "Ontology", OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
                  OWL + "AnnotationProperty", RDFS + "Class"}
SHAPE_TYPES = {SH + "NodeShape", SH + "PropertyShape"}


@dataclass
class Inputs:
    root: Path                       # paths are shown relative to it
    ontology: list[Path] = field(default_factory=list)
    instances: list[Path] = field(default_factory=list)
    shapes: list[Path] = field(default_factory=list)
    unsorted: list[Path] = field(default_factory=list)   # RDF files to sort by content
    queries: list[Path] = field(default_factory=list)
    queries_folder: Path | None = None
    project: Project | None = None
    ontology_is_context: bool = False    # read only to know the terms: do not report unused ones
    base: str | None = None              # relative IRIs resolve against it; None: each file's own IRI

    @property
    def rdf_files(self) -> list[Path]:
        return self.ontology + self.instances + self.shapes + self.unsorted


def from_project(project: Project) -> Inputs:
    queries = sorted(project.queries.rglob("*.rq")) if project.queries.is_dir() else []
    return Inputs(
        root=project.root,
        ontology=project.ontology_files(),
        instances=project.instance_files(),
        shapes=project.shape_files(),
        queries=queries,
        queries_folder=project.queries if project.queries.is_dir() else None,
        project=project,
        base=project.base,
    )


def from_paths(paths: list[Path], cwd: Path) -> Inputs:
    """A single project folder is validated as that project; otherwise the files are sorted by content."""
    if len(paths) == 1 and paths[0].is_dir() and _is_project_root(paths[0]):
        return from_project(load_project(paths[0]))
    inputs = Inputs(root=cwd)
    for path in paths:
        if path.is_dir() and _is_project_root(path):
            raise LisllmError(f"{path} is a project folder: validate it on its own, or name its files")
        if path.suffix == ".rq":
            inputs.queries.append(path)
        elif path.is_dir():
            inputs.unsorted += rdf_files_under(path)
            inputs.queries += sorted(path.rglob("*.rq"))
        else:
            inputs.unsorted.append(path)
    inputs.unsorted = _unique(inputs.unsorted)
    inputs.queries = _unique(inputs.queries)
    _add_ontology_context(inputs, paths)
    return inputs


def _add_ontology_context(inputs: Inputs, paths: list[Path]) -> None:
    """Files inside a project are read with that project's ontology, unless it is among them, so
    that checking one data file does not report every term of the ontology as undeclared."""
    try:
        project = load_project(paths[0] if paths[0].is_dir() else paths[0].parent)
    except LisllmError:
        return
    if all(_inside(p.resolve(), project.root) for p in paths):
        inputs.base = project.base      # a project's files mean what they mean in its build
    ontology = [p.resolve() for p in project.ontology_files()]
    if not ontology or any(p in ontology for p in inputs.unsorted):
        return
    if all(_inside(p.resolve(), project.root) for p in paths):
        inputs.ontology = ontology
        inputs.ontology_is_context = True
        inputs.unsorted = [p for p in inputs.unsorted if p not in ontology]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def sort_by_content(inputs: Inputs, parsed: dict[Path, ParsedFile]) -> None:
    """Give each file named on the command line its role, from the terms it declares."""
    for path in inputs.unsorted:
        triples = parsed[path].triples if path in parsed else []
        types = {t.object.value for t in triples if t.predicate.value == RDF_TYPE}
        if types & SHAPE_TYPES:
            inputs.shapes.append(path)
        elif types & ONTOLOGY_TYPES:
            inputs.ontology.append(path)
        else:
            inputs.instances.append(path)
    inputs.unsorted = []


def _is_project_root(folder: Path) -> bool:
    try:
        return find_root(folder) == folder.resolve()
    except LisllmError:
        return False


def _unique(paths: list[Path]) -> list[Path]:
    return list(dict.fromkeys(p.resolve() for p in paths))
