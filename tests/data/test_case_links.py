"""Each case's links match what seed 000 (and the cited public sources) report for that case.

The expectations below were written by hand from seed 000 §3.1–§3.3 and §4.5, not produced by
running the code.
"""

import pytest

ID = "https://w3id.org/lisllm/id/"

INSTITUTION = {
    "china-nsl-cas": "nsl-cas",
    "sweden-kb": "national-library-of-sweden",
    "norway-nb": "national-library-of-norway",
    "japan-nii": "nii",
}

EXPECTED = {
    "china-nsl-cas": {
        "hasMotivation": set(),
        "hasMechanism": {"mechanism/research-data", "mechanism/annotation-support", "mechanism/compute-via-partner",
                         "mechanism/copyright-compliance", "mechanism/long-term-enterprise-partnership"},
        "hasOutputKind": {"output-kind/application-product"},
        "hasOutcome": {"outcome/vertical-domain-llm-optimisation"},
        "produced": {"output/xinghuo-research-assistant"},
        "computeProvider": {"organization/iflytek"},
        "partner": {"organization/iflytek"},
        "rndLedBy": {"organization/iflytek"},
        "coordinates": set(),
    },
    "sweden-kb": {
        "hasMotivation": {"motivation/break-language-technology-bottleneck"},
        "hasMechanism": {"mechanism/research-data", "mechanism/professional-team", "mechanism/internal-rnd",
                         "mechanism/per-project-negotiation", "mechanism/compute-via-international-programme",
                         "mechanism/copyright-compliance"},
        "hasOutputKind": {"output-kind/open-language-model", "output-kind/open-dataset"},
        "hasOutcome": {"outcome/low-resource-language-technology"},
        "produced": {"output/kb-bert"},
        "computeProvider": {"organization/eurohpc-ju"},
        "partner": set(),
        "rndLedBy": set(),
        "coordinates": set(),
    },
    "norway-nb": {
        "hasMotivation": {"motivation/break-language-technology-bottleneck"},
        "hasMechanism": {"mechanism/research-data", "mechanism/professional-team", "mechanism/internal-rnd",
                         "mechanism/compute-resources", "mechanism/copyright-compliance",
                         "mechanism/rule-making-and-oversight"},
        "hasOutputKind": {"output-kind/open-language-model", "output-kind/open-dataset"},
        "hasOutcome": {"outcome/low-resource-language-technology"},
        "produced": {"output/nb-bert-base"},
        "computeProvider": set(),
        "partner": set(),
        "rndLedBy": set(),
        "coordinates": set(),
    },
    "japan-nii": {
        "hasMotivation": {"motivation/break-language-technology-bottleneck"},
        "hasMechanism": {"mechanism/research-data", "mechanism/national-rnd-centre", "mechanism/national-platform",
                         "mechanism/compute-via-national-facility", "mechanism/copyright-compliance",
                         "mechanism/rule-making-and-oversight"},
        "hasOutputKind": {"output-kind/open-language-model", "output-kind/open-dataset"},
        "hasOutcome": {"outcome/llm-technology-breakthrough"},
        "produced": {"output/llm-jp-13b-v1-0"},
        "computeProvider": {"platform/mdx"},
        "partner": set(),
        "rndLedBy": set(),
        "coordinates": {"organization/llm-jp"},
    },
}

PAIRS = [(case, prop) for case in EXPECTED for prop in EXPECTED[case]]


def test_four_cases_with_institution_country_and_period(rows):
    found = rows("""
        SELECT ?case ?institution ?country ?start ?end (COUNT(DISTINCT ?type) AS ?types) WHERE {
          ?case a lisllm:Case ; lisllm:institution ?institution ; lisllm:inCountry ?country ;
                dcterms:temporal [ dcat:startDate ?start ; dcat:endDate ?end ] ;
                lisllm:dataSourceType ?type .
        } GROUP BY ?case ?institution ?country ?start ?end""")
    by_case = {r["case"].removeprefix(ID + "case/"): r for r in found}
    assert set(by_case) == set(INSTITUTION)
    for case, row in by_case.items():
        assert row["institution"] == ID + "organization/" + INSTITUTION[case]
        assert row["country"] == ID + "country/" + case.split("-")[0]
        assert (row["start"], row["end"], row["types"]) == ("2021", "2024", "5")


@pytest.mark.parametrize("case,prop", PAIRS)
def test_case_links_match_the_seed(rows, case, prop):
    found = rows(f"SELECT ?o WHERE {{ GRAPH <https://w3id.org/lisllm/graph/asserted> "
                 f"{{ organization:{INSTITUTION[case]} lisllm:{prop} ?o }} }}")
    assert {r["o"].removeprefix(ID) for r in found} == EXPECTED[case][prop]


def test_product_of_china_is_the_spark_research_assistant(rows):
    found = rows("SELECT ?zh ?kind ?lead WHERE { output:xinghuo-research-assistant rdfs:label ?zh ; "
                 "lisllm:kindOfOutput ?kind ; lisllm:ledBy ?lead FILTER(lang(?zh) = 'zh') }")
    assert found == [{"zh": "星火科研助手", "kind": ID + "output-kind/application-product",
                      "lead": ID + "organization/iflytek"}]


def test_partner_kinds(rows):
    found = rows("SELECT ?org ?type WHERE { VALUES ?org { organization:iflytek organization:eurohpc-ju "
                 "platform:mdx organization:llm-jp organization:government-of-japan "
                 "organization:norway-ministry-of-culture-and-equality } ?org a ?type "
                 "FILTER(STRSTARTS(STR(?type), STR(lisllm:))) }")
    types = {}
    for r in found:
        types.setdefault(r["org"].removeprefix(ID), set()).add(r["type"].rsplit("/", 1)[-1])
    assert {"Company"} <= types["organization/iflytek"]
    assert {"InternationalProgramme"} <= types["organization/eurohpc-ju"]
    assert {"NationalComputingFacility"} <= types["platform/mdx"]
    assert {"NationalRnDNetwork"} <= types["organization/llm-jp"]
    assert {"GovernmentBody"} <= types["organization/government-of-japan"]
    assert {"GovernmentBody"} <= types["organization/norway-ministry-of-culture-and-equality"]


def test_units_of_the_institutions(rows):
    found = rows("SELECT ?inst ?unit WHERE { { ?inst org:hasUnit ?unit } UNION { ?inst lisllm:established ?unit . "
                 "?unit a lisllm:LLMRnDUnit } }")
    assert {(r["inst"].removeprefix(ID + "organization/"), r["unit"].removeprefix(ID + "organization/"))
            for r in found} == {
        ("national-library-of-sweden", "kblab"),
        ("national-library-of-norway", "nbailab"),
        ("nii", "nii-llmc"),
    }
