"""Adding a case is a data-only change: `lisllm new-case`, fill in the template, build.

A fictional case (Ruritania, its national library, a fictional source on example.org) is added to a
temporary copy of the repository, never to instances/. The filled-in file is the fixture
fixtures/fictional-case/ruritania-nlr.ttl.

The steps run once (module fixture `added_case`); each test checks one consequence: validation
names what the fresh template lacks and passes once it is filled in, and the case then appears in
`stats`, the catalogue queries, the report and its figures, the SPARQL endpoint and linked-data
pages of a real `lisllm serve`, and the published site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import copy_repository, needs_dot
from lisllm.graph.build import assemble
from lisllm.graph.store import open_store, select
from support import ID, lisllm, shacl_results

FIXTURES = Path(__file__).resolve().parent / "fixtures"

FILLED = FIXTURES / "fictional-case" / "ruritania-nlr.ttl"
NEW_CASE = ("new-case", "--slug", "ruritania-nlr", "--country", "ruritania",
            "--institution", "national-library-of-ruritania", "--institution-type", "national-library")
ROLE_LINE = re.compile(r"National Library of Ruritania \(fictional\)\s+Ruritania \(fictional\)\s+primary participant")


@dataclass
class AddedCase:
    root: Path
    project: object
    new_case: object            # CompletedProcess of `lisllm new-case`
    template: str               # the file as written by new-case
    template_build: object      # `lisllm build` with the fresh template in place
    template_results: list      # SHACL results with the fresh template in place
    template_validate: object   # `lisllm validate` with the fresh template in place
    build: object               # `lisllm build` after the template was filled in
    validate: object            # `lisllm validate` after the template was filled in


@pytest.fixture(scope="module")
def added_case(tmp_path_factory) -> AddedCase:
    root = tmp_path_factory.mktemp("fictional") / "repo"
    project = copy_repository(root)
    new_case = lisllm(*NEW_CASE, cwd=root)
    assert new_case.returncode == 0, new_case.stderr
    path = project.instances / "cases" / "ruritania-nlr.ttl"
    template = path.read_text(encoding="utf-8")
    template_build = lisllm("build", cwd=root)
    template_results = shacl_results(project)
    template_validate = lisllm("validate", cwd=root)
    path.write_text(FILLED.read_text(encoding="utf-8"), encoding="utf-8")   # the user fills it in
    build = lisllm("build", cwd=root)
    validate = lisllm("validate", cwd=root)
    return AddedCase(root, project, new_case, template, template_build, template_results, template_validate,
                     build, validate)


def test_new_case_wrote_the_template_with_a_new_country(added_case):
    assert "Wrote instances/cases/ruritania-nlr.ttl" in added_case.new_case.stdout
    assert "with a new country, country:ruritania" in added_case.new_case.stdout
    assert "country:ruritania a lisllm:Country ;" in added_case.template
    assert "organization:national-library-of-ruritania a lisllm:NationalLibrary ;" in added_case.template


def test_the_fresh_template_builds_but_does_not_pass_validation(added_case):
    # The graph keeps building while the template is being filled in, and nothing is inferred
    # for an institution without findings …
    assert added_case.template_build.returncode == 0, added_case.template_build.stderr
    assert "Ruritania" not in added_case.template_build.stdout.split("Inferred roles")[1]
    # … but validation names every placeholder and the missing findings.
    by_shape: dict[str, set] = {}
    for shape, focus, path, _ in added_case.template_results:
        by_shape.setdefault(shape, set()).add((focus, path.rsplit("/", 1)[-1].rsplit("#", 1)[-1]))
    assert {("case/ruritania-nlr", "label"), ("case/ruritania-nlr", "dataSourceType"),
            ("_:blank", "startDate"), ("_:blank", "endDate"), ("country/ruritania", "label"),
            ("study/ruritania-nlr-study", "label"), ("study/ruritania-nlr-study", "description"),
            ("source/ruritania-nlr-source", "label"), ("source/ruritania-nlr-source", "title"),
            ("source/ruritania-nlr-source", "url")} <= by_shape["NC01-no-todo-placeholder"]
    assert {focus for focus, _ in by_shape["NC02-case-has-findings"]} == {"case/ruritania-nlr"}


def test_the_filled_template_keeps_every_field_of_the_template(added_case):
    # The fixture is the template filled in: every statement the template makes about the case,
    # institution, country, study and source is still there, with a real value.
    def fields(text: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE):
            if isinstance(q.subject, ox.NamedNode):
                out.setdefault(q.subject.value, set()).add(q.predicate.value)
        return out

    template, filled = fields(added_case.template), fields(FILLED.read_text(encoding="utf-8"))
    assert set(template) == {ID + "case/ruritania-nlr", ID + "organization/national-library-of-ruritania",
                             ID + "country/ruritania", ID + "study/ruritania-nlr-study",
                             ID + "source/ruritania-nlr-source"}
    for subject, predicates in template.items():
        assert predicates <= filled.get(subject, set()), subject
    assert "TODO" not in FILLED.read_text(encoding="utf-8")


def test_build_infers_the_role_from_the_facts(added_case):
    assert added_case.build.returncode == 0, added_case.build.stderr
    assert ROLE_LINE.search(added_case.build.stdout), added_case.build.stdout
    # The four cases of seed 000 keep their roles.
    assert "National Institute of Informatics" in added_case.build.stdout


@pytest.mark.parametrize("lang,expected", [
    ("en", ROLE_LINE),
    ("zh", re.compile(r"鲁里塔尼亚国家图书馆（虚构）\s+鲁里塔尼亚（虚构）\s+主要参与者")),
])
def test_the_case_appears_in_stats(added_case, lang, expected):
    result = lisllm("stats", "--lang", lang, cwd=added_case.root)
    assert result.returncode == 0, result.stderr
    assert expected.search(result.stdout), result.stdout
    assert re.search(r"lisllm:Case\s+5\b", result.stdout)


def test_sparql_over_the_built_store_sees_claims_and_evidence(added_case):
    store = open_store(added_case.root / "dist")
    found = select(store, """
        SELECT ?predicate ?object ?quote ?url ?kind WHERE {
          ?f a lisllm:Finding ; lisllm:inCase case:ruritania-nlr ;
             rdf:subject organization:national-library-of-ruritania ; rdf:predicate ?predicate ; rdf:object ?object ;
             lisllm:quote ?quote ; lisllm:evidenceKind ?kind ; prov:wasDerivedFrom ?source .
          ?source a lisllm:ExternalSource ; schema:url ?url .
          GRAPH <https://w3id.org/lisllm/graph/asserted> {"""
                   """ organization:national-library-of-ruritania ?predicate ?object }
        }""")
    claims = {(r["predicate"].value.rsplit("/", 1)[-1], r["object"].value.removeprefix(ID)) for r in found}
    assert claims == {
        ("hasMotivation", "motivation/preserve-low-resource-languages"),
        ("hasMechanism", "mechanism/research-data"),
        ("hasMechanism", "mechanism/professional-team"),
        ("hasMechanism", "mechanism/compute-via-national-facility"),
        ("hasMechanism", "mechanism/internal-rnd"),
        ("computeProvider", "platform/ruritania-national-supercomputer"),
        ("hasOutputKind", "output-kind/open-language-model"),
        ("produced", "output/rurbert"),
        ("hasOutcome", "outcome/low-resource-language-technology"),
    }
    assert {r["url"].value for r in found} == {"https://example.org/fictional/ruritania-national-library/language-models"}
    assert {r["kind"].value for r in found} == {ID + "evidence-kind/external"}
    roles = select(store, """SELECT ?role WHERE { GRAPH <https://w3id.org/lisllm/graph/inferred> {
        organization:national-library-of-ruritania a ?role } ?role rdfs:subClassOf lisllm:LLMRnDParticipant }""")
    assert [r["role"].value for r in roles] == ["https://w3id.org/lisllm/ontology/PrimaryParticipant"]


