"""The research-organisation shapes (shapes/research-organisation.ttl), run with pySHACL on built data.

Data is what `lisllm.graph.build.assemble` produces (asserted + inferred graphs, so findings' claims are
present), with the ontology as ont_graph, all converted to rdflib through N-Triples. Each rule has a
valid and an invalid fixture in fixtures/shapes/; the invalid one must give exactly the expected
result (focus node, path, constraint component, severity, shape) and the valid one none at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from conftest import REPO
from lisllm.graph.build import assemble
from lisllm.graph.project import Project
from support import ID, SHAPES, to_rdflib

FIXTURES = Path(__file__).resolve().parent / "fixtures"

SHAPES_FILE = REPO / "shapes" / "research-organisation.ttl"
LISLLM = "https://w3id.org/lisllm/ontology/"
NAMES = {LISLLM: "lisllm:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
         "http://www.w3.org/2004/02/skos/core#": "skos:", "http://www.w3.org/ns/prov#": "prov:"}

# rule: (focus node, path, constraint component, severity, shape) — written from the fixtures.
EXPECTED = {
    "RM01": ("pain-point/fixture-pain", "^lisllm:addresses", "QualifiedMinCount", "Violation",
             "RM01-pain-point-addressed"),
    "RM02": ("measure/fixture-orphan", "^lisllm:hasMeasure", "QualifiedMinCount", "Violation",
             "RM02-measure-belongs-to-path"),
    "RM03": ("interpretation/fixture-link", "lisllm:rationale", "QualifiedMinCount", "Violation",
             "RM03-interpretation-rationale"),
    "RM04": ("interpretation/fixture-link", "prov:wasAttributedTo", "MinCount", "Violation",
             "RM04-interpretation-author"),
    "RM05": ("interpretation/fixture-link", "rdf:object", "MinCount", "Violation", "RM05-interpretation-object"),
    "RM06": ("interpretation/fixture-link", "lisllm:realises", "SPARQL", "Violation",
             "RM06-interpretation-not-asserted"),
    "RM07": ("pain-point/fixture-pain", "skos:example", "MinCount", "Warning", "RM07-pain-point-example"),
    "RM08": ("path/fixture-path", "lisllm:hasMeasure", "MinCount", "Violation", "RM08-path-has-measure"),
}


@pytest.fixture(scope="module")
def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_FILE)


def short(term) -> str:
    text = str(term)
    for namespace, prefix in NAMES.items():
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    return text


def results(graphs, shapes_graph) -> list[tuple[str, str, str, str, str]]:
    """(focus, path, component, severity, shape) of every result, with short names."""
    data = to_rdflib(graphs.asserted + graphs.inferred)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, ont_graph=to_rdflib(graphs.ontology),
                                    inference="none", advanced=True)
    found = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        inverse = report.value(path, SH.inversePath) if isinstance(path, rdflib.BNode) else None
        found.append((
            str(report.value(result, SH.focusNode)).removeprefix(ID),
            "^" + short(inverse) if inverse is not None else short(path) if path is not None else "",
            str(report.value(result, SH.sourceConstraintComponent)).removeprefix(str(SH))
            .removesuffix("ConstraintComponent"),
            str(report.value(result, SH.resultSeverity)).removeprefix(str(SH)),
            str(report.value(result, SH.sourceShape)).removeprefix(SHAPES),
        ))
    return found


def fixture_graphs(name: str):
    """Assemble a project made of the repository's ontology and one fixture file."""
    fixture = FIXTURES / "shapes" / name
    project = Project(root=fixture.parent, ontology=REPO / "ontology", instances=fixture,
                      shapes=SHAPES_FILE, queries=fixture.parent, dist=fixture.parent / "dist-unused")
    return assemble(project, reason=False)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_invalid_fixture_gives_exactly_the_expected_result(rule, shapes_graph):
    first_line = (FIXTURES / "shapes" / f"{rule}-invalid.ttl").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# Invalid: ")
    assert results(fixture_graphs(f"{rule}-invalid.ttl"), shapes_graph) == [EXPECTED[rule]]


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_valid_fixture_gives_no_result(rule, shapes_graph):
    first_line = (FIXTURES / "shapes" / f"{rule}-valid.ttl").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# Valid: ")
    assert results(fixture_graphs(f"{rule}-valid.ttl"), shapes_graph) == []


def test_the_repository_meets_the_shapes(graphs, shapes_graph):
    assert results(graphs, shapes_graph) == []


def test_every_rule_has_label_message_severity_and_fixtures(shapes_graph):
    rules = set()
    for shape in set(shapes_graph.subjects(SH.severity, None)):
        local = str(shape).removeprefix(SHAPES)
        assert str(shape).startswith(SHAPES) and re.match(r"^RM\d\d-[a-z0-9-]+$", local), shape
        messages = list(shapes_graph.objects(shape, SH.message)) or [
            m for c in shapes_graph.objects(shape, SH.sparql) for m in shapes_graph.objects(c, SH.message)]
        for values in (list(shapes_graph.objects(shape, rdflib.RDFS.label)), messages):
            assert {v.language for v in values} == {"en", "zh"}, f"{local} needs en and zh"
        rules.add(local[:4])
    assert rules == set(EXPECTED)
    fixtures = {p.name for p in (FIXTURES / "shapes").glob("RM*.ttl")}
    assert fixtures == {f"{rule}-{kind}.ttl" for rule in EXPECTED for kind in ("valid", "invalid")}


def test_messages_reach_the_report(shapes_graph):
    data = to_rdflib(fixture_graphs("RM03-invalid.ttl").asserted)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none")
    messages = {str(m) for m in report.objects(None, SH.resultMessage)}
    assert any(m.startswith("This interpretation gives no rationale in English") for m in messages)
