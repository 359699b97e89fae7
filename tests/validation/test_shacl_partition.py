"""SHACL in parts (lisllm.validation.shacl_partition) gives exactly the results of one run: on every
shape fixture, on the repository, on synthetic data with violations of many shapes, and with
pyshacl as the reference. Parts are forced on small graphs with tiny part sizes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import make_synth_project
from lisllm.graph.build import assemble
from lisllm.graph.rdf_files import parse_file
from lisllm.validation import rudof_child, shacl, shacl_partition, shacl_rudof
from lisllm.validation.shacl_rudof import _ShapesIndex

from .test_shacl_engines import FIXTURES
from .test_shacl_engines import _key as _engine_key

SH = "http://www.w3.org/ns/shacl#"


def _key(results) -> list:
    # Each engine names the blank nodes of its report: compare a blank focus node as "a blank node".
    for r in results:
        if r.focus.startswith("_:"):
            r.focus = "_:"
        if r.value and r.value.startswith("_:"):
            r.value = "_:"
    return _engine_key(results)


@pytest.fixture(scope="module")
def shapes(project):
    return [t for path in project.shape_files() for t in parse_file(path).triples]


@pytest.fixture
def planned(monkeypatch):
    """How many parts each validation was split into (0: one run)."""
    counts: list[int] = []
    real = shacl_partition.plan

    def plan(*args, **kwargs):
        made = real(*args, **kwargs)
        counts.append(len(made.parts) if made else 0)
        return made

    monkeypatch.setattr(shacl_partition, "plan", plan)
    return counts


def _in_parts(data, shapes, ontology, part_triples, reasoner=True):
    return shacl_rudof.validate(data, shapes, ontology, reasoner=reasoner, part_triples=part_triples, parts_from=0)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_parts_agree_with_one_run_on_the_fixture(fixture, shapes, graphs, planned):
    data = parse_file(fixture).triples
    whole, _ = shacl_rudof.validate(data, shapes, graphs.ontology)
    parts, _ = _in_parts(data, shapes, graphs.ontology, part_triples=200)
    assert _key(parts) == _key(whole)
    assert planned and planned[0] >= 2, "the fixture was not split"


@pytest.mark.parametrize("reasoner", [True, False])
def test_parts_agree_with_pyshacl_on_the_repository(graphs, shapes, reasoner, planned):
    data = graphs.asserted + graphs.inferred
    expected, _ = shacl.validate(data, shapes, graphs.ontology, reasoner=reasoner)
    got, _ = _in_parts(data, shapes, graphs.ontology, part_triples=300, reasoner=reasoner)
    assert _key(got) == _key(expected) and expected
    assert planned[0] >= 10


# Each line breaks a different shape of the synthetic data (found by the results they must give).
BREAKS = """
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/broken/> .
ex:case-no-period a lisllm:Case ; rdfs:label "Broken case"@en , "坏案例"@zh .
ex:finding a lisllm:Finding ; lisllm:quote "" .
ex:institution lisllm:computeProvider ex:nobody .
"""


def test_parts_agree_with_pyshacl_on_synthetic_data_with_violations(tmp_path, project, planned):
    synth = make_synth_project(tmp_path / "synth", project, 2500)
    graphs = assemble(synth, reason=True)
    shapes = [t for path in synth.shape_files() for t in parse_file(path).triples]
    data = graphs.asserted + graphs.inferred
    # Remove some triples everywhere in the data (labels, quotes, dates), add broken resources,
    # and give one period a start date of the wrong type.
    dropped = {ox.NamedNode("https://w3id.org/lisllm/ontology/quote"), ox.NamedNode("http://purl.org/dc/terms/description")}
    data = [t for i, t in enumerate(data) if not (t.predicate in dropped and i % 7 == 0)]
    start = ox.NamedNode("http://www.w3.org/ns/dcat#startDate")
    first = next(i for i, t in enumerate(data) if t.predicate == start)
    data[first] = ox.Triple(data[first].subject, start, ox.Literal("sometime"))
    data += [q.triple for q in ox.parse(BREAKS, format=ox.RdfFormat.TURTLE)]

    expected, _ = shacl.validate(data, shapes, graphs.ontology)
    got, _ = _in_parts(data, shapes, graphs.ontology, part_triples=400)
    assert _key(got) == _key(expected)
    assert planned[0] >= 10
    components = {r.component for r in expected}
    assert {"sh:MinCountConstraintComponent", "sh:OrConstraintComponent",
            "sh:QualifiedMinCountConstraintComponent"} <= components, components
    assert any("sometime" in (r.value or "") for r in expected)


def _shapes(text: str) -> list:
    return [q.triple for q in ox.parse(text, format=ox.RdfFormat.TURTLE)]


def _reach(text: str):
    triples = _shapes(text)
    index = _ShapesIndex(triples)
    roots = [s for s, po in index.by_subject.items() if any(p.value in shacl_partition.TARGETS for p in po)]
    return shacl_partition.reach(index.by_subject, roots)


PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
"""


