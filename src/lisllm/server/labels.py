"""RDF terms as the templates show them: labelled, linked to this server's pages, and blank nodes
in words (a period as its years, a labelled node by its label, a list as its items, anything else
as its properties), never by their `_:` identifiers, which name nothing a reader can follow."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import BASE, DCAT, RDF, RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL, XSD, shorten

NESTING_LIMIT = 8
LABELS = (RDFS_LABEL, SKOS_PREF_LABEL)
LIST_STEPS = (RDF + "first", RDF + "rest")
# What a blank node with no description of its own (or one nested too deep) is called.
UNNAMED = {"en": "an unnamed node", "zh": "未命名节点"}
ISO_DATE = re.compile(r"(-?\d{4})(?:-(\d\d))?(?:-(\d\d))?$")


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
        return cls("bnode", UNNAMED.get(lang, UNNAMED["en"]))


@dataclass
class Value:
    """A statement's object as a page shows it: a term, or a blank node as words (`words`), as its
    properties (`nested`) or as an RDF list's members (`items`)."""

    term: Term
    inferred: bool = False
    evidence: list = field(default_factory=list)
    words: str | None = None
    nested: list[tuple[Term, list[Value]]] = field(default_factory=list)
    items: list[Value] | None = None


def date_words(literal: ox.Literal, lang: str) -> str:
    """An xsd:gYear, gYearMonth or date as the page's language writes it: 2021 or 2021年3月."""
    match = ISO_DATE.match(literal.value)
    if lang != "zh" or match is None:
        return literal.value
    year, month, day = match.groups()
    return (f"{int(year)}年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if day else ""))


def period_words(start: ox.Literal | None, end: ox.Literal | None, lang: str) -> str:
    """A period of time in words: 2021–2024, 2021年–2024年; an open end reads “from”/“until”."""
    first = date_words(start, lang) if start is not None else None
    last = date_words(end, lang) if end is not None else None
    if first and last:
        return first if first == last else f"{first}–{last}"
    if lang == "zh":
        return f"{first}起" if first else f"至{last}"
    return f"from {first}" if first else f"until {last}"


def pick_label(literals: list[ox.Literal], lang: str) -> str | None:
    """The label in `lang`, else English, else the smallest in any language: as `fetch_labels` picks."""
    by_lang: dict[str, str] = {}
    for literal in literals:
        language = literal.language or ""
        if language not in by_lang or literal.value < by_lang[language]:
            by_lang[language] = literal.value
    if not by_lang:
        return None
    return by_lang.get(lang) or by_lang.get("en") or by_lang[min(by_lang)]


class BlankNodes:
    """Values read from a description (a DESCRIBE's triples, in which each blank node's triples
    come with it): a blank node is shown by what its triples say, in the page's language."""

    def __init__(self, triples: list[ox.Triple], labels: dict[str, str], lang: str):
        self.labels, self.lang = labels, lang
        self.by_subject: dict[object, list[ox.Triple]] = defaultdict(list)
        for triple in triples:
            self.by_subject[triple.subject].append(triple)

    def term(self, node) -> Term:
        return Term.of(node, self.labels, self.lang)

    def value(self, node, leave_out: frozenset = frozenset(), depth: int = 0) -> Value:
        """`node` as a page shows it; `leave_out` holds (predicate, object) pairs not to repeat (the
        link back to the page that shows the node)."""
        shown = Value(self.term(node))
        triples = self.by_subject.get(node, []) if isinstance(node, ox.BlankNode) else []
        if not triples or depth >= NESTING_LIMIT:
            return shown
        objects = defaultdict(list)
        for triple in triples:
            objects[triple.predicate.value].append(triple.object)
        if RDF + "first" in objects:
            shown.items = [self.value(item, depth=depth + 1) for item in self._members(node)]
            return shown
        starts, ends = objects.get(DCAT + "startDate", []), objects.get(DCAT + "endDate", [])
        if starts or ends:
            shown.words = period_words(starts[0] if starts else None, ends[0] if ends else None, self.lang)
            return shown
        label = pick_label([o for p in LABELS for o in objects.get(p, []) if isinstance(o, ox.Literal)], self.lang)
        skipped = set(LABELS) | {RDF_TYPE} if label else set()
        shown.words = label
        for predicate, values in sorted(objects.items()):
            kept = sorted((o for o in values if (predicate, o) not in leave_out), key=str)
            if predicate not in skipped and kept:
                shown.nested.append((self.term(ox.NamedNode(predicate)),
                                     [self.value(o, depth=depth + 1) for o in kept]))
        return shown

    def links_to(self, target: ox.NamedNode) -> list[tuple[Value, list[Term]]]:
        """The description's blank nodes that link to `target`, as its page's inbound links show
        them: from the named resource a blank node belongs to (the class whose definition holds an
        OWL restriction), with the properties that lead from it, list steps left out; a blank node
        that belongs to nothing named (an unmet condition) in words, without its link back."""
        parents = defaultdict(list)
        for subject, triples in self.by_subject.items():
            for triple in triples:
                if isinstance(triple.object, ox.BlankNode):
                    parents[triple.object].append((subject, triple.predicate.value))
        rows, seen = [], set()
        for subject, triples in self.by_subject.items():
            for triple in triples:
                if triple.object != target or not isinstance(subject, ox.BlankNode):
                    continue
                path, node, visited = [triple.predicate.value], subject, {subject}
                while isinstance(node, ox.BlankNode) and parents.get(node):
                    parent, predicate = min(parents[node], key=str)
                    if parent in visited:
                        break
                    visited.add(parent)
                    path.insert(0, predicate)
                    node = parent
                steps = tuple(p for p in path if p not in LIST_STEPS) or tuple(path)
                if (node, steps) in seen:
                    continue
                seen.add((node, steps))
                leave_out = frozenset({(triple.predicate.value, target)}) if node == subject else frozenset()
                rows.append((self.value(node, leave_out), [self.term(ox.NamedNode(p)) for p in steps]))
        return rows

    def _members(self, node) -> list:
        """The members of the RDF list that starts at `node`, in order (a cycle ends it)."""
        members, seen = [], set()
        while isinstance(node, ox.BlankNode) and node not in seen:
            seen.add(node)
            objects = {t.predicate.value: t.object for t in self.by_subject.get(node, [])}
            if RDF + "first" not in objects:
                break
            members.append(objects[RDF + "first"])
            node = objects.get(RDF + "rest")
        return members
