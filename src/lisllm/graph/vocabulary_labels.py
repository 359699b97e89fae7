"""Names of the standard vocabularies' terms that the graph uses without labelling them.

English pages and labels show such a term by its short name (`skos:inScheme`); Chinese ones need a
name in Chinese, so that a Chinese page or a finding's label names every property in Chinese.
"""

from __future__ import annotations

from ..namespaces import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, VANN

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


def term_name(term, lang: str) -> str:
    """A term without a label of its own: its Chinese name in zh when it has one, else its local name."""
    if lang == "zh" and term.value in VOCABULARY_ZH:
        return VOCABULARY_ZH[term.value]
    return term.value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
