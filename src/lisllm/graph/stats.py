"""Counts that describe a built graph: triples per graph, classes, individuals, inferred roles."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, shorten
from ..text_table import text_table
from .store import select

GRAPHS = {"ontology": GRAPH_ONTOLOGY, "asserted": GRAPH_ASSERTED, "inferred": GRAPH_INFERRED}

ROLES_QUERY = """
SELECT ?institution ?institutionLabel ?countryLabel ?role ?roleLabel WHERE {
  GRAPH <%s> { ?institution a ?role . }
  ?role rdfs:subClassOf lisllm:LLMRnDParticipant .
  OPTIONAL { ?institution rdfs:label ?institutionLabel FILTER(lang(?institutionLabel) = "%s") }
  OPTIONAL { ?institution lisllm:inCountry/rdfs:label ?countryLabel FILTER(lang(?countryLabel) = "%s") }
  OPTIONAL { ?role rdfs:label ?roleLabel FILTER(lang(?roleLabel) = "%s") }
} ORDER BY ?countryLabel ?institutionLabel
"""

INDIVIDUALS_QUERY = """
SELECT ?class (COUNT(DISTINCT ?individual) AS ?count) WHERE {
  GRAPH ?g { ?individual a ?class . }
  FILTER(?g != <%s> && STRSTARTS(STR(?class), STR(lisllm:)))
} GROUP BY ?class ORDER BY ?class
""" % GRAPH_ONTOLOGY


@dataclass
class Stats:
    triples: dict[str, int]
    classes: int
    properties: int
    individuals: dict[str, int]
    roles: list[tuple[str, str, str]]   # (institution, country, role) labels


def graph_stats(store: ox.Store, lang: str = "en") -> Stats:
    triples = {
        name: _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        for name, iri in GRAPHS.items()
    }
    classes = _count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> "
                            "{ ?c a owl:Class FILTER(STRSTARTS(STR(?c), STR(lisllm:))) } }")
    properties = _count(store, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> "
                               "{ VALUES ?t { owl:ObjectProperty owl:DatatypeProperty } ?p a ?t "
                               "FILTER(STRSTARTS(STR(?p), STR(lisllm:))) } }")
    individuals = {
        shorten(row["class"].value): int(row["count"].value) for row in select(store, INDIVIDUALS_QUERY)
    }
    roles = [
        (
            _text(row["institutionLabel"], row["institution"]),
            _text(row["countryLabel"], None),
            _text(row["roleLabel"], row["role"]),
        )
        for row in select(store, ROLES_QUERY % (GRAPH_INFERRED, lang, lang, lang))
    ]
    return Stats(triples, classes, properties, individuals, roles)


def format_stats(stats: Stats) -> str:
    lines = ["Triples"]
    for name, count in stats.triples.items():
        lines.append(f"  {name:<10} {count:>7}")
    lines.append(f"  {'total':<10} {sum(stats.triples.values()):>7}")
    lines.append(f"Ontology: {stats.classes} classes, {stats.properties} properties")
    lines.append("Individuals per class (asserted and inferred)")
    for name, count in stats.individuals.items():
        lines.append(f"  {name:<36} {count:>5}")
    lines.append("Inferred roles (case model, Figure 1)")
    lines.extend("  " + line for line in text_table(("institution", "country", "role"), stats.roles))
    if not stats.roles:
        lines.append("  (none: no institution meets a role definition)")
    return "\n".join(lines)


def _count(store: ox.Store, query: str) -> int:
    return int(select(store, query)[0]["n"].value)


def _text(label, fallback) -> str:
    if label is not None:
        return label.value
    return shorten(fallback.value) if fallback is not None else ""
