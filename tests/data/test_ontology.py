"""The ontology header and the documentation of every term."""

import pytest

ONTOLOGY = "https://w3id.org/lisllm/ontology"


def test_ontology_header(rows):
    (header,) = rows(f"""
        SELECT ?version ?info ?license ?prefix ?creator
               (COUNT(DISTINCT ?title) AS ?titles) (COUNT(DISTINCT ?description) AS ?descriptions) WHERE {{
          <{ONTOLOGY}> a owl:Ontology ; owl:versionIRI ?version ; owl:versionInfo ?info ;
              dcterms:license ?license ; vann:preferredNamespacePrefix ?prefix ; dcterms:creator ?creator ;
              dcterms:title ?title ; dcterms:description ?description .
        }} GROUP BY ?version ?info ?license ?prefix ?creator LIMIT 1""")
    assert header["version"] == f"{ONTOLOGY}/{header['info']}"
    assert header["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert header["prefix"] == "lisllm"
    assert (header["titles"], header["descriptions"]) == ("2", "2")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_term_has_a_label(rows, lang):
    missing = rows(f"""
        SELECT ?term WHERE {{
          VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }}
          ?term a ?kind FILTER(STRSTARTS(STR(?term), STR(lisllm:)))
          FILTER NOT EXISTS {{ ?term rdfs:label ?l FILTER(lang(?l) = "{lang}") }}
        }}""")
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_term_has_a_definition(rows, lang):
    """In both languages: Chinese readers get the vocabulary explained in Chinese (issue 25; S62 warns)."""
    missing = rows(f"""
        SELECT ?term WHERE {{
          VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }}
          ?term a ?kind FILTER(STRSTARTS(STR(?term), STR(lisllm:)))
          FILTER NOT EXISTS {{ ?term skos:definition ?d FILTER(lang(?d) = "{lang}") }}
        }}""")
    assert missing == []


def test_term_names_follow_the_case_convention(rows):
    terms = rows("""
        SELECT ?term ?kind WHERE {
          VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
          ?term a ?kind FILTER(STRSTARTS(STR(?term), STR(lisllm:))) }""")
    for r in terms:
        local = r["term"].rsplit("/", 1)[-1]
        first = local[0]
        assert first.isupper() if r["kind"].endswith("Class") else first.islower(), r["term"]


def test_terms_used_in_the_data_are_declared(graphs):
    prefix = "https://w3id.org/lisllm/ontology/"
    declared = {t.subject.value for t in graphs.ontology}
    used = {term.value for t in graphs.asserted for term in (t.predicate, t.object)
            if hasattr(term, "value") and isinstance(term.value, str) and term.value.startswith(prefix)}
    assert used - declared == set()