def test_reach_follows_sequence_paths_and_inverse_first_steps():
    reached = _reach(PREFIXES + """
ex:S sh:targetClass ex:C ; sh:property [ sh:path ( ex:a [ sh:alternativePath ( ex:b [ sh:inversePath ex:c ] ) ] ) ;
    sh:minCount 1 ] , [ sh:path [ sh:inversePath ex:d ] ; sh:qualifiedValueShape [ sh:class ex:D ] ;
    sh:qualifiedMinCount 1 ] .
""")
    assert reached.reason is None
    assert reached.inverse == {ox.NamedNode("https://example.org/d")}
    assert reached.beyond == [{(ox.NamedNode("https://example.org/b"), False),
                               (ox.NamedNode("https://example.org/c"), True)}]


@pytest.mark.parametrize("shape, reason", [
    ("ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:a ] ; sh:minCount 1 ] .",
     "has a path other than"),
    ("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:a ; "
     "sh:node [ sh:property [ sh:path ex:b ; sh:minCount 1 ] ] ] .",
     "property shape of a value node"),
    ("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:a ; sh:closed true ] .", "sh:closed"),
    ("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:a ; "
     "sh:qualifiedValueShape [ sh:path ex:b ; sh:minCount 1 ] ; "
     "sh:qualifiedMinCount 1 ] .", "follows a path from a value node"),
    ("ex:C a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:a ; sh:minCount 1 ] .", "implicit class target"),
    ("ex:S sh:targetClass ex:C ; sh:someFutureParameter true .", "sh:someFutureParameter"),
])
def test_reach_refuses_shapes_that_read_beyond_a_part(shape, reason):
    assert reason in (_reach(PREFIXES + shape).reason or "")


def test_a_blank_node_selected_in_a_part_that_does_not_own_it_means_one_run(graphs):
    # _:p is owned by the part of ex:late (the subject before it in the data), but ex:early's part
    # holds its type (a neighbour's type is there for sh:class) and would select it as well.
    lines = [f"<https://example.org/filler{i}> <https://example.org/x> \"{i}\" ." for i in range(60)]
    data = _shapes("\n".join(["<https://example.org/early> <https://example.org/has> _:p ."] + lines +
                             ["<https://example.org/late> <https://example.org/y> \"1\" .",
                              "_:p a <https://example.org/Period> ."]))
    shapes = _shapes(PREFIXES + "ex:S sh:targetClass ex:Period ; sh:property [ sh:path ex:z ; sh:minCount 1 ] .")
    index = _ShapesIndex(shapes)
    roots = [ox.NamedNode("https://example.org/S")]
    reached = shacl_partition.reach(index.by_subject, roots)
    targets = shacl_partition.Targets(classes={ox.NamedNode("https://example.org/Period")})
    assert shacl_partition.plan(data, reached, targets, {}, part_triples=10) is None
    # And validation still gives the one result, from one run.
    results, _ = shacl_rudof.validate(data, shapes, [], part_triples=10, parts_from=0)
    assert [(r.component, r.path) for r in results] == [("sh:MinCountConstraintComponent", "<https://example.org/z>")]


def test_a_failing_part_is_reported_with_pyrudofs_message():
    parts = [shacl_partition.Part(triples=_shapes("<https://example.org/a> <https://example.org/b> \"c\" ."))] * 2
    with pytest.raises(rudof_child.PartFailed):
        shacl_partition.validate_parts(parts, _shapes(PREFIXES + "ex:S sh:targetNode ex:a ; sh:minLength ( ) ."),
                                       workers=2)


def test_one_run_in_a_child_process_agrees_with_one_in_this_one(graphs, shapes, planned):
    """From CHILD_FROM triples pyrudof runs in a child, so that validate goes on meanwhile."""
    data = graphs.asserted + graphs.inferred
    here, _ = shacl_rudof.validate(data, shapes, graphs.ontology, child_from=10**9)
    started: list[bool] = []
    child, _ = shacl_rudof.validate(data, shapes, graphs.ontology, child_from=0, launched=lambda: started.append(True))
    assert _key(child) == _key(here) and here
    assert planned == [] and started == [True]       # one run each, not parts
    # A graph large enough for parts that makes only one: its child starts once that is known.
    unsplit, _ = shacl_rudof.validate(data, shapes, graphs.ontology, parts_from=0, part_triples=10**9,
                                      child_from=0, launched=lambda: started.append(True))
    assert _key(unsplit) == _key(here) and planned == [0] and started == [True, True]
