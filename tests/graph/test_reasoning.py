"""The HermiT reasoner infers exactly the roles of Figure 1 from the facts of each case."""

import pytest

from lisllm.graph.build import assemble
from lisllm.graph.reasoning import InconsistentOntology
from lisllm.namespaces import LISLLM

ID = "https://w3id.org/lisllm/id/organization/"
ROLES = {"SecondaryParticipant", "PrimaryParticipant", "Leader"}

# Seed 000 §4.5, Figure 1.
FIGURE_1 = {
    "nsl-cas": "SecondaryParticipant",
    "national-library-of-sweden": "PrimaryParticipant",
    "national-library-of-norway": "PrimaryParticipant",
    "nii": "Leader",
}


def inferred_roles(graphs) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for t in graphs.inferred:
        name = t.object.value.removeprefix(LISLLM)
        if name in ROLES:
            roles.setdefault(t.subject.value.removeprefix(ID), set()).add(name)
    return roles


def test_reasoner_infers_exactly_figure_1(graphs):
    assert inferred_roles(graphs) == {inst: {role} for inst, role in FIGURE_1.items()}


def test_roles_are_never_asserted(graphs):
    asserted = {t.object.value.removeprefix(LISLLM) for t in graphs.asserted if t.predicate.value.endswith("#type")}
    assert not asserted & ROLES


def test_ontology_is_consistent_with_no_unsatisfiable_class(graphs):
    assert graphs.reasoning.unsatisfiable == []


def test_role_definitions_are_equivalent_classes(graphs):
    defined = {t.subject.value.removeprefix(LISLLM) for t in graphs.ontology
               if t.predicate.value.endswith("#equivalentClass")}
    assert ROLES <= defined


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_role_follows_the_facts_not_a_label(project_copy):
    # Without its professional team, Sweden no longer meets the primary-participant definition:
    # the role is inferred from the data, and nothing else is inferred in its place.
    case = project_copy.instances / "cases" / "sweden-kb.ttl"
    _edit(case, "rdf:object mechanism:professional-team", "rdf:object mechanism:annotation-support")
    roles = inferred_roles(assemble(project_copy))
    assert "national-library-of-sweden" not in roles
    assert roles["national-library-of-norway"] == {"PrimaryParticipant"}


def test_a_new_institution_that_coordinates_a_national_network_is_a_leader(project_copy):
    (project_copy.instances / "cases" / "extra.ttl").write_text("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix ex: <https://w3id.org/lisllm/id/organization/> .
ex:test-library a lisllm:NationalLibrary ; lisllm:coordinates ex:test-network .
ex:test-network a lisllm:NationalRnDNetwork .
""", encoding="utf-8")
    assert inferred_roles(assemble(project_copy))["test-library"] == {"Leader"}


def test_inconsistency_is_reported(project_copy):
    (project_copy.ontology / "disjoint.ttl").write_text("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
lisllm:Company owl:disjointWith lisllm:GovernmentBody .
""", encoding="utf-8")
    (project_copy.instances / "contradiction.ttl").write_text("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
<https://w3id.org/lisllm/id/organization/iflytek> a lisllm:GovernmentBody .
""", encoding="utf-8")
    with pytest.raises(InconsistentOntology, match="inconsistent"):
        assemble(project_copy)


def test_unsatisfiable_class_is_named(project_copy):
    (project_copy.ontology / "broken.ttl").write_text("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
lisllm:Impossible a owl:Class ; rdfs:subClassOf lisllm:Company , lisllm:GovernmentBody .
lisllm:Company owl:disjointWith lisllm:GovernmentBody .
""", encoding="utf-8")
    assert assemble(project_copy).reasoning.unsatisfiable == [LISLLM + "Impossible"]


def test_reasoner_sees_only_the_module_role_definitions_can_use(graphs):
    from lisllm.graph.reasoning import reasoner_input

    module = reasoner_input(graphs.ontology, graphs.asserted)[len(graphs.ontology):]
    predicates = {t.predicate.value.removeprefix(LISLLM) for t in module}
    assert predicates == {"hasMechanism", "rndLedBy", "hasOutputKind", "coordinates",
                          "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
    finding = "https://w3id.org/lisllm/id/finding/"
    assert not [t for t in module if t.subject.value.startswith(finding)]


def test_subclass_memberships_are_inferred_outside_the_module(graphs):
    inferred = {(t.subject.value.rsplit("/", 1)[-1], t.object.value.removeprefix(LISLLM)) for t in graphs.inferred}
    assert ("kb-bert", "Output") in inferred            # OpenLanguageModel ⊑ Output
    assert ("mdx", "Platform") in inferred              # NationalComputingFacility ⊑ Platform
    assert ("kb-bert", "OpenLanguageModel") not in inferred   # asserted, so not repeated
