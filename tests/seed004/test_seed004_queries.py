"""The research-organisation queries (queries/rm-*.rq) give the answers written by hand from seed 004.

The expected results (.srj beside each query) were written from the seed text and from the
project's three interpretations, not by saving query output.
"""

import pytest

from lisllm.catalogue import compare, load_catalogue, read_expected, run_select

from conftest import REPO

QUERIES = [q for q in load_catalogue(REPO / "queries") if q.id.startswith("rm-")]


def test_the_module_has_its_queries():
    assert {q.id for q in QUERIES} == {
        "rm-pain-point-paths-measures",
        "rm-cases-realising-paths",
        "rm-cases-showing-pain-points",
        "rm-recommendations-aligned-with-paths",
        "rm-sourced-or-interpreted",
    }
    for query in QUERIES:
        assert query.expected is not None and query.title("zh") != query.title("en")


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_query_gives_the_expected_answer(store, query):
    diff = compare(query, run_select(store, query.text, query.path), read_expected(query.expected))
    assert diff == [], "\n".join(diff)


def test_a_wrong_pairing_would_be_caught(project_copy):
    # The comparison is not vacuous: pairing path 2 with pain point 1 changes the answer.
    from lisllm.build import assemble
    from lisllm.store import create_store

    data = project_copy.instances / "research-organisation.ttl"
    text = data.read_text(encoding="utf-8")
    old = "rdf:subject path:diversified-evaluation ; rdf:predicate lisllm:addresses ; rdf:object painpoint:single-track-evaluation"
    assert old in text
    data.write_text(text.replace(old, old.replace("single-track-evaluation", "fragmented-resources")), encoding="utf-8")
    store = create_store(None, assemble(project_copy, reason=False).quads())
    (query,) = [q for q in QUERIES if q.id == "rm-pain-point-paths-measures"]
    diff = compare(query, run_select(store, query.text), read_expected(query.expected))
    assert len([line for line in diff if line.startswith("- missing:")]) == 5
    assert len([line for line in diff if line.startswith("+ unexpected:")]) == 5
