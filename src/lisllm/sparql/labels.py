"""Readable names for IRIs: their label in a chosen language, else English, else the short IRI."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import shorten
from .endpoint import Endpoint

BATCH = 200   # IRIs per label query, so that queries to remote endpoints stay small

LABELS_QUERY = """
SELECT ?item ?label WHERE {
  VALUES ?item { %s }
  ?item rdfs:label|skos:prefLabel ?label .
  FILTER(lang(?label) IN ("%s", "en"))
}
"""


def fetch_labels(endpoint: Endpoint, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The label of each IRI that has one, in `lang` if it exists, else in English."""
    wanted = sorted(set(iris))
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(wanted), BATCH):
        values = " ".join(f"<{iri}>" for iri in wanted[start:start + BATCH])
        for solution in endpoint.query(LABELS_QUERY % (values, lang)):
            label = solution["label"]
            # The smallest label wins, so that a resource with several labels always shows the same one.
            per_lang = found.setdefault(solution["item"].value, {})
            if label.language not in per_lang or label.value < per_lang[label.language]:
                per_lang[label.language] = label.value
    return {iri: per_lang.get(lang) or per_lang["en"] for iri, per_lang in found.items()}


def term_text(term, labels: dict[str, str]) -> str:
    """How a result cell reads in a table: a label, a short IRI, or a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
