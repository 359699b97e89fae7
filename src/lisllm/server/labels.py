"""Labels of IRIs in a chosen language, and links from graph IRIs to this server's pages."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import BASE, XSD, shorten
from .source import Source

LANGUAGES = ("en", "zh")
CHUNK = 200


def local_href(iri: str, lang: str = "en") -> str:
    """IRIs under https://w3id.org/lisllm/ dereference on this server at the same path."""
    if iri.startswith(BASE):
        path = "/" + iri[len(BASE):]
        return path + ("?lang=zh" if lang == "zh" else "")
    return iri


async def fetch_labels(source: Source, iris, lang: str) -> dict[str, str]:
    """The best label of each IRI: in `lang`, else English, else any; IRIs without one are left out."""
    wanted = sorted({i for i in iris if i})
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(wanted), CHUNK):
        values = " ".join(f"<{iri}>" for iri in wanted[start:start + CHUNK])
        rows = await source.select(
            "SELECT ?x ?label WHERE { VALUES ?x { %s } GRAPH ?g { ?x rdfs:label|skos:prefLabel ?label } }" % values)
        for row in rows:
            label = row["label"]
            found.setdefault(row["x"].value, {}).setdefault(getattr(label, "language", None) or "", label.value)
    return {iri: by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))
            for iri, by_lang in found.items()}


@dataclass
class Term:
    """An RDF term ready for a template: text to show, a link, and what kind of term it is."""

    kind: str                 # "iri", "literal", "bnode"
    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None

    @classmethod
    def of(cls, term, labels: dict[str, str], lang: str) -> Term:
        if isinstance(term, ox.NamedNode):
            return cls("iri", labels.get(term.value) or shorten(term.value).strip("<>"),
                       local_href(term.value, lang), term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            shown = None if datatype in (XSD + "string",) or term.language else shorten(datatype)
            return cls("literal", term.value, lang=term.language, datatype=shown)
        return cls("bnode", str(term))
