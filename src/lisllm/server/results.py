"""Running one query job on a store and serialising its results with the row cap.

Used inside the worker processes (embedded backend) and, for `render`, by the remote proxy, so
that both give the same formats, caps and statuses.

The row cap: pyoxigraph serialises a whole result iterator, so the first `max_rows` solutions
are written as SPARQL TSV (each term in its N-Triples form, which is what TSV holds), parsed back
and serialised in the negotiated format by pyoxigraph itself, so every format stays exactly
pyoxigraph's. Graph results are collected as triples and serialised the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES
from . import media


@dataclass(slots=True)
class Job:
    query: str
    union_default_graph: bool = True
    default_graphs: tuple[str, ...] | None = None   # protocol default-graph-uri values
    named_graphs: tuple[str, ...] | None = None     # protocol named-graph-uri values
    results_type: str | None = media.DEFAULT_RESULTS
    graph_type: str | None = media.DEFAULT_GRAPH
    max_rows: int = 10_000
    base_iri: str | None = None                     # relative IRIs in the query resolve against it

    def __reduce__(self):
        # Pickled as the arguments of a call: a fifth of the time of a dataclass's default (per side).
        return Job, (self.query, self.union_default_graph, self.default_graphs, self.named_graphs,
                     self.results_type, self.graph_type, self.max_rows, self.base_iri)


@dataclass
class Reply:
    status: int
    media_type: str | None = None
    body: bytes = b""
    form: str = ""                 # "select", "ask" or "graph" when the query ran
    rows: int = 0
    truncated: bool = False
    message: str = ""              # the reason, for error statuses
    extra: dict = field(default_factory=dict)

    def __reduce__(self):
        return Reply, (self.status, self.media_type, self.body, self.form, self.rows, self.truncated, self.message,
                       self.extra)


def predeclared(text: str) -> dict[str, str]:
    """The lisllm prefixes whose `name:` occurs in the query text: a superset of those it uses (cheap
    to find; declaring all of them costs the parser about 17 µs a query)."""
    return {name: iri for name, iri in PREFIXES.items() if name + ":" in text}


def run_job(store: ox.Store, job: Job) -> Reply:
    """Parse, evaluate and serialise; errors become statuses with the engine's message."""
    options: dict = {"prefixes": predeclared(job.query)}
    if job.base_iri:
        options["base_iri"] = job.base_iri
    if job.default_graphs is not None or job.named_graphs is not None:
        # The protocol's dataset replaces the query's own FROM / FROM NAMED, and an absent list is empty.
        options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs or ()]
    elif job.union_default_graph:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, **options)
    except SyntaxError as exc:
        return Reply(400, message=f"SPARQL syntax error: {exc.msg or exc}")
    except (OSError, ValueError, RuntimeError) as exc:
        return Reply(500, message=f"query failed: {exc}")
    return render(result, job.results_type, job.graph_type, job.max_rows)


def render(result, results_type: str | None, graph_type: str | None, max_rows: int) -> Reply:
    """Serialise a QueryBoolean, QuerySolutions or iterable of triples in the negotiated type."""
    try:
        if isinstance(result, ox.QueryBoolean):
            if results_type is None:
                return _not_acceptable("ASK", media.RESULTS_TYPES)
            body = result.serialize(format=_results_format(results_type))
            return Reply(200, media.canonical(results_type, "results"), body, "ask", 1)
        if isinstance(result, ox.QuerySolutions):
            if results_type is None:
                return _not_acceptable("SELECT", media.RESULTS_TYPES)
            solutions, rows, truncated = _capped_solutions(result, max_rows)
            body = solutions.serialize(format=_results_format(results_type))
            return Reply(200, media.canonical(results_type, "results"), body, "select", rows, truncated)
        if graph_type is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", media.GRAPH_TYPES)
        triples, truncated = _capped_triples(result, max_rows)
        body = ox.serialize(triples, format=_rdf_format(graph_type), prefixes=used_prefixes(triples))
        return Reply(200, media.canonical(graph_type, "graph"), body, "graph", len(triples), truncated)
    except (OSError, ValueError, RuntimeError, SyntaxError) as exc:
        # Evaluation is lazy: errors (a failing SERVICE call, say) can surface while iterating.
        return Reply(500, message=f"query failed: {exc}")


def used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """The lisllm prefixes whose namespace some IRI in `triples` is directly in (all end in / or #)."""
    namespaces = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.Literal):
                term = term.datatype
            if isinstance(term, ox.NamedNode):
                iri = term.value
                namespaces.add(iri[: max(iri.rfind("/"), iri.rfind("#")) + 1])
    return {name: ns for name, ns in PREFIXES.items() if ns in namespaces}


class _RowCap(Exception):
    """Raised inside pyoxigraph's serialiser to stop it once the row cap is passed."""


class _TsvRows:
    """A file-like sink for pyoxigraph's TSV writer that counts rows (one a line: TSV escapes
    newlines in terms) and stops the writer once it has more than the cap."""

    def __init__(self, max_rows: int):
        self.parts: list[bytes] = []
        self.lines = 0
        self.stop_after = max_rows + 1          # the header line, then the rows

    @property
    def capped(self) -> bool:
        """Whether the sink stopped the writer (it does the moment it holds more than the cap)."""
        return self.lines > self.stop_after

    def write(self, data) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.lines += data.count(b"\n")
        if self.capped:
            raise _RowCap()
        return len(data)

    def flush(self) -> None:
        pass


def _capped_solutions(solutions: ox.QuerySolutions, max_rows: int):
    """The first `max_rows` solutions, their count, and whether there were more. The solutions are
    written as SPARQL TSV by pyoxigraph (stopped past the cap) and read back, so no term is
    handled in Python."""
    sink = _TsvRows(max_rows)
    try:
        solutions.serialize(sink, format=ox.QueryResultsFormat.TSV)
    except (_RowCap, OSError):
        # pyoxigraph reports the sink's exception as OSError, and so too an evaluation error met while
        # writing (a failing SERVICE call, say): only the cap may end the answer early.
        if not sink.capped:
            raise
    tsv = b"".join(sink.parts)
    if not sink.capped and tsv.endswith(b"\n"):
        # The whole answer (the common case): its lines need not be split and joined again.
        return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV), sink.lines - 1, False
    lines = tsv.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    rows = lines[1:]
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    tsv = b"\n".join(lines[:1] + rows) + b"\n"
    return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV), len(rows), truncated


def _capped_triples(triples: Iterable, max_rows: int) -> tuple[list[ox.Triple], bool]:
    collected: list[ox.Triple] = []
    for item in triples:
        if len(collected) == max_rows:
            return collected, True
        collected.append(item if isinstance(item, ox.Triple) else ox.Triple(item.subject, item.predicate, item.object))
    return collected, False


def _not_acceptable(form: str, offered: dict) -> Reply:
    kinds = ", ".join(t for t in offered if not media.is_alias(t))
    return Reply(406, message=f"no acceptable media type for {form} results; available: {kinds}")


def _results_format(media_type: str) -> ox.QueryResultsFormat:
    return media.RESULTS_TYPES[media_type]


def _rdf_format(media_type: str) -> ox.RdfFormat:
    return media.GRAPH_TYPES[media_type]
