"""The build output, dist/: the one module that names its files and reads what a build left there.

A build writes, atomically, `lisllm.trig` (the three named graphs), `lisllm.ttl` (everything
merged), `build.json` (the graph version and the input files) and `store/` (the embedded Oxigraph
store). The graph version is a hash of the input files' bytes (and of the base, when it is not the
default one), so "is dist/ current?" is a comparison of two hashes, with no build.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import BASE, GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY

TRIG_FILE = "lisllm.trig"
TURTLE_FILE = "lisllm.ttl"
BUILD_INFO_FILE = "build.json"
STORE_FOLDER = "store"
# The files a server may offer as dumps, with their media types.
DUMPS = {TRIG_FILE: "application/trig", TURTLE_FILE: "text/turtle", BUILD_INFO_FILE: "application/json"}


def input_digest(paths: list[Path], base: str = BASE) -> str:
    """The graph version: the hash of the input files' bytes (and of the base, when not the default)."""
    sha = hashlib.sha256()
    for path in sorted(paths, key=str):
        sha.update(path.read_bytes())
    if base != BASE:
        sha.update(b"\x00base=" + base.encode("utf-8"))
    return sha.hexdigest()


@dataclass(frozen=True)
class Dist:
    folder: Path

    @property
    def trig(self) -> Path:
        return self.folder / TRIG_FILE

    @property
    def turtle(self) -> Path:
        return self.folder / TURTLE_FILE

    @property
    def info_file(self) -> Path:
        return self.folder / BUILD_INFO_FILE

    @property
    def store(self) -> Path:
        return self.folder / STORE_FOLDER

    def info(self) -> dict | None:
        """build.json as written by the build, or None when it is missing or unreadable."""
        try:
            data = json.loads(self.info_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def graph_version(self) -> str | None:
        version = (self.info() or {}).get("graph_version")
        return str(version) if version else None

    def modified(self) -> int | None:
        """When build.json was written (seconds since the epoch): the graph's Last-Modified."""
        try:
            return int(self.info_file.stat().st_mtime)
        except OSError:
            return None

    def has_dumps(self) -> bool:
        return self.trig.is_file()

    def is_current(self, project) -> bool:
        """True when dist/ was built from the project's current input files (the same graph version)."""
        built = self.graph_version()
        if built is None or not self.store.is_dir():
            return False
        return built == input_digest(project.ontology_files() + project.instance_files(), project.base)

    def named_graphs(self) -> tuple[list[ox.Triple], list[ox.Triple], list[ox.Triple]]:
        """The ontology, asserted and inferred graphs of the build, read back from its TriG dump."""
        graphs: dict[str, list[ox.Triple]] = {GRAPH_ONTOLOGY: [], GRAPH_ASSERTED: [], GRAPH_INFERRED: []}
        for quad in ox.parse(path=str(self.trig), format=ox.RdfFormat.TRIG):
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
            if name in graphs:
                graphs[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
        return graphs[GRAPH_ONTOLOGY], graphs[GRAPH_ASSERTED], graphs[GRAPH_INFERRED]
