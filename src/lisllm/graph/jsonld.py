"""JSON-LD with the project's context.

pyoxigraph writes expanded JSON-LD only (full IRIs, no `@context`), which reads badly and makes
every file a wall of IRIs. This module gives the one context the release publishes
(`context.jsonld`: the project's prefixes and a few terms) and compacts graphs with it through
rdflib. The context is written inline in every file too, so each file parses on its own, offline,
to the same graph (tests/publish/test_jsonld.py).
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import rdflib

from ..namespaces import PREFIXES, WIKIDATA_ENTITY

# Terms for the properties a reader of a resource meets first; the rest are prefixed names.
TERMS = {
    "sameAs": {"@id": "schema:sameAs", "@type": "@id"},
    "homepage": {"@id": "foaf:homepage", "@type": "@id"},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "landingPage": {"@id": "dcat:landingPage", "@type": "@id"},
}


def context() -> dict:
    """The value of `@context`: prefixes (with Wikidata's entities as `wd:`) and terms."""
    return {**PREFIXES, "wd": WIKIDATA_ENTITY, **TERMS}


def context_document() -> str:
    return json.dumps({"@context": context()}, ensure_ascii=False, indent=2) + "\n"


def compact_triples(triples: list[ox.Triple]) -> str:
    """A graph as compacted JSON-LD with the inline context."""
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return _serialize(graph)


def compact_quads(quads: list[ox.Quad]) -> str:
    """Named graphs as compacted JSON-LD (one `@graph` entry per named graph)."""
    dataset = rdflib.Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return _serialize(dataset)


def _serialize(graph) -> str:
    return graph.serialize(format="json-ld", context=context(), indent=2, ensure_ascii=False)
