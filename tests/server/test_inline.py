"""Look-ups answered by the server itself (lisllm.server.bounded): the same answers as the engine
gives, counted in /metrics, and handed to a worker when they outgrow the inline row budget."""

from __future__ import annotations

import re

import httpx
import pyoxigraph as ox
import pytest

from lisllm.graph.dist import Dist

from .conftest import Server, free_port

CASE = "https://w3id.org/lisllm/id/case/japan-nii"


def inline_count(server) -> float:
    found = re.search(r"^lisllm_sparql_inline_total ([0-9.e+]+)$", httpx.get(server.url + "/metrics").text,
                      re.MULTILINE)
    return float(found.group(1))


def _rows(solutions: ox.QuerySolutions) -> set[tuple[str, ...]]:
    names = [v.value for v in solutions.variables]
    return {tuple(str(s[name]) for name in names) for s in solutions}


def engine_rows(project, query: str) -> set[tuple[str, ...]]:
    """The answer straight from pyoxigraph on the built store: the reference, not the server."""
    store = ox.Store.read_only(str(Dist(project.dist).store))
    return _rows(store.query(query, use_default_graph_as_union=True))


def served_rows(response: httpx.Response) -> set[tuple[str, ...]]:
    """The server's JSON answer, read by pyoxigraph's own results parser."""
    return _rows(ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON))


def ask(server, query: str) -> httpx.Response:
    return httpx.get(server.url + "/sparql", params={"query": query},
                     headers={"Accept": "application/sparql-results+json"})


def test_a_look_up_is_answered_by_the_server_with_the_engines_answer(server, served_project):
    query = f"SELECT ?p ?o WHERE {{ <{CASE}> ?p ?o }} # inline look-up"
    before = inline_count(server)
    response = ask(server, query)
    assert response.status_code == 200
    assert inline_count(server) == before + 1
    expected = engine_rows(served_project, query)
    assert len(expected) > 5 and served_rows(response) == expected
    assert response.headers["x-lisllm-rows"] == str(len(expected))
    # Cached like any answer: the second time is a hit, not another inline run.
    again = ask(server, query)
    assert again.headers["x-lisllm-cache"] == "hit" and inline_count(server) == before + 1
    assert httpx.get(server.url + "/health").json()["inline_store"] == "memory"


@pytest.mark.parametrize("query", [
    f"SELECT ?p ?q WHERE {{ <{CASE}> ?p ?o . ?o ?q ?r }} LIMIT 3",
    f"SELECT ?o WHERE {{ <{CASE}> rdfs:label ?o }}",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3",
])
def test_other_queries_still_go_to_the_workers(server, query):
    before = inline_count(server)
    assert ask(server, query + " # to a worker").status_code == 200
    assert inline_count(server) == before


def test_an_inline_answer_keeps_the_row_cap_and_the_syntax_errors(server):
    # The fixture server caps results at 50 rows: every label is more than that, cut there.
    before = inline_count(server)
    capped = ask(server, "SELECT ?s ?o WHERE { ?s rdfs:label ?o } # capped inline")
    assert capped.status_code == 200 and inline_count(server) == before + 1
    assert capped.headers["x-lisllm-rows"] == "50" and capped.headers["x-lisllm-truncated"] == "true"
    broken = ask(server, f"SELECT ?p WHERE {{ <{CASE}> ?p ?o }} LIMIT 1 0")
    assert broken.status_code == 400 and "syntax" in broken.text.lower()


def test_the_built_store_has_nothing_in_its_default_graph(served_project):
    # What makes a look-up read only rows of its answer under the union default graph (bounded.py).
    store = ox.Store.read_only(str(Dist(served_project.dist).store))
    assert next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is None


@pytest.fixture(scope="module")
def small_budget_server(served_project):
    """The default row cap (10,000) and an inline budget of 100 rows."""
    instance = Server(served_project, free_port(), "--workers", "2", "--inline-rows", "100")
    yield instance
    instance.stop()


def test_a_look_up_larger_than_the_inline_budget_is_answered_whole_by_a_worker(small_budget_server,
                                                                               served_project):
    query = "SELECT ?s ?o WHERE { ?s rdfs:label ?o } # every label"
    expected = engine_rows(served_project, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + query)
    assert 100 < len(expected) < 10_000
    before = inline_count(small_budget_server)
    response = ask(small_budget_server, query)
    assert response.status_code == 200 and "x-lisllm-truncated" not in response.headers
    assert response.headers["x-lisllm-rows"] == str(len(expected)) and served_rows(response) == expected
    assert inline_count(small_budget_server) == before
    # A smaller look-up on the same server is still answered inline.
    assert ask(small_budget_server, f"SELECT ?p ?o WHERE {{ <{CASE}> ?p ?o }}").status_code == 200
    assert inline_count(small_budget_server) == before + 1


def test_no_look_up_is_answered_inline_with_a_budget_of_zero(served_project):
    instance = Server(served_project, free_port(), "--workers", "2", "--inline-rows", "0")
    try:
        assert httpx.get(instance.url + "/health").json()["inline_store"] is None
        assert ask(instance, f"SELECT ?p ?o WHERE {{ <{CASE}> ?p ?o }}").status_code == 200
        assert inline_count(instance) == 0
    finally:
        instance.stop()
