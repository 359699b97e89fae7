"""What the dataset is, said once: the facts behind VoID/DCAT (publish.description), the schema.org
`Dataset` embedded in both home pages (the server's and the release's) and CITATION.cff.

Both descriptions are built from `FACTS` and from the same two queries over the graph (the period
the cases cover, the countries they are in), so a search engine's view of the release and a
linked-data client's cannot disagree (tests/publish/test_publish.py compares them).
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..namespaces import BASE
from .store import select

DATASET = BASE + "id/dataset/lisllm"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
FACTS = {
    "title": {"en": "lisllm: LIS institutions in LLM research and development",
              "zh": "lisllm：图书情报机构参与大语言模型研发知识图谱"},
    "description": {
        "en": "A knowledge graph of how library and information-science institutions take part in LLM R&D: the "
              "ontology, four cases with every claim's evidence, and the roles a reasoner infers.",
        "zh": "图书情报机构参与大语言模型研发的知识图谱：本体、四个案例（每项论断附证据）以及推理机推断的角色。"},
    "creator": "lisllm contributors",
    "keywords": ["library and information science", "large language models", "research and development",
                 "knowledge graph", "linked data", "OWL", "SHACL", "national libraries"],
}

PERIOD = """
SELECT (MIN(STR(?start)) AS ?from) (MAX(STR(?end)) AS ?to) WHERE {
  ?case a lisllm:Case ; dcterms:temporal ?t . ?t dcat:startDate ?start ; dcat:endDate ?end }"""
COUNTRIES = """
SELECT DISTINCT ?country ?label ?same WHERE {
  ?case a lisllm:Case ; lisllm:inCountry ?country . ?country rdfs:label ?label FILTER(lang(?label) = "en")
  OPTIONAL { ?country schema:sameAs ?same } } ORDER BY ?country"""


VERSION = """
SELECT ?version WHERE { <https://w3id.org/lisllm/ontology> owl:versionInfo ?version } LIMIT 1"""


def coverage(store: ox.Store) -> tuple[tuple[str, str] | None, list[tuple[str, str, str | None]]]:
    """The period the cases cover (first start, last end year) and their countries (IRI, label, link)."""
    return coverage_of(select(store, PERIOD), select(store, COUNTRIES))


def coverage_of(rows: list, country_rows: list):
    """`coverage` from the rows of PERIOD and COUNTRIES, however they were run."""
    period = None
    if rows and rows[0]["from"] is not None:
        period = (rows[0]["from"].value, rows[0]["to"].value)
    countries = [(r["country"].value, r["label"].value, r["same"].value if r["same"] is not None else None)
                 for r in country_rows]
    return period, countries


def schema_dataset(*, url: str, version: str, period, countries, distributions: list[tuple[str, str]],
                   sparql_endpoint: str | None = None, lang: str = "en") -> dict:
    """The schema.org `Dataset` (JSON-LD) for a home page; distributions are (URL, media type)."""
    data = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": DATASET,
        "name": FACTS["title"][lang],
        "description": FACTS["description"][lang],
        "url": url,
        "license": LICENSE,
        "version": version,
        "creator": {"@type": "Organization", "name": FACTS["creator"]},
        "keywords": FACTS["keywords"],
        "isAccessibleForFree": True,
        "spatialCoverage": [{"@type": "Place", "@id": iri, "name": label, **({"sameAs": same} if same else {})}
                            for iri, label, same in countries],
        "distribution": [{"@type": "DataDownload", "contentUrl": href, "encodingFormat": media}
                         for href, media in distributions],
    }
    if period:
        data["temporalCoverage"] = f"{period[0]}/{period[1]}"
    if sparql_endpoint:
        data["distribution"].append({"@type": "DataDownload", "contentUrl": sparql_endpoint,
                                     "encodingFormat": "application/sparql-results+json",
                                     "name": "SPARQL endpoint"})
    return data


def script_tag(data: dict) -> str:
    """The JSON for a `<script type="application/ld+json">` element; `</` cannot end the element."""
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
