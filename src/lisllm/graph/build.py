"""`lisllm build`: parse, merge, reason, and write the dist/ folder and the embedded store."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..atomic import atomic_directory
from ..errors import InputErrors, LisllmError
from ..namespaces import BASE, GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES
from ..progress import SILENT, Progress, count
from .dist import Dist, input_digest
from .findings import claimed_triples, finding_labels
from .project import Project
from .rdf_files import ParsedFile, parse_files, refuse_file_iris
from .reasoner_cache import ReasonerCache
from .reasoning import Reasoning, classify
from .role_conditions import unmet_conditions
from .store import create_store, quads
from .yaml_case import check_references


@dataclass
class Graphs:
    """The three named graphs of a build, and the parsed files they came from."""

    ontology: list[ox.Triple]
    asserted: list[ox.Triple]
    inferred: list[ox.Triple]
    reasoning: Reasoning | None
    files: list[ParsedFile]
    base: str = BASE                 # the base IRI the files' relative IRIs resolved against

    def quads(self) -> list[ox.Quad]:
        return (
            quads(GRAPH_ONTOLOGY, self.ontology)
            + quads(GRAPH_ASSERTED, self.asserted)
            + quads(GRAPH_INFERRED, self.inferred)
        )

    def digest(self) -> str:
        """A content hash of the inputs: the graph version used for caching and ETags."""
        return input_digest([f.path for f in self.files], self.base)


def assemble(project: Project, *, reason: bool = True, cache: bool = True, progress: Progress = SILENT) -> Graphs:
    """Parse every source file, expand findings into claims, and (optionally) run the reasoner, whose
    result for an input it has seen comes from the project's cache unless `cache` is False."""
    ontology_paths = project.ontology_files()
    instance_paths = project.instance_files()
    if not ontology_paths:
        raise LisllmError(f"no ontology files (.ttl, .trig, …) found in {project.ontology}")
    progress.step(f"parsing {len(ontology_paths)} ontology and {len(instance_paths)} instance files…")
    files = parse_files(ontology_paths + instance_paths, project.base)
    refuse_file_iris(files)
    graphs = assemble_parsed(files[: len(ontology_paths)], files[len(ontology_paths):], reason=reason,
                             cache=ReasonerCache.in_project(project.root) if cache else None, progress=progress)
    graphs.base = project.base
    return graphs


def assemble_parsed(ontology_files: list[ParsedFile], instance_files: list[ParsedFile], *,
                    reason: bool = True, cache: ReasonerCache | None = None, progress: Progress = SILENT) -> Graphs:
    """Like `assemble`, from files already parsed (validation parses each file once, itself)."""
    ontology = _unique(t for f in ontology_files for t in f.triples)
    progress.step(f"expanding the findings in {count(sum(len(f.triples) for f in instance_files))} "
                  f"instance triples into claims…")
    asserted, errors = [], []
    for parsed in instance_files:
        asserted.extend(parsed.triples)
        try:
            asserted.extend(claimed_triples(parsed.triples, parsed.path))
        except LisllmError as exc:
            errors.append(exc)
    if errors:
        raise InputErrors(errors)
    asserted = _unique(asserted)
    check_references(instance_files, asserted)
    if reason:
        progress.step(f"reasoning over {count(len(ontology) + len(asserted))} triples (HermiT)…")
    reasoning = classify(ontology, asserted, cache=cache) if reason else None
    return Graphs(ontology, asserted, derived(ontology, asserted, reasoning), reasoning,
                  ontology_files + instance_files)


def derived(ontology: list[ox.Triple], asserted: list[ox.Triple], reasoning: Reasoning | None,
            labels: list[ox.Triple] | None = None) -> list[ox.Triple]:
    """The inferred graph, the one recipe build and validate share: HermiT's types, every finding's
    labels and, when the reasoner ran, each unclassified institution's unmet conditions. `labels`:
    the finding labels when already derived (the inferred graph of graphs assembled without the
    reasoner holds just them; 0.5 s at 100,000 triples)."""
    inferred = (reasoning.inferred if reasoning else []) + (
        labels if labels is not None else finding_labels(asserted, ontology))
    if reasoning:   # without the reasoner's roles, every institution would look unclassified
        inferred += unmet_conditions(ontology, asserted + reasoning.inferred)
    return _unique(inferred)


def write_dist(graphs: Graphs, dist: Path, root: Path, *, progress: Progress = SILENT) -> None:
    """Write the dumps and the store into `dist` atomically; build.json names the input files
    relative to `root`, the project folder they were read from."""
    content = graphs.quads()
    with atomic_directory(dist) as folder:
        staging = Dist(folder)
        progress.step(f"writing {staging.trig.name} ({count(len(content))} quads)…")
        ox.serialize(content, str(staging.trig), ox.RdfFormat.TRIG, prefixes=PREFIXES)
        # From the three lists, not the quads: no million new Triple objects to build and hash.
        merged = _unique(graphs.ontology + graphs.asserted + graphs.inferred)
        progress.step(f"writing {staging.turtle.name} ({count(len(merged))} triples)…")
        ox.serialize(merged, str(staging.turtle), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        progress.step(f"loading {count(len(content))} quads into the store…")
        on_disk = create_store(staging.store, content)
        del on_disk  # release the store's lock before the folder is renamed
        info = {
            "lisllm_version": __version__,
            "graph_version": graphs.digest(),
            "triples": {"ontology": len(graphs.ontology), "asserted": len(graphs.asserted),
                        "inferred": len(graphs.inferred)},
            # Relative, so that a published or served build.json does not reveal the builder's folders.
            "files": [_relative(f.path, root) for f in graphs.files],
        }
        staging.info_file.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def current_build(project: Project, *, progress: Progress = SILENT) -> Dist:
    """The project's dist/, built first when it is missing or older than the sources."""
    dist = Dist(project.dist)
    if not dist.is_current(project):
        progress.step(f"building {project.dist} (missing or older than the sources)…")
        build(project, progress=progress)
    return dist


def built_graphs(project: Project, *, progress: Progress = SILENT) -> tuple[Graphs, str]:
    """The named graphs of the project's current build, read back from dist/ (built first when it is
    missing or stale), with its graph version: what `publish` releases is exactly what was built."""
    dist = current_build(project, progress=progress)
    progress.step(f"reading {dist.trig}…")
    ontology, asserted, inferred = dist.named_graphs()
    return Graphs(ontology, asserted, inferred, None, [], project.base), dist.graph_version()


def build(project: Project, *, cache: bool = True, progress: Progress = SILENT) -> Graphs:
    graphs = assemble(project, cache=cache, progress=progress)
    progress.step(f"{count(len(graphs.ontology))} ontology, {count(len(graphs.asserted))} asserted and "
                  f"{count(len(graphs.inferred))} inferred triples")
    write_dist(graphs, project.dist, project.root, progress=progress)
    return graphs


def _relative(path: Path, root: Path) -> str:
    # relpath, not relative_to: a [tool.lisllm] folder may lie outside the project (../shared/…).
    return Path(os.path.relpath(path, root)).as_posix()


def _unique(triples) -> list[ox.Triple]:
    return list(dict.fromkeys(triples))
