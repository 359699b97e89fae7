"""A case written in YAML, end to end through the real build, HermiT, SHACL and the CLI.

Two fictional YAML cases (fixtures/yaml-case, Elbonia) are added to a copy of the repository: one
whose facts meet the primary-participant definition, one that lacks an open language model. The
unmet conditions of the second are written here by hand from the role definitions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from conftest import copy_repository, needs_dot
from lisllm.graph.store import open_store, select
from servers import Server, free_port
from support import lisllm

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "yaml-case"
ID = "https://w3id.org/lisllm/id/"
L = "https://w3id.org/lisllm/ontology/"


@pytest.fixture(scope="module")
def yaml_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("yaml") / "repo"
    project = copy_repository(root, external=True)
    folder = project.instances / "cases-elbonia"
    folder.mkdir()
    for name in ("study.ttl", "elbonia-nle.yaml", "elbonia-ula.yaml"):
        shutil.copy(FIXTURES / name, folder / name)
    build = lisllm("build", cwd=root)
    assert build.returncode == 0, build.stderr
    return root, project, build


def test_build_infers_the_role_of_a_yaml_case(yaml_project):
    _, _, build = yaml_project
    roles = build.stdout.split("Inferred roles")[1]
    assert "National Library of Elbonia (fictional)" in roles and "primary participant" in roles
    assert "University Library of Elbonia" not in roles


def test_unmet_conditions_of_an_unclassified_yaml_case(yaml_project):
    _, project, _ = yaml_project
    store = open_store(project.dist)
    rows = select(store, """SELECT ?role ?property ?value ?class WHERE {
        ?c a lisllm:UnmetCondition ; lisllm:unmetBy <%sorganization/university-library-of-elbonia> ;
           lisllm:conditionOfRole ?role .
        OPTIONAL { ?c lisllm:requiredProperty ?property } OPTIONAL { ?c lisllm:requiredValue ?value }
        OPTIONAL { ?c lisllm:requiredClass ?class } }""" % ID)
    found = sorted(tuple(str(r[k]) if r[k] is not None else "" for k in ("role", "property", "value", "class"))
                   for r in rows)
    assert found == sorted([
        (f"<{L}Leader>", f"<{L}coordinates>", "", f"<{L}NationalRnDNetwork>"),
        (f"<{L}PrimaryParticipant>", f"<{L}hasOutputKind>", f"<{ID}output-kind/open-language-model>", ""),
        (f"<{L}SecondaryParticipant>", f"<{L}rndLedBy>", "", f"<{L}Company>"),
        (f"<{L}SecondaryParticipant>", f"<{L}hasOutputKind>", f"<{ID}output-kind/application-product>", ""),
        # the project's own roles (ontology/project-roles.ttl): it has research data, but no page says
        # another organisation uses it, nor that the library uses LLMs in its own work
        (f"<{L}DataProvider>", f"<{L}dataUsedBy>", "", "<http://www.w3.org/ns/org#Organization>"),
        (f"<{L}LLMAdopter>", f"<{L}appliesLanguageModelsTo>", "", f"<{L}LibraryFunction>"),
    ])
    # The classified institution has none.
    assert not select(store, "SELECT ?c WHERE { ?c lisllm:unmetBy <%sorganization/national-library-of-elbonia> }" % ID)


def test_yaml_cases_validate_and_appear_in_queries(yaml_project):
    root, _, _ = yaml_project
    validate = lisllm("validate", cwd=root)
    assert validate.returncode == 0, validate.stdout
    assert "0 violations" in validate.stdout
    query = lisllm("query", "rq4-case-model", cwd=root)
    assert query.returncode == 0 and "National Library of Elbonia (fictional)" in query.stdout
    unclassified = lisllm("query", "unclassified-institutions", cwd=root)
    assert "University Library of Elbonia (fictional)" in unclassified.stdout


def test_yaml_links_are_asserted_as_claims_with_their_evidence(yaml_project):
    _, project, _ = yaml_project
    rows = select(open_store(project.dist), """SELECT ?s ?o ?context ?quote ?source WHERE {
        ?s schema:sameAs ?o .
        ?f a lisllm:Finding ; rdf:subject ?s ; rdf:predicate schema:sameAs ; rdf:object ?o ;
           lisllm:quote ?quote ; prov:wasDerivedFrom ?source .
        { ?f lisllm:inCase ?context } UNION { ?f lisllm:partOfStudy ?context }
        FILTER(STRSTARTS(STR(?f), "%sfinding/elbonia-nle-")) }""" % ID)
    found = sorted(tuple(str(r[k]) for k in ("s", "o", "context", "quote", "source")) for r in rows)
    # A link about the case's institution names its case; one about its country, the study only.
    assert found == [
        (f"<{ID}country/elbonia>", "<http://www.wikidata.org/entity/Q999999999>", f"<{ID}study/elbonia-study>",
         '"Elbonia is Q999999999."@en', f"<{ID}source/elbonia-page>"),
        (f"<{ID}organization/national-library-of-elbonia>", "<https://ror.org/000000000>", f"<{ID}case/elbonia-nle>",
         '"Our ROR ID is 000000000."@en', f"<{ID}source/elbonia-page>"),
    ]



# The same YAML case reaches every way the graph is shown, with no code written for it.
ELBONIA = "National Library of Elbonia (fictional)"


@needs_dot
def test_a_yaml_case_reaches_the_report_figures_and_published_site(yaml_project):
    root, project, _ = yaml_project
    report = lisllm("report", "--format", "md", "--out", "report.md", cwd=root)
    assert report.returncode == 0, report.stderr
    assert ELBONIA in (root / "report.md").read_text(encoding="utf-8")
    # Figure 1 places the institution under its inferred role.
    assert ELBONIA in (root / "report.case-model.svg").read_text(encoding="utf-8")
    published = lisllm("publish", "--out", "site", cwd=root)
    assert published.returncode == 0, published.stderr
    page = root / "site" / "id" / "case" / "elbonia-nle.html"
    assert ELBONIA in page.read_text(encoding="utf-8")
    assert ELBONIA in (root / "site" / "figures" / "case-model.svg").read_text(encoding="utf-8")


def test_a_yaml_case_is_served_as_linked_data_and_over_sparql(yaml_project):
    _, project, _ = yaml_project
    server = Server(project, free_port(), "--workers", "1")
    try:
        page = httpx.get(server.url + "/id/case/elbonia-nle", headers={"Accept": "text/html"},
                         follow_redirects=True, timeout=10)
        assert page.status_code == 200 and ELBONIA in page.text
        turtle = httpx.get(server.url + "/id/case/elbonia-nle", headers={"Accept": "text/turtle"},
                           follow_redirects=True, timeout=10)
        assert turtle.status_code == 200
        triples = ox.parse(turtle.content, format=ox.RdfFormat.TURTLE)
        assert ox.Quad(ox.NamedNode(ID + "case/elbonia-nle"), ox.NamedNode(L + "institution"),
                         ox.NamedNode(ID + "organization/national-library-of-elbonia")) in set(triples)
        answer = httpx.get(server.url + "/sparql", timeout=10, headers={"Accept": "application/sparql-results+json"},
                           params={"query": "SELECT ?role WHERE { <%sorganization/national-library-of-elbonia> a ?role "
                                            "FILTER(?role = lisllm:PrimaryParticipant) }" % ID})
        assert [b["role"]["value"] for b in answer.json()["results"]["bindings"]] == [L + "PrimaryParticipant"]
    finally:
        server.stop()

@pytest.mark.parametrize("change, line, message", [
    (("claim: mechanism, object: research-data", "claim: mechanizm, object: research-data"), 22,
     "finding: claim 'mechanizm' is not one of"),
    (("object: professional-team", "object: profesional-team"), 24,
     "mechanism 'profesional-team' is not described anywhere"),
    (("accessed: 2026-11-28", "accessed: 28/11/2026"), 20, "source: accessed '28/11/2026' is not a date"),
    (("quote: \"We open our collections.\",", ""), 32, "finding: missing 'quote'"),
    (("subject: country", "subject: elbonian-lab"), 38,
     "link: subject 'elbonian-lab' is not institution, country or the slug of a unit, organisation or output"),
    (("same-as: \"https://ror.org/000000000\"", "same-as: \"ror 000000000\""), 36,
     "link: same-as 'ror 000000000' is not an http(s) IRI"),
    (("id: wikidata,", "id: data,"), 38, "link: id 'data' is used twice in this file"),
])
def test_a_yaml_mistake_is_refused_with_file_and_line(tmp_path, change, line, message):
    project = copy_repository(tmp_path / "repo", external=True)
    folder = project.instances / "cases-elbonia"
    folder.mkdir()
    shutil.copy(FIXTURES / "study.ttl", folder / "study.ttl")
    text = (FIXTURES / "elbonia-nle.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    (folder / "elbonia-nle.yaml").write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    build = lisllm("build", cwd=project.root)
    assert build.returncode != 0
    assert f"instances/cases-elbonia/elbonia-nle.yaml:{line}: {message}" in build.stderr, build.stderr
    assert not (project.root / "dist").exists()        # nothing half-written
    validate = lisllm("validate", cwd=project.root)
    assert validate.returncode != 0 and f"elbonia-nle.yaml:{line}" in validate.stdout + validate.stderr


def test_new_case_writes_a_yaml_template_that_the_build_refuses_until_filled(tmp_path):
    project = copy_repository(tmp_path / "repo", external=True)
    made = lisllm("new-case", "--format", "yaml", "--slug", "elbonia-nle", "--country", "elbonia",
                  "--study", "lis-llm-external-evidence", cwd=project.root)
    assert made.returncode == 0, made.stderr
    path = project.instances / "cases" / "elbonia-nle.yaml"
    assert "case: elbonia-nle" in path.read_text(encoding="utf-8")
    build = lisllm("build", cwd=project.root)
    assert build.returncode != 0 and "instances/cases/elbonia-nle.yaml:" in build.stderr
    assert "is still a TODO placeholder" in build.stderr
    again = lisllm("new-case", "--format", "yaml", "--slug", "elbonia-nle", "--country", "elbonia",
                   "--study", "lis-llm-external-evidence", cwd=project.root)
    assert again.returncode == 1
    no_study = lisllm("new-case", "--format", "yaml", "--slug", "elbonia-x", "--country", "elbonia",
                      cwd=project.root)
    assert no_study.returncode == 2 and "--study" in no_study.stderr
