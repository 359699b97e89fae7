"""The /sparql endpoint over real HTTP: a `lisllm serve` process, httpx and SPARQLWrapper as clients."""

from __future__ import annotations

import csv
import gzip
import io
import json
import threading
import time
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from .conftest import pid_alive

ORG = "https://w3id.org/lisllm/id/organization/"
ONT = "https://w3id.org/lisllm/ontology/"
GRAPH = "https://w3id.org/lisllm/graph/"
ROLES = ("SELECT ?institution ?role WHERE { GRAPH <%sinferred> { ?institution a ?role } "
         "?role rdfs:subClassOf lisllm:LLMRnDParticipant }" % GRAPH)
# Figure 1 of seed 000, written by hand.
FIGURE_1 = {(ORG + "nsl-cas", ONT + "SecondaryParticipant"),
            (ORG + "national-library-of-sweden", ONT + "PrimaryParticipant"),
            (ORG + "national-library-of-norway", ONT + "PrimaryParticipant"),
            (ORG + "nii", ONT + "Leader")}
LEADERS = f"CONSTRUCT {{ ?i a <{ONT}Leader> }} WHERE {{ ?i a <{ONT}Leader> }}"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NII_LEADER = ox.Triple(ox.NamedNode(ORG + "nii"), ox.NamedNode(RDF_TYPE), ox.NamedNode(ONT + "Leader"))
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def get(server, query: str | None = None, accept: str | None = None, **params) -> httpx.Response:
    if query is not None:
        params["query"] = query
    headers = {"Accept": accept} if accept else {}
    return httpx.get(server.url + "/sparql", params=params, headers=headers, timeout=30)


def pairs(solutions) -> set[tuple[str, str]]:
    return {(s["institution"].value, s["role"].value) for s in solutions}


# --- methods and result formats --------------------------------------------------------------

@pytest.mark.parametrize("accept, fmt", [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
])
def test_select_in_each_results_format(server, accept, fmt):
    response = get(server, ROLES, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert pairs(ox.parse_query_results(response.content, format=fmt)) == FIGURE_1
    assert "Accept" in response.headers["vary"]


def test_select_as_csv(server):
    response = get(server, ROLES, "text/csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {(r["institution"], r["role"]) for r in rows} == FIGURE_1


def test_default_and_wildcard_accept_give_json(server):
    for accept in (None, "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"):
        response = get(server, ROLES, accept)
        assert response.headers["content-type"] == "application/sparql-results+json", accept
        assert pairs(ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)) == FIGURE_1


def test_accept_quality_values_are_honoured(server):
    response = get(server, ROLES, "application/sparql-results+json;q=0.5, text/csv;q=0.9")
    assert response.headers["content-type"].startswith("text/csv")


def test_ask(server):
    yes = get(server, f"ASK {{ <{ORG}nii> a <{ONT}Leader> }}", "application/sparql-results+json")
    assert yes.json() == {"head": {}, "boolean": True}
    no = get(server, f"ASK {{ <{ORG}nsl-cas> a <{ONT}Leader> }}", "application/sparql-results+xml")
    assert not bool(ox.parse_query_results(no.content, format=ox.QueryResultsFormat.XML))


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/trig", ox.RdfFormat.TRIG),
    ("application/n-quads", ox.RdfFormat.N_QUADS),
])
def test_construct_in_each_rdf_format(server, accept, fmt):
    response = get(server, LEADERS, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=fmt)}
    assert triples == {NII_LEADER}


def test_describe(server):
    response = get(server, f"DESCRIBE <{ORG}nii>", "application/n-triples")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    labels = {t.object.value for t in triples if t.predicate.value.endswith("#label")}
    assert {"National Institute of Informatics", "日本国立情报学研究所"} <= labels


