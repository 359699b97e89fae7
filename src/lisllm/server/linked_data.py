"""Dereferencing: every IRI under https://w3id.org/lisllm/ is served at the same path.

`/id/case/japan-nii` answers with HTML, Turtle, JSON-LD, RDF/XML or N-Triples by `Accept`, and
`/id/case/japan-nii.ttl` (…`.jsonld`, `.rdf`, `.nt`, `.html`) with one of them whatever `Accept`
says. There is no redirect: the IRI's own URL answers 200 with `Vary: Accept`, a
`Content-Location` naming the format-specific URL, and `Link: rel="alternate"` for every format.
Unknown IRIs give 404. The RDF is the resource's concise bounded description (its triples and
those of the blank nodes they lead to), across all named graphs; a named graph's IRI gives the
graph's triples.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from ..graph.jsonld import compact_triples
from ..namespaces import (
    BASE,
    GRAPH_ASSERTED,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_PREF_LABEL,
)
from ..sparql.formats import RESOURCE_FORMATS, media_type
from . import media
from .caching import Cached, GraphVersion, ResponseCache
from .labels import BlankNodes, Term, Value
from .results import used_prefixes
from .sending import entry_response, raw_headers
from .source import Source

# Media type -> format of a resource's description, in the order of the Link header and the page's
# download links, with the extension each is served under (/id/case/x.ttl).
RDF_FORMATS = {media_type(f): f for f in RESOURCE_FORMATS}
EXTENSIONS = {".html": "text/html"} | {"." + f.file_extension: media_type(f) for f in RESOURCE_FORMATS}
# Turtle comes first so that `curl` (Accept: */*) gets Turtle; browsers ask for text/html by name.
OFFERED = [media_type(RESOURCE_FORMATS[0]), "text/html", *list(RDF_FORMATS)[1:]]
INBOUND_LIMIT = 300


def preferred_language(request: Request) -> str:
    chosen = request.query_params.get("lang")
    if chosen in ("en", "zh"):
        return chosen
    accept_language = request.headers.get("accept-language", "").lower()
    first = accept_language.split(",")[0].strip()
    return "zh" if first.startswith("zh") else "en"


@dataclass
class Evidence:
    finding: Term
    quotes: list[Term] = field(default_factory=list)
    descriptions: list[Term] = field(default_factory=list)
    sources: list[Term] = field(default_factory=list)
    kinds: list[Term] = field(default_factory=list)
    notes: list[Term] = field(default_factory=list)


@dataclass
class Page:
    iri: str
    title: str
    labels: list[Term]
    types: list[Value]
    properties: list[tuple[Term, list[Value]]]
    inbound: list[tuple[Value, list[Term]]]     # who links here, by which property (or path of them)
    inbound_truncated: bool
    evidence_count: int
    graph_triples: int | None
    alternates: list[tuple[str, str, str]]       # (extension, media type, href)


HIT = (b"x-lisllm-cache", b"hit")
MISS = (b"x-lisllm-cache", b"miss")


class LinkedData:
    def __init__(self, source: Source, version: GraphVersion | None, templates, cache: ResponseCache | None = None):
        self.source = source
        self.version = version
        self.templates = templates
        self.cache = cache if cache is not None else ResponseCache(0)

    async def exists(self, iri: str) -> bool:
        rows = await self.source.select(
            "SELECT (1 AS ?x) WHERE { { GRAPH ?g { <%s> ?p ?o } } UNION { GRAPH ?g { ?s ?p <%s> } } "
            "UNION { GRAPH <%s> { ?s ?p ?o } } } LIMIT 1" % (iri, iri, iri))
        return bool(rows)

    async def handle(self, request: Request) -> Response:
        path = request.url.path
        lang = preferred_language(request)
        accepted = media.negotiate(request.headers.get("accept"), OFFERED, "text/turtle")
        # All the answer depends on, known before any look-up: a cached page costs no query.
        key = (self.version.version, "resource", path, accepted, lang)
        entry = self.cache.get(key, "page")
        state = HIT
        if entry is None:
            answer = await self._answer(request, path, lang)
            if not isinstance(answer, Cached):
                return answer
            entry, state = answer, MISS
            self.cache.put(key, entry)
        validators = self.version.headers(entry.etag)
        if self.version.not_modified(request, entry.etag):
            return Response(status_code=304, headers=_header_dict(entry) | validators)
        size = entry.size
        response = await entry_response(entry, request.headers, raw_headers(validators) + [state])
        if entry.size != size:
            self.cache.grew(key)            # its gzip form was made for this client
        return response

    async def _answer(self, request: Request, path: str, lang: str) -> Response | Cached:
        """The page, or RDF, of the resource at `path`, as a cacheable answer; or a 404 or 406."""
        iri = BASE + path.lstrip("/")
        chosen = None
        if not _valid_iri(iri) or not await self.exists(iri):
            for extension, offered_type in EXTENSIONS.items():
                if path.endswith(extension) and _valid_iri(iri[: -len(extension)]) \
                        and await self.exists(iri[: -len(extension)]):
                    iri, chosen = iri[: -len(extension)], offered_type
                    break
            else:
                return await self.not_found(request, iri)
        negotiated = chosen is None
        if negotiated:
            chosen = media.negotiate(request.headers.get("accept"), OFFERED, "text/turtle")
            if chosen is None:
                return PlainTextResponse("no acceptable media type; available: " + ", ".join(OFFERED) + "\n",
                                         status_code=406, headers={"Vary": "Accept"})
        lang = lang if chosen == "text/html" else ""
        base_path = "/" + iri[len(BASE):]
        headers = {
            "Link": ", ".join(f'<{base_path}{ext}>; rel="alternate"; type="{mt}"' for ext, mt in EXTENSIONS.items()),
            "Content-Location": base_path + _extension(chosen),
        }
        if negotiated:
            headers["Vary"] = "Accept, Accept-Language" if chosen == "text/html" else "Accept"
        etag = self.version.etag("resource", iri, chosen, lang)
        if chosen == "text/html":
            page = await self.page(iri, lang)
            body = self.templates.get_template("resource.html").render(page=page, lang=lang, path=base_path)
            return Cached(body.encode("utf-8"), "text/html; charset=utf-8", raw_headers(headers), etag)
        triples = await self.triples(iri)
        if chosen == "application/ld+json":   # compacted with the release's context, not expanded
            body = compact_triples(triples).encode("utf-8")
        else:
            body = ox.serialize(triples, format=RDF_FORMATS[chosen], prefixes=used_prefixes(triples))
        return Cached(body, media.content_type(chosen), raw_headers(headers), etag)

    async def not_found(self, request: Request, iri: str) -> Response:
        message = f"no resource {iri} in this graph"
        if media.negotiate(request.headers.get("accept"), ["text/plain", "text/html"], "text/plain") == "text/html":
            lang = preferred_language(request)
            html = self.templates.get_template("not_found.html").render(iri=iri, lang=lang, path=request.url.path)
            return HTMLResponse(html, status_code=404)
        return PlainTextResponse(message + "\n", status_code=404)

    async def triples(self, iri: str) -> list[ox.Triple]:
        if await self._graph_size(iri):
            return await self.source.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % iri)
        return await self.source.describe(iri)

    async def _graph_size(self, iri: str) -> int:
        rows = await self.source.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % iri)
        return int(rows[0]["n"].value) if rows else 0

    async def page(self, iri: str, lang: str) -> Page:
        outbound = await self.source.select("SELECT ?g ?p ?o WHERE { GRAPH ?g { <%s> ?p ?o } }" % iri)
        description = await self.source.describe(iri)
        inbound = await self.source.select(INBOUND_QUERY % (iri, INBOUND_LIMIT + 1))
        # Blank nodes that link here are described in one answer, with the named resources they
        # belong to, so that the links between them hold (a blank node has no name across queries).
        linking = await self.source.construct(INBOUND_BLANK_QUERY % iri)
        evidence_rows = await self.source.select(EVIDENCE_QUERY % iri)
        graph_triples = await self._graph_size(iri) or None

        iris = {iri}
        for row in outbound + inbound + evidence_rows:
            iris.update(term.value for term in row.values() if isinstance(term, ox.NamedNode))
        for triple in description + linking:
            iris.update(t.value for t in triple if isinstance(t, ox.NamedNode))
        labels = await self.source.labels(iris, lang)

        evidence = _evidence(evidence_rows, labels, lang)
        blank_nodes = BlankNodes(description, labels, lang)
        statements: dict[tuple[str, str], set[str]] = defaultdict(set)
        objects = {}
        for row in outbound:
            statements[(row["p"].value, str(row["o"]))].add(row["g"].value)
            objects[(row["p"].value, str(row["o"]))] = row["o"]
        types, properties = [], defaultdict(list)
        for (predicate, key), graphs in sorted(statements.items()):
            value = blank_nodes.value(objects[(predicate, key)])
            value.inferred, value.evidence = _only_inferred(graphs), evidence.get((predicate, key), [])
            if predicate == RDF_TYPE:
                types.append(value)
            else:
                properties[predicate].append(value)
        ordered = sorted(properties.items(), key=lambda item: (item[0] not in (RDFS_LABEL, SKOS_PREF_LABEL),
                                                               (labels.get(item[0]) or item[0]).lower()))
        own_labels = [v.term for p in (RDFS_LABEL, SKOS_PREF_LABEL) for v in properties.get(p, [])]
        links = [(Value(Term.of(row["s"], labels, lang)), [Term.of(row["p"], labels, lang)]) for row in inbound]
        links += BlankNodes(linking, labels, lang).links_to(ox.NamedNode(iri))
        links.sort(key=lambda link: (link[1][-1].iri, (link[0].words or link[0].term.text).lower()))
        return Page(
            iri=iri,
            title=labels.get(iri) or iri,
            labels=own_labels,
            types=sorted(types, key=lambda v: (v.inferred, v.term.text)),
            properties=[(Term.of(ox.NamedNode(p), labels, lang), values) for p, values in ordered],
            inbound=links[:INBOUND_LIMIT],
            inbound_truncated=len(links) > INBOUND_LIMIT,
            evidence_count=len({e.finding.iri for items in evidence.values() for e in items}),
            graph_triples=graph_triples,
            alternates=[(ext, mt, "/" + iri[len(BASE):] + ext) for ext, mt in EXTENSIONS.items()],
        )


INBOUND_QUERY = """
SELECT DISTINCT ?s ?p WHERE { GRAPH ?g { ?s ?p <%s> } FILTER(!isBlank(?s)) } ORDER BY ?p ?s LIMIT %d
"""
# The blank nodes that link to a resource, and every named resource they can be reached from in
# the same graph: its concise bounded description holds the blank nodes that belong to it. (A path
# cannot say "through blank nodes only"; BlankNodes.links_to keeps the chains that do.)
INBOUND_BLANK_QUERY = """
DESCRIBE ?b ?owner WHERE {
  GRAPH ?g { ?b ?p <%s> FILTER(isBlank(?b)) OPTIONAL { ?owner (!<urn:lisllm:none>)+ ?b FILTER(isIRI(?owner)) } }
}
"""
EVIDENCE_QUERY = """
SELECT ?finding ?p ?o ?quote ?description ?source ?kind ?note WHERE {
  GRAPH ?g { ?finding rdf:subject <%s> ; rdf:predicate ?p ; rdf:object ?o . }
  OPTIONAL { GRAPH ?g1 { ?finding lisllm:quote ?quote } }
  OPTIONAL { GRAPH ?g2 { ?finding dcterms:description ?description } }
  OPTIONAL { GRAPH ?g3 { ?finding prov:wasDerivedFrom ?source } }
  OPTIONAL { GRAPH ?g4 { ?finding lisllm:evidenceKind ?kind } }
  OPTIONAL { GRAPH ?g5 { ?finding lisllm:codingNote ?note } }
}
"""


def _evidence(rows, labels, lang) -> dict[tuple[str, str], list[Evidence]]:
    """Findings per claimed statement (predicate, object), each with its quotes, sources and kind."""
    findings: dict[str, Evidence] = {}
    claims: dict[str, tuple[str, str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        key = row["finding"].value
        item = findings.setdefault(key, Evidence(Term.of(row["finding"], labels, lang)))
        claims[key] = (row["p"].value, str(row["o"]))
        for name, bucket in (("quote", item.quotes), ("description", item.descriptions),
                             ("source", item.sources), ("kind", item.kinds), ("note", item.notes)):
            term = row.get(name)
            if term is not None and (key, name, str(term)) not in seen:
                seen.add((key, name, str(term)))
                bucket.append(Term.of(term, labels, lang))
    grouped: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for key, item in sorted(findings.items()):
        grouped[claims[key]].append(item)
    return grouped


def _header_dict(entry: Cached) -> dict[str, str]:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in entry.headers}


def _only_inferred(graphs: set[str]) -> bool:
    return GRAPH_INFERRED in graphs and not graphs & {GRAPH_ASSERTED, GRAPH_ONTOLOGY}


def _extension(wanted: str) -> str:
    return next(ext for ext, mt in EXTENSIONS.items() if mt == wanted)


def _valid_iri(iri: str) -> bool:
    # Characters that cannot stand in a SPARQL IRI reference would break the look-up queries.
    if any(c in iri for c in '<>"{}|^`\\ \n\t') or not iri.startswith(BASE):
        return False
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True
