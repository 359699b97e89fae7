"""Seed 004 as data: pain points, paths, measures, advice, NAIRR, the people it names, and the
interpretations that link it to seed 000. Expectations are written by hand from the seed text."""

import pytest

from conftest import seed_text
from support import ID, pieces


@pytest.fixture(scope="module")
def seed_004() -> str:
    return seed_text("004")


# Seed 004 §一 and §二: the numbered headings, in order.
PAIN_POINTS = {
    "PP1": ("fragmented-resources", "资源分散与重复建设"),
    "PP2": ("single-track-evaluation", "评价体系单一化"),
    "PP3": ("missing-industry-academia-collaboration", "产学研协同机制缺失"),
    "PP4": ("long-cycle-vs-short-term-returns", "长周期投入与短期回报矛盾"),
}
PATHS = {
    "P1": ("cross-institution-network", "构建跨机构协作网络", "PP1"),
    "P2": ("diversified-evaluation", "建立多元化评价体系", "PP2"),
    "P3": ("industry-academia-integration", "深化产学研融合机制", "PP3"),
    "P4": ("long-term-investment-fault-tolerance", "强化长期投入与容错机制", "PP4"),
}
# The measures of each path as issue 8 lists them, grouped by the seed's sub-headings.
MEASURES = {
    "cross-institution-network": {
        "national-collaboration-platform": {"compute-sharing-pool", "data-opening-alliance", "joint-research-teams"},
    },
    "diversified-evaluation": {
        "evaluation-dimension-expansion": {"application-indicators", "ethics-indicators",
                                           "long-term-influence-indicators"},
        "dynamic-evaluation": {"five-year-cycle-evaluation", "market-feedback-weight"},
    },
    "industry-academia-integration": {
        "two-way-talent-flow": {"faculty-secondment-to-industry", "engineers-teach-at-universities", "dual-mentor-lab"},
        "benefit-sharing": {"ip-equity", "revenue-sharing"},
    },
    "long-term-investment-fault-tolerance": {
        "policy-support": {"national-special-fund", "innovation-fault-tolerance"},
        "enterprise-participation": {"tax-incentives", "government-procurement"},
    },
}


def test_headings_are_the_seeds(seed_004):
    for _, heading in PAIN_POINTS.values():
        assert heading in seed_004
    for _, heading, _ in PATHS.values():
        assert heading in seed_004


def test_four_pain_points_with_description_and_example(rows):
    found = rows("""
        SELECT ?p ?id ?zh (COUNT(DISTINCT ?d) AS ?descriptions) (COUNT(DISTINCT ?e) AS ?examples) WHERE {
          ?p a lisllm:PainPoint ; dcterms:identifier ?id ; rdfs:label ?zh FILTER(lang(?zh) = "zh")
          OPTIONAL { ?p dcterms:description ?d }
          OPTIONAL { ?p skos:example ?e }
        } GROUP BY ?p ?id ?zh""")
    assert {r["id"]: (r["p"].removeprefix(ID + "pain-point/"), r["zh"]) for r in found} == PAIN_POINTS
    assert all((r["descriptions"], r["examples"]) == ("2", "2") for r in found)


def test_each_path_addresses_the_pain_point_in_the_same_position(rows):
    found = rows("""
        SELECT ?pathId ?zh ?painId ?kind ?note WHERE {
          GRAPH <https://w3id.org/lisllm/graph/asserted> { ?path lisllm:addresses ?pain }
          ?path dcterms:identifier ?pathId ; rdfs:label ?zh FILTER(lang(?zh) = "zh")
          ?pain dcterms:identifier ?painId .
          ?f a lisllm:Finding ; rdf:subject ?path ; rdf:predicate lisllm:addresses ; rdf:object ?pain ;
             lisllm:evidenceKind ?kind ; lisllm:codingNote ?note .
        }""")
    assert {r["pathId"]: (r["zh"], r["painId"]) for r in found} == {k: v[1:] for k, v in PATHS.items()}
    # The seed pairs them by order and wording only: the project's reading, and said so.
    assert {r["kind"] for r in found} == {ID + "evidence-kind/implied-by-structure"}


def test_measures_of_each_path(rows):
    found = rows("SELECT ?path ?m ?group WHERE { ?path lisllm:hasMeasure ?m "
                 "OPTIONAL { ?m lisllm:partOfMeasure ?group } }")
    got: dict = {}
    for r in found:
        path = r["path"].removeprefix(ID + "path/")
        measure = r["m"].removeprefix(ID + "measure/")
        if r["group"] is None:
            got.setdefault(path, {}).setdefault(measure, set())
        else:
            got.setdefault(path, {}).setdefault(r["group"].removeprefix(ID + "measure/"), set()).add(measure)
    assert got == MEASURES


def test_chinese_descriptions_and_examples_are_the_seeds_words(rows, seed_004):
    found = rows("""
        SELECT ?r ?text WHERE {
          ?r dcterms:description|skos:example ?text ; prov:wasDerivedFrom ?section .
          ?section dcterms:isPartOf* source:seed-004 .
          FILTER(lang(?text) = "zh")
        }""")
    assert len({r["r"] for r in found}) >= 40
    for r in found:
        for piece in pieces(r["text"]):
            assert piece in seed_004, f"{r['r']}: not in seed 004: {piece!r}"


