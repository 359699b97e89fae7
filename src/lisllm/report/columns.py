"""What the report calls each column of its tables, and how a cell's value reads, in English and Chinese.

A query's variable names are identifiers, not words: every variable of every query the report shows
has a heading here (tests/report check it for the whole catalogue), and a variable without one
stops the report with a message saying where to add it rather than print its name. A variable
means the same in every query that uses it (`case` is always a case), so headings are per variable.

Booleans read as words chosen for their column (yes/no unless the column says otherwise). IRIs read
as their labels; the few standard terms the graph uses without labelling them get words here.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import ORG
from ..sparql.labels import term_text

COLUMNS: dict[str, dict[str, str]] = {
    "allCases": {"en": "all cases", "zh": "案例总数"},
    "case": {"en": "case", "zh": "案例"},
    "cases": {"en": "cases", "zh": "案例数"},
    "channel": {"en": "compute channel", "zh": "算力渠道"},
    "claim": {"en": "claim", "zh": "所述事项"},
    "class": {"en": "required class", "zh": "所需类别"},
    "coordinates": {"en": "coordinates", "zh": "牵头"},
    "countries": {"en": "countries", "zh": "国家数"},
    "country": {"en": "country", "zh": "国家"},
    "data": {"en": "data", "zh": "数据"},
    "distinctive": {"en": "distinctive to one country", "zh": "某一国家独有"},
    "element": {"en": "element", "zh": "要素"},
    "expertise": {"en": "expertise", "zh": "专业知识"},
    "explanation": {"en": "why", "zh": "成因"},
    "group": {"en": "group", "zh": "分组"},
    "institution": {"en": "institution", "zh": "机构"},
    "institutions": {"en": "institutions", "zh": "机构数"},
    "jointMode": {"en": "form of joint R&D", "zh": "联合研发形式"},
    "level": {"en": "staff involvement", "zh": "人员参与程度"},
    "licence": {"en": "licence", "zh": "许可"},
    "mechanism": {"en": "specific form", "zh": "具体形式"},
    "mode": {"en": "R&D management", "zh": "研发管理方式"},
    "motivation": {"en": "motivation", "zh": "动机"},
    "object": {"en": "about", "zh": "对象"},
    "order": {"en": "stage no.", "zh": "阶段序号"},
    "outcome": {"en": "outcome", "zh": "成效"},
    "output": {"en": "named output", "zh": "具名成果"},
    "outputKind": {"en": "output", "zh": "产出"},
    "plan": {"en": "status", "zh": "状态"},
    "property": {"en": "unmet property", "zh": "未满足的属性"},
    "provider": {"en": "provider", "zh": "提供方"},
    "providerKind": {"en": "kind of provider", "zh": "提供方类型"},
    "realisedAs": {"en": "realised as", "zh": "实现形式"},
    "recommendation": {"en": "recommendation", "zh": "建议"},
    "rndLedBy": {"en": "R&D led by", "zh": "研发主导方"},
    "role": {"en": "role", "zh": "角色"},
    "sharedByAll": {"en": "shared by all cases", "zh": "全部案例共有"},
    "stage": {"en": "stage", "zh": "阶段"},
    "study": {"en": "study", "zh": "研究"},
    "topKind": {"en": "output category", "zh": "产出大类"},
    "topMechanism": {"en": "mechanism", "zh": "机制"},
    "value": {"en": "required value", "zh": "所需取值"},
    "year": {"en": "year", "zh": "年份"},
}

YES_NO = {"en": ("yes", "no"), "zh": ("是", "否")}
# Columns whose true and false mean more than yes and no.
BOOLEANS: dict[str, dict[str, tuple[str, str]]] = {
    "plan": {"en": ("announced plan", "reported as done"), "zh": ("已宣布的计划", "已发生")},
}

# Standard-vocabulary terms that the graph uses without a label; Chinese names of most such terms
# come with the labels (lisllm.sparql.labels), so only what is missing there is given here.
TERMS: dict[str, dict[str, str]] = {
    ORG + "hasUnit": {"en": "has unit"},
    ORG + "Organization": {"en": "organisation", "zh": "组织"},
}

BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def heading(variable: str, lang: str, query_id: str = "") -> str:
    words = COLUMNS.get(variable, {})
    if lang not in words:
        shown = f"query {query_id} shows " if query_id else ""
        raise LisllmError(f"{shown}variable ?{variable}, which has no {lang} column heading: add one to "
                          "COLUMNS in lisllm/report/columns.py")
    return words[lang]


def term_words(lang: str) -> dict[str, str]:
    """Names of the unlabelled standard terms, to stand in where the graph gives no label."""
    return {iri: words[lang] for iri, words in TERMS.items() if lang in words}


def cell_text(term, variable: str, labels: dict[str, str], lang: str) -> str:
    """How a value reads in the column of `variable` ("" when unbound)."""
    if isinstance(term, ox.Literal) and term.datatype.value == BOOLEAN:
        yes, no = BOOLEANS.get(variable, YES_NO)[lang]
        return yes if term.value in ("true", "1") else no
    # IRIs outside the project's namespaces (licences, web pages) read best in full.
    if isinstance(term, ox.NamedNode) and term.value not in labels:
        text = term_text(term, labels)
        return term.value if text.startswith("<") else text
    return term_text(term, labels)
