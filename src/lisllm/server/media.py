"""Media types of SPARQL results and RDF, and content negotiation by `Accept` or `format`.

Negotiation is done before the query runs, once for each kind of result (solutions/boolean and
graph), because the kind is only known after parsing; the worker then picks the one that applies.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..sparql.formats import GRAPH_ALIASES, GRAPH_FORMATS, RESULTS_ALIASES, RESULTS_FORMATS, media_type

# Server preference order matters: it breaks ties between equally acceptable types.
RESULTS_TYPES: dict[str, ox.QueryResultsFormat] = {media_type(f): f for f in RESULTS_FORMATS} | RESULTS_ALIASES
GRAPH_TYPES: dict[str, ox.RdfFormat] = {media_type(f): f for f in GRAPH_FORMATS} | GRAPH_ALIASES
_R, _G = ox.QueryResultsFormat, ox.RdfFormat
# What the `format` parameter accepts (short names for browsers and curl), per kind of result.
FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    name: (results and media_type(results), graph and media_type(graph)) for name, (results, graph) in {
        "json": (_R.JSON, _G.JSON_LD), "xml": (_R.XML, _G.RDF_XML), "csv": (_R.CSV, None), "tsv": (_R.TSV, None),
        "turtle": (None, _G.TURTLE), "ttl": (None, _G.TURTLE), "jsonld": (None, _G.JSON_LD),
        "json-ld": (None, _G.JSON_LD), "rdfxml": (None, _G.RDF_XML), "rdf": (None, _G.RDF_XML),
        "nt": (None, _G.N_TRIPLES), "ntriples": (None, _G.N_TRIPLES), "n-triples": (None, _G.N_TRIPLES),
        "trig": (None, _G.TRIG), "nq": (None, _G.N_QUADS), "nquads": (None, _G.N_QUADS),
        "n-quads": (None, _G.N_QUADS),
    }.items()}
DEFAULT_RESULTS = media_type(RESULTS_FORMATS[0])
DEFAULT_GRAPH = media_type(GRAPH_FORMATS[0])
TEXTUAL = ("text/", "application/n-triples", "application/n-quads", "application/trig")


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 type/*, 1 */*), 0 when it does not match."""
        main, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == main and self.subtype == "*":
            return 2
        if self.type == main and self.subtype == sub:
            return 3
        return 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed parts are ignored, as RFC 9110 permits."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        kind = fields[0].lower()
        if "/" not in kind:
            continue
        main, _, sub = kind.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(main, sub, q))
    return ranges


def negotiate(header: str | None, offered: list[str], default: str) -> str | None:
    """The offered type the client prefers, `default` without Accept, None when nothing is acceptable."""
    ranges = parse_accept(header)
    if not ranges:
        return default
    best, best_q = None, 0.0
    for offer in offered:
        specificity, q = 0, 0.0
        for media_range in ranges:
            s = media_range.matches(offer)
            if s > specificity:
                specificity, q = s, media_range.q
        # Ties go to the earlier offered type: the server's preference (the default comes first).
        if q > best_q:
            best, best_q = offer, q
    return best


def content_type(chosen: str) -> str:
    """The Content-Type header value: UTF-8 stated for textual types."""
    if chosen.startswith(TEXTUAL):
        return f"{chosen}; charset=utf-8"
    return chosen


def is_alias(requested: str) -> bool:
    """A generic type (application/json …) that is answered under its format's own name."""
    return requested in RESULTS_ALIASES or requested in GRAPH_ALIASES


def canonical(requested: str, kind: str) -> str:
    """The Content-Type to answer a negotiated type with: the format's own media type."""
    fmt = (RESULTS_TYPES if kind == "results" else GRAPH_TYPES).get(requested)
    return media_type(fmt) if fmt is not None else requested


@dataclass(frozen=True)
class Choice:
    """The negotiated media types for each kind of result; None where the client accepts none."""

    results: str | None
    graph: str | None

    def acceptable(self) -> bool:
        return self.results is not None or self.graph is not None


def choose(accept: str | None, format_param: str | None) -> Choice:
    """Negotiate by the `format` parameter when given (a short name or a media type), else `Accept`."""
    if format_param:
        name = format_param.strip().lower()
        if name in FORMAT_NAMES:
            return Choice(*FORMAT_NAMES[name])
        return Choice(name if name in RESULTS_TYPES else None, name if name in GRAPH_TYPES else None)
    results = negotiate(accept, list(RESULTS_TYPES), DEFAULT_RESULTS)
    graph = negotiate(accept, list(GRAPH_TYPES), DEFAULT_GRAPH)
    return Choice(results, graph)
