"""Look-ups answered by the server itself (lisllm.server.bounded): the same answers as the engine
gives, counted in /metrics, and handed to a worker when they outgrow the inline row budget."""

from __future__ import annotations

import re

import httpx
import pyoxigraph as ox
import pytest

from lisllm.graph.store import STORE_FOLDER
from lisllm.server.backends import INLINE_ROWS

from .conftest import Server, free_port

CASE = "https://w3id.org/lisllm/id/case/japan-nii"


def inline_count(server) -> float:
    found = re.search(r"^lisllm_sparql_inline_total ([0-9.e+]+)$", httpx.get(server.url + "/metrics").text,
                      re.MULTILINE)
    return float(found.group(1))


def engine_rows(project, query: str) -> set[tuple[str, ...]]:
    """The answer straight from pyoxigraph on the built store: the reference, not the server."""
    store = ox.Store.read_only(str(project.dist / STORE_FOLDER))
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return {tuple(str(s[name]) for name in names) for s in solutions}


def served_rows(response: httpx.Response) -> set[tuple[str, ...]]:
    body = response.json()
    names = body["head"]["vars"]
    rows = set()
    for binding in body["results"]["bindings"]:
        row = []
        for name in names:
            term = binding[name]
            if term["type"] == "uri":
                row.append(str(ox.NamedNode(term["value"])))
            elif term["type"] == "bnode":
                row.append(str(ox.BlankNode(term["value"])))
            else:
                row.append(str(ox.Literal(term["value"], language=term.get("xml:lang"),
                                          datatype=ox.NamedNode(term["datatype"]) if "datatype" in term else None)))
        rows.add(tuple(row))
    return rows


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


def test_other_queries_still_go_to_the_workers(server):
    before = inline_count(server)
    joined = ask(server, f"SELECT ?p ?q WHERE {{ <{CASE}> ?p ?o . ?o ?q ?r }} LIMIT 3")
    assert joined.status_code == 200
    assert inline_count(server) == before


def test_an_inline_answer_keeps_the_row_cap_and_the_syntax_errors(server):
    # The fixture server caps results at 50 rows: a single pattern over every quad is cut there.
    capped = ask(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } # capped inline")
    assert capped.status_code == 200
    assert capped.headers["x-lisllm-rows"] == "50" and capped.headers["x-lisllm-truncated"] == "true"
    broken = ask(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 0")
    assert broken.status_code == 400 and "syntax" in broken.text.lower()


@pytest.fixture(scope="module")
def uncapped_server(served_project):
    """The default row cap (10,000), above the inline budget."""
    instance = Server(served_project, free_port(), "--workers", "2")
    yield instance
    instance.stop()


def test_a_pattern_larger_than_the_inline_budget_is_answered_whole_by_a_worker(uncapped_server, served_project):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } # every quad"
    expected = engine_rows(served_project, query)
    assert INLINE_ROWS < len(expected) < 10_000
    before = inline_count(uncapped_server)
    response = ask(uncapped_server, query)
    assert response.status_code == 200 and "x-lisllm-truncated" not in response.headers
    assert response.headers["x-lisllm-rows"] == str(len(expected))
    assert inline_count(uncapped_server) == before
