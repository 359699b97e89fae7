"""The logic model (seed 000, Figure 2) and the study's questions and recommendations, as data."""

import pytest

ID = "https://w3id.org/lisllm/id/"

TOP_CONCEPTS = """
SELECT ?concept ?en ?zh WHERE {
  ?scheme skos:hasTopConcept ?concept .
  OPTIONAL { ?concept skos:prefLabel ?en FILTER(lang(?en) = "en") }
  OPTIONAL { ?concept skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
  FILTER(?scheme = <%s>)
}
"""

# Written from seed 000 §3.1–§3.3 and §4.5 (Figure 2): 6 → 5 → 2 → 3.
EXPECTED_TOP_CONCEPTS = {
    "scheme/motivations": {
        "motivation/open-collections": "开放馆藏资源",
        "motivation/research-mission": "履行研究职能",
        "motivation/break-language-technology-bottleneck": "突破语言技术瓶颈",
        "motivation/trustworthy-safe-models": "提升模型可信度与安全性",
        "motivation/preserve-low-resource-languages": "维护低资源语言文化",
        "motivation/empower-sectors": "赋能多行业发展",
    },
    "scheme/mechanisms": {
        "mechanism/research-data": "以研究数据为基底",
        "mechanism/knowledge-expertise": "以知识经验为操手",
        "mechanism/compute-resources": "以算力资源为支撑",
        "mechanism/copyright-regulation": "以版权法规为界线",
        "mechanism/rnd-management": "以研发管理为协调",
    },
    "scheme/output-kinds": {
        "output-kind/application-product": "应用产品",
        "output-kind/open-model-and-dataset": "语言模型与数据集（免费开放资源）",
    },
    "scheme/outcomes": {
        "outcome/multi-domain-empowerment": "多领域增能",
        "outcome/low-resource-language-technology": "创新低资源语言技术",
        "outcome/llm-technology-breakthrough": "大语言模型技术突破",
    },
}


@pytest.mark.parametrize("scheme", sorted(EXPECTED_TOP_CONCEPTS))
def test_figure_2_nodes_are_the_top_concepts(rows, scheme):
    found = {r["concept"].removeprefix(ID): r for r in rows(TOP_CONCEPTS % (ID + scheme))}
    expected = EXPECTED_TOP_CONCEPTS[scheme]
    assert set(found) == set(expected)
    for concept, zh in expected.items():
        assert found[concept]["zh"] == zh
        assert found[concept]["en"], f"{concept} has no English label"


def test_motivations_split_into_internal_and_external(rows):
    found = rows("SELECT ?group ?m WHERE { ?group a skos:Collection ; skos:member ?m . "
                 "FILTER(STRSTARTS(STR(?group), STR(motivation:))) }")
    groups = {}
    for r in found:
        groups.setdefault(r["group"].removeprefix(ID + "motivation/"), set()).add(
            r["m"].removeprefix(ID + "motivation/"))
    assert groups == {
        "internal": {"open-collections", "research-mission"},
        "external": {"break-language-technology-bottleneck", "trustworthy-safe-models",
                     "preserve-low-resource-languages", "empower-sectors"},
    }


def test_mechanism_sub_kinds_named_by_the_seed(rows):
    found = rows("SELECT ?narrow ?broad WHERE { ?narrow skos:broader ?broad ; skos:inScheme scheme:mechanisms }")
    pairs = {(r["narrow"].removeprefix(ID + "mechanism/"), r["broad"].removeprefix(ID + "mechanism/")) for r in found}
    assert pairs == {
        ("annotation-support", "knowledge-expertise"),
        ("professional-team", "knowledge-expertise"),
        ("national-rnd-centre", "knowledge-expertise"),
        ("compute-via-partner", "compute-resources"),
        ("compute-via-international-programme", "compute-resources"),
        ("compute-via-national-facility", "compute-resources"),
        ("copyright-compliance", "copyright-regulation"),
        ("rule-making-and-oversight", "copyright-regulation"),
        ("internal-rnd", "rnd-management"),
        ("joint-rnd", "rnd-management"),
        ("long-term-enterprise-partnership", "joint-rnd"),
        ("per-project-negotiation", "joint-rnd"),
        ("national-platform", "joint-rnd"),
    }


def test_logic_model_stages_run_motivation_to_outcome(rows):
    found = rows("SELECT ?from ?to WHERE { ?from lisllm:leadsTo ?to }")
    arrows = {(r["from"].removeprefix(ID + "stage/"), r["to"].removeprefix(ID + "stage/")) for r in found}
    assert arrows == {("motivation", "mechanism"), ("mechanism", "output"), ("output", "outcome")}


def test_four_research_questions_and_four_recommendations(rows):
    # Seed 004 is a second study with questions of its own: count those of the multi-case study.
    questions = rows("SELECT ?id ?en ?zh WHERE { ?q a lisllm:ResearchQuestion ; dcterms:identifier ?id ; "
                     "lisllm:partOfStudy study:lis-llm-multicase-2025 ; "
                     "rdfs:label ?en , ?zh FILTER(lang(?en)='en' && lang(?zh)='zh') }")
    assert sorted(r["id"] for r in questions) == ["RQ1", "RQ2", "RQ3", "RQ4"]
    recommendations = rows("SELECT ?id ?zh ?country WHERE { ?r a lisllm:Recommendation ; dcterms:identifier ?id ; "
                           "rdfs:label ?zh ; lisllm:recommendedFor ?country FILTER(lang(?zh)='zh') }")
    assert {r["id"]: r["zh"] for r in recommendations} == {
        "R1": "发挥数据优势", "R2": "激发内部动力", "R3": "推动法规完善", "R4": "构建合作网络",
    }
    assert {r["country"] for r in recommendations} == {ID + "country/china"}
