"""OWL reasoning with HermiT (through owlready2): consistency and inferred class memberships.

Only the TBox and the facts that class definitions can use (typed individuals and assertions of
declared object properties) go to the reasoner. Findings, sources and labels do not, which keeps
HermiT's input proportional to the individuals that can be classified.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import LisllmError
from .namespaces import LISLLM, OWL, RDF_TYPE

OWL_CLASS = OWL + "Class"
OWL_OBJECT_PROPERTY = OWL + "ObjectProperty"


@dataclass(frozen=True)
class Reasoning:
    inferred: list[ox.Triple]            # entailed rdf:type triples that were not asserted
    unsatisfiable: list[str]             # IRIs of named classes that can have no members


class InconsistentOntology(LisllmError):
    pass


def reasoner_input(ontology: list[ox.Triple], data: list[ox.Triple]) -> list[ox.Triple]:
    """The ontology plus the data triples that OWL class definitions can refer to."""
    classes = {t.subject for t in ontology if t.predicate.value == RDF_TYPE and t.object.value == OWL_CLASS}
    properties = {
        t.subject for t in ontology if t.predicate.value == RDF_TYPE and t.object.value == OWL_OBJECT_PROPERTY
    }
    facts = [
        t for t in data
        if (t.predicate.value == RDF_TYPE and t.object in classes)
        or (t.predicate in properties and not isinstance(t.object, ox.Literal))
    ]
    return ontology + facts


def classify(ontology: list[ox.Triple], data: list[ox.Triple]) -> Reasoning:
    """Run HermiT; return the rdf:type triples it entails for classes in the lisllm namespace."""
    import owlready2  # imported here: it starts slowly and only reasoning needs it

    triples = reasoner_input(ontology, data)
    asserted = {(t.subject.value, t.object.value) for t in triples if t.predicate.value == RDF_TYPE}
    with tempfile.TemporaryDirectory(prefix="lisllm-reasoner-") as tmp:
        source = Path(tmp) / "input.nt"
        ox.serialize(triples, str(source), ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        onto = world.get_ontology(source.as_uri()).load(format="ntriples")
        try:
            with onto:
                _quietly(lambda: owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0))
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise InconsistentOntology(
                "the ontology and data are inconsistent (HermiT found a contradiction, for example an "
                "individual in two disjoint classes)"
            ) from exc
        except owlready2.OwlReadyJavaError as exc:
            raise LisllmError(f"the HermiT reasoner failed: {exc}") from exc
        unsatisfiable = sorted(
            c.iri for c in world.inconsistent_classes() if getattr(c, "iri", "").startswith(LISLLM)
        )
        inferred = []
        for cls in world.classes():
            if not cls.iri.startswith(LISLLM):
                continue
            for individual in cls.instances(world=world):
                if (individual.iri, cls.iri) not in asserted:
                    inferred.append(
                        ox.Triple(ox.NamedNode(individual.iri), ox.NamedNode(RDF_TYPE), ox.NamedNode(cls.iri))
                    )
    inferred.sort(key=str)
    return Reasoning(inferred, unsatisfiable)


def _quietly(action):
    # owlready2 prints HermiT's command line and timings on stdout; CLI output must stay clean.
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            return action()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
