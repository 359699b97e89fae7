"""The compressed reasoner run (lisllm.graph.abox_compression) gives exactly what one plain HermiT run gives."""

from __future__ import annotations

import pyoxigraph as ox

from lisllm.graph.abox_compression import applicable, compress
from lisllm.graph.build import assemble
from lisllm.graph.reasoning import InconsistentOntology, classify, reasoner_input
from lisllm.namespaces import LISLLM, OWL, RDF_TYPE

ORG = "https://w3id.org/lisllm/id/organization/"
T = ox.NamedNode(RDF_TYPE)


def _module(graphs):
    module = reasoner_input(graphs.ontology, graphs.asserted)
    return module[len(graphs.ontology):]


def test_repository_fast_and_plain_runs_agree(graphs):
    fast = classify(graphs.ontology, graphs.asserted)
    plain = classify(graphs.ontology, graphs.asserted, compress=False)
    assert fast == plain
    assert any(t.object.value == LISLLM + "Leader" for t in fast.inferred)


def test_synthetic_fast_and_plain_runs_agree_and_copies_are_left_out(synth_small):
    graphs = assemble(synth_small, reason=False)
    abox = _module(graphs)
    assert applicable(graphs.ontology, abox) is None
    compression = compress(graphs.ontology, abox)
    # Many institutions share the shape of a few: HermiT sees a small part of the module.
    assert compression.groups < compression.components and len(compression.kept) < len(abox)
    fast = classify(graphs.ontology, graphs.asserted)
    plain = classify(graphs.ontology, graphs.asserted, compress=False)
    assert fast.inferred == plain.inferred and fast.unsatisfiable == plain.unsatisfiable
    roles = {t.subject for t in fast.inferred if t.object.value in (LISLLM + "SecondaryParticipant",
                                                                   LISLLM + "PrimaryParticipant", LISLLM + "Leader")}
    institutions = {t.subject for t in graphs.asserted if t.predicate.value == LISLLM + "institution"}
    assert {t.object for t in graphs.asserted if t.predicate.value == LISLLM + "institution"} == roles
    assert institutions


def _library(name: str, partner: str, partner_class: str) -> list[ox.Triple]:
    lib, other = ox.NamedNode(ORG + name), ox.NamedNode(ORG + partner)
    return [ox.Triple(lib, T, ox.NamedNode(LISLLM + "NationalLibrary")),
            ox.Triple(lib, ox.NamedNode(LISLLM + "coordinates"), other),
            ox.Triple(other, T, ox.NamedNode(LISLLM + partner_class))]


def test_parts_that_differ_in_a_neighbour_are_not_copies(graphs):
    # Same shape, but one partner is a national R&D network (its library leads) and one is not.
    data = _library("a", "net-a", "NationalRnDNetwork") + _library("b", "net-b", "Company")
    compression = compress(graphs.ontology, data)
    assert compression.groups == 2 and not compression.representative
    fast = classify(graphs.ontology, data)
    assert fast == classify(graphs.ontology, data, compress=False)
    leaders = {t.subject.value for t in fast.inferred if t.object.value == LISLLM + "Leader"}
    assert leaders == {ORG + "a"}


def test_copies_get_their_representative_classes(graphs):
    data = [t for i in range(5) for t in _library(f"lib-{i}", f"net-{i}", "NationalRnDNetwork")]
    compression = compress(graphs.ontology, data)
    assert compression.groups == 1 and len(compression.representative) == 8
    fast = classify(graphs.ontology, data)
    assert fast == classify(graphs.ontology, data, compress=False)
    assert {t.subject.value for t in fast.inferred if t.object.value == LISLLM + "Leader"} == {
        ORG + f"lib-{i}" for i in range(5)}


def test_inconsistency_is_found_through_a_copy(project_copy):
    (project_copy.ontology / "disjoint.ttl").write_text("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
lisllm:Leader owl:disjointWith lisllm:NationalLibrary .
""", encoding="utf-8")
    graphs = assemble(project_copy, reason=False)
    data = [t for i in range(4) for t in _library(f"lib-{i}", f"net-{i}", "NationalRnDNetwork")]
    for flag in (True, False):
        try:
            classify(graphs.ontology, data, compress=flag)
        except InconsistentOntology:
            continue
        raise AssertionError(f"no inconsistency with compress={flag}")


def test_assertions_a_merge_would_break_switch_the_compression_off(graphs):
    a, b = ox.NamedNode(ORG + "a"), ox.NamedNode(ORG + "b")
    data = _library("a", "net-a", "NationalRnDNetwork") + [ox.Triple(a, ox.NamedNode(OWL + "differentFrom"), b)]
    assert "differentFrom" in applicable(graphs.ontology, data)
    assert applicable(graphs.ontology, _library("a", "n", "Company")) is None
