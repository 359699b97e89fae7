"""The SPARQL 1.1 Service Description at GET /sparql, with VoID statistics and the example queries.

Statistics are counted once per server run (the graph does not change under a running server).
Example queries are the catalogue (`queries/*.rq`), each described as a SHACL SPARQL executable
with `schema:target` the endpoint, the convention of public endpoints' example sets.
"""

from __future__ import annotations

import hashlib
import logging
import re

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..errors import LisllmError
from ..graph.dist import TRIG_FILE, TURTLE_FILE
from ..namespaces import (
    BASE,
    DCTERMS,
    FORMATS,
    GRAPH_ASSERTED,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    LISLLM,
    RDF_TYPE,
    RDFS,
    SCHEMA,
    SD,
    SH,
    VOID,
)
from ..sparql.catalogue import CatalogueQuery, load_catalogue
from ..sparql.formats import GRAPH_FORMATS, RESULTS_FORMATS, W3C_FORMAT_NAMES, media_type
from ..sparql.remote import with_prefixes
from . import media
from .caching import GraphVersion
from .results import used_prefixes
from .source import Source

DESCRIPTION_TYPES = [media_type(f) for f in GRAPH_FORMATS]
GRAPHS = [GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED]
FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
EXAMPLE_RESOURCE = BASE + "id/case/japan-nii"

log = logging.getLogger("lisllm.serve")


def catalogue_or_empty(folder) -> list[CatalogueQuery]:
    """The catalogue, or none when the folder is missing or a query file is broken (logged)."""
    try:
        return load_catalogue(folder)
    except LisllmError as exc:
        log.warning("example queries left out: %s", exc)
        return []


def query_form(query: CatalogueQuery) -> str:
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    match = FORM.search(body)
    return match.group(1).lower() if match else "select"


