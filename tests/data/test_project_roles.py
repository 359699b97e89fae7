"""The typology on the whole sample: the seed's roles unchanged, the project's own roles inferred by
HermiT, their rationales checked against the facts, plans kept apart from what happened, and the
breadth the external-evidence study promises (issue 23)."""

from __future__ import annotations

import re

import pytest

SEED_ROLES = {"https://w3id.org/lisllm/id/organization/nsl-cas": "SecondaryParticipant",
              "https://w3id.org/lisllm/id/organization/national-library-of-sweden": "PrimaryParticipant",
              "https://w3id.org/lisllm/id/organization/national-library-of-norway": "PrimaryParticipant",
              "https://w3id.org/lisllm/id/organization/nii": "Leader"}
PROJECT_ROLES = "https://w3id.org/lisllm/ontology/project-roles"
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@pytest.fixture(scope="module")
def institutions(repository_rows):
    """Every case's institution with its roles (local names) and its labels."""
    found = {}
    for r in repository_rows("""
        SELECT ?institution ?en ?zh ?role WHERE {
          ?case a lisllm:Case ; lisllm:institution ?institution .
          ?institution rdfs:label ?en , ?zh FILTER(lang(?en) = "en" && lang(?zh) = "zh")
          OPTIONAL { ?institution a ?r . ?r rdfs:subClassOf lisllm:LLMRnDParticipant .
                     BIND(STRAFTER(STR(?r), STR(lisllm:)) AS ?role) } }"""):
        entry = found.setdefault(r["institution"], {"en": r["en"], "zh": r["zh"], "roles": set()})
        if r["role"]:
            entry["roles"].add(r["role"])
    return found


def test_the_seed_institutions_keep_exactly_their_roles(institutions):
    for iri, role in SEED_ROLES.items():
        assert institutions[iri]["roles"] == {role}, iri


def test_the_seed_role_definitions_are_the_core_ontology_s(repository_rows):
    defined = repository_rows("""
        SELECT ?role ?module WHERE { ?role rdfs:subClassOf lisllm:LLMRnDParticipant ; owl:equivalentClass ?d .
                                     OPTIONAL { ?role rdfs:isDefinedBy ?module } }""")
    seed = {r["role"].rsplit("/", 1)[-1] for r in defined if r["module"] is None}
    project = {r["role"].rsplit("/", 1)[-1] for r in defined if r["module"] == PROJECT_ROLES}
    assert seed == {"PrimaryParticipant", "SecondaryParticipant", "Leader"}
    assert project == {"DataProvider", "LLMAdopter"}


def test_two_thirds_end_in_a_role_and_the_others_list_their_unmet_conditions(institutions, repository_rows):
    with_role = [i for i, e in institutions.items() if e["roles"]]
    assert len(with_role) * 3 >= len(institutions) * 2, (len(with_role), len(institutions))
    unmet = {r["i"] for r in repository_rows(
        "SELECT DISTINCT ?i WHERE { ?c a lisllm:UnmetCondition ; lisllm:unmetBy ?i }")}
    assert unmet == {i for i, e in institutions.items() if not e["roles"]}


def test_the_sample_is_twenty_institutions_in_fifteen_countries(institutions, repository_rows):
    countries = repository_rows("SELECT DISTINCT ?country WHERE { ?c a lisllm:Case ; lisllm:inCountry ?country }")
    assert len(institutions) >= 20 and len(countries) >= 15


def test_every_external_institution_has_four_findings_with_quote_page_and_glosses(repository_rows):
    rows = repository_rows("""
        SELECT ?institution (COUNT(DISTINCT ?f) AS ?n) (SUM(?complete) AS ?complete) WHERE {
          ?case lisllm:partOfStudy study:lis-llm-external-evidence ; lisllm:institution ?institution .
          ?f lisllm:inCase ?case ; rdf:subject ?institution .
          BIND(IF(EXISTS { ?f lisllm:quote ?q ; prov:wasDerivedFrom ?s .
                           ?s schema:url ?url ; dcterms:title ?t ; lisllm:accessed ?a ; dcterms:language ?l .
                           ?f dcterms:description ?en , ?zh FILTER(lang(?en) = "en" && lang(?zh) = "zh") }, 1, 0)
               AS ?complete)
        } GROUP BY ?institution""")
    assert len(rows) >= 16
    for r in rows:
        assert int(r["n"]) >= 4, r
        assert r["complete"] == r["n"], r


