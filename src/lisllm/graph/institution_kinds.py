"""The kinds of LIS institution a case may name, read from the project's ontology, never listed by
hand: lisllm:LISInstitution and the classes below it, less the roles (lisllm:LLMRnDParticipant and
below), whose members are inferred and never asserted. Cases and `lisllm new-case` write a kind by
its name (`naming.kind_name`: `national-library` for lisllm:NationalLibrary).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import LISLLM, RDFS
from ..naming import kind_name
from .project import Project, load_project
from .rdf_parse import parse_rdf
from .role_conditions import INSTITUTION, PARTICIPANT

# The kind of an institution that no narrower class describes, the default of `lisllm new-case`.
GENERIC = kind_name(INSTITUTION.removeprefix(LISLLM))


def institution_types(ontology: list[ox.Triple]) -> dict[str, str]:
    """Kind name → the local name of its class in the lisllm namespace: the generic kind first,
    then the others by name."""
    below: dict[str, set[str]] = {}
    for t in ontology:
        if t.predicate.value == RDFS + "subClassOf" and isinstance(t.subject, ox.NamedNode):
            below.setdefault(t.object.value, set()).add(t.subject.value)
    found, todo = set(), [INSTITUTION]
    while todo:
        cls = todo.pop()
        if cls not in found and cls != PARTICIPANT:
            found.add(cls)
            todo.extend(below.get(cls, ()))
    kinds = {kind_name(cls.removeprefix(LISLLM)): cls.removeprefix(LISLLM)
             for cls in found - {INSTITUTION} if cls.startswith(LISLLM)}
    return {GENERIC: INSTITUTION.removeprefix(LISLLM), **dict(sorted(kinds.items()))}


def institution_types_of(project: Project) -> dict[str, str]:
    """The kinds of the project's ontology; an ontology file that does not parse is left out (its
    error is reported where the file is parsed as a source of the graph)."""
    files = tuple((str(path), path.stat().st_mtime_ns) for path in project.ontology_files())
    return dict(_read(files, project.base))     # a copy: the cached one is shared


def institution_types_near(path: Path) -> dict[str, str]:
    """The kinds of the project that holds `path`, found as the command line finds a project."""
    return institution_types_of(load_project(path.resolve().parent))


@lru_cache(maxsize=8)
def _read(files: tuple[tuple[str, int], ...], base: str) -> dict[str, str]:
    # Keyed on each file's modification time: every YAML case of a build asks, the ontology is read once.
    triples: list[ox.Triple] = []
    for name, _ in files:
        try:
            triples += parse_rdf(Path(name), base).triples
        except LisllmError:
            continue
    return institution_types(triples)
