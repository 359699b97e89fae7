"""Dereferencing IRIs under https://w3id.org/lisllm/ on the local server: conneg, extensions, HTML pages."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

BASE = "https://w3id.org/lisllm/"
CASE = BASE + "id/case/japan-nii"
NII = BASE + "id/organization/nii"
ONT = BASE + "ontology/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
EXTENSIONS = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml",
              ".nt": "application/n-triples"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# A claim of seed 000 (case model, Japan): the case's institution is NII.
CASE_INSTITUTION = ox.Triple(ox.NamedNode(CASE), ox.NamedNode(ONT + "institution"), ox.NamedNode(NII))


def fetch(server, path: str, accept: str | None = None, **headers) -> httpx.Response:
    if accept:
        headers["Accept"] = accept
    return httpx.get(server.url + path, headers=headers, timeout=30)


def triples(response: httpx.Response, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=fmt)}


@pytest.mark.parametrize("accept", list(FORMATS))
def test_content_negotiation_on_the_iri(server, accept):
    response = fetch(server, "/id/case/japan-nii", accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert "Accept" in [v.strip() for v in response.headers["vary"].split(",")]
    assert CASE_INSTITUTION in triples(response, FORMATS[accept])
    extension = next(ext for ext, mt in EXTENSIONS.items() if mt == accept)
    assert response.headers["content-location"] == "/id/case/japan-nii" + extension
    links = response.headers["link"]
    for ext, media_type in EXTENSIONS.items():
        assert f'</id/case/japan-nii{ext}>; rel="alternate"; type="{media_type}"' in links
    assert '</id/case/japan-nii.html>; rel="alternate"; type="text/html"' in links


@pytest.mark.parametrize("extension", list(EXTENSIONS))
def test_extension_urls_ignore_accept(server, extension):
    response = fetch(server, "/id/case/japan-nii" + extension, "text/html")
    media_type = EXTENSIONS[extension]
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" not in [v.strip() for v in response.headers.get("vary", "").split(",")]
    assert CASE_INSTITUTION in triples(response, FORMATS[media_type])


def test_curl_gets_turtle_and_browsers_get_html(server):
    assert fetch(server, "/id/case/japan-nii", "*/*").headers["content-type"] == "text/turtle; charset=utf-8"
    assert fetch(server, "/id/case/japan-nii").headers["content-type"] == "text/turtle; charset=utf-8"
    page = fetch(server, "/id/case/japan-nii", BROWSER)
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "Accept-Language" in page.headers["vary"]
    assert fetch(server, "/id/case/japan-nii.html").headers["content-type"] == "text/html; charset=utf-8"


def test_ontology_terms_the_ontology_and_concept_schemes_dereference(server):
    leader = triples(fetch(server, "/ontology/Leader", "application/n-triples"), ox.RdfFormat.N_TRIPLES)
    assert ox.Triple(ox.NamedNode(ONT + "Leader"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                     ox.NamedNode(ONT + "LLMRnDParticipant")) in leader
    ontology = triples(fetch(server, "/ontology", "text/turtle"), ox.RdfFormat.TURTLE)
    assert ox.Triple(ox.NamedNode(BASE + "ontology"), ox.NamedNode(RDF_TYPE),
                     ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")) in ontology
    scheme = triples(fetch(server, "/id/scheme/motivations", "text/turtle"), ox.RdfFormat.TURTLE)
    assert ox.Triple(ox.NamedNode(BASE + "id/scheme/motivations"), ox.NamedNode(RDF_TYPE),
                     ox.NamedNode("http://www.w3.org/2004/02/skos/core#ConceptScheme")) in scheme


def test_blank_nodes_come_with_the_description(server):
    graph = triples(fetch(server, "/id/case/japan-nii.nt"), ox.RdfFormat.N_TRIPLES)
    period = next(t.object for t in graph if t.predicate.value == "http://purl.org/dc/terms/temporal")
    years = {t.object.value for t in graph if t.subject == period and t.predicate.value.startswith("http://www.w3.org/ns/dcat#")}
    assert years == {"2021", "2024"}   # seed 000 §1: data from 2021-2024


def test_named_graph_iri_gives_the_graph(server):
    inferred = triples(fetch(server, "/graph/inferred", "application/n-triples"), ox.RdfFormat.N_TRIPLES)
    assert ox.Triple(ox.NamedNode(NII), ox.NamedNode(RDF_TYPE), ox.NamedNode(ONT + "Leader")) in inferred


def test_unknown_resources_give_404(server):
    # The last path tries to break out of the IRI in the server's look-up queries.
    for path in ("/id/case/atlantis", "/id/case/atlantis.ttl", "/ontology/NoSuchClass", "/id/case/japan-nii.exe",
                 "/graph/nothing", "/id/case/japan-nii%3E%20%3Fp%20%3Fo%20%7D%20%23"):
        assert fetch(server, path, "text/turtle").status_code == 404, path
    page = fetch(server, "/id/case/atlantis", BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_unacceptable_type_gives_406(server):
    assert fetch(server, "/id/case/japan-nii", "image/png").status_code == 406


def test_resource_etag(server):
    first = fetch(server, "/id/case/japan-nii", "text/turtle")
    again = fetch(server, "/id/case/japan-nii", "text/turtle", **{"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert fetch(server, "/id/case/japan-nii", "application/ld+json").headers["etag"] != first.headers["etag"]


# --- HTML pages ------------------------------------------------------------------------------

def test_page_shows_types_asserted_and_inferred(server):
    html = fetch(server, "/id/organization/nii", BROWSER).text
    assert "<h1>National Institute of Informatics</h1>" in html
    leader = html.index('href="/ontology/Leader"')
    assert "inferred" in html[leader:leader + 300]
    institute = html.index('href="/ontology/ResearchInformationInstitute"')
    assert "asserted" in html[institute:institute + 300]


def test_page_shows_the_evidence_of_each_statement(server):
    html = fetch(server, "/id/organization/nii", BROWSER).text
    # The finding japan-nii-motivation-bottleneck: the seed's words, its section, its kind.
    assert "突破语言技术瓶颈: 瑞典、挪威、日本等国认识到本国语言模型技术规模较小，需要奋起直追。" in html
    assert 'href="/id/source/seed-000-4-4-3-1"' in html
    assert 'href="/id/finding/japan-nii-motivation-bottleneck"' in html
    assert 'href="/id/evidence-kind/stated"' in html


def test_page_shows_properties_with_links_and_inbound_links(server):
    html = fetch(server, "/id/case/japan-nii", BROWSER).text
    assert 'href="/id/organization/nii"' in html and 'href="/id/country/japan"' in html
    assert "2021" in html and "2024" in html           # the blank-node period, shown inline
    nii = fetch(server, "/id/organization/nii", BROWSER).text
    inbound = nii[nii.index("Inbound links"):]
    assert 'href="/id/case/japan-nii"' in inbound


def test_labels_switch_language(server):
    zh = fetch(server, "/id/organization/nii?lang=zh", BROWSER).text
    assert "<h1>日本国立情报学研究所</h1>" in zh and 'href="/id/case/japan-nii?lang=zh"' in zh
    by_header = fetch(server, "/id/organization/nii", BROWSER, **{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).text
    assert "<h1>日本国立情报学研究所</h1>" in by_header
    en = fetch(server, "/id/organization/nii?lang=en", BROWSER, **{"Accept-Language": "zh-CN"}).text
    assert "<h1>National Institute of Informatics</h1>" in en


def test_literal_markup_is_escaped(server):
    page = fetch(server, "/id/test/escaping", BROWSER).text
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt; &amp; co" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    zh = fetch(server, "/id/test/escaping?lang=zh", BROWSER).text
    assert "<script>" not in zh and "脚本&lt;script&gt;" in zh
    # The label also appears, escaped, where the case page lists its inbound links.
    case = fetch(server, "/id/case/japan-nii", BROWSER).text
    assert "<script>" not in case and "&lt;script&gt;alert(&#39;label&#39;)" in case


def visible_text(html: str) -> str:
    """The page's text between tags (attributes such as href and title left out)."""
    import re

    return " ".join(re.findall(r">([^<]+)<", html))


def test_chinese_pages_name_properties_in_chinese(server):
    zh = fetch(server, "/id/mechanism/research-data?lang=zh", "text/html").text
    en = fetch(server, "/id/mechanism/research-data?lang=en", "text/html").text
    # The findings' labels spell their claim's property by its label ("机制"), not its local name.
    assert "hasMechanism" not in visible_text(zh) and "中国科学院文献情报中心 · 机制 · " in visible_text(zh)
    assert "has mechanism" in visible_text(en)
    # Properties of the standard vocabularies, which the graph does not label, have Chinese names too.
    assert "所属概念体系" in visible_text(zh) and "skos:inScheme" not in visible_text(zh)
    assert "skos:inScheme" in visible_text(en)