@pytest.mark.parametrize("name, expected", [
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("json", "application/sparql-results+json"),
    ("xml", "application/sparql-results+xml"), ("text/csv", "text/csv"),
])
def test_format_parameter_overrides_accept(server, name, expected):
    response = get(server, ROLES, "application/sparql-results+xml", format=name)
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize("name, expected", [
    ("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("json", "application/ld+json"),
    ("nt", "application/n-triples"), ("rdfxml", "application/rdf+xml"), ("trig", "application/trig"),
])
def test_format_parameter_for_graphs(server, name, expected):
    response = get(server, LEADERS, format=name)
    assert response.headers["content-type"].split(";")[0] == expected


def test_post_form_and_post_query_body(server):
    form = httpx.post(server.url + "/sparql", data={"query": ROLES}, headers={"Accept": "text/csv"})
    assert form.status_code == 200 and len(form.text.strip().splitlines()) == 5
    body = httpx.post(server.url + "/sparql", content=ROLES.encode(),
                      headers={"Content-Type": "application/sparql-query; charset=utf-8",
                               "Accept": "application/sparql-results+json"})
    assert pairs(ox.parse_query_results(body.content, format=ox.QueryResultsFormat.JSON)) == FIGURE_1


def test_non_ascii_query_text(server):
    query = 'SELECT ?x WHERE { ?x rdfs:label "日本国立情报学研究所"@zh }'
    for response in (get(server, query),
                     httpx.post(server.url + "/sparql", data={"query": query}),
                     httpx.post(server.url + "/sparql", content=query.encode(),
                                headers={"Content-Type": "application/sparql-query"})):
        assert response.json()["results"]["bindings"] == [{"x": {"type": "uri", "value": ORG + "nii"}}]


def test_head(server):
    response = httpx.head(server.url + "/sparql", params={"query": ROLES})
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"] == "application/sparql-results+json"


def test_sparqlwrapper_client(server):
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + ROLES)
    for method in ("GET", POST):
        client.setMethod(method)
        client.setReturnFormat(JSON)
        bindings = client.queryAndConvert()["results"]["bindings"]
        assert {(b["institution"]["value"], b["role"]["value"]) for b in bindings} == FIGURE_1
    client.setMethod("GET")
    client.setReturnFormat(XML)
    assert len(client.queryAndConvert().getElementsByTagName("result")) == 4
    client.setReturnFormat(CSV)
    assert len(client.queryAndConvert().decode().strip().splitlines()) == 5
    client.setQuery(LEADERS)
    client.setReturnFormat(TURTLE)
    graph = client.queryAndConvert()
    assert b"Leader" in graph
    client.setQuery(f"ASK {{ <{ORG}nii> a <{ONT}Leader> }}")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


# --- the dataset -----------------------------------------------------------------------------

def ask(server, query: str, **params) -> bool:
    response = get(server, query, "application/sparql-results+json", **params)
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


NII_LEADER_ASK = f"ASK {{ <{ORG}nii> a <{ONT}Leader> }}"


def test_default_graph_is_the_union_of_the_named_graphs(server):
    # The role is only in the inferred graph, the label only in the asserted one.
    assert ask(server, f'ASK {{ <{ORG}nii> a <{ONT}Leader> ; rdfs:label "National Institute of Informatics"@en }}')


def test_default_graph_uri_and_named_graph_uri(server):
    assert ask(server, NII_LEADER_ASK, **{"default-graph-uri": GRAPH + "inferred"})
    assert not ask(server, NII_LEADER_ASK, **{"default-graph-uri": GRAPH + "asserted"})
    response = get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                   **{"named-graph-uri": [GRAPH + "inferred", GRAPH + "ontology"]})
    assert {b["g"]["value"] for b in response.json()["results"]["bindings"]} == {GRAPH + "inferred", GRAPH + "ontology"}


def test_from_clause_in_the_query(server):
    assert ask(server, f"ASK FROM <{GRAPH}inferred> {{ <{ORG}nii> a <{ONT}Leader> }}")
    assert not ask(server, f"ASK FROM <{GRAPH}asserted> {{ <{ORG}nii> a <{ONT}Leader> }}")
    # FROM in a comment or a string is not a dataset clause: the union default graph stays.
    assert ask(server, f"# FROM <{GRAPH}asserted>\nASK {{ <{ORG}nii> a <{ONT}Leader> FILTER(\"FROM\" != \"\") }}")


# --- errors ----------------------------------------------------------------------------------

