"""Every SHACL shape against its fixture pair: the valid graph gives no result for the rule, the
invalid one exactly the expected results (focus node, path, constraint component, severity).

Fixtures are checked as the SHACL step checks the repository: the fixture graph plus the
repository's ontology, against all the shapes; results are then filtered to the rule under test.
"""

from __future__ import annotations

import re

import pytest
import rdflib

from lisllm.graph.rdf_files import parse_file
from lisllm.validation import shacl
from lisllm.validation.shacl import SH, SHAPES_NS

from .conftest import FIXTURES

ID = "https://w3id.org/lisllm/id/"
L = "https://w3id.org/lisllm/ontology/"

# rule -> [(focus node, path, constraint component, severity)], written by hand.
EXPECTED = {
    "S01-case-institution": [(ID + "case/c", "lisllm:institution", "sh:MinCountConstraintComponent", "violation")],
    "S02-case-country": [(ID + "case/c", "lisllm:inCountry", "sh:ClassConstraintComponent", "violation")],
    "S03-case-role": [(ID + "case/c", "lisllm:institution", "sh:ClassConstraintComponent", "warning")],
    "S04-case-motivation": [(ID + "case/c", "lisllm:institution/lisllm:hasMotivation",
                             "sh:MinCountConstraintComponent", "warning")],
    "S05-case-mechanism": [(ID + "case/c", "lisllm:institution/lisllm:hasMechanism",
                            "sh:MinCountConstraintComponent", "violation")],
    "S06-case-output": [(ID + "case/c", "lisllm:institution/lisllm:hasOutputKind",
                         "sh:MinCountConstraintComponent", "warning")],
    "S07-case-outcome": [(ID + "case/c", "lisllm:institution/lisllm:hasOutcome",
                          "sh:MinCountConstraintComponent", "warning")],
    "S08-case-period": [(ID + "case/c", "dcterms:temporal/dcat:endDate", "sh:MinCountConstraintComponent",
                         "violation")],
    "S10-finding-source": [(ID + "finding/f", "prov:wasDerivedFrom", "sh:MinCountConstraintComponent", "violation")],
    "S11-finding-quote": [(ID + "finding/f", "lisllm:quote", "sh:MinCountConstraintComponent", "violation")],
    "S12-finding-description": [(ID + "finding/f", "dcterms:description",
                                 "sh:QualifiedMinCountConstraintComponent", "violation")],
    "S13-finding-evidence-kind": [(ID + "finding/f", "lisllm:evidenceKind", "sh:MaxCountConstraintComponent",
                                   "violation")],
    "S14-finding-case": [(ID + "finding/f", "lisllm:inCase", "sh:ClassConstraintComponent", "violation"),
                         (ID + "finding/g", None, "sh:OrConstraintComponent", "violation")],
    "S15-attributed-example-note": [(ID + "finding/f", "lisllm:codingNote", "sh:MinCountConstraintComponent",
                                     "warning")],
    "S16-external-evidence-source": [(ID + "finding/f", "prov:wasDerivedFrom",
                                      "sh:QualifiedMinCountConstraintComponent", "violation")],
    "S17-external-study-gloss": [(ID + "finding/f", "dcterms:description", "sh:QualifiedMinCountConstraintComponent",
                                  "violation")],
    "S20-external-source-url": [(ID + "source/page", "schema:url", "sh:NodeKindConstraintComponent", "violation")],
    "S21-external-source-date": [(ID + "source/page", None, "sh:OrConstraintComponent", "violation")],
    "S30-label-languages": [(ID + "country/x", "rdfs:label|skos:prefLabel",
                             "sh:QualifiedMinCountConstraintComponent", "violation")],
    "S31-label-unique": [(ID + "motivation/m", "rdfs:label|skos:prefLabel", "sh:UniqueLangConstraintComponent",
                          "violation")],
    "S40-compute-provider": [(ID + "organization/lib", "lisllm:computeProvider",
                              "sh:QualifiedMinCountConstraintComponent", "violation")],
    "S41-compute-provider-kind": [(ID + "organization/lib", "lisllm:computeProvider", "sh:OrConstraintComponent",
                                   "violation")],
    "S42-open-output-licence": [(ID + "output/d", "dcterms:license", "sh:MinCountConstraintComponent", "warning")],
    "S43-open-output-landing-page": [(ID + "output/m", "dcat:landingPage", "sh:NodeKindConstraintComponent",
                                      "warning")],
    "S44-product-leader": [(ID + "output/p", "lisllm:ledBy", "sh:MinCountConstraintComponent", "violation")],
    "S45-link-form": [(ID + "organization/lab", "schema:sameAs", "sh:PatternConstraintComponent", "violation"),
                      (ID + "organization/unit", "schema:sameAs", "sh:PatternConstraintComponent", "violation")],
    "S46-link-evidence": [(ID + "organization/lab", "schema:sameAs", "sh:SPARQLConstraintComponent", "violation"),
                          (ID + "organization/unit", "schema:sameAs", "sh:SPARQLConstraintComponent", "violation")],
    "S50-dates": [(ID + "source/page", "lisllm:accessed", "sh:DatatypeConstraintComponent", "violation")],
    "S51-stage-order": [(ID + "stage/s", "lisllm:stageOrder", "sh:MinInclusiveConstraintComponent", "violation")],
    "S60-iri-pattern": [(ID + "organization/National_Library", None, "sh:PatternConstraintComponent",
                         "violation")],
    "S61-term-case": [(L + "ExampleOf", None, "sh:PatternConstraintComponent", "violation")],
    "S62-term-definition-zh": [(L + "exampleOf", "skos:definition", "sh:QualifiedMinCountConstraintComponent",
                                "warning")],
    "S70-single-role": [(ID + "organization/lib", "rdf:type", "sh:SPARQLConstraintComponent", "violation")],
    "S80-ontology-header": [("https://example.org/vocab", "owl:versionIRI", "sh:MinCountConstraintComponent",
                             "violation")],
}


