"""pyshacl and pyrudof (lisllm.validation.shacl_rudof) report the same results on every shape fixture,
on the repository and on synthetic data: focus node, path, component, severity, shape, value, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import make_synth_project
from lisllm.graph.rdf_files import parse_file
from lisllm.validation import shacl, shacl_rudof

from .conftest import validate_json

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = sorted((TESTS / "validation" / "fixtures").glob("*.ttl")) + sorted(
    (TESTS / "data" / "seed004" / "fixtures" / "shapes").glob("*.ttl"))


def _key(results) -> list:
    # A blank-node shape gets a new label each time its file is read: compare it as "a blank node".
    return sorted(((r.focus, r.path, r.component, r.severity, "_:" if r.shape.startswith("_:") else r.shape,
                    r.rule_shape, r.value,
                    tuple(sorted(r.messages.items()))) for r in results), key=str)


@pytest.fixture(scope="module")
def shapes(project):
    return [t for path in project.shape_files() for t in parse_file(path).triples]


def test_there_are_fixtures_for_the_sparql_features():
    names = {p.name for p in FIXTURES}
    # SPARQL targets (S15, S16, S30, S40, S60, S61) and SPARQL constraints (S70, RM06) are covered.
    assert {"S60-iri-pattern-invalid.ttl", "S70-single-role-invalid.ttl", "RM06-invalid.ttl"} <= names


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_engines_agree_on_the_fixture(fixture, shapes, graphs):
    data = parse_file(fixture).triples
    expected, rules = shacl.validate(data, shapes, graphs.ontology)
    got, got_rules = shacl_rudof.validate(data, shapes, graphs.ontology)
    assert _key(got) == _key(expected)
    assert got_rules == rules


@pytest.mark.parametrize("reasoner", [True, False])
def test_engines_agree_on_the_repository(graphs, shapes, reasoner):
    data = graphs.asserted + graphs.inferred
    expected, _ = shacl.validate(data, shapes, graphs.ontology, reasoner=reasoner)
    got, _ = shacl_rudof.validate(data, shapes, graphs.ontology, reasoner=reasoner)
    assert _key(got) == _key(expected) and expected      # the two deliberate warnings at least


def test_synthetic_data_passes_validate_with_both_engines(tmp_path, project):
    synth = make_synth_project(tmp_path / "synth", project, 3000)
    reports = {}
    for engine in ("pyshacl", "rudof"):
        result, report = validate_json(synth.root, "--engine", engine)
        assert result.returncode == 0, [r for r in report["results"] if r["severity"] == "violation"]
        assert report["summary"]["violation"] == 0
        shacl_step = next(s for s in report["steps"] if s["id"] == "shacl")
        assert shacl_step["status"] == "passed" and shacl_step["note"].endswith(engine)
        reports[engine] = sorted(json.dumps(r, sort_keys=True) for r in report["results"])
    assert reports["pyshacl"] == reports["rudof"]


PROPERTY_SPARQL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/shapes/> .
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
ex:quote-not-empty a sh:NodeShape ;
    sh:targetClass lisllm:Finding ;
    sh:property [
        sh:path lisllm:quote ;
        sh:minCount 1 ;
        sh:sparql [ a sh:SPARQLConstraint ;
            sh:message "The quote is empty."@en ;
            sh:select "SELECT $this ?value WHERE { $this $PATH ?value FILTER(STR(?value) = \\"\\") }" ] ] .
"""


def test_sparql_on_a_property_shape_runs_with_pyshacl_and_agrees(tmp_path, graphs):
    import pyoxigraph as ox

    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(PROPERTY_SPARQL_SHAPES, encoding="utf-8")
    shapes = parse_file(shapes_file).triples
    data = list(ox.parse("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix f: <https://w3id.org/lisllm/id/finding/> .
f:empty a lisllm:Finding ; lisllm:quote "" .
f:none a lisllm:Finding .
f:fine a lisllm:Finding ; lisllm:quote "words" .
""", format=ox.RdfFormat.TURTLE))
    data = [q.triple for q in data]
    expected, _ = shacl.validate(data, shapes, graphs.ontology)
    got, _ = shacl_rudof.validate(data, shapes, graphs.ontology)
    assert _key(got) == _key(expected)
    assert {(r.focus.rsplit("/", 1)[-1], r.component) for r in got} == {
        ("empty", "sh:SPARQLConstraintComponent"), ("none", "sh:MinCountConstraintComponent")}


ANONYMOUS_PROPERTY_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:period-shape a sh:NodeShape ;
    sh:targetClass ex:Period ;
    sh:property [ sh:path ex:start ; sh:minCount 1 ] ,
                [ sh:path [ sh:inversePath ex:during ] ; sh:minCount 1 ] .
"""


def test_results_of_anonymous_property_shapes_are_kept(tmp_path):
    # pyrudof's report renames blank nodes, shapes included; they must still be told apart.
    import pyoxigraph as ox

    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(ANONYMOUS_PROPERTY_SHAPES, encoding="utf-8")
    shapes = parse_file(shapes_file).triples
    data = [q.triple for q in ox.parse("""
@prefix ex: <https://example.org/> .
ex:a a ex:Period ; ex:start "2020" .
ex:b a ex:Period .
ex:event ex:during ex:a .
""", format=ox.RdfFormat.TURTLE)]
    expected, _ = shacl.validate(data, shapes, [])
    got, _ = shacl_rudof.validate(data, shapes, [])
    for result in expected + got:
        result.messages = {}        # the shapes have no sh:message: each engine writes its own
    assert _key(got) == _key(expected)
    assert sorted((r.focus.rsplit("/", 1)[-1], r.path) for r in got) == [
        ("b", "<https://example.org/start>"), ("b", "^(<https://example.org/during>)")]


def test_a_blank_node_shape_with_a_sparql_target(tmp_path):
    # The shape is named for pyrudof; the focus nodes its SPARQL target selects must follow it.
    import pyoxigraph as ox

    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
[] a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this <https://example.org/kind> \\"period\\" }" ] ;
    sh:property [ sh:path ex:start ; sh:minCount 1 ] .
""", encoding="utf-8")
    shapes = parse_file(shapes_file).triples
    data = [q.triple for q in ox.parse("""
@prefix ex: <https://example.org/> .
ex:a ex:kind "period" ; ex:start "2020" .
ex:b ex:kind "period" .
""", format=ox.RdfFormat.TURTLE)]
    expected, _ = shacl.validate(data, shapes, [])
    got, _ = shacl_rudof.validate(data, shapes, [])
    for result in expected + got:
        result.messages = {}
    assert _key(got) == _key(expected)
    assert [r.focus.rsplit("/", 1)[-1] for r in got] == ["b"]
