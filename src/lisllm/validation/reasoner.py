"""Step 3, reasoner: HermiT (lisllm.graph.reasoning) checks consistency and class satisfiability, and
reports every membership of a defined class that it infers (in lisllm: the role of each institution).

HermiT says only *that* the graph is inconsistent; to say *where*, individuals asserted into two
disjoint classes are looked for directly, which explains the commonest cause.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pyoxigraph as ox

from ..graph.reasoning import InconsistentOntology, Reasoning, classify
from ..namespaces import OWL, RDF, RDF_TYPE, RDFS, shorten
from .locate import Locator
from .report import INFO, VIOLATION, Issue

STEP = "reasoner"
ITEMS = ("consistency", "satisfiability", "inferred classes")


def reason(ontology: list[ox.Triple], asserted: list[ox.Triple], locator: Locator, show,
           reasoner: Callable[[list[ox.Triple], list[ox.Triple]], Reasoning] = classify,
           ) -> tuple[Reasoning | None, list[Issue]]:
    """Run HermiT (through `reasoner`); an inconsistency is an issue, not an exception. Environment
    errors propagate. The memberships it infers are reported by `inferred_class_issues`."""
    try:
        reasoning = reasoner(ontology, asserted)
    except InconsistentOntology as exc:
        return None, _inconsistency(exc, ontology, asserted, locator)
    # HermiT may see only the part of the data that role definitions use (lisllm.graph.reasoning); two
    # disjoint classes asserted anywhere else still make the graph inconsistent.
    clashes = _clash_issues(disjoint_clashes(ontology, asserted), locator)
    if clashes:
        return None, clashes
    issues = []
    for iri in reasoning.unsatisfiable:
        path, line, column = locator.resource(ox.NamedNode(iri))
        issues.append(Issue(STEP, VIOLATION, "unsatisfiable-class",
                            f"{shorten(iri)} is unsatisfiable: no individual can be a member of it",
                            "satisfiability", file=path, line=line, column=column, focus=iri))
    return reasoning, issues


def inferred_class_issues(ontology: list[ox.Triple], reasoning: Reasoning, locator: Locator) -> list[Issue]:
    """An info for every individual inferred into a defined class, located in the sources (apart from
    `reason`: lisllm.validation.runner does it while SHACL's engine runs)."""
    issues = []
    defined = {t.subject for t in ontology if t.predicate.value == OWL + "equivalentClass"}
    memberships: dict[object, list[str]] = defaultdict(list)
    for t in reasoning.inferred:
        if t.object in defined:
            memberships[t.subject].append(t.object.value)
    for individual, classes in sorted(memberships.items(), key=lambda kv: str(kv[0])):
        path, line, column = locator.resource(individual)
        names = ", ".join(shorten(c) for c in sorted(classes))
        issues.append(Issue(STEP, INFO, "inferred-class",
                            f"{shorten(individual.value)} is inferred to be {names}", "inferred classes",
                            file=path, line=line, column=column, focus=individual.value, value=names))
    return issues


def _inconsistency(exc: InconsistentOntology, ontology, asserted, locator: Locator) -> list[Issue]:
    clashes = _clash_issues(disjoint_clashes(ontology, asserted), locator)
    return clashes or [Issue(STEP, VIOLATION, "inconsistent", exc.message, "consistency")]


def _clash_issues(clashes, locator: Locator) -> list[Issue]:
    issues = []
    for individual, first, second in clashes:
        path, line, column = locator.resource(individual)
        issues.append(Issue(
            STEP, VIOLATION, "inconsistent",
            f"the graph is inconsistent: {shorten(individual.value)} is a {shorten(first)} and a "
            f"{shorten(second)}, which the ontology declares disjoint", "consistency",
            file=path, line=line, column=column, focus=individual.value))
    return issues


def disjoint_clashes(ontology: list[ox.Triple], data: list[ox.Triple]) -> list[tuple[ox.NamedNode, str, str]]:
    """Individuals whose asserted classes (with their named superclasses) include two disjoint classes."""
    supers: dict[str, set[str]] = defaultdict(set)
    for t in ontology:
        if isinstance(t.object, ox.NamedNode) and isinstance(t.subject, ox.NamedNode):
            if t.predicate.value == RDFS + "subClassOf":
                supers[t.subject.value].add(t.object.value)
            elif t.predicate.value == OWL + "equivalentClass":
                supers[t.subject.value].add(t.object.value)
                supers[t.object.value].add(t.subject.value)
    pairs = set()
    lists = _rdf_lists(ontology)
    for t in ontology:
        if t.predicate.value == OWL + "disjointWith":
            pairs.add(frozenset((t.subject.value, t.object.value)))
        elif t.predicate.value in (OWL + "members", OWL + "disjointUnionOf") and t.object in lists:
            members = [m.value for m in lists[t.object] if isinstance(m, ox.NamedNode)]
            pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:]}
    types: dict[ox.NamedNode, set[str]] = defaultdict(set)
    for t in data + ontology:
        if t.predicate.value == RDF_TYPE and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode):
            types[t.subject].add(t.object.value)
    clashes = []
    for individual, classes in sorted(types.items(), key=lambda kv: kv[0].value):
        closure = _closure(classes, supers)
        for pair in sorted(pairs, key=sorted):
            if len(pair) == 2 and pair <= closure:
                first, second = sorted(pair)
                clashes.append((individual, first, second))
    return clashes


def _closure(classes: set[str], supers: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), list(classes)
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(supers.get(current, ()))
    return seen


def _rdf_lists(triples: list[ox.Triple]) -> dict[object, list]:
    first = {t.subject: t.object for t in triples if t.predicate.value == RDF + "first"}
    rest = {t.subject: t.object for t in triples if t.predicate.value == RDF + "rest"}
    lists = {}
    for head in first:
        items, node, seen = [], head, set()
        while node in first and node not in seen:
            seen.add(node)
            items.append(first[node])
            node = rest.get(node)
        lists[head] = items
    return lists