def test_nairr_is_the_reference_of_path_1_and_its_pilot_date_is_externally_sourced(rows):
    (reference,) = rows("SELECT ?i WHERE { path:cross-institution-network lisllm:referenceInitiative ?i }")
    assert reference["i"] == ID + "initiative/nairr"
    found = rows("""
        SELECT ?date ?url WHERE {
          ?f a lisllm:Finding ; rdf:subject initiative:nairr ; rdf:predicate lisllm:pilotLaunched ; rdf:object ?date ;
             lisllm:evidenceKind evidence:external ; prov:wasDerivedFrom ?s .
          ?s a lisllm:ExternalSource ; schema:url ?url .
        }""")
    assert {r["date"] for r in found} == {"2024-01-24"}
    assert {r["url"] for r in found} == {
        "https://pureai.com/Articles/2024/01/25/NSF-to-launch-National-AI-Research-Resource-Pilot.aspx",
        "https://www.axios.com/pro/tech-policy/2024/01/24/nsf-launches-ai-research-hub",
    }


def test_professor_wang_heads_the_institute_and_named_three_pain_points(rows):
    (head,) = rows("SELECT ?o WHERE { person:wang-yanfeng org:headOf ?o }")
    assert head["o"] == ID + "organization/sjtu-ai-institute"
    found = rows("SELECT ?id WHERE { ?p lisllm:pointedOutBy person:wang-yanfeng ; dcterms:identifier ?id }")
    assert sorted(r["id"] for r in found) == ["PP1", "PP2", "PP3"]


def test_practical_advice_for_developers_and_enterprise_users(rows):
    found = rows("""
        SELECT ?advice ?actor ?practice WHERE {
          ?advice a lisllm:PracticalAdvice ; lisllm:addressedTo ?actor ; lisllm:recommendsPractice ?practice .
          ?advice skos:example ?example FILTER(lang(?example) = "zh")
        }""")
    got: dict = {}
    for r in found:
        key = (r["advice"].removeprefix(ID + "advice/"), r["actor"].removeprefix(ID + "actor-kind/"))
        got.setdefault(key, set()).add(r["practice"].removeprefix(ID + "practice/"))
    assert got == {
        ("developers-vertical-domains", "developer"): {"industry-models", "niche-scenarios"},
        ("enterprise-data-model-application-loop", "enterprise-user"): {"data-flywheel", "open-api-ecosystem"},
    }


def test_interpretations_are_complete_and_never_asserted(rows):
    found = rows("""
        SELECT ?i ?s ?p ?o ?author ?authorLabel
               (COUNT(DISTINCT ?en) AS ?en) (COUNT(DISTINCT ?zh) AS ?zh) (COUNT(DISTINCT ?src) AS ?sources)
               (SUM(IF(EXISTS { GRAPH <https://w3id.org/lisllm/graph/asserted> { ?s ?p ?o } }, 1, 0)) AS ?asserted)
        WHERE {
          ?i a lisllm:Interpretation ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
             prov:wasAttributedTo ?author ; prov:wasDerivedFrom ?src .
          ?author rdfs:label ?authorLabel FILTER(lang(?authorLabel) = "en")
          OPTIONAL { ?i lisllm:rationale ?en FILTER(lang(?en) = "en") }
          OPTIONAL { ?i lisllm:rationale ?zh FILTER(lang(?zh) = "zh") }
        } GROUP BY ?i ?s ?p ?o ?author ?authorLabel""")
    claims = {(r["s"].removeprefix(ID), r["p"].rsplit("/", 1)[-1], r["o"].removeprefix(ID)) for r in found}
    assert claims == {
        ("recommendation/r4-build-cooperation-network", "alignsWith", "path/cross-institution-network"),
        ("mechanism/national-platform", "realises", "path/cross-institution-network"),
        ("mechanism/per-project-negotiation", "exemplifies", "pain-point/missing-industry-academia-collaboration"),
    }
    for r in found:
        assert (r["en"], r["zh"]) == ("1", "1"), r["i"]
        assert r["author"] == ID + "agent/lisllm-maintainers" and r["authorLabel"] == "lisllm maintainers"
        assert int(r["sources"]) >= 2, f"{r['i']} reads one document only"
        assert r["asserted"] == "0", f"{r['i']}: an interpretation's link must not be asserted"


@pytest.mark.parametrize("finding", ["japan-nii-national-platform", "sweden-kb-per-project-negotiation"])
def test_interpretations_build_on_the_findings_of_the_cases(rows, finding):
    found = rows(f"SELECT ?i WHERE {{ ?i lisllm:basedOnFinding finding:{finding} . "
                 f"finding:{finding} a lisllm:Finding }}")
    assert len(found) == 1


def test_findings_of_seed_004_name_no_case(rows):
    # They are about pain points, paths, an initiative and a person, not about a studied
    # institution: their context is their source (see test_evidence for the general rule).
    found = rows("""
        SELECT ?finding ?subject (COUNT(?case) AS ?cases) WHERE {
          ?finding a lisllm:Finding ; rdf:subject ?subject .
          FILTER(STRSTARTS(STR(?finding), STR(finding:seed-004-)) || ?finding = finding:nairr-pilot-launched)
          OPTIONAL { ?finding lisllm:inCase ?case }
        } GROUP BY ?finding ?subject""")
    assert len(found) == 10
    assert {r["cases"] for r in found} == {"0"}
    assert {r["subject"].removeprefix(ID).split("/")[0] for r in found} == {"pain-point", "path", "person",
                                                                           "initiative"}

