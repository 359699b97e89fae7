"""Findings: claims with evidence, written as RDF reification (rdf:subject/predicate/object).

Authors state each claim once, inside its finding, so a claim cannot lose its evidence. The build
turns every finding into the plain triple it claims, and gives each finding a readable label.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from ..errors import LisllmError, Location
from ..namespaces import LISLLM, RDF, RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL, shorten
from .vocabulary_labels import term_name

FINDING = ox.NamedNode(LISLLM + "Finding")
# A plan's claim has not happened: the build asserts nothing from it, so no role or stage rests on it.
PLAN = ox.NamedNode(LISLLM + "StatedPlan")
PARTS = {RDF + "subject": "subject", RDF + "predicate": "predicate", RDF + "object": "object"}
# The same keys as terms: comparing terms skips building a string per triple (1M triples: seconds).
PART_NODES = {ox.NamedNode(iri): part for iri, part in PARTS.items()}
TYPE = ox.NamedNode(RDF_TYPE)
LABEL_NODES = {ox.NamedNode(RDFS_LABEL), ox.NamedNode(SKOS_PREF_LABEL)}
LANGUAGES = ("en", "zh")


def claimed_triples(triples: list[ox.Triple], path: Path) -> list[ox.Triple]:
    """The triple each finding in `triples` claims, stated plans aside; a finding must have exactly
    one of each part."""
    findings = {t.subject for t in triples if t.object == FINDING and t.predicate == TYPE}
    findings -= {t.subject for t in triples if t.object == PLAN and t.predicate == TYPE}
    parts: dict[ox.NamedNode, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        part = PART_NODES.get(t.predicate)
        if part is not None and t.subject in findings:
            parts[t.subject][part].append(t.object)
    claims = []
    for finding in sorted(findings, key=str):
        found = parts[finding]
        for part in PARTS.values():
            if len(found[part]) != 1:
                problem = "has no" if not found[part] else "has more than one"
                raise LisllmError(
                    f"finding {_name(finding)} {problem} rdf:{part} (a finding claims exactly one triple)",
                    locate(path, finding),
                )
        subject, predicate, obj = found["subject"][0], found["predicate"][0], found["object"][0]
        if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
            raise LisllmError(
                f"finding {_name(finding)} claims an impossible triple: the subject must be an IRI or "
                "blank node and the predicate an IRI",
                locate(path, finding),
            )
        claims.append(ox.Triple(subject, predicate, obj))
    return claims


def finding_labels(triples: list[ox.Triple], vocabulary: list[ox.Triple] = ()) -> list[ox.Triple]:
    """`rdfs:label`s in en and zh for every finding, spelt from the labels of its claim's terms.

    Labels come from `triples` and `vocabulary` (the ontology), so that the property of a claim is
    named by its label in each language ("机制" rather than `hasMechanism`)."""
    labels: dict[object, dict[str, str]] = defaultdict(dict)
    for t in itertools.chain(triples, vocabulary):
        if t.predicate in LABEL_NODES and isinstance(t.object, ox.Literal):
            lang = (t.object.language or "").split("-")[0]
            labels[t.subject].setdefault(lang, t.object.value)
    findings = {t.subject for t in triples if t.object == FINDING and t.predicate == TYPE}
    parts: dict[object, dict[str, object]] = defaultdict(dict)
    for t in triples:
        part = PART_NODES.get(t.predicate)
        if part is not None and t.subject in findings:
            parts[t.subject][part] = t.object
    out = []
    for finding in findings:
        claim = parts[finding]
        if len(claim) != 3 or any(lang in labels[finding] for lang in LANGUAGES):
            continue
        for lang in LANGUAGES:
            words = [_term_label(claim[part], labels, lang) for part in ("subject", "predicate", "object")]
            out.append(ox.Triple(finding, ox.NamedNode(RDFS_LABEL), ox.Literal(" · ".join(words), language=lang)))
    return out


def _term_label(term, labels: dict, lang: str) -> str:
    if isinstance(term, ox.Literal):
        return term.value if len(term.value) <= 40 else term.value[:39] + "…"
    known = labels.get(term, {})
    if lang in known:
        return known[lang]
    if isinstance(term, ox.NamedNode):
        return term_name(term, lang)
    return str(term)


def locate(path: Path, node) -> Location:
    """The first line of `path` that mentions the node's IRI or local name (best effort)."""
    if not isinstance(node, ox.NamedNode):
        return Location(path)
    iri = node.value
    local = iri.rstrip("/").rsplit("/", 1)[-1]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return Location(path)
    for needle in (f"<{iri}>", f":{local} "):
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return Location(path, number)
    return Location(path)


def _name(node) -> str:
    return shorten(node.value) if isinstance(node, ox.NamedNode) else str(node)
