"""`lisllm publish`: a static release whose files are complete, consistent and linked."""

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest

from conftest import needs_dot
from lisllm.errors import LisllmError
from lisllm.publish.release import publish
from lisllm.sparql.formats import GRAPH_FORMATS

pytestmark = needs_dot  # every release draws the figures

VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def full_graphs(project):
    """The build of the whole repository, both studies, as `lisllm publish` builds it (the session
    `graphs` hold seed 000's study only: tests/conftest.py)."""
    from lisllm.graph.build import assemble

    return assemble(project)


@pytest.fixture(scope="module")
def release(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "site"
    return publish(project, out, version="1.2.3")


def test_dumps_parse_and_match_the_build(release, full_graphs):
    dumps = release.out / "dumps"
    assert sorted(p.name for p in dumps.iterdir()) == [f"lisllm-1.2.3.{ext}" for ext in ("jsonld", "nq", "trig", "ttl")]
    expected_quads = len(set(full_graphs.quads()))
    for ext in ("trig", "nq", "jsonld"):
        quads = list(ox.parse(path=dumps / f"lisllm-1.2.3.{ext}"))
        assert len(set(quads)) == expected_quads, ext
    merged = {(q.subject, q.predicate, q.object) for q in full_graphs.quads()}
    assert len(list(ox.parse(path=dumps / "lisllm-1.2.3.ttl"))) == len(merged) == release.triples


def test_checksums_and_sizes_are_right(release):
    for line in (release.out / "SHA256SUMS").read_text().splitlines():
        digest, path = line.split("  ")
        assert hashlib.sha256((release.out / path).read_bytes()).hexdigest() == digest
    for dist in release.dumps:
        assert (release.out / dist.path).stat().st_size == dist.byte_size


def _void(release) -> ox.Store:
    store = ox.Store()
    store.load(path=release.out / "void.ttl")
    return store


def test_void_counts_equal_sparql_counts_over_the_dump(release):
    dump = ox.Store()
    dump.load(path=release.out / "dumps" / "lisllm-1.2.3.ttl")
    void = _void(release)
    (declared,) = void.query(f"SELECT ?n WHERE {{ ?d a <{VOID}Dataset> ; <{VOID}triples> ?n }}")
    assert int(declared["n"].value) == len(dump)
    classes = {row["c"].value: int(row["n"].value) for row in void.query(
        f"SELECT ?c ?n WHERE {{ ?d <{VOID}classPartition> [ <{VOID}class> ?c ; <{VOID}entities> ?n ] }}")}
    counted = {row["c"].value: int(row["n"].value) for row in dump.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c")}
    assert classes == counted
    # seed 000's four cases and the external-evidence study's nineteen (instances/cases-external)
    assert classes["https://w3id.org/lisllm/ontology/Case"] == 23


def test_dataset_description_has_licence_version_and_distributions(release):
    void = _void(release)
    (row,) = void.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?license ?version (COUNT(DISTINCT ?dist) AS ?dists) (COUNT(DISTINCT ?example) AS ?examples) WHERE {
          ?d a dcat:Dataset ; dcterms:license ?license ; dcat:version ?version ; dcat:distribution ?dist ;
             <http://rdfs.org/ns/void#exampleResource> ?example . ?dist dcat:mediaType ?m ; dcat:byteSize ?size .
        } GROUP BY ?license ?version""")
    assert row["license"].value == "https://creativecommons.org/licenses/by/4.0/"
    # one example per case
    assert (row["version"].value, row["dists"].value, row["examples"].value) == ("1.2.3", "4", "23")


def test_version_is_stamped_into_the_ontology(release):
    ontology = ox.Store()
    ontology.load(path=release.out / "ontology.ttl")
    (row,) = ontology.query("SELECT ?iri ?info WHERE { <https://w3id.org/lisllm/ontology> "
                            "<http://www.w3.org/2002/07/owl#versionIRI> ?iri ; "
                            "<http://www.w3.org/2002/07/owl#versionInfo> ?info }")
    assert (row["iri"].value, row["info"].value) == ("https://w3id.org/lisllm/ontology/1.2.3", "1.2.3")


def test_every_resource_has_its_serialisations_at_its_iri_path(release, full_graphs):
    prefixes = ("https://w3id.org/lisllm/id/", "https://w3id.org/lisllm/ontology/")
    subjects = {t.subject.value for t in full_graphs.ontology + full_graphs.asserted + full_graphs.inferred
                if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(prefixes)}
    assert release.resources == len(subjects)
    for iri in subjects:
        stem = release.out / iri.removeprefix("https://w3id.org/lisllm/")
        for ext in ("html", "zh.html", "ttl", "jsonld", "rdf", "nt"):
            assert Path(f"{stem}.{ext}").is_file(), f"{iri}.{ext}"
    case = list(ox.parse(path=release.out / "id" / "case" / "japan-nii.ttl"))
    assert any(t.predicate.value.endswith("/temporal") for t in case)
    assert any(t.predicate.value.endswith("#startDate") for t in case)  # the blank node travels with it


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_every_local_link_resolves(release):
    pages = list(release.out.rglob("*.html"))
    assert pages
    broken = []
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(release.out)} → {link}")
    assert broken == []


def test_redirect_rules_are_written(release):
    htaccess = (release.out / ".htaccess").read_text()
    assert "RewriteRule ^(id/.+)$ $1.ttl [L,R=303]" in htaccess
    assert "text/turtle" in (release.out / "nginx.conf").read_text()
    # The configurations are written out by hand: each must still name every file the release holds.
    nginx = (release.out / "nginx.conf").read_text()
    for fmt in GRAPH_FORMATS:
        assert f"AddType {fmt.media_type} .{fmt.file_extension}\n" in htaccess
        assert f"{fmt.media_type} {fmt.file_extension};" in nginx
        assert list(release.out.rglob(f"*.{fmt.file_extension}")), fmt


def test_home_page_escapes_labels(project_copy, tmp_path):
    countries = project_copy.instances / "countries.ttl"
    text = countries.read_text(encoding="utf-8").replace('"Japan"@en', '"Japan <script>alert(1)</script>"@en')
    countries.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    publish(project_copy, out)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "Japan &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_failed_publish_keeps_the_previous_release(project_copy, tmp_path):
    out = tmp_path / "site"
    publish(project_copy, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    (project_copy.instances / "countries.ttl").write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(LisllmError):
        publish(project_copy, out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_a_release_holds_no_file_iri(project_copy, tmp_path):
    """Relative IRIs resolve against the project's base, so no machine's file: IRI reaches a release."""
    (project_copy.instances / "relative.ttl").write_text(
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        '<id/concept/relative-thing> rdfs:label "relative thing"@en , "相对的事物"@zh ; rdfs:seeAlso <> .\n',
        encoding="utf-8")
    out = tmp_path / "site"
    publish(project_copy, out)
    assert (out / "id" / "concept" / "relative-thing.html").is_file()
    leaking = [p.relative_to(out) for p in out.rglob("*") if p.is_file() and b"file:/" in p.read_bytes()]
    assert leaking == []


def test_every_jsonld_file_has_the_context_and_parses_to_the_graph_of_its_ntriples(release):
    import json

    import rdflib
    from rdflib.compare import isomorphic

    files = list(release.out.rglob("*.jsonld"))
    assert len(files) > 300
    published = json.loads((release.out / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document.get("@context") == published, path
    for stem in ("id/case/japan-nii", "id/country/japan", "ontology"):
        jsonld = rdflib.Graph().parse(release.out / f"{stem}.jsonld", format="json-ld")
        ntriples = rdflib.Graph().parse(release.out / f"{stem}.nt", format="nt")
        assert len(jsonld) > 0 and isomorphic(jsonld, ntriples), stem


def test_home_page_dataset_agrees_with_void(release):
    import json
    import re

    html = (release.out / "index.html").read_text(encoding="utf-8")
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    dataset = json.loads(script)
    assert dataset["@type"] == "Dataset" and dataset["version"] == "1.2.3"
    void = _void(release)
    (row,) = void.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?license ?title ?start ?end WHERE { ?d a dcat:Dataset ; dcterms:license ?license ; dcterms:title ?title ;
          dcterms:temporal [ dcat:startDate ?start ; dcat:endDate ?end ] FILTER(lang(?title) = "en") }""")
    assert dataset["license"] == row["license"].value and dataset["name"] == row["title"].value
    # The release holds both studies: seed 000's cases cover 2021–2024; the external-evidence study's
    # run from 2017 (the Library of Congress) to 2026 (the KB and GPT-NL).
    assert dataset["temporalCoverage"] == f"{row['start'].value}/{row['end'].value}" == "2017/2026"
    media = {r["url"].value: r["m"].value.rsplit("media-types/", 1)[1] for r in void.query(
        "SELECT ?url ?m WHERE { ?d <http://www.w3.org/ns/dcat#distribution> ?url . "
        "?url <http://www.w3.org/ns/dcat#mediaType> ?m }")}
    assert {d["contentUrl"]: d["encodingFormat"] for d in dataset["distribution"]} == media
    spatial = {r["c"].value for r in void.query("SELECT ?c WHERE { ?d <http://purl.org/dc/terms/spatial> ?c }")}
    # China, Sweden, Norway and Japan (seed 000); the Netherlands, the United States, France, Spain,
    # Portugal, Hungary, Denmark, Germany, Finland, the United Kingdom, South Korea, Singapore, Poland,
    # Slovenia and Estonia (the external-evidence study).
    assert {p["@id"] for p in dataset["spatialCoverage"]} == spatial and len(spatial) == 19


def test_the_release_compares_every_institution(release):
    for name, words in (("index.html", ("Role (inferred)", "Stated plans")),
                        ("index.zh.html", ("角色（推理所得）", "已宣布的计划"))):
        page = (release.out / "compare" / name).read_text(encoding="utf-8")
        assert all(w in page for w in words)
        suffix = ".zh.html" if name.endswith(".zh.html") else ".html"
        # every institution of the 23 cases, each linked to its page in the release (one level up)
        links = set(re.findall(r'<th scope="col"><a href="\.\./id/organization/([a-z0-9-]+)' + re.escape(suffix), page))
        assert len(links) == 23
        for slug in links:
            assert (release.out / "id" / "organization" / f"{slug}{suffix}").is_file()
