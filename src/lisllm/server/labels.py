"""Labels of IRIs in a chosen language, and links from graph IRIs to this server's pages."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import BASE, DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, VANN, XSD, shorten
from .source import Source

LANGUAGES = ("en", "zh")
CHUNK = 200
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


def local_href(iri: str, lang: str = "en") -> str:
    """IRIs under https://w3id.org/lisllm/ dereference on this server at the same path."""
    if iri.startswith(BASE):
        path = "/" + iri[len(BASE):]
        return path + ("?lang=zh" if lang == "zh" else "")
    return iri


async def fetch_labels(source: Source, iris, lang: str) -> dict[str, str]:
    """The best label of each IRI: in `lang`, else English, else any; IRIs without one are left out."""
    wanted = sorted({i for i in iris if i})
    found: dict[str, dict[str, str]] = {}
    for start in range(0, len(wanted), CHUNK):
        values = " ".join(f"<{iri}>" for iri in wanted[start:start + CHUNK])
        rows = await source.select(
            "SELECT ?x ?label WHERE { VALUES ?x { %s } GRAPH ?g { ?x rdfs:label|skos:prefLabel ?label } }" % values)
        for row in rows:
            label = row["label"]
            found.setdefault(row["x"].value, {}).setdefault(getattr(label, "language", None) or "", label.value)
    labels = {iri: by_lang.get(lang) or by_lang.get("en") or next(iter(by_lang.values()))
              for iri, by_lang in found.items()}
    if lang == "zh":
        for iri in wanted:
            if iri not in found and iri in VOCABULARY_ZH:
                labels[iri] = VOCABULARY_ZH[iri]
    return labels


@dataclass
class Term:
    """An RDF term ready for a template: text to show, a link, and what kind of term it is."""

    kind: str                 # "iri", "literal", "bnode"
    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None

    @classmethod
    def of(cls, term, labels: dict[str, str], lang: str) -> Term:
        if isinstance(term, ox.NamedNode):
            return cls("iri", labels.get(term.value) or shorten(term.value).strip("<>"),
                       local_href(term.value, lang), term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            shown = None if datatype in (XSD + "string",) or term.language else shorten(datatype)
            return cls("literal", term.value, lang=term.language, datatype=shown)
        return cls("bnode", str(term))
