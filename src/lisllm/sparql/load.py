"""`lisllm load`: push the built named graphs into a triple store, idempotently.

The SPARQL 1.1 Graph Store HTTP Protocol is tried first: one `PUT <endpoint>?graph=<iri>` per named
graph, which replaces the graph whole, so re-running never duplicates. Where the endpoint does not
speak it (it answers 404, 405, 415, 501 …), SPARQL 1.1 Update is used instead: `DROP SILENT GRAPH`
then `INSERT DATA` in chunks (`INSERT {…} WHERE {}` for chunks with blank nodes). Chunks never
split the triples of a blank node, since a blank node label only holds within one request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from ..errors import LisllmError
from ..graph.dist import Dist
from ..progress import SILENT, Progress, count

NOT_A_GRAPH_STORE = {400, 404, 405, 406, 411, 415, 501}
CHUNK_TRIPLES = 500        # Virtuoso refuses updates that compile to more than 10,000 lines of SQL
BLANK_CHUNK_TRIPLES = 100


@dataclass(frozen=True)
class Loaded:
    graph: str
    triples: int


@dataclass(frozen=True)
class LoadReport:
    method: str                # "Graph Store Protocol" or "SPARQL Update"
    graphs: list[Loaded]

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def built_graphs(dist: Path, single_graph: str | None = None) -> dict[str, list[ox.Triple]]:
    """The named graphs of the last build (from dist/lisllm.trig), or all of them merged into one."""
    dump = Dist(dist).trig
    if not dump.is_file():
        raise LisllmError(f"no built graph in {dist}: run 'lisllm build' first")
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=dump):
        name = single_graph or quad.graph_name.value
        graphs[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return {name: list(dict.fromkeys(triples)) for name, triples in graphs.items()}


def load(endpoint: str, dist: Path, *, graph: str | None = None, auth: httpx.Auth | None = None,
         method: str = "auto", timeout: float = 300.0, chunk_triples: int = CHUNK_TRIPLES,
         progress: Progress = SILENT) -> LoadReport:
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise LisllmError(f"--graph is not an absolute IRI: {graph}") from exc
    progress.step(f"reading {Dist(dist).trig}…")
    graphs = built_graphs(dist, graph)
    total = sum(len(triples) for triples in graphs.values())
    progress.step(f"{len(graphs)} graphs, {count(total)} triples to load into {endpoint}")
    with httpx.Client(auth=auth, timeout=timeout) as client:
        if method in ("auto", "gsp"):
            with progress.bar("Graph Store PUT (triples)", total) as bar:
                loaded = _put_all(client, endpoint, graphs, fall_back=method == "auto", advance=bar.update)
            if loaded is not None:
                return LoadReport("Graph Store Protocol", loaded)
            progress.step("the endpoint does not take Graph Store PUT: using SPARQL Update")
        with progress.bar("SPARQL Update (triples)", total) as bar:
            return LoadReport("SPARQL Update", _update_all(client, endpoint, graphs, chunk_triples, bar.update))


def _put_all(client: httpx.Client, endpoint: str, graphs, fall_back: bool,
             advance=lambda triples: None) -> list[Loaded] | None:
    loaded = []
    for name, triples in graphs.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        # N-Triples is valid Turtle, and text/turtle is the type every Graph Store implementation reads.
        response = _send(client, "PUT", endpoint, params={"graph": name}, content=body,
                         headers={"Content-Type": "text/turtle; charset=utf-8"})
        if response.status_code in NOT_A_GRAPH_STORE and fall_back and not loaded:
            return None
        _check(response, f"PUT {endpoint}?graph={name}")
        loaded.append(Loaded(name, len(triples)))
        advance(len(triples))
    return loaded


def _update_all(client: httpx.Client, endpoint: str, graphs, chunk_triples: int,
                advance=lambda triples: None) -> list[Loaded]:
    loaded = []
    for name, triples in graphs.items():
        plain = [t for t in triples if not _has_blank(t)]
        # Templates compile to much more work than INSERT DATA (Virtuoso caps the SQL it generates),
        # so blank-node groups go in smaller chunks.
        chunks = (chunked(plain, chunk_triples) + chunked([t for t in triples if _has_blank(t)], BLANK_CHUNK_TRIPLES)
                  or [[]])
        for index, chunk in enumerate(chunks):
            data = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in chunk)
            if any(_has_blank(t) for t in chunk):
                # A template with an empty WHERE: standard, and accepted by stores (Virtuoso) that
                # refuse blank nodes in INSERT DATA; its blank nodes are fresh, one per label.
                insert = f"INSERT {{ GRAPH <{name}> {{\n{data}}} }} WHERE {{}}"
            else:
                insert = f"INSERT DATA {{ GRAPH <{name}> {{\n{data}}} }}" if chunk else ""
            update = f"DROP SILENT GRAPH <{name}> ;\n{insert}" if index == 0 else insert
            response = _send(client, "POST", endpoint, content=update.encode("utf-8"),
                             headers={"Content-Type": "application/sparql-update; charset=utf-8"})
            if response.status_code == 415:   # some endpoints only take the form encoding
                response = _send(client, "POST", endpoint, data={"update": update})
            _check(response, f"SPARQL Update on {endpoint}")
            advance(len(chunk))
        loaded.append(Loaded(name, len(triples)))
    return loaded


def chunked(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Chunks of about `size` triples; all triples that share a blank node land in the same chunk."""
    parent: dict = {}

    def find(node):
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        parent[node] = root
        return root

    groups: dict[object, list[ox.Triple]] = defaultdict(list)
    for triple in triples:
        blanks = [t for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        for other in blanks[1:]:
            parent[find(other)] = find(blanks[0])
    for index, triple in enumerate(triples):
        blanks = [t for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        groups[find(blanks[0]) if blanks else ("triple", index)].append(triple)
    chunks: list[list[ox.Triple]] = []
    for group in groups.values():
        if not chunks or len(chunks[-1]) + len(group) > size:
            chunks.append([])
        chunks[-1].extend(group)
    return chunks


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _send(client: httpx.Client, method: str, url: str, **kwargs) -> httpx.Response:
    try:
        return client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise LisllmError(f"cannot reach {url}: {exc}") from exc


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code == 401:
        raise LisllmError(f"{what}: 401 unauthorised (give --auth user:password)")
    if response.status_code >= 300:
        raise LisllmError(f"{what}: the endpoint answered {response.status_code}: {response.text[:500].strip()}")
