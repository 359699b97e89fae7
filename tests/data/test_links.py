"""Links to other datasets: claims with evidence, and no identity semantics for the reasoner."""

import pyoxigraph as ox

from lisllm.graph.reasoning import classify, reasoner_input

SAME_AS = "https://schema.org/sameAs"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
# That links are written only inside findings is checked with the other claims (test_evidence.py).
ID = "https://w3id.org/lisllm/id/"


def test_every_link_cites_an_external_source_and_its_words(rows):
    found = rows("""
        SELECT ?s ?o (COUNT(DISTINCT ?source) AS ?sources) (COUNT(DISTINCT ?quote) AS ?quotes) WHERE {
          ?s schema:sameAs ?o .
          OPTIONAL { ?f a lisllm:Finding ; rdf:subject ?s ; rdf:predicate schema:sameAs ; rdf:object ?o ;
                        lisllm:quote ?quote ; prov:wasDerivedFrom ?source . ?source a lisllm:ExternalSource }
        } GROUP BY ?s ?o""")
    assert len(found) >= 11
    for r in found:
        assert int(r["sources"]) >= 1 and int(r["quotes"]) >= 1, r


def test_the_links_written_by_hand(rows):
    found = {(r["s"].removeprefix(ID), r["o"]) for r in rows("SELECT ?s ?o WHERE { ?s schema:sameAs ?o }")}
    assert found == {
        ("organization/kblab", "https://huggingface.co/KBLab"),
        ("organization/nbailab", "https://huggingface.co/NbAiLab"),
        ("organization/llm-jp", "https://huggingface.co/llm-jp"),
        ("output/kb-bert", "https://huggingface.co/KBLab/bert-base-swedish-cased"),
        ("output/nb-bert-base", "https://huggingface.co/NbAiLab/nb-bert-base"),
        ("country/japan", "http://www.wikidata.org/entity/Q17"),
        ("organization/nii", "https://ror.org/04ksd4g47"),
        ("organization/national-library-of-sweden", "https://huggingface.co/KB"),
        ("organization/national-library-of-norway", "https://huggingface.co/nb"),
        ("country/china", "http://www.wikidata.org/entity/Q148"),
        ("country/sweden", "http://www.wikidata.org/entity/Q34"),
        ("country/norway", "http://www.wikidata.org/entity/Q20"),
    }


def test_links_never_reach_the_reasoner_and_leave_the_roles_unchanged(graphs):
    # schema:sameAs is an annotation property: HermiT must not see it (owl:sameAs would merge a
    # resource with its counterpart), and the roles inferred with and without the links are equal.
    module = reasoner_input(graphs.ontology, graphs.asserted)
    assert not [t for t in module if t.predicate.value in (SAME_AS, OWL_SAME_AS)]
    declared = ox.Triple(ox.NamedNode(SAME_AS), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                         ox.NamedNode("http://www.w3.org/2002/07/owl#AnnotationProperty"))
    assert declared in graphs.ontology
    without = [t for t in graphs.asserted if t.predicate.value != SAME_AS]
    assert len(without) < len(graphs.asserted)
    roles = classify(graphs.ontology, without).inferred
    assert set(roles) == set(graphs.reasoning.inferred)
