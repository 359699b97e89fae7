"""The sources behind a row of query results, for citing in the report.

A row cites:
1. the sources of every finding behind a fact the row shows: a finding whose subject is in the row
   (an institution, directly or through its case, or any other resource) and whose object is in
   the row or is a narrower concept of one in the row;
2. the sources from which the row's other resources are described (outputs, partners, platforms,
   recommendations, …: everything but cases, institutions, countries, concepts and classes, whose
   descriptions say what they are rather than support the row's facts);
3. when neither gives anything, the sources from which the row's concepts are described (a
   motivation that no case has is cited to the seed section that names it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from ..sparql.endpoint import Endpoint

FINDINGS_QUERY = """
SELECT ?subject ?object ?source WHERE {
  ?finding a lisllm:Finding ; rdf:subject ?subject ; rdf:object ?object ; prov:wasDerivedFrom ?source .
}
"""
DESCRIPTIONS_QUERY = """
SELECT ?resource ?source WHERE {
  ?resource prov:wasDerivedFrom ?source .
  FILTER NOT EXISTS { ?resource a lisllm:Finding }
}
"""
CASES_QUERY = "SELECT ?case ?institution ?country WHERE { ?case a lisllm:Case ; lisllm:institution ?institution . " \
              "OPTIONAL { ?case lisllm:inCountry ?country } }"
BROADER_QUERY = "SELECT ?concept ?ancestor WHERE { ?concept skos:broader+ ?ancestor }"
# Resources whose description is about what they are, not evidence for a row's facts.
BACKGROUND_QUERY = """
SELECT DISTINCT ?resource WHERE {
  { ?resource skos:inScheme ?scheme } UNION { ?resource a skos:Collection } UNION { ?resource a lisllm:Case }
  UNION { ?resource a lisllm:Country } UNION { [] lisllm:institution ?resource } UNION { ?resource a owl:Class }
  UNION { ?resource a lisllm:LogicModelStage }
}
"""
SOURCES_QUERY = """
SELECT ?source ?label ?enLabel ?title ?url ?accessed WHERE {
  { ?source a lisllm:SourceDocument } UNION { ?source a lisllm:ExternalSource }
  OPTIONAL { ?source rdfs:label ?label FILTER(lang(?label) = "%s") }
  OPTIONAL { ?source rdfs:label ?enLabel FILTER(lang(?enLabel) = "en") }
  OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?source lisllm:accessed ?accessed }
}
"""


@dataclass(frozen=True)
class Source:
    iri: str
    label: str
    title: str | None
    url: str | None
    accessed: str | None


class Evidence:
    """Everything needed to cite rows, loaded with a handful of queries."""

    def __init__(self, endpoint: Endpoint, lang: str):
        self.findings: dict[object, dict[object, set[str]]] = defaultdict(lambda: defaultdict(set))
        for row in endpoint.query(FINDINGS_QUERY):
            self.findings[row["subject"]][row["object"]].add(row["source"].value)
        self.described: dict[object, set[str]] = defaultdict(set)
        for row in endpoint.query(DESCRIPTIONS_QUERY):
            self.described[row["resource"]].add(row["source"].value)
        self.institution_of: dict[object, object] = {}
        self.country_of: dict[object, object] = {}
        for row in endpoint.query(CASES_QUERY):
            self.institution_of[row["case"]] = row["institution"]
            if row["country"] is not None:
                self.country_of[row["case"]] = row["country"]
        self.ancestors: dict[object, set] = defaultdict(set)
        for row in endpoint.query(BROADER_QUERY):
            self.ancestors[row["concept"]].add(row["ancestor"])
        self.background = {row["resource"] for row in endpoint.query(BACKGROUND_QUERY)}
        self.sources: dict[str, Source] = {}
        for row in endpoint.query(SOURCES_QUERY % lang):
            label = row["label"] if row["label"] is not None else row["enLabel"]
            self.sources.setdefault(row["source"].value, Source(
                iri=row["source"].value,
                label=label.value if label is not None else row["source"].value,
                title=_value(row["title"]),
                url=_value(row["url"]),
                accessed=_value(row["accessed"]),
            ))

    def cite(self, terms: list) -> list[str]:
        """Source IRIs behind a row of result terms (None for unbound cells), in a stable order."""
        present = [t for t in terms if t is not None]
        in_row = set(present)
        subjects = in_row | {self.institution_of[t] for t in present if t in self.institution_of}
        found: set[str] = set()
        for subject in subjects:
            for obj, sources in self.findings.get(subject, {}).items():
                if obj in in_row or self.ancestors.get(obj, set()) & in_row:
                    found |= sources
        for term in present:
            if isinstance(term, ox.NamedNode) and term not in self.background:
                found |= self.described.get(term, set())
        if not found:
            for term in present:
                found |= self.described.get(term, set())
        return sorted(found)


def _value(term) -> str | None:
    return term.value if term is not None else None
