"""Which queries the server may answer itself: one triple pattern of one constant and two distinct
variables, nothing that could make the engine read without answering. Everything else must go to a
worker."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from lisllm.server.bounded import is_single_pattern

BOUNDED = [
    "SELECT ?p ?o WHERE { <https://w3id.org/lisllm/id/case/japan-nii> ?p ?o }",
    "select ?p ?o where { <https://w3id.org/lisllm/id/case/japan-nii> ?p ?o . }",
    "SELECT ?s ?p WHERE { ?s ?p <https://w3id.org/lisllm/id/case/japan-nii> }",
    "SELECT * { ?s rdfs:label ?label }",
    "SELECT ?s WHERE { ?s ?p \"Case: Japan, National Institute of Informatics\"@en }",
    "SELECT ?s WHERE { ?s ?p \"2021\"^^xsd:gYear }",
    "SELECT ?s WHERE { ?s ?p \"2021\"^^<http://www.w3.org/2001/XMLSchema#gYear> }",
    "SELECT ?s WHERE { ?s ?p \"a } in a string\" }",
    "PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\nSELECT ?p WHERE { ex:s ?p ?o }",
    "BASE <http://example.org/>\nSELECT ?o WHERE { ?s <p> ?o }",
    "# a comment\nSELECT $p ?o WHERE { <s> $p ?o } # and one after\n",
    "SELECT ?p ?o WHERE { <s> ?p ?o } LIMIT 10",
    "SELECT ?x WHERE { <s> ?p ?o }",
]

UNBOUNDED = [
    # the engine reads every quad to find few or no rows
    "SELECT * WHERE { ?x ?x ?x }",
    "SELECT * WHERE { ?s <p> ?s }",
    # two or three constants: the in-memory store walks one term's quads and filters them
    "SELECT * WHERE { <s> <p> ?o }",
    "SELECT * WHERE { ?s a lisllm:Case }",
    "SELECT * WHERE { <s> ?p <o> }",
    "SELECT * WHERE { <s> <p> <o> }",
    # no constant: not a look-up
    "SELECT * WHERE { ?s ?p ?o }",
    # modifiers that read without answering, or answer with something else
    "SELECT * WHERE { <s> ?p ?o } OFFSET 1000000",
    "SELECT * WHERE { <s> ?p ?o } ORDER BY ?o",
    "SELECT * WHERE { <s> ?p ?o FILTER(?o = 1) }",
    "SELECT * WHERE { <s> ?p ?o } GROUP BY ?s",
    "SELECT (COUNT(*) AS ?n) WHERE { <s> ?p ?o }",
    "SELECT DISTINCT ?p WHERE { <s> ?p ?o }",
    # more than one pattern, or a pattern that is not a triple of terms
    "SELECT * WHERE { <s> ?p ?o . ?o ?q ?r }",
    "SELECT * WHERE { <s> ?p ?o ; ?q ?r }",
    "SELECT * WHERE { <s> ?p ?o , ?r }",
    "SELECT * WHERE { ?s <p>* ?o }",
    "SELECT * WHERE { ?s <p>/<q> ?o }",
    "SELECT * WHERE { ?s ^<p> ?o }",
    "SELECT * WHERE { ?s !<p> ?o }",
    "SELECT * WHERE { ?s <p>|<q> ?o }",
    "SELECT * WHERE { [] ?p ?o }",
    "SELECT * WHERE { _:b ?p ?o }",
    "SELECT * WHERE { ?s ?p (1 2) }",
    "SELECT * WHERE { ?s ?p 1 }",
    "SELECT * WHERE { <s> ?p ?o OPTIONAL { ?o ?q ?r } }",
    "SELECT * WHERE { { <s> ?p ?o } }",
    "SELECT * WHERE { GRAPH ?g { <s> ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { <s> ?p ?o } }",
    "SELECT * WHERE { <s> ?p ?o } VALUES ?s { <a> }",
    "SELECT * WHERE { <s> ?p ?o BIND(1 AS ?x) }",
    "SELECT * FROM <http://example.org/g> WHERE { <s> ?p ?o }",
    "SELECT * WHERE { <s> ?p ?o } LIMIT 1 OFFSET 5",
    "SELECT * WHERE { <s> ?p ?o } LIMIT 1234567890",
    # refused without lexing: more than one opening brace anywhere, or a long text
    "SELECT * WHERE { ?s ?p \"{\" }",
    "# {\nSELECT * WHERE { <s> ?p ?o }",
    "SELECT * WHERE { <s> ?p ?o }" + " " * 4096,
    # \\u escapes are decoded before parsing, so they could spell any of the above
    "SELECT * WHERE { <s> ?p ?o } \\u004FFSET 10",
    "SELECT * WHERE { <s> \\u003Fp ?o }",
    # other forms and broken text
    "ASK { <s> ?p ?o }",
    "CONSTRUCT WHERE { <s> ?p ?o }",
    "DESCRIBE <s>",
    "SELECT WHERE { <s> ?p ?o }",
    "SELECT * WHERE { <s> ?p }",
    "SELECT * WHERE { <s> ?p ?o ?x }",
    "SELECT * WHERE { <s> ?p ?o",
    "PREFIX ex <http://example.org/> SELECT * WHERE { <s> ?p ?o }",
    "SELECT * WHERE { ?s ?p \"x\"^^\"y\" }",
    "",
]


@pytest.mark.parametrize("text", BOUNDED)
def test_a_single_triple_pattern_is_bounded(text):
    assert is_single_pattern(text)


@pytest.mark.parametrize("text", UNBOUNDED)
def test_anything_else_goes_to_a_worker(text):
    assert not is_single_pattern(text)


@pytest.mark.parametrize("text", BOUNDED)
def test_what_is_accepted_is_a_query_the_engine_reads_as_one_pattern(text):
    # The recognised texts are real queries (the prefixes as the endpoint predeclares them).
    store = ox.Store()
    prefixes = {"lisllm": "https://w3id.org/lisllm/ontology/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "xsd": "http://www.w3.org/2001/XMLSchema#"}
    assert isinstance(store.query(text, prefixes=prefixes, base_iri="http://example.org/"), ox.QuerySolutions)