def test_the_filled_case_meets_the_shapes(added_case):
    results = [r for r in shacl_results(added_case.project, assemble(added_case.project))
               if "ruritania" in r[1] or r[1] == "_:blank"]
    assert results == []


def test_nothing_was_written_to_the_repository(added_case):
    from conftest import REPO

    assert not (REPO / "instances" / "cases" / "ruritania-nlr.ttl").exists()


def test_validate_names_what_is_missing_then_passes(added_case):
    before, after = added_case.template_validate, added_case.validate
    assert before.returncode == 1, before.stdout
    assert "NC01" in before.stdout and "NC02" in before.stdout
    assert "instances/cases/ruritania-nlr.ttl:" in before.stdout
    # Once filled in, the case is valid, and the answers written for the seed's study still hold:
    # the competency queries are checked on that study's graph (lisllm.sparql.scoping).
    assert after.returncode == 0, after.stdout
    assert "Competency questions [queries]: passed" in after.stdout


def test_the_case_appears_in_the_catalogue_queries(added_case):
    result = lisllm("query", "rq4-case-model", cwd=added_case.root)
    assert result.returncode == 0, result.stderr
    assert re.search(r"Ruritania \(fictional\)\s+National Library of Ruritania \(fictional\)\s+primary participant",
                     result.stdout), result.stdout
    assert "(5 rows)" in result.stdout


@needs_dot
def test_the_case_appears_in_the_report_and_its_figures(added_case):
    out = added_case.root / "report" / "report.md"
    result = lisllm("report", "--format", "md", "--out", str(out), cwd=added_case.root)
    assert result.returncode == 0, result.stderr
    assert "National Library of Ruritania (fictional)" in out.read_text(encoding="utf-8")
    for figure in ("report.case-model.svg", "report.logic-model.svg"):
        assert "Ruritania" in (out.parent / figure).read_text(encoding="utf-8"), figure


def test_the_endpoint_and_linked_data_serve_the_case(added_case):
    import httpx

    from servers import Server, free_port

    server = Server(added_case.project, free_port())
    try:
        query = ("SELECT (COUNT(?f) AS ?n) WHERE { ?f a <https://w3id.org/lisllm/ontology/Finding> ; "
                 "<https://w3id.org/lisllm/ontology/inCase> <https://w3id.org/lisllm/id/case/ruritania-nlr> }")
        answer = httpx.get(server.url + "/sparql", params={"query": query},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == "9"
        page = httpx.get(server.url + "/id/organization/national-library-of-ruritania",
                         headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "National Library of Ruritania (fictional)" in page.text
    finally:
        server.stop()


@needs_dot
def test_the_published_site_has_the_case(added_case):
    site = added_case.root / "site"
    result = lisllm("publish", "--out", str(site), cwd=added_case.root)
    assert result.returncode == 0, result.stderr
    for page in ("id/case/ruritania-nlr.html", "id/organization/national-library-of-ruritania.zh.html",
                 "id/case/ruritania-nlr.ttl"):
        assert (site / page).is_file(), page
    assert "National Library of Ruritania (fictional)" in (site / "index.html").read_text(encoding="utf-8")
