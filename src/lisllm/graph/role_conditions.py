"""Why an LIS institution has no role: the conjuncts of each role definition its facts do not meet.

The conditions are read from the ontology (each subclass of LLMRnDParticipant with an
owl:equivalentClass intersection), never written by hand, so the explanation follows any change of
a definition. A conjunct is a named class (the institution must have that type), an owl:hasValue
restriction (the property, or a sub-property, with that value) or an owl:someValuesFrom restriction
on a named class (some value of that type). The facts checked are the asserted graph plus the
reasoner's inferences, so types inferred by HermiT count.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..errors import LisllmError
from ..namespaces import LISLLM, OWL, RDF, RDF_TYPE, RDFS, RDFS_LABEL, SKOS_PREF_LABEL
from .vocabulary_labels import term_name

PARTICIPANT = LISLLM + "LLMRnDParticipant"
INSTITUTION = LISLLM + "LISInstitution"
SUBCLASS, SUBPROPERTY = RDFS + "subClassOf", RDFS + "subPropertyOf"


def role_definitions(ontology: list[ox.Triple]) -> dict[ox.NamedNode, list[tuple]]:
    """role -> its conjuncts: ("type", C) | ("value", p, v) | ("some", p, C)."""
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    for t in ontology:
        by_subject[t.subject][t.predicate.value].append(t.object)
    supers = _closure(ontology, SUBCLASS)
    roles = {}
    for cls, props in by_subject.items():
        if not isinstance(cls, ox.NamedNode) or ox.NamedNode(PARTICIPANT) not in supers.get(cls, ()):
            continue
        for equivalent in props.get(OWL + "equivalentClass", []):
            members = by_subject[equivalent].get(OWL + "intersectionOf")
            if members:
                roles[cls] = [_conjunct(by_subject, m, cls) for m in _list(by_subject, members[0])]
    return roles


def unmet_conditions(ontology: list[ox.Triple], facts: list[ox.Triple]) -> list[ox.Triple]:
    """Triples describing, for each LIS institution in no role, every role conjunct it does not meet."""
    roles = role_definitions(ontology)
    supers = _closure(ontology, SUBCLASS)
    subproperties = defaultdict(set)
    for prop, above in _closure(ontology, SUBPROPERTY).items():
        for parent in above:
            subproperties[parent].add(prop)
    rdf_type = ox.NamedNode(RDF_TYPE)
    types = defaultdict(set)
    for t in facts:
        if t.predicate == rdf_type:
            types[t.subject].add(t.object)
            types[t.subject].update(supers.get(t.object, ()))
    participant, institution_class = ox.NamedNode(PARTICIPANT), ox.NamedNode(INSTITUTION)
    unclassified = sorted((s for s, ts in types.items() if institution_class in ts and participant not in ts), key=str)
    if not unclassified:        # the usual case: no facts to index, no labels to look up
        return []
    wanted = set(unclassified)
    values = defaultdict(set)
    for t in facts:
        if t.subject in wanted and t.predicate != rdf_type:
            values[(t.subject, t.predicate)].add(t.object)
    labels = {(t.subject, t.object.language): t.object.value for t in ontology + facts
              if t.predicate.value in (RDFS_LABEL, SKOS_PREF_LABEL) and isinstance(t.object, ox.Literal)
              and t.object.language}
    out: list[ox.Triple] = []
    for institution in unclassified:
        for role, conjuncts in sorted(roles.items(), key=lambda r: str(r[0])):
            for conjunct in conjuncts:
                if not _met(conjunct, institution, types, values, subproperties):
                    out += _describe(institution, role, conjunct, labels)
    return out


def _met(conjunct, institution, types, values, subproperties) -> bool:
    if conjunct[0] == "type":
        return conjunct[1] in types[institution]
    prop = conjunct[1]
    found = set()
    for p in {prop} | subproperties.get(prop, set()):
        found |= values.get((institution, p), set())
    if conjunct[0] == "value":
        return conjunct[2] in found
    return any(conjunct[2] in types[o] or conjunct[2].value == OWL + "Thing" for o in found)


def _describe(institution, role, conjunct, labels) -> list[ox.Triple]:
    node = ox.BlankNode()
    triples = [ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(LISLLM + "UnmetCondition")),
               ox.Triple(node, ox.NamedNode(LISLLM + "unmetBy"), institution),
               ox.Triple(node, ox.NamedNode(LISLLM + "conditionOfRole"), role)]
    if conjunct[0] == "type":
        triples.append(ox.Triple(node, ox.NamedNode(LISLLM + "requiredClass"), conjunct[1]))
        wanted = {lang: _label(conjunct[1], labels, lang) for lang in ("en", "zh")}
    else:
        triples.append(ox.Triple(node, ox.NamedNode(LISLLM + "requiredProperty"), conjunct[1]))
        key = "requiredValue" if conjunct[0] == "value" else "requiredClass"
        triples.append(ox.Triple(node, ox.NamedNode(LISLLM + key), conjunct[2]))
        wanted = {lang: f"{_label(conjunct[1], labels, lang)}: {_label(conjunct[2], labels, lang)}"
                  for lang in ("en", "zh")}
    words = {"en": "{i} does not meet “{w}” of {r}", "zh": "{i} 不满足{r}的条件“{w}”"}
    for lang, pattern in words.items():
        text = pattern.format(i=_label(institution, labels, lang), r=_label(role, labels, lang), w=wanted[lang])
        triples.append(ox.Triple(node, ox.NamedNode(RDFS_LABEL), ox.Literal(text, language=lang)))
    return triples


def _conjunct(by_subject, member, role) -> tuple:
    if isinstance(member, ox.NamedNode):
        return ("type", member)
    props = by_subject[member]
    on = props.get(OWL + "onProperty", [None])[0]
    if on is not None and props.get(OWL + "hasValue"):
        return ("value", on, props[OWL + "hasValue"][0])
    some = props.get(OWL + "someValuesFrom", [None])[0]
    if on is not None and isinstance(some, ox.NamedNode):
        return ("some", on, some)
    raise LisllmError(f"the definition of role {role.value} has a conjunct that lisllm cannot explain: only named "
                      "classes, owl:hasValue and owl:someValuesFrom a named class are supported")


def _list(by_subject, head) -> list:
    items = []
    while head is not None and not (isinstance(head, ox.NamedNode) and head.value == RDF + "nil"):
        items.append(by_subject[head][RDF + "first"][0])
        head = by_subject[head].get(RDF + "rest", [None])[0]
    return items


def _closure(triples: list[ox.Triple], predicate: str) -> dict:
    """Every named term's strict ancestors along `predicate` (rdfs:subClassOf or rdfs:subPropertyOf)."""
    parents = defaultdict(set)
    for t in triples:
        if t.predicate.value == predicate and isinstance(t.object, ox.NamedNode):
            parents[t.subject].add(t.object)
    closure = {}
    for start in list(parents):
        seen, todo = set(), list(parents[start])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(parents.get(current, ()))
        closure[start] = seen
    return closure


def _label(term, labels, lang: str) -> str:
    return labels.get((term, lang)) or labels.get((term, "en")) or term_name(term, lang)
