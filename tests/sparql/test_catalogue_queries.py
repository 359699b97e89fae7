"""Every catalogue query gives the answer written by hand from seed 000 and the instance files."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from lisllm.errors import InputErrors
from lisllm.graph.store import select
from lisllm.namespaces import DCTERMS, GRAPH_ASSERTED, GRAPH_INFERRED, ID, SH
from lisllm.sparql.catalogue import compare, load_catalogue, offline, read_expected, run_select
from lisllm.sparql.catalogue_rdf import catalogue_triples, query_iri, research_questions
from lisllm.sparql.text import bind_parameters

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = offline(load_catalogue(REPO / "queries"))  # federated queries: tests/server/test_federation.py


EXTERNAL_STUDY = ID + "study/lis-llm-external-evidence"


@pytest.fixture(scope="module")
def store_with_both_studies():
    """The whole repository graph, the external-evidence study included (the session store holds
    seed 000's study only: tests/conftest.py)."""
    from lisllm.graph.build import assemble
    from lisllm.graph.project import load_project
    from lisllm.graph.store import create_store

    return create_store(None, assemble(load_project(REPO)).quads())


@pytest.mark.parametrize("query", CATALOGUE, ids=lambda q: q.id)
def test_query_gives_its_expected_answer(store, store_with_both_studies, query):
    assert query.expected is not None, f"{query.id} has no '# expected:' file"
    chosen = store_with_both_studies if EXTERNAL_STUDY in query.scope else store
    differences = compare(query, run_select(chosen, query.text, query.path), read_expected(query.expected))
    assert differences == [], "\n".join(differences)


def test_the_catalogue_covers_the_brief():
    ids = {q.id for q in CATALOGUE}
    assert {"rq1-motivations-by-case", "rq1-motivations-shared-or-distinctive", "rq2-mechanisms-by-case",
            "rq2-compute-by-case", "rq2-staff-involvement", "rq2-rnd-management", "rq3-outputs-by-case",
            "rq3-outcomes-by-case", "rq4-case-model", "rq4-role-explanations", "logic-model-chains",
            "provenance-of-resource", "provenance-of-statement", "recommendations-gaps"} <= ids


def test_every_research_question_of_the_study_has_a_query(store):
    questions = research_questions(store)
    multicase = {row["id"].value for row in select(store, "SELECT ?id WHERE { ?q a lisllm:ResearchQuestion ; "
                 "dcterms:identifier ?id ; lisllm:partOfStudy study:lis-llm-multicase-2025 }")}
    assert multicase == {"RQ1", "RQ2", "RQ3", "RQ4"}
    served = {rq for q in CATALOGUE for rq in q.questions}
    assert served == set(questions)


def rows(store, text):
    solutions = store.query(text, prefixes=None, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def test_provenance_of_another_resource(store):
    """The resource parameter takes any IRI; EuroHPC JU's sources, written from the instance files."""
    query = next(q for q in CATALOGUE if q.id == "provenance-of-resource")
    text = bind_parameters(query.text, {"resource": "organization:eurohpc-ju"})
    variables, found = run_select(store, text)
    src, finding = ID + "source/", ID + "finding/"
    assert sorted(dict(r).get("source", "") + " " + dict(r).get("finding", "-") for r in found) == sorted([
        f"<{src}kb-whisper-post> -",
        f"<{src}seed-000-4-4-3-2> -",
        f"<{src}kb-whisper-post> <{finding}sweden-kb-compute-provider>",
    ])


def test_provenance_of_another_statement(store):
    """Every copy of the parameters' VALUES blocks takes the value; answers written from japan-nii.ttl."""
    query = next(q for q in CATALOGUE if q.id == "provenance-of-statement")
    params = {"subject": "organization:nii", "predicate": "lisllm:established", "object": "organization:nii-llmc"}
    text = bind_parameters(query.text, params)
    assert "nsl-cas" not in text and text.count(f"VALUES ?subject {{ <{ID}organization/nii> }}") == 2
    _, found = run_select(store, text)
    src = ID + "source/"
    assert [(dict(r)["graph"], dict(r)["finding"], dict(r)["evidenceKind"], dict(r)["source"]) for r in found] == [
        (f"<{GRAPH_ASSERTED}>", f"<{ID}finding/{finding}>", f"<{ID}evidence-kind/external>", f"<{src}{name}>")
        for finding, name in (("japan-nii-established-llmc", "nii-release-2024-0917"),
                              ("japan-nii-established-llmc", "seed-000-4-4-3-2"),
                              ("japan-nii-llmc-dated", "speakerdeck-llm-jp-3-and-beyond"))]
    # A role is inferred, never claimed by a finding: the graph alone, no finding.
    role = bind_parameters(query.text,
                           {"subject": "organization:nii", "predicate": "rdf:type", "object": "lisllm:Leader"})
    assert [dict(r) for r in run_select(store, role)[1]] == [{"graph": f"<{GRAPH_INFERRED}>"}]


def test_role_explanations_in_chinese(store):
    query = next(q for q in CATALOGUE if q.id == "rq4-role-explanations")
    assert query.params == ("lang",)
    _, found = run_select(store, bind_parameters(query.text, {"lang": '"zh"'}))
    explanations = [dict(r)["explanation"] for r in found]
    assert explanations[0] == '"这与国内企业主导、较为分散的研发环境有关。"@zh'
    assert len(explanations) == 4 and all(e.endswith("@zh") for e in explanations)


def test_catalogue_as_rdf(store):
    triples = catalogue_triples(CATALOGUE, research_questions(store))
    graph = ox.Store()
    graph.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    listed = rows(graph, f"""
        PREFIX sh: <{SH}> PREFIX dcterms: <{DCTERMS}>
        SELECT ?q ?id ?en ?zh ?subject ?text WHERE {{
          ?q a sh:SPARQLExecutable , sh:SPARQLSelectExecutable ; dcterms:identifier ?id ; sh:select ?text ;
             dcterms:title ?en , ?zh ; dcterms:subject ?subject .
          FILTER(lang(?en) = "en" && lang(?zh) = "zh")
        }}""")
    assert {r["id"] for r in listed} == {q.id for q in CATALOGUE}
    by_id = {r["id"]: r for r in listed if r["id"] == "rq4-case-model"}
    row = by_id["rq4-case-model"]
    assert row["q"] == query_iri(next(q for q in CATALOGUE if q.id == "rq4-case-model")).value
    assert (row["en"], row["zh"]) == ("The case model (Figure 1)", "案例模型（图1）")
    assert row["subject"] == ID + "question/rq4-country-differences"
    # The published text runs as it is, on an endpoint that knows no prefixes.
    assert "# id:" not in row["text"] and row["text"].startswith("PREFIX ")
    from_text = rows(store, row["text"])
    assert len(from_text) == 4 and {r["role"].rsplit("/", 1)[1] for r in from_text} == {
        "SecondaryParticipant", "PrimaryParticipant", "Leader"}


def test_unknown_research_question_is_located(tmp_path, store):
    (tmp_path / "x.rq").write_text("# id: x\n# title@en: X\n# title@zh: 甲\n# rq: RQ9\n# description: d\n"
                                   "SELECT * { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        catalogue_triples(load_catalogue(tmp_path), research_questions(store))
    assert "x.rq:1: rq names RQ9, not a research question of the graph" in str(info.value)


def test_expected_files_are_sparql_json():
    for query in CATALOGUE:
        data = json.loads(query.expected.read_text(encoding="utf-8"))
        assert set(data) == {"head", "results"}, query.expected
