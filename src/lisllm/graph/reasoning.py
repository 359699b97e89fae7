"""OWL reasoning with HermiT (the one owlready2 ships, lisllm.graph.hermit): consistency and inferred
class memberships.

HermiT gets the ontology plus a module of the data: assertions of the properties that class
expressions restrict (and their sub- and inverse properties), with the asserted types of the
individuals those assertions mention. Only such facts can make an individual a member of a defined
class, so role inference is exact, while findings, sources and labels, which are most of the data,
stay out and HermiT's work grows with the classifiable individuals only. Memberships that follow
from plain rdfs:subClassOf chains are added for every individual without the reasoner. The
consistency check covers the module.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import LISLLM, OWL, RDF_TYPE, RDFS
from .abox_compression import applicable
from .abox_compression import compress as compress_abox
from .hermit import HermitResult, InconsistentOntology, run_hermit
from .reasoner_cache import ReasonerCache

__all__ = ["InconsistentOntology", "Reasoning", "classify", "classify_all", "reasoner_input"]

OWL_CLASS = OWL + "Class"
OWL_ON_PROPERTY = OWL + "onProperty"
OWL_INVERSE_OF = OWL + "inverseOf"
RDFS_SUB_CLASS_OF = RDFS + "subClassOf"
RDFS_SUB_PROPERTY_OF = RDFS + "subPropertyOf"


@dataclass(frozen=True)
class Reasoning:
    inferred: list[ox.Triple]            # entailed rdf:type triples that were not asserted
    unsatisfiable: list[str]             # IRIs of named classes that can have no members


def restricted_properties(ontology: list[ox.Triple]) -> set[ox.NamedNode]:
    """Properties that class expressions restrict, closed under sub-properties and inverses."""
    found = {t.object for t in ontology if t.predicate.value == OWL_ON_PROPERTY and isinstance(t.object, ox.NamedNode)}

    def links(predicate: str) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
        return [(t.subject, t.object) for t in ontology if t.predicate.value == predicate
                and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)]

    # An assertion of a sub-property, or of an inverse, also asserts the restricted property.
    edges = links(RDFS_SUB_PROPERTY_OF) + [(b, a) for a, b in links(OWL_INVERSE_OF)] + links(OWL_INVERSE_OF)
    changed = True
    while changed:
        changed = False
        for narrower, broader in edges:
            if broader in found and narrower not in found:
                found.add(narrower)
                changed = True
    return found


def reasoner_input(ontology: list[ox.Triple], data: list[ox.Triple]) -> list[ox.Triple]:
    """The ontology plus the module of the data that class expressions can use (see module doc)."""
    properties = restricted_properties(ontology)
    classes = {t.subject for t in ontology if t.predicate.value == RDF_TYPE and t.object.value == OWL_CLASS}
    facts = [t for t in data if t.predicate in properties and not isinstance(t.object, ox.Literal)]
    individuals = {t.subject for t in facts} | {t.object for t in facts}
    types = [t for t in data
             if t.predicate.value == RDF_TYPE and t.subject in individuals and t.object in classes]
    return ontology + facts + types


def subclass_entailments(ontology: list[ox.Triple], data: list[ox.Triple]) -> set[ox.Triple]:
    """rdf:type triples to lisllm classes that follow from asserted types by rdfs:subClassOf alone."""
    parents: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    for t in ontology:
        if t.predicate.value == RDFS_SUB_CLASS_OF and isinstance(t.object, ox.NamedNode):
            parents.setdefault(t.subject, set()).add(t.object)
    ancestors: dict[ox.NamedNode, set[ox.NamedNode]] = {}

    def up(cls: ox.NamedNode) -> set[ox.NamedNode]:
        if cls not in ancestors:
            ancestors[cls] = set()  # guards against cycles
            found = set()
            for parent in parents.get(cls, ()):
                found |= {parent} | up(parent)
            ancestors[cls] = found
        return ancestors[cls]

    type_node = ox.NamedNode(RDF_TYPE)
    asserted = {t for t in data if t.predicate == type_node}
    return {
        ox.Triple(t.subject, type_node, cls)
        for t in asserted if isinstance(t.object, ox.NamedNode)
        for cls in up(t.object) if cls.value.startswith(LISLLM)
    } - asserted


def classify(ontology: list[ox.Triple], data: list[ox.Triple], *, compress: bool = True,
             cache: ReasonerCache | None = None) -> Reasoning:
    """Run HermiT; return the rdf:type triples it entails for classes in the lisllm namespace.

    With `compress` (the default), HermiT classifies one representative of each group of parts of
    the data that are copies of each other up to renaming, and each copy gets its
    representative's classes: exact, see lisllm.graph.abox_compression (which checks its condition and
    otherwise leaves the input whole). `compress=False` is the plain single run over the module.
    With a `cache`, HermiT's result for this exact input is read from it when it is there.
    """
    return classify_all(ontology, [data], compress=compress, cache=cache)[0]


def classify_all(ontology: list[ox.Triple], datasets: list[list[ox.Triple]], *, compress: bool = True,
                 cache: ReasonerCache | None = None) -> list[Reasoning]:
    """`classify` for each data set with the same ontology; the inputs that are not cached go to one
    HermiT process. Raises InconsistentOntology when any of them is inconsistent."""
    prepared = [_Input.of(ontology, data, compress) for data in datasets]
    found = [cache.get(p.module) if cache is not None else None for p in prepared]
    # Inputs that compress to the same module (scopes that differ only in copies) are run once.
    missing: dict[frozenset, list[int]] = {}
    for i, result in enumerate(found):
        if result is None:
            missing.setdefault(frozenset(prepared[i].module), []).append(i)
    if missing:
        for same, result in zip(missing.values(), run_hermit([prepared[i[0]].module for i in missing.values()]),
                                strict=True):
            for i in same:
                found[i] = result
            if cache is not None:
                cache.put(prepared[same[0]].module, result)
    return [p.reasoning(ontology, data, result) for p, data, result in zip(prepared, datasets, found, strict=True)]


@dataclass(frozen=True)
class _Input:
    """What HermiT gets for one data set, and the copies its representatives stand for."""

    module: list[ox.Triple]
    copies: dict[str, list[str]]          # representative individual -> the individuals that copy it

    @classmethod
    def of(cls, ontology: list[ox.Triple], data: list[ox.Triple], compress: bool) -> _Input:
        module = reasoner_input(ontology, data)
        abox = module[len(ontology):]
        copies: dict[str, list[str]] = {}
        if compress and applicable(ontology, abox) is None:
            compression = compress_abox(ontology, abox)
            module = ontology + compression.kept
            for copy, image in compression.representative.items():
                copies.setdefault(image.value, []).append(copy.value)
        return cls(module, copies)

    def reasoning(self, ontology: list[ox.Triple], data: list[ox.Triple], result: HermitResult) -> Reasoning:
        memberships = set(result.memberships)
        memberships |= {(copy, cls) for individual, cls in result.memberships
                        for copy in self.copies.get(individual, ())}
        asserted = {(t.subject.value, t.object.value) for t in data if t.predicate.value == RDF_TYPE}
        type_node = ox.NamedNode(RDF_TYPE)
        inferred = {ox.Triple(ox.NamedNode(individual), type_node, ox.NamedNode(cls))
                    for individual, cls in memberships - asserted}
        inferred = sorted(inferred | subclass_entailments(ontology, data), key=str)
        return Reasoning(inferred, list(result.unsatisfiable))
