"""Readable names for IRIs: their label in a chosen language, else English, else the short IRI."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, VANN, shorten
from .endpoint import Endpoint

BATCH = 200   # IRIs per label query, so that queries to remote endpoints stay small

# In the graphs or in the default graph: a store's default graph may be empty (Oxigraph's server),
# the union of the graphs (Virtuoso, the embedded store) or hold data of its own.
LABELS_QUERY = """
SELECT ?item ?label WHERE {
  VALUES ?item { %s }
  { ?item rdfs:label|skos:prefLabel ?label } UNION { GRAPH ?g { ?item rdfs:label|skos:prefLabel ?label } }
}
"""

# Chinese names of the standard vocabularies' terms that the graph uses without labelling them, so
# that a Chinese page names every property in Chinese (English pages show the usual `skos:inScheme`).
VOCABULARY_ZH = {
    DCTERMS + "created": "创建时间", DCTERMS + "creator": "创建者", DCTERMS + "date": "日期",
    DCTERMS + "description": "描述", DCTERMS + "identifier": "标识符", DCTERMS + "isPartOf": "所属",
    DCTERMS + "issued": "发布日期", DCTERMS + "language": "语言", DCTERMS + "license": "许可协议",
    DCTERMS + "modified": "修改日期", DCTERMS + "source": "来源", DCTERMS + "temporal": "时间范围",
    DCTERMS + "title": "标题",
    VANN + "preferredNamespacePrefix": "首选命名空间前缀", VANN + "preferredNamespaceUri": "首选命名空间",
    RDF + "type": "类型", RDF + "first": "首项", RDF + "rest": "其余项", RDF + "subject": "主语",
    RDF + "predicate": "谓语", RDF + "object": "宾语",
    RDFS + "label": "标签", RDFS + "comment": "注释", RDFS + "domain": "定义域", RDFS + "range": "值域",
    RDFS + "isDefinedBy": "定义于", RDFS + "seeAlso": "另见", RDFS + "subClassOf": "上位类",
    RDFS + "subPropertyOf": "上位属性",
    OWL + "disjointWith": "不相交于", OWL + "equivalentClass": "等价类", OWL + "hasValue": "取值",
    OWL + "intersectionOf": "交集", OWL + "unionOf": "并集", OWL + "inverseOf": "逆属性",
    OWL + "onProperty": "约束属性", OWL + "someValuesFrom": "部分取值于", OWL + "allValuesFrom": "全部取值于",
    OWL + "versionIRI": "版本 IRI", OWL + "versionInfo": "版本信息",
    SKOS + "prefLabel": "首选标签", SKOS + "altLabel": "别名", SKOS + "broader": "上位概念",
    SKOS + "narrower": "下位概念", SKOS + "definition": "定义", SKOS + "example": "示例", SKOS + "note": "注释",
    SKOS + "hasTopConcept": "顶层概念", SKOS + "topConceptOf": "顶层概念所属体系", SKOS + "inScheme": "所属概念体系",
    SKOS + "member": "成员",
    DCAT + "startDate": "开始日期", DCAT + "endDate": "结束日期", DCAT + "landingPage": "主页",
    ORG + "hasUnit": "下属单位", ORG + "headOf": "负责",
    PROV + "wasAttributedTo": "归属于", PROV + "wasDerivedFrom": "来源于",
    FOAF + "homepage": "主页", FOAF + "page": "页面",
    SCHEMA + "url": "网址",
}



def fetch_labels(endpoint: Endpoint, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The label of each IRI that has one: in `lang`, else English, else in any language; IRIs
    without one are left out, except the standard vocabularies' terms on Chinese pages."""
    wanted = sorted({iri for iri in iris if iri})
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(wanted), BATCH):
        values = " ".join(f"<{iri}>" for iri in wanted[start:start + BATCH])
        for solution in endpoint.query(LABELS_QUERY % values):
            label = solution["label"]
            language = getattr(label, "language", None) or ""
            # The smallest label wins, so that a resource with several labels always shows the same one.
            per_lang = found.setdefault(solution["item"].value, {})
            if language not in per_lang or label.value < per_lang[language]:
                per_lang[language] = label.value
    labels = {iri: per_lang.get(lang) or per_lang.get("en") or per_lang[min(per_lang)]
              for iri, per_lang in found.items()}
    if lang == "zh":
        labels |= {iri: VOCABULARY_ZH[iri] for iri in wanted if iri not in found and iri in VOCABULARY_ZH}
    return labels


def term_text(term, labels: dict[str, str]) -> str:
    """How a result cell reads in a table: a label, a short IRI, or a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