def test_malformed_query_gives_400_with_the_parsers_message(server):
    response = get(server, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert "error at 1:" in response.text


@pytest.mark.parametrize("params", [{}, {"query": ["ASK {}", "ASK {}"]},
                                    {"default-graph-uri": "not an iri", "query": "ASK {}"}])
def test_bad_parameters_give_400(server, params):
    response = httpx.post(server.url + "/sparql", content=urlencode(params, doseq=True).encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400


def test_unacceptable_media_type_gives_406(server):
    assert get(server, ROLES, "image/png").status_code == 406
    assert get(server, ROLES, format="png").status_code == 406
    # Acceptable for graphs only: a SELECT cannot be given in Turtle.
    response = get(server, ROLES, "text/turtle")
    assert response.status_code == 406 and "SELECT" in response.text


def test_wrong_request_type_gives_415(server):
    for content_type in ("text/plain", "application/json", "multipart/form-data; boundary=x"):
        response = httpx.post(server.url + "/sparql", content=b"ASK {}", headers={"Content-Type": content_type})
        assert response.status_code == 415, content_type


def test_update_is_refused(server):
    update = f"INSERT DATA {{ <{ORG}x> a <{ONT}Leader> }}"
    by_form = httpx.post(server.url + "/sparql", data={"update": update})
    by_body = httpx.post(server.url + "/sparql", content=update.encode(),
                         headers={"Content-Type": "application/sparql-update"})
    assert by_form.status_code == by_body.status_code == 403
    assert "read-only" in by_form.text
    # An update sent as a query is not a query: the parser rejects it.
    assert get(server, update).status_code == 400
    assert not ask(server, f"ASK {{ <{ORG}x> ?p ?o }}")


def test_other_methods_give_405(server):
    for method in ("PUT", "DELETE", "PATCH"):
        response = httpx.request(method, server.url + "/sparql", content=b"")
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"


# --- SERVICE ---------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s a lisllm:Case OPTIONAL { SERVICE SILENT <http://10.0.0.1/sparql> { ?s ?p ?o } } }",
    "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:1/> } SERVICE ?e { ?s ?p ?o } }",
    # a comment line before the keyword, and the keyword in lower case
    "SELECT * WHERE { # a comment }\n service <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:1/>\nSELECT * WHERE { SERVICE ex:sparql { ?s ?p ?o } }",
    # a code point escape, which SPARQL processes before parsing
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
])
def test_service_is_refused(server, query):
    response = get(server, query)
    assert response.status_code == 403, response.text
    assert "SERVICE" in response.text


def test_service_in_strings_and_comments_is_harmless(server):
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:1/> {}" AS ?x) } # SERVICE <http://127.0.0.1:1/>'
    response = get(server, query)
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


def test_allow_listed_service_is_called(server):
    own = server.url + "/sparql"
    query = f"SELECT ?role WHERE {{ SERVICE <{own}> {{ <{ORG}nii> a ?role FILTER(?role = <{ONT}Leader>) }} }}"
    response = get(server, query)
    assert response.status_code == 200, response.text
    assert [b["role"]["value"] for b in response.json()["results"]["bindings"]] == [ONT + "Leader"]


# --- bounds ----------------------------------------------------------------------------------

def test_row_cap_is_stated(server):
    response = get(server, "SELECT * WHERE { ?s ?p ?o }", "text/tab-separated-values")
    assert response.headers["x-lisllm-truncated"] == "true"
    assert response.headers["x-lisllm-max-rows"] == "50" and response.headers["x-lisllm-rows"] == "50"
    assert len(response.text.strip().splitlines()) == 51
    graph = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert graph.headers["x-lisllm-truncated"] == "true"
    assert len(graph.text.strip().splitlines()) == 50
    small = get(server, ROLES)
    assert "x-lisllm-truncated" not in small.headers and small.headers["x-lisllm-rows"] == "4"