def core_shapes(project) -> rdflib.Graph:
    return rdflib.Graph().parse(project.shapes / "lisllm-shapes.ttl")


def rule_of(name: str) -> str:
    return name.split("-", 1)[0]


def results_for(rule: str, fixture: str, shape_triples, ontology):
    data = parse_file(FIXTURES / fixture).triples
    results, _ = shacl.validate(data, shape_triples, ontology)
    return sorted(
        ((r.focus, r.path, r.component, r.severity) for r in results
         if shacl.rule_id(r.rule_shape or r.shape) == rule_of(rule)),
        key=str,
    )


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_valid_fixture_passes_the_rule(rule, shape_triples, graphs):
    assert results_for(rule, f"{rule}-valid.ttl", shape_triples, graphs.ontology) == []


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_invalid_fixture_gives_exactly_the_expected_results(rule, shape_triples, graphs):
    assert results_for(rule, f"{rule}-invalid.ttl", shape_triples, graphs.ontology) == sorted(EXPECTED[rule], key=str)


def test_two_roles_report_both_roles_in_the_message(shape_triples, graphs):
    data = parse_file(FIXTURES / "S70-single-role-invalid.ttl").triples
    results, _ = shacl.validate(data, shape_triples, graphs.ontology)
    (result,) = [r for r in results if shacl.rule_id(r.rule_shape) == "S70"]
    assert result.value == L + "PrimaryParticipant"
    assert result.messages["en"] == (
        "The institution is inferred into two roles of the case model at once (lisllm:Leader and "
        "lisllm:PrimaryParticipant); the seed's roles exclude each other.")
    assert "两种角色" in result.messages["zh"]


def test_every_rule_has_a_fixture_pair_and_expectations(project):
    rules = {shacl.rule_id(str(s)) for s in shacl.rule_shapes(core_shapes(project))}
    expected = {rule_of(name) for name in EXPECTED}
    assert rules == expected
    for name in EXPECTED:
        for kind, first in (("valid", "# Valid: "), ("invalid", "# Invalid: ")):
            path = FIXTURES / f"{name}-{kind}.ttl"
            assert path.read_text(encoding="utf-8").startswith(first), path
    assert {p.name for p in FIXTURES.iterdir()} == {f"{n}-{k}.ttl" for n in EXPECTED for k in ("valid", "invalid")}


def test_every_shape_has_labels_messages_and_a_severity(project):
    sh = rdflib.Namespace(SH)
    graph = core_shapes(project)
    shapes = {s for kind in (sh.NodeShape, sh.PropertyShape) for s in graph.subjects(rdflib.RDF.type, kind)}
    assert len(shapes) >= 30
    for shape in shapes:
        assert isinstance(shape, rdflib.URIRef) and str(shape).startswith(SHAPES_NS), shape
        assert re.match(r"S\d\d-[a-z0-9-]+$", str(shape)[len(SHAPES_NS):]), shape
        labels = {label.language for label in graph.objects(shape, rdflib.RDFS.label)}
        messages = {m.language for m in graph.objects(shape, sh.message)}
        messages |= {m.language for c in graph.objects(shape, sh.sparql) for m in graph.objects(c, sh.message)}
        assert {"en", "zh"} <= labels, shape
        assert {"en", "zh"} <= messages, shape
        assert graph.value(shape, sh.severity) in (sh.Violation, sh.Warning, sh.Info), shape
