"""Readable names for IRIs: their label in a chosen language, else English, else the short IRI."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..graph.vocabulary_labels import VOCABULARY_ZH
from ..namespaces import shorten
from .endpoint import Endpoint

BATCH = 200   # IRIs per label query, so that queries to remote endpoints stay small

# In the graphs or in the default graph: a store's default graph may be empty (Oxigraph's server),
# the union of the graphs (Virtuoso, the embedded store) or hold data of its own.
LABELS_QUERY = """
SELECT ?item ?label WHERE {
  VALUES ?item { %s }
  { ?item rdfs:label|skos:prefLabel ?label } UNION { GRAPH ?g { ?item rdfs:label|skos:prefLabel ?label } }
}
"""

def fetch_labels(endpoint: Endpoint, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The label of each IRI that has one: in `lang`, else English, else in any language; IRIs
    without one are left out, except the standard vocabularies' terms on Chinese pages."""
    wanted = sorted({iri for iri in iris if iri})
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(wanted), BATCH):
        values = " ".join(f"<{iri}>" for iri in wanted[start:start + BATCH])
        for solution in endpoint.query(LABELS_QUERY % values):
            label = solution["label"]
            language = getattr(label, "language", None) or ""
            # The smallest label wins, so that a resource with several labels always shows the same one.
            per_lang = found.setdefault(solution["item"].value, {})
            if language not in per_lang or label.value < per_lang[language]:
                per_lang[language] = label.value
    labels = {iri: per_lang.get(lang) or per_lang.get("en") or per_lang[min(per_lang)]
              for iri, per_lang in found.items()}
    if lang == "zh":
        labels |= {iri: VOCABULARY_ZH[iri] for iri in wanted if iri not in found and iri in VOCABULARY_ZH}
    return labels


def term_text(term, labels: dict[str, str]) -> str:
    """How a result cell reads in a table: a label, a short IRI, or a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