def test_a_plan_asserts_nothing(repository_graphs):
    """A stated plan's claim is not in the asserted graph (unless a finding of what happened claims it)."""
    from lisllm.namespaces import LISLLM, RDF, RDF_TYPE

    asserted = set(repository_graphs.asserted)
    parts = {}
    for t in asserted:
        if t.predicate.value in (RDF + "subject", RDF + "predicate", RDF + "object"):
            parts.setdefault(t.subject, {})[t.predicate.value.rsplit("#", 1)[-1]] = t.object
    typed = {}
    for t in asserted:
        if t.predicate.value == RDF_TYPE and t.object.value in (LISLLM + "StatedPlan", LISLLM + "Finding"):
            typed.setdefault(t.subject, set()).add(t.object.value.rsplit("/", 1)[-1])
    plans = [f for f, kinds in typed.items() if "StatedPlan" in kinds]
    happened = {tuple(parts[f][k] for k in ("subject", "predicate", "object")) for f, kinds in typed.items()
                if kinds == {"Finding"}}
    assert len(plans) >= 10
    import pyoxigraph as ox
    for plan in plans:
        claim = tuple(parts[plan][k] for k in ("subject", "predicate", "object"))
        if claim not in happened:
            assert ox.Triple(*claim) not in asserted, plan


def _sentences(text: str, labels: dict[str, str], lang: str) -> list[tuple[str, list[str]]]:
    """The text's sentences, each with the institutions whose label it holds. Labels are swapped for
    tokens first (longest first, so that none hides in another, and a label's own full stop, as in
    "Det Kgl. Bibliotek", does not end a sentence)."""
    tokens = {}
    for n, (iri, label) in enumerate(sorted(labels.items(), key=lambda kv: -len(kv[1]))):
        if label in text:
            tokens[f"<{n}>"] = iri
            text = text.replace(label, f"<{n}>")
    parts = re.split(r"(?<=\.)\s+(?=[A-Z<])", text) if lang == "en" else text.split("。")
    return [(part, [iri for token, iri in tokens.items() if token in part]) for part in parts]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("role", ["DataProvider", "LLMAdopter"])
def test_each_rationale_says_what_the_data_say(repository_rows, institutions, role, lang):
    (row,) = repository_rows(f"""
        SELECT ?text WHERE {{ ?i a lisllm:Interpretation ; rdf:subject lisllm:{role} ; lisllm:rationale ?text
                              FILTER(lang(?text) = "{lang}") }}""")
    members = {i for i, e in institutions.items() if role in e["roles"]}
    in_seed_roles = {i for i, e in institutions.items() if e["roles"] - {"DataProvider", "LLMAdopter"}}
    planned = {r["i"] for r in repository_rows(f"""
        SELECT DISTINCT ?i WHERE {{ ?f a lisllm:StatedPlan ; rdf:subject ?i ; rdf:predicate ?p .
            lisllm:{role} owl:equivalentClass/owl:intersectionOf/rdf:rest*/rdf:first/owl:onProperty ?p }}""")}
    labels = {i: e[lang] for i, e in institutions.items()}
    named = set()
    for sentence, who in _sentences(row["text"], labels, lang):
        named |= set(who)
        if re.search(r"\bplan\b|计划", sentence):
            for i in who:       # a plan is not membership
                assert i in planned and i not in members, (sentence, i)
        else:
            for i in who:
                assert i in members, (sentence, i)
        count = re.match(r"(\w+) institutions|外部证据研究中有(.)个机构", sentence)
        if count:
            assert NUMBERS[(count.group(1) or count.group(2)).lower()] == len(members), sentence
    assert members <= named, members - named
    assert not members & in_seed_roles


def test_unmet_conditions_name_what_is_missing_in_words(repository_rows):
    """A condition's label names the required value or class by its label in the label's language
    (the concept "应用产品", not the slug `application-product`; org:Organization, not `org#Organization`)."""
    rows = repository_rows("""
        SELECT ?label ?v ?wanted WHERE {
          ?c a lisllm:UnmetCondition ; lisllm:requiredProperty ?p ; rdfs:label ?label .
          { ?c lisllm:requiredValue ?v } UNION { ?c lisllm:requiredClass ?v }
          OPTIONAL { ?v rdfs:label|skos:prefLabel ?wanted FILTER(lang(?wanted) = lang(?label)) } }""")
    assert any(row["wanted"] for row in rows) and any(not row["wanted"] for row in rows)
    for row in rows:
        local = re.split(r"[/#]", row["v"].rstrip("/"))[-1]
        assert "#" not in row["label"], row
        if row["wanted"]:
            assert f": {row['wanted']}”" in row["label"] or f": {row['wanted']}" in row["label"], row
            assert local == row["wanted"] or local not in row["label"], row


def test_chinese_finding_labels_name_standard_properties_in_chinese(repository_rows):
    """A finding's zh label is spelt from its claim's terms; a standard property such as org:hasUnit,
    which the ontology does not label, reads in Chinese ("下属单位"), not as its English local name."""
    rows = repository_rows("""
        SELECT ?label WHERE { ?f a lisllm:Finding ; rdf:predicate org:hasUnit ; rdfs:label ?label
                              FILTER(lang(?label) = "zh") }""")
    assert rows
    assert all(" · 下属单位 · " in row["label"] for row in rows), rows
