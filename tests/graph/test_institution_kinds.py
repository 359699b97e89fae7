"""The kinds of institution a case may name come from the project's ontology, not from a list in the
code: a new subclass of lisllm:LISInstitution is a kind at once, a role never is."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from lisllm.errors import LisllmError
from lisllm.graph.institution_kinds import institution_types_of
from lisllm.graph.yaml_case import parse_yaml_case
from lisllm.naming import kind_name

FIXTURE = "tests/cases/fixtures/yaml-case/elbonia-nle.yaml"
NATIONAL_LIBRARY = ox.Triple(ox.NamedNode("https://w3id.org/lisllm/id/organization/national-library-of-elbonia"),
                             ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                             ox.NamedNode("https://w3id.org/lisllm/ontology/NationalLibrary"))


def test_the_repository_ontology_defines_the_three_kinds(project):
    assert institution_types_of(project) == {
        "lis-institution": "LISInstitution",
        "national-library": "NationalLibrary",
        "research-information-institute": "ResearchInformationInstitute",
    }


def test_a_new_subclass_is_a_kind_and_a_role_is_not(project_copy):
    (project_copy.ontology / "extra.ttl").write_text("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
lisllm:UniversityLibrary rdfs:subClassOf lisllm:LISInstitution .
lisllm:LegalDepositLibrary rdfs:subClassOf lisllm:NationalLibrary .
lisllm:Observer rdfs:subClassOf lisllm:LLMRnDParticipant .
<https://example.org/OtherLibrary> rdfs:subClassOf lisllm:LISInstitution .
""", encoding="utf-8")
    assert list(institution_types_of(project_copy)) == [
        "lis-institution", "legal-deposit-library", "national-library", "research-information-institute",
        "university-library"]


@pytest.mark.parametrize("local, name", [("LISInstitution", "lis-institution"), ("NationalLibrary", "national-library"),
                                         ("ResearchInformationInstitute", "research-information-institute")])
def test_a_kind_is_named_from_its_class(local, name):
    assert kind_name(local) == name


def test_a_yaml_case_reads_the_kinds_of_the_project_that_holds_it(project_copy, tmp_path, project):
    inside = project_copy.instances / "elbonia-nle.yaml"
    shutil.copy(project.root / FIXTURE, inside)
    assert NATIONAL_LIBRARY in parse_yaml_case(inside).triples
    outside = tmp_path / "elsewhere" / "elbonia-nle.yaml"
    outside.parent.mkdir()
    shutil.copy(project.root / FIXTURE, outside)
    with pytest.raises(LisllmError, match="no lisllm project found"):
        parse_yaml_case(outside)
    # Given the kinds, a file needs no project.
    assert NATIONAL_LIBRARY in parse_yaml_case(outside, institution_types_of(project)).triples
