"""Media types of SPARQL results and RDF, and content negotiation by `Accept` or `format`.

Negotiation is done before the query runs, once for each kind of result (solutions/boolean and
graph), because the kind is only known after parsing; the worker then picks the one that applies.
"""

from __future__ import annotations

from dataclasses import dataclass

# Server preference order matters: it breaks ties between equally acceptable types.
RESULTS_TYPES: dict[str, str] = {       # media type -> pyoxigraph QueryResultsFormat name
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/json": "JSON",
    "application/xml": "XML",
    "text/xml": "XML",
}
GRAPH_TYPES: dict[str, str] = {         # media type -> pyoxigraph RdfFormat name
    "text/turtle": "TURTLE",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "application/n-triples": "N_TRIPLES",
    "application/trig": "TRIG",
    "application/n-quads": "N_QUADS",
    "application/json": "JSON_LD",
    "application/xml": "RDF_XML",
    "text/xml": "RDF_XML",
    "text/plain": "N_TRIPLES",       # the historical N-Triples type, still sent by some clients
}
# What the `format` parameter accepts (short names for browsers and curl), per kind of result.
FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf": (None, "application/rdf+xml"),
    "nt": (None, "application/n-triples"),
    "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "trig": (None, "application/trig"),
    "nq": (None, "application/n-quads"),
    "nquads": (None, "application/n-quads"),
    "n-quads": (None, "application/n-quads"),
}
# Types answered with the canonical type's name in Content-Type.
CANONICAL = {
    "application/json": {"results": "application/sparql-results+json", "graph": "application/ld+json"},
    "application/xml": {"results": "application/sparql-results+xml", "graph": "application/rdf+xml"},
    "text/xml": {"results": "application/sparql-results+xml", "graph": "application/rdf+xml"},
    "text/plain": {"graph": "application/n-triples"},
}
DEFAULT_RESULTS = "application/sparql-results+json"
DEFAULT_GRAPH = "text/turtle"
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
    for media_type in offered:
        specificity, q = 0, 0.0
        for media_range in ranges:
            s = media_range.matches(media_type)
            if s > specificity:
                specificity, q = s, media_range.q
        # Ties go to the earlier offered type: the server's preference (the default comes first).
        if q > best_q:
            best, best_q = media_type, q
    return best


def content_type(media_type: str) -> str:
    """The Content-Type header value: UTF-8 stated for textual types."""
    if media_type.startswith(TEXTUAL):
        return f"{media_type}; charset=utf-8"
    return media_type


def canonical(media_type: str, kind: str) -> str:
    return CANONICAL.get(media_type, {}).get(kind, media_type)


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
