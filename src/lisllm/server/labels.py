"""RDF terms as the templates show them: labelled, and linked to this server's pages."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import BASE, XSD, shorten


def local_href(iri: str, lang: str = "en") -> str:
    """IRIs under https://w3id.org/lisllm/ dereference on this server at the same path."""
    if iri.startswith(BASE):
        path = "/" + iri[len(BASE):]
        return path + ("?lang=zh" if lang == "zh" else "")
    return iri


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
