"""The query catalogue described in RDF, built from the query headers whenever it is needed.

Each query becomes `…/id/query/<id>`, typed `sh:SPARQLExecutable` (and the SHACL subclass for its
form, whose property `sh:select` / `sh:ask` / `sh:construct` holds the query text with its PREFIX
declarations, ready to run anywhere) and `schema:SoftwareSourceCode`, with `dcterms:title` and
`rdfs:label` in en and zh, `dcterms:description`, `dcterms:identifier`, and `dcterms:subject` the
research question(s) it serves. Nothing is written to disk: the serve and publish code call
`catalogue_triples` with the research questions of the graph they serve.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputErrors, LisllmError, Location
from ..namespaces import DCTERMS, PREFIXES, RDF_TYPE, RDFS_LABEL, SCHEMA, SH
from .catalogue import CatalogueQuery
from .endpoint import Endpoint, LocalEndpoint
from .text import ASK, CONSTRUCT, DESCRIBE, SELECT, check_syntax, strip_header, with_prefixes

QUERY_NS = PREFIXES["query"]
_FORMS = {
    SELECT: ("SPARQLSelectExecutable", "select"),
    ASK: ("SPARQLAskExecutable", "ask"),
    CONSTRUCT: ("SPARQLConstructExecutable", "construct"),
    # SHACL has no DESCRIBE executable; the text goes into schema:text.
    DESCRIBE: (None, None),
}

QUESTIONS_QUERY = """
SELECT ?question ?identifier WHERE { ?question a lisllm:ResearchQuestion ; dcterms:identifier ?identifier }
"""


def query_iri(query: CatalogueQuery) -> ox.NamedNode:
    return ox.NamedNode(QUERY_NS + query.id)


def research_questions(source: ox.Store | Endpoint) -> dict[str, ox.NamedNode]:
    """The research questions of a built graph (a store or an endpoint), by identifier (`RQ1` → IRI)."""
    endpoint = LocalEndpoint(source) if isinstance(source, ox.Store) else source
    return {row["identifier"].value: row["question"] for row in endpoint.query(QUESTIONS_QUERY)}


def runnable_text(query: CatalogueQuery) -> str:
    """The query without its header, with PREFIX declarations for every prefix it uses."""
    return with_prefixes(strip_header(query.text))


def catalogue_triples(catalogue: list[CatalogueQuery], questions: dict[str, ox.NamedNode]) -> list[ox.Triple]:
    """RDF triples describing every query; `rq` values must name questions in `questions`."""
    triples: list[ox.Triple] = []
    errors: list[LisllmError] = []
    for query in catalogue:
        unknown = [q for q in query.questions if q not in questions]
        if unknown:
            errors.append(LisllmError(
                f"rq names {', '.join(unknown)}, not a research question of the graph "
                f"(known: {', '.join(sorted(questions)) or 'none'})", Location(query.path, 1)))
            continue
        triples.extend(_describe(query, questions))
    if errors:
        raise InputErrors(errors)
    return triples


def _describe(query: CatalogueQuery, questions: dict[str, ox.NamedNode]) -> list[ox.Triple]:
    node = query_iri(query)
    form = check_syntax(query.text, query.path)
    shape_class, text_property = _FORMS[form]
    types = [SH + "SPARQLExecutable", SCHEMA + "SoftwareSourceCode"]
    if shape_class:
        types.append(SH + shape_class)
    text_predicate = SH + text_property if text_property else SCHEMA + "text"

    def add(predicate: str, obj) -> None:
        triples.append(ox.Triple(node, ox.NamedNode(predicate), obj))

    triples: list[ox.Triple] = []
    for type_iri in types:
        add(RDF_TYPE, ox.NamedNode(type_iri))
    add(DCTERMS + "identifier", ox.Literal(query.id))
    for lang, title in sorted(query.titles.items()):
        add(DCTERMS + "title", ox.Literal(title, language=lang))
        add(RDFS_LABEL, ox.Literal(title, language=lang))
    add(DCTERMS + "description", ox.Literal(query.description, language="en"))
    for question in query.questions:
        add(DCTERMS + "subject", questions[question])
    add(SCHEMA + "programmingLanguage", ox.Literal("SPARQL"))
    add(text_predicate, ox.Literal(runnable_text(query)))
    return triples
