"""Every JSON-LD file of a release has the project's @context and parses back to the same graph."""

import json

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from lisllm.graph.jsonld import compact_quads, compact_triples, context
from lisllm.namespaces import PREFIXES


def _rdflib(nquads: bytes, dataset: bool):
    target = rdflib.Dataset() if dataset else rdflib.Graph()
    target.parse(data=nquads.decode("utf-8"), format="nquads" if dataset else "nt")
    return target


def test_a_case_compacts_and_parses_back_to_the_same_graph(store):
    node = ox.NamedNode("https://w3id.org/lisllm/id/case/japan-nii")
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)]
    text = compact_triples(triples)
    document = json.loads(text)
    assert document["@context"]["lisllm"] == PREFIXES["lisllm"]
    assert "https://w3id.org/lisllm/ontology/" not in json.dumps({k: v for k, v in document.items() if k != "@context"})
    back = rdflib.Graph().parse(data=text, format="json-ld")
    assert isomorphic(back, _rdflib(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), False))


def test_the_named_graphs_compact_and_parse_back_to_the_same_quads(graphs):
    quads = graphs.quads()
    text = compact_quads(quads)
    back = rdflib.Dataset().parse(data=text, format="json-ld")
    expected = _rdflib(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), True)
    for name in ("ontology", "asserted", "inferred"):
        iri = rdflib.URIRef(f"https://w3id.org/lisllm/graph/{name}")
        assert isomorphic(back.graph(iri), expected.graph(iri)), name


def test_links_read_as_terms_with_the_wikidata_prefix():
    triples = [ox.Triple(ox.NamedNode("https://w3id.org/lisllm/id/country/japan"),
                         ox.NamedNode("https://schema.org/sameAs"), ox.NamedNode("http://www.wikidata.org/entity/Q17"))]
    document = json.loads(compact_triples(triples))
    assert document["sameAs"] == "wd:Q17" and document["@id"] == "country:japan"
    assert context()["wd"] == "http://www.wikidata.org/entity/"