def test_body_limit(server):
    # The test server's limit is 8192 bytes: above the catalogue's longest example, form-encoded.
    padding = "#" + "x" * 9000 + "\n"
    response = httpx.post(server.url + "/sparql", content=(padding + "ASK {}").encode(),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413

    def chunks():  # no Content-Length: the limit must hold while reading
        for _ in range(20):
            yield padding.encode()[:500]

    chunked = httpx.post(server.url + "/sparql", content=chunks(),
                         headers={"Content-Type": "application/sparql-query"})
    assert chunked.status_code == 413
    long_url = get(server, padding + "ASK {}")
    assert long_url.status_code == 414 and "POST" in long_url.text


def test_timeout_really_stops_the_query(server):
    before = set(server.health()["workers"])
    started = time.monotonic()
    response = get(server, SLOW)
    elapsed = time.monotonic() - started
    assert response.status_code == 504 and "time limit" in response.text
    assert elapsed < 5
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        health = server.health()
        if len(health["workers"]) == 2 and health["idle_workers"] == 2:
            break
        time.sleep(0.05)
    after = set(health["workers"])
    killed = before - after
    assert len(killed) == 1 and len(after) == 2
    assert not any(pid_alive(pid) for pid in killed)
    assert get(server, ROLES).status_code == 200


def test_the_event_loop_is_free_while_a_query_runs(server):
    thread = threading.Thread(target=get, args=(server, SLOW))
    thread.start()
    time.sleep(0.3)
    assert httpx.get(server.url + "/health").status_code == 200
    assert get(server, ROLES).status_code == 200   # the other worker answers meanwhile
    assert thread.is_alive()                        # …while the slow query is still running
    thread.join()


# --- HTTP caching, CORS, gzip ----------------------------------------------------------------

def test_etag_and_304(server):
    first = get(server, ROLES)
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.headers["cache-control"] == "public, max-age=60"
    assert get(server, ROLES).headers["etag"] == etag
    assert get(server, ROLES, "text/csv").headers["etag"] != etag
    revalidated = httpx.get(server.url + "/sparql", params={"query": ROLES}, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304 and revalidated.content == b""
    assert revalidated.headers["etag"] == etag
    by_date = httpx.get(server.url + "/sparql", params={"query": ROLES},
                        headers={"If-Modified-Since": first.headers["last-modified"]})
    assert by_date.status_code == 304
    stale = httpx.get(server.url + "/sparql", params={"query": ROLES}, headers={"If-None-Match": 'W/"other"'})
    assert stale.status_code == 200
    assert "etag" not in httpx.post(server.url + "/sparql", data={"query": ROLES}).headers


def test_cors(server):
    simple = get(server, ROLES, **{})
    response = httpx.get(server.url + "/sparql", params={"query": ROLES}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "X-Lisllm-Truncated" in response.headers["access-control-expose-headers"]
    preflight = httpx.options(server.url + "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert simple.status_code == 200


def test_gzip(server):
    with httpx.Client() as client:
        request = client.build_request("GET", server.url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                                       headers={"Accept-Encoding": "gzip", "Accept": "application/n-triples"})
        response = client.send(request, stream=True)
        raw = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw).decode().count(" .\n") == 50


# --- observability ---------------------------------------------------------------------------

def test_access_log_has_the_query_and_its_duration(server):
    marker = "SELECT ?marker WHERE { BIND(17 AS ?marker) }"
    assert get(server, marker).status_code == 200
    entries = [json.loads(line) for line in server.log.read_text().splitlines()]
    entry = next(e for e in entries if e.get("query") == marker)
    assert entry["status"] == 200 and entry["path"] == "/sparql" and entry["rows"] == 1
    assert entry["query_ms"] > 0 and entry["duration_ms"] >= entry["query_ms"]


def test_health_and_metrics(server):
    health = server.health()
    assert health["status"] == "ok" and len(health["graph_version"]) == 64 and health["backend"] == "embedded"
    get(server, "SELECT * WHERE { ?s ?p }")
    text = httpx.get(server.url + "/metrics").text
    assert 'lisllm_http_requests_total{method="GET",route="sparql",status="200"}' in text
    assert 'lisllm_sparql_errors_total{reason="malformed"}' in text
    assert "lisllm_http_request_duration_seconds_bucket" in text
    assert "lisllm_sparql_timeouts_total" in text


@pytest.mark.parametrize("text", ["SELECT+%3Fp+%7B+%3Chttps%3A%2F%2Fw3id.org%2F%3E+%3Fp+%3Fo+%7D+%23+1",
                                  "a%5Cb\\c+%2B", "%C3%A9%E6%97%A5", "%e9", "%zz%4", "50%", "%", "%%41",
                                  "\\x41%5Cx41", "raw é", "%00%7F%FF"])
def test_query_string_values_decode_as_unquote_plus_does(text):
    from urllib.parse import unquote_plus

    from lisllm.server.protocol import _unquote_plus

    assert _unquote_plus(text) == unquote_plus(text)
