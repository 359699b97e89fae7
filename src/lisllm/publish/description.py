"""VoID and DCAT descriptions of a release, with statistics computed from the data itself."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..graph.about import DATASET, FACTS, LICENSE
from ..graph.store import select
from ..namespaces import BASE, DCAT, DCTERMS, FOAF, RDF_TYPE, SPDX, VOID, XSD

MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Distribution:
    path: str          # relative to the release root
    media_type: str    # e.g. "text/turtle"
    byte_size: int
    sha256: str
    title: str


def statistics(store: ox.Store) -> dict:
    """Counts over the union of the graphs, as VoID defines them."""
    def one(query: str) -> int:
        return int(select(store, query)[0]["n"].value)

    return {
        "triples": one("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"),
        "entities": one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"),
        "subjects": one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "objects": one("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "properties": one("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        "classes": one("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"),
        "class_partitions": [
            (row["c"].value, int(row["n"].value))
            for row in select(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } "
                                     "GROUP BY ?c ORDER BY ?c")
        ],
        "property_partitions": [
            (row["p"].value, int(row["n"].value))
            for row in select(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                                     "{ ?s ?p ?o } } GROUP BY ?p ORDER BY ?p")
        ],
    }


def describe_dataset(stats: dict, *, version: str, issued: str, base_url: str,
                     distributions: list[Distribution], sparql_endpoint: str | None,
                     examples: list[str], period=None, countries=()) -> list[ox.Triple]:
    """Triples of the VoID + DCAT description (partitions as blank nodes, one per class/property)."""
    out: list[ox.Triple] = []
    dataset = ox.NamedNode(DATASET)

    def add(s, p: str, o) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    def lit(value, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
        if lang:
            return ox.Literal(str(value), language=lang)
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(str(value))

    add(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    add(dataset, RDF_TYPE, ox.NamedNode(DCAT + "Dataset"))
    # The same facts as the schema.org Dataset of the home pages (lisllm.graph.about).
    for lang in ("en", "zh"):
        add(dataset, DCTERMS + "title", lit(FACTS["title"][lang], lang=lang))
        add(dataset, DCTERMS + "description", lit(FACTS["description"][lang], lang=lang))
    for keyword in FACTS["keywords"]:
        add(dataset, DCAT + "keyword", lit(keyword, lang="en"))
    creator = ox.BlankNode()
    add(dataset, DCTERMS + "creator", creator)
    add(creator, RDF_TYPE, ox.NamedNode(FOAF + "Organization"))
    add(creator, FOAF + "name", lit(FACTS["creator"]))
    if period:
        span = ox.BlankNode()
        add(dataset, DCTERMS + "temporal", span)
        add(span, RDF_TYPE, ox.NamedNode(DCTERMS + "PeriodOfTime"))
        add(span, DCAT + "startDate", lit(period[0], "gYear"))
        add(span, DCAT + "endDate", lit(period[1], "gYear"))
    for iri, _label, _same in countries:
        add(dataset, DCTERMS + "spatial", ox.NamedNode(iri))
    add(dataset, DCTERMS + "license", ox.NamedNode(LICENSE))
    add(dataset, DCTERMS + "issued", lit(issued, "date"))
    add(dataset, DCAT + "version", lit(version))
    add(dataset, "http://www.w3.org/2002/07/owl#versionInfo", lit(version))
    add(dataset, VOID + "uriSpace", lit(BASE))
    add(dataset, VOID + "vocabulary", ox.NamedNode(BASE + "ontology/"))
    add(dataset, FOAF + "homepage", ox.NamedNode(base_url))
    add(dataset, DCAT + "landingPage", ox.NamedNode(base_url))
    if sparql_endpoint:
        add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(sparql_endpoint))
    for example in examples:
        add(dataset, VOID + "exampleResource", ox.NamedNode(example))
    for key, prop in (("triples", "triples"), ("entities", "entities"), ("subjects", "distinctSubjects"),
                      ("objects", "distinctObjects"), ("properties", "properties"), ("classes", "classes")):
        add(dataset, VOID + prop, lit(stats[key], "integer"))
    for cls, count in stats["class_partitions"]:
        part = ox.BlankNode()
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", ox.NamedNode(cls))
        add(part, VOID + "entities", lit(count, "integer"))
    for prop, count in stats["property_partitions"]:
        part = ox.BlankNode()
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", ox.NamedNode(prop))
        add(part, VOID + "triples", lit(count, "integer"))
    for dist in distributions:
        node = ox.NamedNode(base_url + dist.path)
        add(dataset, DCAT + "distribution", node)
        add(dataset, VOID + "dataDump", node)
        add(node, RDF_TYPE, ox.NamedNode(DCAT + "Distribution"))
        add(node, DCTERMS + "title", lit(dist.title, lang="en"))
        add(node, DCAT + "downloadURL", node)
        add(node, DCAT + "mediaType", ox.NamedNode(MEDIA_TYPES + dist.media_type))
        add(node, DCAT + "byteSize", lit(dist.byte_size, "nonNegativeInteger"))
        add(node, DCTERMS + "license", ox.NamedNode(LICENSE))
        checksum = ox.BlankNode()
        add(node, SPDX + "checksum", checksum)
        add(checksum, RDF_TYPE, ox.NamedNode(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", ox.NamedNode(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", lit(dist.sha256, "hexBinary"))
    return out
