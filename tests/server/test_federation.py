"""Federation: the catalogue's Wikidata query reaches its SERVICE only where the operator allows
that endpoint. A local `oxigraph serve` holding Wikidata-shaped test data stands in for Wikidata
(no network in tests); the expected rows are written by hand from that fixture and instances/links.ttl."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest

from lisllm.sparql.catalogue import bind_services, find_query, load_catalogue
from servers import Server, free_port
from support import lisllm

from .conftest import HERE
from .stores import OxigraphServer

QUERY_ID = "cases-enriched-from-wikidata"
WIKIDATA = "https://query.wikidata.org/sparql"
ID = "https://w3id.org/lisllm/id/"
# The query asks for one item, its parameter (Q17 by default: Japan, instances/links.ttl); Q1 is
# linked by no case.
EXPECTED = [(ID + "case/japan-nii", ID + "country/japan", "http://www.wikidata.org/entity/Q17",
             "Stand-in label of item Q17")]


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wikidata") / "store"
    store = ox.Store(str(folder))
    store.load(path=str(HERE / "data" / "wikidata-stand-in.ttl"), format=ox.RdfFormat.TURTLE)
    store.flush()
    del store  # release the lock for the server
    server = OxigraphServer(folder, read_only=True)
    yield server.url + "/query"
    server.stop()


@pytest.fixture(scope="module")
def query(served_project):
    return find_query(load_catalogue(served_project.queries), QUERY_ID)


def rows(answer: dict) -> list[tuple[str, ...]]:
    return [tuple(b[v]["value"] for v in ("case", "resource", "item", "wikidataLabel"))
            for b in answer["results"]["bindings"]]


def post(url: str, text: str) -> httpx.Response:
    return httpx.post(url + "/sparql", content=text.encode("utf-8"), timeout=30,
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "application/sparql-results+json"})


def test_the_query_declares_its_service(query):
    assert query.services == {"wikidata": WIKIDATA}
    assert f"SERVICE <{WIKIDATA}>" in query.text


def test_allowed_service_enriches_the_cases(served_project, stand_in, query):
    server = Server(served_project, free_port(), "--workers", "1", "--allow-service", stand_in)
    try:
        answer = post(server.url, bind_services(query, {"wikidata": stand_in}))
        assert answer.status_code == 200, answer.text
        assert rows(answer.json()) == EXPECTED
        # The query's own endpoint is not on this server's allow-list.
        refused = post(server.url, query.text)
        assert refused.status_code == 403 and WIKIDATA in refused.text
    finally:
        server.stop()


def test_without_the_allow_list_the_service_is_refused(served_project, stand_in, query):
    server = Server(served_project, free_port(), "--workers", "1")
    try:
        refused = post(server.url, bind_services(query, {"wikidata": stand_in}))
        assert refused.status_code == 403
        assert "SERVICE is not allowed to " + stand_in in refused.text
    finally:
        server.stop()


def test_query_command_sends_the_service_where_told(built_project, stand_in):
    done = lisllm("query", QUERY_ID, "--service", f"wikidata={stand_in}", "--format", "json",
                  "--param", "lang=\"zh\"", cwd=built_project.root)
    assert done.returncode == 0, done.stderr
    assert [r[3] for r in rows(json.loads(done.stdout))] == ["Q17 的替身标签"]
    sweden = lisllm("query", QUERY_ID, "--service", f"wikidata={stand_in}", "--format", "json",
                    "--param", "item=<http://www.wikidata.org/entity/Q34>", cwd=built_project.root)
    assert sweden.returncode == 0, sweden.stderr
    assert rows(json.loads(sweden.stdout)) == [(ID + "case/sweden-kb", ID + "country/sweden",
                                               "http://www.wikidata.org/entity/Q34", "Stand-in label of item Q34")]
    wrong = lisllm("query", QUERY_ID, "--service", "dbpedia=http://127.0.0.1:1/sparql", cwd=built_project.root)
    assert wrong.returncode == 1 and "the query has no service 'dbpedia' (its services: wikidata)" in wrong.stderr


def test_validation_does_not_call_the_network(built_project):
    done = lisllm("validate", "--format", "json", "--no-reasoner", cwd=built_project.root)
    assert f"not run: federated with <{WIKIDATA}>" in done.stdout
