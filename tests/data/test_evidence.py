"""Facts are sacred: every claim has its evidence, and seed quotes are the seed's own words."""

import re

import pytest

from conftest import seed_text

ID = "https://w3id.org/lisllm/id/"
CLAIM_PROPERTIES = ("hasMotivation", "hasMechanism", "hasOutputKind", "hasOutcome", "produced", "ledBy",
                    "rndLedBy", "partner", "computeProvider", "supportedBy", "commissionedBy", "coordinates",
                    "established", "roleExplanation")
# Claims in other vocabularies: links to other datasets (instances/links.ttl).
CLAIM_IRIS = ("https://schema.org/sameAs",)



# Every claim of the repository, of both studies, must carry its evidence: these checks run on the
# whole repository, not on the session graph of seed 000's study alone.
@pytest.fixture(scope="module")
def graphs(repository_graphs):
    return repository_graphs


@pytest.fixture(scope="module")
def rows(repository_rows):
    return repository_rows

def test_every_finding_has_source_quote_description_and_evidence_kind(rows):
    # A finding names its case when its claim is about a studied institution (the institution of a
    # case). Findings about other things (the pain points and paths of seed 004, an initiative, a
    # person) belong to no case: their context is the source they are derived from. A finding
    # never names more than one case, and never a case other than its institution's.
    found = rows("""
        SELECT ?finding (COUNT(DISTINCT ?source) AS ?sources) (COUNT(DISTINCT ?quote) AS ?quotes)
               (COUNT(DISTINCT ?description) AS ?descriptions) (COUNT(DISTINCT ?kind) AS ?kinds)
               (COUNT(DISTINCT ?case) AS ?cases) (COUNT(DISTINCT ?subjectCase) AS ?subjectCases)
               (SUM(IF(BOUND(?case) && ?case != ?subjectCase && BOUND(?subjectCase), 1, 0)) AS ?wrongCases) WHERE {
          ?finding a lisllm:Finding .
          OPTIONAL { ?finding prov:wasDerivedFrom ?source . ?source a ?sourceType
                     VALUES ?sourceType { lisllm:SourceDocument lisllm:ExternalSource } }
          OPTIONAL { ?finding lisllm:quote ?quote }
          OPTIONAL { ?finding dcterms:description ?description FILTER(lang(?description) = "en") }
          OPTIONAL { ?finding lisllm:evidenceKind ?kind . ?kind skos:inScheme scheme:evidence-kinds }
          OPTIONAL { ?finding lisllm:inCase ?case . ?case a lisllm:Case }
          OPTIONAL { ?finding rdf:subject ?subject . ?subjectCase lisllm:institution ?subject }
        } GROUP BY ?finding""")
    assert len(found) >= 60
    for r in found:
        assert int(r["sources"]) >= 1, f"{r['finding']} has no source"
        assert int(r["quotes"]) >= 1, f"{r['finding']} has no quote"
        assert int(r["descriptions"]) >= 1, f"{r['finding']} has no English description"
        assert r["kinds"] == "1", f"{r['finding']} needs exactly one evidence kind"
        assert int(r["cases"]) <= 1, f"{r['finding']} names more than one case"
        if r["subjectCases"] != "0":
            assert r["cases"] == "1", f"{r['finding']} is about a studied institution and needs its case"
            assert r["wrongCases"] == "0", f"{r['finding']} names a case other than its institution's"


def test_seed_quotes_are_verbatim(rows):
    texts = {"seed-000": seed_text("000"), "seed-004": seed_text("004")}
    found = rows("""
        SELECT ?finding ?quote ?doc WHERE {
          ?finding a lisllm:Finding ; lisllm:quote ?quote ; prov:wasDerivedFrom ?section .
          ?section dcterms:isPartOf+ ?doc . ?doc a lisllm:SourceDocument FILTER NOT EXISTS { ?doc dcterms:isPartOf ?up }
          FILTER(lang(?quote) = "zh")
        }""")
    assert found
    for r in found:
        text = texts[r["doc"].removeprefix(ID + "source/")]
        for piece in re.split("……", r["quote"]):
            assert piece.strip() in text, f"{r['finding']}: quote not in the seed: {piece!r}"


def test_claims_are_only_made_through_findings(graphs):
    # A claim property used as a predicate in a source file would be a fact without evidence.
    by_finding = {}
    for parsed in graphs.files:
        for t in parsed.triples:
            name = t.predicate.value.rsplit("/", 1)[-1]
            if (t.predicate.value.startswith("https://w3id.org/lisllm/ontology/") and name in CLAIM_PROPERTIES) \
                    or t.predicate.value in CLAIM_IRIS:
                by_finding.setdefault(parsed.path.name, []).append(str(t))
    assert by_finding == {}, f"claim properties used directly, without a finding: {by_finding}"


def test_case_claims_have_a_finding(rows):
    unbacked = rows("""
        SELECT ?s ?p ?o WHERE {
          ?case lisllm:institution ?s .
          ?s ?p ?o .
          FILTER(STRSTARTS(STR(?p), STR(lisllm:)) && ?p != lisllm:inCountry)
          FILTER NOT EXISTS { ?f a lisllm:Finding ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
        }""")
    assert unbacked == []


def test_every_described_resource_has_a_source(rows):
    missing = rows("""
        SELECT DISTINCT ?r WHERE {
          ?r rdfs:label|skos:prefLabel ?label .
          FILTER(STRSTARTS(STR(?r), "https://w3id.org/lisllm/id/"))
          FILTER NOT EXISTS { ?r prov:wasDerivedFrom ?source }
          FILTER NOT EXISTS { ?r a lisllm:SourceDocument }
          FILTER NOT EXISTS { ?r a lisllm:ExternalSource }
          FILTER NOT EXISTS { ?r a lisllm:Finding }
          FILTER NOT EXISTS { ?r skos:inScheme scheme:evidence-kinds }
          # The project's own agents (…/id/agent/) author interpretations; they are not facts.
          FILTER(!STRSTARTS(STR(?r), "https://w3id.org/lisllm/id/agent/"))
          FILTER NOT EXISTS { scheme:evidence-kinds skos:hasTopConcept ?r . }
          FILTER(?r != scheme:evidence-kinds)
        }""")
    assert missing == []


def test_external_sources_have_url_and_date(rows):
    found = rows("""
        SELECT ?s ?url ?accessed WHERE { ?s a lisllm:ExternalSource .
          OPTIONAL { ?s schema:url ?url } OPTIONAL { ?s lisllm:accessed ?accessed } }""")
    assert len(found) >= 10
    for r in found:
        assert r["url"] and r["url"].startswith("https://"), r
        assert r["accessed"], r


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_labelled_instance_has_a_label_in_both_languages(rows, lang):
    missing = rows(f"""
        SELECT DISTINCT ?r WHERE {{
          ?r rdfs:label|skos:prefLabel ?any .
          FILTER(STRSTARTS(STR(?r), "https://w3id.org/lisllm/"))
          FILTER NOT EXISTS {{ ?r rdfs:label|skos:prefLabel ?l FILTER(lang(?l) = "{lang}") }}
        }}""")
    assert missing == []
