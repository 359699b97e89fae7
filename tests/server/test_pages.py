"""Home page, service description, dumps and the query UI page over real HTTP."""

from __future__ import annotations

import re

import httpx
import pyoxigraph as ox
import pytest

from lisllm.sparql.catalogue import load_catalogue

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def description(server, accept="text/turtle") -> list[ox.Triple]:
    response = httpx.get(server.url + "/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    fmt = ox.RdfFormat.from_media_type(response.headers["content-type"].split(";")[0])
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=fmt)]


def objects(triples, subject, predicate) -> list:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == predicate]


def test_service_description(server, served_project):
    triples = description(server)
    endpoint = ox.NamedNode(server.url + "/sparql")
    assert objects(triples, endpoint, SD + "endpoint") == [endpoint]
    assert ox.NamedNode(SD + "UnionDefaultGraph") in objects(triples, endpoint, SD + "feature")
    assert ox.NamedNode(SD + "BasicFederatedQuery") in objects(triples, endpoint, SD + "feature")
    # VoID: each named graph's size, counted here from the dump independently of the server.
    dump = list(ox.parse(path=served_project.dist / "lisllm.trig"))
    for name in ("ontology", "asserted", "inferred"):
        graph_iri = f"https://w3id.org/lisllm/graph/{name}"
        named = next(t.subject for t in triples if t.predicate.value == SD + "name" and t.object.value == graph_iri)
        (graph,) = objects(triples, named, SD + "graph")
        (size,) = objects(triples, graph, VOID + "triples")
        assert int(size.value) == sum(1 for q in dump if q.graph_name.value == graph_iri)


def test_service_description_lists_the_example_queries(server, served_project):
    triples = description(server, "application/ld+json")
    catalogue = load_catalogue(served_project.queries)
    assert catalogue, "the served project has example queries"
    for query in catalogue:
        example = ox.NamedNode(f"{server.url}/query#{query.id}")
        labels = {(label.value, label.language) for label in objects(triples, example, RDFS_LABEL)}
        assert (query.title("en"), "en") in labels and (query.title("zh"), "zh") in labels
        (text,) = objects(triples, example, SH + "select")
        # The example runs on this endpoint as it stands (its prefixes are declared); a federated
        # one reaches a SERVICE this server does not allow-list, and is refused for it.
        expected = 403 if query.services else 200
        assert httpx.post(server.url + "/sparql", data={"query": text.value}).status_code == expected


def test_browsers_opening_the_endpoint_are_sent_to_the_ui(server):
    response = httpx.get(server.url + "/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 303 and response.headers["location"] == "/query"
    assert httpx.get(server.url + "/sparql", params={"format": "ttl"}, headers={"Accept": BROWSER}).status_code == 200


def test_home_page(server):
    html = httpx.get(server.url + "/").text
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", html)
    roles = {re.sub(r"<[^>]+>", "", institution): re.sub(r"<[^>]+>", "", role) for _, institution, _, role in rows}
    # Figure 1 of seed 000.
    assert roles == {
        "National Science Library, Chinese Academy of Sciences": "secondary participant",
        "National Library of Sweden": "primary participant",
        "National Library of Norway": "primary participant",
        "National Institute of Informatics": "leader",
    }
    for href in ('href="/query"', 'href="/sparql"', 'href="/dumps/lisllm.trig"', 'href="/ontology"',
                 'href="/id/scheme/motivations"', 'href="/ontology/Leader"'):
        assert href in html, href
    zh = httpx.get(server.url + "/?lang=zh").text
    assert "日本国立情报学研究所" in zh and "引领者" in zh


def test_dumps(server, served_project):
    response = httpx.get(server.url + "/dumps/lisllm.trig")
    assert response.headers["content-type"].startswith("application/trig")
    assert response.content == (served_project.dist / "lisllm.trig").read_bytes()
    assert httpx.get(server.url + "/dumps/secrets.txt").status_code == 404
    assert httpx.get(server.url + "/dumps/..%2Fbuild.json").status_code == 404


def test_query_page_lists_the_examples(server, served_project):
    html = httpx.get(server.url + "/query").text
    assert '<script src="/static/yasgui/yasgui.min.js">' in html
    for query in load_catalogue(served_project.queries):
        assert f'data-example="{query.id}"' in html
    assert httpx.get(server.url + "/static/yasgui/yasgui.min.js").status_code == 200


@pytest.mark.parametrize("lang, roles", [("en", {"primary participant", "secondary participant", "leader"}),
                                         ("zh", {"主要参与者", "次要参与者", "引领者"})])
def test_the_query_editor_opens_on_the_roles_in_the_page_s_language(server, lang, roles):
    import json
    import re

    html = httpx.get(server.url + "/query", params={"lang": lang}).text
    starting = json.loads(re.search(r'<script type="application/json" id="starting-query">(.*?)</script>',
                                    html, re.DOTALL).group(1))
    assert starting.startswith("PREFIX lisllm: <https://w3id.org/lisllm/ontology/>\n")
    assert "# Which role does each institution play?" in starting and "SELECT" in starting
    response = httpx.post(server.url + "/sparql", data={"query": starting},
                          headers={"Accept": "application/sparql-results+json"})
    rows = response.json()["results"]["bindings"]
    # seed 000's four cases (the served copy), each with the role Figure 1 gives it
    assert response.status_code == 200 and len(rows) == 4
    assert {row["role"]["value"] for row in rows} == roles


def test_home_page_embeds_a_schema_org_dataset(server):
    import json
    import re

    body = httpx.get(server.url + "/", timeout=10).text
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    dataset = json.loads(script)
    assert dataset["@type"] == "Dataset" and dataset["@context"] == "https://schema.org/"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["temporalCoverage"] == "2021/2024"
    places = {p["name"]: p.get("sameAs") for p in dataset["spatialCoverage"]}
    wikidata = "http://www.wikidata.org/entity/"
    assert places == {"China": wikidata + "Q148", "Japan": wikidata + "Q17", "Norway": wikidata + "Q20",
                      "Sweden": wikidata + "Q34"}
    urls = {d["contentUrl"]: d["encodingFormat"] for d in dataset["distribution"]}
    assert urls[server.url + "/dumps/lisllm.trig"] == "application/trig"
    assert urls[server.url + "/sparql"] == "application/sparql-results+json"
    assert dataset["name"] and dataset["description"] and dataset["version"] and dataset["keywords"]


def test_compare_page_sets_institutions_side_by_side(server):
    """`/compare` is `lisllm compare` over HTTP: the served copy holds seed 000's four cases."""
    response = httpx.get(server.url + "/compare", params=[("i", "sweden-kb"), ("i", "norway-nb"), ("lang", "zh")])
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "瑞典国家图书馆" in page and "挪威国家图书馆" in page and "主要参与者" in page
    # The institutions link to their own pages on this server, and every value cites a numbered source.
    assert 'href="/id/organization/national-library-of-sweden"' in page and 'id="source-1"' in page
    everyone = httpx.get(server.url + "/compare", params={"lang": "en"})
    assert everyone.status_code == 200 and "National Institute of Informatics" in everyone.text


def test_compare_page_refuses_an_unknown_name_escaped(server):
    response = httpx.get(server.url + "/compare", params={"i": "<script>sweden"})
    assert response.status_code == 400
    assert "<script>sweden" not in response.text and "&lt;script&gt;sweden" in response.text
    assert "sweden-kb" in response.text        # the closest name is suggested
