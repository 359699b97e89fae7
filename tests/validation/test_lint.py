"""Lint rules on small files named on the command line (run in-process, without the reasoner)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lisllm.validation.inputs import from_paths
from lisllm.validation.runner import run

ONTOLOGY = """@prefix ex:   <https://example.org/vocab/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix vann: <http://purl.org/vocab/vann/> .

<https://example.org/vocab> a owl:Ontology ; vann:preferredNamespaceUri "https://example.org/vocab/" .

ex:Library a owl:Class ;
    rdfs:label "library"@en , "图书馆"@zh ;
    skos:definition "A library."@en .

ex:holds a owl:ObjectProperty ;
    rdfs:label "holds"@en , "收藏"@zh ;
    skos:definition "What a library holds."@en .
"""

DATA_PREFIXES = """@prefix ex:   <https://example.org/vocab/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix item: <https://example.org/id/item/> .
"""


def lint_of(tmp_path: Path, data: str, ontology: str = ONTOLOGY, query: str | None = None) -> list[tuple]:
    (tmp_path / "vocab.ttl").write_text(ontology, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(DATA_PREFIXES + data, encoding="utf-8")
    paths = [tmp_path / "vocab.ttl", tmp_path / "data.ttl"]
    if query is not None:
        (tmp_path / "q.rq").write_text(query, encoding="utf-8")
        paths.append(tmp_path / "q.rq")
    report = run(from_paths(paths, tmp_path), reasoner=False, cwd=tmp_path)
    lint = next(step for step in report.steps if step.id == "lint")
    return [(i.severity, i.rule, i.file.name if i.file else None, i.line, i.column, i.message) for i in lint.issues]


CLEAN = "item:a a ex:Library ; ex:holds item:b .\nitem:b rdfs:label \"b\"@en .\n"


def test_clean_files_give_no_lint(tmp_path):
    assert lint_of(tmp_path, CLEAN) == []


def test_undeclared_term_in_data_and_query(tmp_path):
    data = CLEAN + "item:c a ex:Libary .\n"
    query = "# a query\nPREFIX ex: <https://example.org/vocab/>\nSELECT * WHERE {\n  ?x ex:hold ?y }\n"
    issues = lint_of(tmp_path, data, query=query)
    assert ("violation", "undeclared-term", "data.ttl", 7, 10,
            "<https://example.org/vocab/Libary> is not declared in the ontology; did you mean "
            "<https://example.org/vocab/Library>?") in issues
    assert ("violation", "undeclared-term", "q.rq", 4, 6,
            "<https://example.org/vocab/hold> is not declared in the ontology; did you mean "
            "<https://example.org/vocab/holds>?") in issues


def test_unused_term_is_a_warning(tmp_path):
    issues = lint_of(tmp_path, "item:a a ex:Library .\n")
    assert issues == [("warning", "unused-term", "vocab.ttl", 13, 1,
                       "<https://example.org/vocab/holds> is declared but used nowhere (not in the data, the "
                       "shapes, the queries or another term's axioms)")]


def test_terms_without_labels_or_definition(tmp_path):
    ontology = ONTOLOGY.replace(' , "图书馆"@zh', "").replace('    skos:definition "What a library holds."@en .',
                                                            '    rdfs:comment "收藏"@zh .')
    issues = {(i[1], i[5]) for i in lint_of(tmp_path, CLEAN, ontology)}
    assert issues == {
        ("missing-label", "<https://example.org/vocab/Library> has no rdfs:label in zh"),
        ("missing-definition", "<https://example.org/vocab/holds> has no definition in English (skos:definition, "
                               "rdfs:comment or dcterms:description @en)"),
    }


def test_prefix_bound_to_two_namespaces(tmp_path):
    (tmp_path / "more.ttl").write_text("@prefix ex: <http://example.org/vocab/> .\n", encoding="utf-8")
    (tmp_path / "vocab.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(DATA_PREFIXES + CLEAN, encoding="utf-8")
    report = run(from_paths([tmp_path / n for n in ("vocab.ttl", "data.ttl", "more.ttl")], tmp_path),
                 reasoner=False, cwd=tmp_path)
    issues = [(i.rule, i.file.name, i.line, i.message) for i in report.steps[1].issues]
    assert issues == [("prefix-conflict", "more.ttl", 1, "prefix ex: is <http://example.org/vocab/> here but "
                                                          "<https://example.org/vocab/> in 2 other file(s)")]


@pytest.mark.parametrize("iri, severity, rule, problem", [
    ("http://example.org/page", "warning", "non-https-iri", "uses http://; use https:// where the site serves it"),
    ("http://example.org/vocab/x", "violation", "non-https-iri",
     "uses http:// in the project's namespace; write https://example.org/vocab/x"),
    ("https://example..org/x", "violation", "malformed-iri", "has an invalid host 'example..org'"),
    ("https://EXAMPLE.org/x", "violation", "malformed-iri", "has an upper-case host"),
    ("https://example.org//x", "violation", "malformed-iri", "has an empty path segment (//)"),
    ("https:///x", "violation", "malformed-iri", "has no host"),
    ("file:///tmp/x", "violation", "malformed-iri", "is a local file IRI, which others cannot resolve"),
])
def test_iris(tmp_path, iri, severity, rule, problem):
    issues = lint_of(tmp_path, CLEAN + f"item:a foaf:page <{iri}> .\n")
    assert issues == [(severity, rule, "data.ttl", 7, 18, f"<{iri}> {problem}")]


def test_vocabulary_namespaces_may_stay_http(tmp_path):
    assert lint_of(tmp_path, CLEAN + "item:a foaf:page <https://example.org/> .\n") == []


def test_axioms_in_a_data_file(tmp_path):
    data = CLEAN + ("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    "ex:Library owl:disjointWith ex:Museum .\n")
    issues = lint_of(tmp_path, data)
    assert ("warning", "tbox-in-data", "data.ttl", 8, 1,
            "<https://example.org/vocab/Library>: ontology axiom (owl:disjointWith) in a data file; the reasoner "
            "reads class and property axioms only from the ontology, so move it there") in issues
    assert [i[1] for i in issues if i[1] != "tbox-in-data"] == ["undeclared-term"]     # ex:Museum


def test_reference_to_an_undescribed_resource(tmp_path):
    issues = lint_of(tmp_path, CLEAN + "item:c a ex:Library ; ex:holds item:bb .\n")
    assert issues == [("violation", "undefined-resource", "data.ttl", 7, 32,
                       "<https://example.org/id/item/bb> is referenced but described nowhere; did you mean "
                       "<https://example.org/id/item/b>?")]


def test_terms_inside_the_shapes_sparql(project_copy):
    shapes = project_copy.shapes / "lisllm-shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    target = "lisllm:Finding ; lisllm:evidenceKind evidence:external }"
    assert text.count(target) == 1
    shapes.write_text(text.replace(target, target.replace("evidenceKind", "evidenceKnd")), encoding="utf-8")
    lines = shapes.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "evidenceKnd" in text)
    report = run(from_paths([project_copy.root], project_copy.root), reasoner=False, cwd=project_copy.root)
    (issue,) = report.steps[1].issues
    assert (issue.rule, issue.file, issue.line) == ("undeclared-term", shapes, line)
    assert issue.message == "lisllm:evidenceKnd is not declared in the ontology; did you mean lisllm:evidenceKind?"


def test_a_data_file_of_a_project_is_read_with_the_project_ontology(project_copy):
    countries = project_copy.instances / "countries.ttl"
    report = run(from_paths([countries], project_copy.root), reasoner=False, cwd=project_copy.root)
    assert report.steps[1].issues == [] and report.passed
    countries.write_text(countries.read_text(encoding="utf-8") + "country:x a lisllm:Countri .\n", encoding="utf-8")
    report = run(from_paths([countries], project_copy.root), reasoner=False, cwd=project_copy.root)
    assert [(i.rule, i.focus) for i in report.steps[1].issues] == [
        ("undeclared-term", "https://w3id.org/lisllm/ontology/Countri")]


def test_terms_differing_only_in_case_collide(tmp_path):
    ontology = ONTOLOGY + """
ex:library a owl:ObjectProperty ;
    rdfs:label "library of"@en , "所属图书馆"@zh ;
    skos:definition "The library an item belongs to."@en .
"""
    issues = [i for i in lint_of(tmp_path, CLEAN + "item:b ex:library item:a .\n", ontology=ontology)
              if i[1] == "case-collision"]
    assert issues == [("violation", "case-collision", "vocab.ttl", 17, 1,
                       "<https://example.org/vocab/library> differs from <https://example.org/vocab/Library> only "
                       "in letter case; their pages and files collide on case-insensitive systems: rename one")]
