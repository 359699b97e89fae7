"""Fixtures for the validation tests: the shapes, and running the real `lisllm validate`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from lisllm.graph.rdf_files import parse_file
from support import lisllm

FIXTURES = Path(__file__).parent / "fixtures"


def validate_json(root: Path, *args) -> tuple[subprocess.CompletedProcess, dict]:
    result = lisllm("validate", "--format", "json", *args, cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    return result, json.loads(result.stdout)


@pytest.fixture(scope="session")
def shape_triples(project):
    return [t for path in project.shape_files() for t in parse_file(path).triples]


CASE = "https://w3id.org/lisllm/id/case/"
ORG = "https://w3id.org/lisllm/id/organization/"
ONT = "https://w3id.org/lisllm/ontology/"

COUNTRIES_QUERY = """# id: case-countries
# title@en: Country of each case
# title@zh: 各案例的国家
# rq: RQ4
# description: The country of every case of the study, by its English label.
# expected: case-countries.srj
SELECT ?case ?country WHERE {
  ?case a lisllm:Case ; lisllm:inCountry/rdfs:label ?country .
  FILTER(lang(?country) = "en")
}
"""

ROLES_QUERY = """# id: case-roles
# title@en: Role of each institution
# title@zh: 各机构的角色
# rq: RQ4
# description: The role the reasoner infers for the institution of every case (Figure 1).
# expected: case-roles.srj
SELECT ?institution ?role WHERE {
  ?case lisllm:institution ?institution .
  GRAPH <https://w3id.org/lisllm/graph/inferred> { ?institution a ?role }
  ?role rdfs:subClassOf lisllm:LLMRnDParticipant .
}
"""


def _srj(variables: list[str], rows: list[dict]) -> str:
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}, ensure_ascii=False, indent=1)


def write_queries(folder: Path) -> None:
    """Two competency questions with hand-written answers (seed 000 §1 and Figure 1)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case-countries.rq").write_text(COUNTRIES_QUERY, encoding="utf-8")
    countries = [("china-nsl-cas", "China"), ("sweden-kb", "Sweden"), ("norway-nb", "Norway"), ("japan-nii", "Japan")]
    (folder / "case-countries.srj").write_text(_srj(["case", "country"], [
        {"case": {"type": "uri", "value": CASE + case},
         "country": {"type": "literal", "value": label, "xml:lang": "en"}} for case, label in countries]),
        encoding="utf-8")
    (folder / "case-roles.rq").write_text(ROLES_QUERY, encoding="utf-8")
    roles = [("nsl-cas", "SecondaryParticipant"), ("national-library-of-sweden", "PrimaryParticipant"),
             ("national-library-of-norway", "PrimaryParticipant"), ("nii", "Leader")]
    (folder / "case-roles.srj").write_text(_srj(["institution", "role"], [
        {"institution": {"type": "uri", "value": ORG + org}, "role": {"type": "uri", "value": ONT + role}}
        for org, role in roles]), encoding="utf-8")


@pytest.fixture
def with_queries(project_copy):
    """The project copy with two competency questions of its own (queries/ is written elsewhere)."""
    write_queries(project_copy.root / "queries")
    return project_copy
