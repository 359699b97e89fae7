"""The research-organisation queries (queries/rm-*.rq) give the answers written by hand from seed 004.

The expected results (.srj beside each query) were written from the seed text and from the
project's three interpretations, not by saving query output.
"""

import pytest

from conftest import REPO
from lisllm.sparql.catalogue import compare, load_catalogue, read_expected, run_select

QUERIES = [q for q in load_catalogue(REPO / "queries") if q.id.startswith("rm-")]


def test_the_module_has_its_queries():
    assert {q.id for q in QUERIES} == {
        "rm-pain-point-paths-measures",
        "rm-cases-realising-paths",
        "rm-cases-showing-pain-points",
        "rm-recommendations-aligned-with-paths",
        "rm-sourced-or-interpreted",
        "rm-practical-advice",
    }
    for query in QUERIES:
        assert query.expected is not None and query.title("zh") != query.title("en")


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_query_gives_the_expected_answer(store, query):
    diff = compare(query, run_select(store, query.text, query.path), read_expected(query.expected))
    assert diff == [], "\n".join(diff)


def test_a_wrong_pairing_would_be_caught(project_copy):
    # The comparison is not vacuous: pairing path 2 with pain point 1 changes the answer.
    from lisllm.graph.build import assemble
    from lisllm.graph.store import create_store

    data = project_copy.instances / "research-organisation.ttl"
    text = data.read_text(encoding="utf-8")
    old = ("rdf:subject path:diversified-evaluation ; rdf:predicate lisllm:addresses ; "
           "rdf:object painpoint:single-track-evaluation")
    assert old in text
    data.write_text(text.replace(old, old.replace("single-track-evaluation", "fragmented-resources")), encoding="utf-8")
    store = create_store(None, assemble(project_copy, reason=False).quads())
    (query,) = [q for q in QUERIES if q.id == "rm-pain-point-paths-measures"]
    diff = compare(query, run_select(store, query.text), read_expected(query.expected))
    # The query orders by pain point: path 2's five measures now come first, under pain point 1.
    assert query.ordered and len(diff) >= 5
    assert "path/diversified-evaluation" in diff[3] and "pain-point/fragmented-resources" in diff[3], diff[3]


def test_each_query_names_research_questions_of_the_graph(rows):
    # `rq` names questions by dcterms:identifier: seed 004's RO1–RO3 or seed 000's RQ1–RQ4.
    known = {r["id"]: r["study"] for r in rows(
        "SELECT ?id ?study WHERE { ?q a lisllm:ResearchQuestion ; dcterms:identifier ?id ; "
        "lisllm:partOfStudy ?study }")}
    served = {rq for q in QUERIES for rq in q.questions}
    assert served <= set(known)
    assert {rq for rq in served if known[rq].endswith("/llm-research-organisation")} == {"RO1", "RO2", "RO3"}