class ServiceDescription:
    def __init__(self, source: Source, version: GraphVersion, catalogue: list[CatalogueQuery],
                 allow_service: frozenset[str], has_dumps: bool):
        self.source = source
        self.version = version
        self.catalogue = catalogue
        self.allow_service = allow_service
        self.has_dumps = has_dumps
        self._statistics: dict[str, dict[str, int]] | None = None
        self.catalogue_digest = hashlib.sha256(
            "\x00".join(q.text for q in catalogue).encode("utf-8")).hexdigest()[:16]

    async def statistics(self) -> dict[str, dict[str, int]]:
        if self._statistics is None:
            stats = {}
            for graph in GRAPHS:
                rows = await self.source.select(
                    "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) "
                    "(COUNT(DISTINCT ?p) AS ?properties) "
                    "WHERE { GRAPH <%s> { ?s ?p ?o } }" % graph)
                classes = await self.source.select(
                    "SELECT (COUNT(DISTINCT ?c) AS ?classes) WHERE { GRAPH <%s> { ?x a ?c } }" % graph)
                stats[graph] = {name: int(rows[0][name].value) for name in ("triples", "subjects", "properties")}
                stats[graph]["classes"] = int(classes[0]["classes"].value)
            union = await self.source.select(
                "SELECT (COUNT(*) AS ?triples) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                "VALUES ?g { %s } } }" % " ".join(f"<{g}>" for g in GRAPHS))
            stats["union"] = {"triples": int(union[0]["triples"].value)}
            self._statistics = stats
        return self._statistics

    async def triples(self, base_url: str) -> list[ox.Triple]:
        endpoint = ox.NamedNode(base_url + "sparql")
        stats = await self.statistics()
        out: list[ox.Triple] = []

        def add(s, p, o):
            out.append(ox.Triple(s, ox.NamedNode(p), o))

        def iri(value: str) -> ox.NamedNode:
            return ox.NamedNode(value)

        def count(value: int) -> ox.Literal:
            return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))

        add(endpoint, RDF_TYPE, iri(SD + "Service"))
        add(endpoint, SD + "endpoint", endpoint)
        add(endpoint, SD + "supportedLanguage", iri(SD + "SPARQL11Query"))
        add(endpoint, DCTERMS + "title", ox.Literal("lisllm SPARQL endpoint (read-only)", language="en"))
        for fmt in RESULTS_FORMATS + GRAPH_FORMATS:
            add(endpoint, SD + "resultFormat", iri(FORMATS + W3C_FORMAT_NAMES[fmt]))
        add(endpoint, SD + "feature", iri(SD + "UnionDefaultGraph"))
        if self.allow_service:
            add(endpoint, SD + "feature", iri(SD + "BasicFederatedQuery"))
        add(endpoint, SD + "defaultEntailmentRegime", iri("http://www.w3.org/ns/entailment/Simple"))
        dataset = ox.BlankNode("dataset")
        add(endpoint, SD + "defaultDataset", dataset)
        add(dataset, RDF_TYPE, iri(SD + "Dataset"))
        add(dataset, RDF_TYPE, iri(VOID + "Dataset"))
        add(dataset, DCTERMS + "title", ox.Literal("lisllm knowledge graph", language="en"))
        add(dataset, DCTERMS + "license", iri("https://creativecommons.org/licenses/by/4.0/"))
        add(dataset, VOID + "sparqlEndpoint", endpoint)
        add(dataset, VOID + "uriSpace", ox.Literal(BASE))
        add(dataset, VOID + "vocabulary", iri(LISLLM))
        add(dataset, VOID + "exampleResource", iri(EXAMPLE_RESOURCE))
        add(dataset, VOID + "triples", count(stats["union"]["triples"]))
        if self.has_dumps:
            for name in (TRIG_FILE, TURTLE_FILE):
                add(dataset, VOID + "dataDump", iri(base_url + "dumps/" + name))
        default_graph = ox.BlankNode("default-graph")
        add(dataset, SD + "defaultGraph", default_graph)
        add(default_graph, RDF_TYPE, iri(SD + "Graph"))
        add(default_graph, RDFS + "comment", ox.Literal("The union of the named graphs.", language="en"))
        add(default_graph, VOID + "triples", count(stats["union"]["triples"]))
        for graph in GRAPHS:
            short = graph.rsplit("/", 1)[1]
            named, described = ox.BlankNode(f"named-{short}"), ox.BlankNode(f"graph-{short}")
            add(dataset, SD + "namedGraph", named)
            add(named, RDF_TYPE, iri(SD + "NamedGraph"))
            add(named, SD + "name", iri(graph))
            add(named, SD + "graph", described)
            add(described, RDF_TYPE, iri(SD + "Graph"))
            add(described, RDF_TYPE, iri(VOID + "Dataset"))
            for key, prop in (("triples", "triples"), ("subjects", "distinctSubjects"),
                              ("properties", "properties"), ("classes", "classes")):
                add(described, VOID + prop, count(stats[graph][key]))
        for query in self.catalogue:
            example = iri(f"{base_url}query#{query.id}")
            form = query_form(query)
            add(example, RDF_TYPE, iri(SH + "SPARQLExecutable"))
            add(example, RDF_TYPE, iri(SH + f"SPARQL{form.capitalize()}Executable"))
            add(example, DCTERMS + "identifier", ox.Literal(query.id))
            for lang, title in query.titles.items():
                add(example, RDFS + "label", ox.Literal(title, language=lang))
            add(example, RDFS + "comment", ox.Literal(query.description, language="en"))
            add(example, SH + form, ox.Literal(with_prefixes(_body(query.text))))
            add(example, SCHEMA + "target", endpoint)
            for question in query.questions:
                add(example, SCHEMA + "keywords", ox.Literal(question))
        return out

    async def respond(self, request: Request) -> Response:
        formats = [f for f in request.query_params.getlist("format")]
        accept = request.headers.get("accept")
        if formats:
            chosen = media.choose(None, formats[0]).graph
        else:
            if media.negotiate(accept, DESCRIPTION_TYPES + ["text/html"], "text/turtle") == "text/html":
                # A browser opening the endpoint gets the query UI.
                return RedirectResponse("/query", status_code=303, headers={"Vary": "Accept"})
            chosen = media.negotiate(accept, DESCRIPTION_TYPES, "text/turtle")
        if chosen is None:
            return Response("no acceptable media type; available: " + ", ".join(DESCRIPTION_TYPES) + "\n",
                            status_code=406, media_type="text/plain")
        base_url = str(request.base_url)
        etag = self.version.etag("service-description", base_url, chosen, self.catalogue_digest)
        headers = {"Vary": "Accept"} | self.version.headers(etag)
        if self.version.not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        triples = await self.triples(base_url)
        prefixes = used_prefixes(triples) | {"sd": SD, "void": VOID, "sh": SH, "formats": FORMATS}
        body = ox.serialize(triples, format=media.GRAPH_TYPES[chosen], prefixes=prefixes)
        return Response(body, media_type=media.content_type(chosen), headers=headers)


def _body(text: str) -> str:
    """The query without its metadata header (the leading comment lines)."""
    lines = text.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"
