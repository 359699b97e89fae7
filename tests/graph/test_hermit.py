"""HermiT run directly (lisllm.graph.hermit) gives what owlready2's run of the same HermiT gives, and
one process classifies several inputs exactly as separate processes do."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import make_synth_project
from lisllm.graph.build import assemble
from lisllm.graph.hermit import HermitResult, InconsistentOntology, run_hermit, split_outputs
from lisllm.graph.java import java_executable
from lisllm.graph.rdf_files import parse_file
from lisllm.graph.reasoning import classify_all, reasoner_input
from lisllm.namespaces import LISLLM

FIXTURES = Path(__file__).resolve().parents[1] / "validation" / "fixtures"
UNSATISFIABLE = """
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
lisllm:Impossible a owl:Class ; rdfs:subClassOf lisllm:Company , lisllm:GovernmentBody .
lisllm:Company owl:disjointWith lisllm:GovernmentBody .
"""


def _turtle(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text, format=ox.RdfFormat.TURTLE)]


def owlready2_result(triples: list[ox.Triple], tmp_path: Path) -> HermitResult:
    """The reference: owlready2 loads the input, runs its HermiT and is asked for the members of
    every lisllm class and for the unsatisfiable ones (what lisllm did before it ran HermiT itself)."""
    import owlready2

    source = tmp_path / "reference.nt"
    ox.serialize(triples, str(source), ox.RdfFormat.N_TRIPLES)
    owlready2.JAVA_EXE = java_executable()
    world = owlready2.World()
    onto = world.get_ontology(source.as_uri()).load(format="ntriples")
    saved = os.dup(1)           # owlready2 prints HermiT's command line on stdout
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    memberships = {(i.iri, c.iri) for c in world.classes() if c.iri.startswith(LISLLM)
                   for i in c.instances(world=world)}
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if getattr(c, "iri", "").startswith(LISLLM))
    return HermitResult(frozenset(memberships), tuple(unsatisfiable))


@pytest.fixture(scope="module")
def inputs(graphs, project, tmp_path_factory) -> dict[str, list[ox.Triple]]:
    """Whole modules (not compressed), so that HermiT sees many individuals and every kind of fact."""
    synth = assemble(make_synth_project(tmp_path_factory.mktemp("hermit") / "p", project, 3000), reason=False)
    found = {"repository": reasoner_input(graphs.ontology, graphs.asserted),
             "synthetic 3,000": reasoner_input(synth.ontology, synth.asserted),
             "unsatisfiable class": graphs.ontology + _turtle(UNSATISFIABLE)}
    for name in ("S03-case-role-valid", "S40-compute-provider-invalid", "S70-single-role-invalid",
                 "S70-single-role-valid"):
        found[name] = reasoner_input(graphs.ontology, parse_file(FIXTURES / f"{name}.ttl").triples)
    return found


def test_the_direct_run_gives_what_owlready2_gives(inputs, tmp_path):
    results = run_hermit(list(inputs.values()))
    for (name, triples), result in zip(inputs.items(), results, strict=True):
        assert result == owlready2_result(triples, tmp_path), name
    assert results[0].memberships and results[2].unsatisfiable == (LISLLM + "Impossible",)


def test_one_process_gives_what_one_process_per_input_gives(inputs):
    together = run_hermit(list(inputs.values()))
    assert together == [run_hermit([triples])[0] for triples in inputs.values()]


def test_classify_all_matches_classify_one_by_one(graphs):
    halves = [graphs.asserted, graphs.asserted[: len(graphs.asserted) // 2]]
    together = classify_all(graphs.ontology, halves)
    assert together == [classify_all(graphs.ontology, [data])[0] for data in halves]


def test_an_inconsistent_input_raises(graphs):
    contradiction = _turtle("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
lisllm:Company owl:disjointWith lisllm:GovernmentBody .
<https://w3id.org/lisllm/id/organization/x> a lisllm:Company , lisllm:GovernmentBody .
""")
    with pytest.raises(InconsistentOntology, match="inconsistent"):
        run_hermit([graphs.ontology, graphs.ontology + contradiction])


def test_the_results_of_each_input_are_told_apart_even_when_a_section_is_empty():
    stdout = "\n".join([
        "SubClassOf( <urn:A> <http://www.w3.org/2002/07/owl#Thing> )", "", "", "",
        "Type( <urn:i> <urn:A> )",
        "",                                    # the second input has no classes
        "SubObjectPropertyOf( <urn:p> <http://www.w3.org/2002/07/owl#topObjectProperty> )", "", "",
        "Type( <urn:j> <urn:B> )",
        "SubClassOf( <urn:C> <http://www.w3.org/2002/07/owl#Thing> )", "", "", "",   # no individuals
    ]) + "\n"
    first, second, third = split_outputs(stdout)
    assert [r for r, _ in first] == ["SubClassOf", "Type"]
    assert second == [("SubObjectPropertyOf", ["urn:p", "http://www.w3.org/2002/07/owl#topObjectProperty"]),
                      ("Type", ["urn:j", "urn:B"])]
    assert third == [("SubClassOf", ["urn:C", "http://www.w3.org/2002/07/owl#Thing"])]
