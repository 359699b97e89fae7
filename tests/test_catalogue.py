"""The query catalogue format: headers, expected-results files, and result comparison."""

import json

import pytest

from lisllm.errors import InputErrors
from lisllm.sparql.catalogue import compare, load_catalogue, read_expected, run_select

HEADER = """# id: {id}
# title@en: Roles
# title@zh: 角色
# rq: RQ4, RQ2
# description: Inferred roles.
# expected: {id}.srj
"""
QUERY = ("SELECT ?i ?role WHERE { GRAPH <https://w3id.org/lisllm/graph/inferred> { ?i a ?role } "
         "?role rdfs:subClassOf lisllm:LLMRnDParticipant }")
ORG = "https://w3id.org/lisllm/id/organization/"
ROLE = "https://w3id.org/lisllm/ontology/"


def results(*pairs):
    return json.dumps({"head": {"vars": ["i", "role"]}, "results": {"bindings": [
        {"i": {"type": "uri", "value": ORG + i}, "role": {"type": "uri", "value": ROLE + r}} for i, r in pairs]}})


FIGURE_1 = [("nsl-cas", "SecondaryParticipant"), ("national-library-of-sweden", "PrimaryParticipant"),
            ("national-library-of-norway", "PrimaryParticipant"), ("nii", "Leader")]


def write(folder, name, body, expected):
    (folder / f"{name}.rq").write_text(HEADER.format(id=name) + body, encoding="utf-8")
    (folder / f"{name}.srj").write_text(expected, encoding="utf-8")


def test_matching_results_in_any_order(tmp_path, store):
    write(tmp_path, "roles", QUERY, results(*reversed(FIGURE_1)))
    (query,) = load_catalogue(tmp_path)
    assert query.questions == ("RQ4", "RQ2") and query.title("zh") == "角色" and not query.ordered
    assert compare(query, run_select(store, query.text), read_expected(query.expected)) == []


def test_a_changed_answer_shows_the_difference(tmp_path, store):
    write(tmp_path, "roles", QUERY, results(*FIGURE_1[:3], ("nii", "PrimaryParticipant")))
    (query,) = load_catalogue(tmp_path)
    diff = compare(query, run_select(store, query.text), read_expected(query.expected))
    assert diff == [
        f"- missing: {{i=<{ORG}nii>, role=<{ROLE}PrimaryParticipant>}}",
        f"+ unexpected: {{i=<{ORG}nii>, role=<{ROLE}Leader>}}",
    ]


def test_ordered_queries_compare_order(tmp_path, store):
    write(tmp_path, "roles", QUERY.replace("}\n", "") + " ORDER BY ?i", results(*FIGURE_1))
    (query,) = load_catalogue(tmp_path)
    assert query.ordered
    diff = compare(query, run_select(store, query.text), read_expected(query.expected))
    assert diff and diff[0].startswith("row 1:")


def test_header_errors_are_located(tmp_path):
    (tmp_path / "bad.rq").write_text("# id: bad\n# title@en: x\nSELECT * {}\n", encoding="utf-8")
    (tmp_path / "Other.rq").write_text(HEADER.format(id="other") + QUERY, encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_catalogue(tmp_path)
    messages = [str(e) for e in info.value.errors]
    assert any("bad.rq:1: query header lacks title@zh, rq, description" in m for m in messages)
    assert any("Other.rq:1: query id 'other' differs from the file name 'Other'" in m for m in messages)


def test_scope_names_studies_by_prefixed_name_or_iri(tmp_path):
    header = HEADER.format(id="roles").replace(
        "# rq: RQ4, RQ2\n", "# rq: RQ4, RQ2\n# scope: study:lis-llm-multicase-2025, <https://example.org/s>\n")
    write(tmp_path, "roles", QUERY, results(*FIGURE_1))
    (tmp_path / "roles.rq").write_text(header + QUERY, encoding="utf-8")
    (query,) = load_catalogue(tmp_path)
    assert query.scope == ("https://w3id.org/lisllm/id/study/lis-llm-multicase-2025", "https://example.org/s")
    (tmp_path / "roles.rq").write_text(header.replace("study:lis", "nope:lis") + QUERY, encoding="utf-8")
    with pytest.raises(InputErrors, match="roles.rq:1: scope 'nope:lis-llm-multicase-2025' is neither"):
        load_catalogue(tmp_path)


def test_files_defining_cases_of_other_studies_are_out_of_scope(graphs, tmp_path):
    from lisllm.graph.rdf_files import parse_file
    from lisllm.sparql.scoping import files_in_scope

    other = tmp_path / "other-case.ttl"
    other.write_text("""@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
<https://w3id.org/lisllm/id/case/x> a lisllm:Case ; lisllm:partOfStudy <https://w3id.org/lisllm/id/study/x> .
""", encoding="utf-8")
    instance_files = [f for f in graphs.files if "/instances/" in str(f.path)] + [parse_file(other)]
    seed_study = {"https://w3id.org/lisllm/id/study/lis-llm-multicase-2025"}
    kept = files_in_scope(instance_files, seed_study)
    assert [f.path for f in instance_files if f not in kept] == [other]
    assert files_in_scope(instance_files, seed_study | {"https://w3id.org/lisllm/id/study/x"}) == instance_files
