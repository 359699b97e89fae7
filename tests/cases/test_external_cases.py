"""The external-evidence study in the repository (instances/cases-external): validation, roles and
the comparison on a copy of the repository that holds both studies.

Expected values are written by hand from the pages quoted in the case files (docs/external-facts.md §6).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import copy_repository
from support import lisllm

# Six institutions whose pages state no data use by another organisation that has happened and no
# use of LLMs in their own work: the BnF, Korea's and Slovenia's libraries only announce such use
# (stated plans), Estonia's opted texts out of mining, Harvard's and Boston's publish or digitise.
UNCLASSIFIED = {"france-bnf", "south-korea-nlk", "slovenia-nuk", "estonia-rara", "united-states-hlsl",
                "united-states-bpl"}


@pytest.fixture(scope="module")
def both_studies(tmp_path_factory):
    project = copy_repository(tmp_path_factory.mktemp("external") / "repo", external=True)
    build = lisllm("build", cwd=project.root)
    assert build.returncode == 0, build.stderr
    return project, build


def test_the_built_graph_holds_twenty_three_institutions_and_the_seed_roles_stay(both_studies):
    project, build = both_studies
    stats = lisllm("stats", cwd=project.root)
    assert any(line.split()[:2] == ["lisllm:Case", "23"] for line in stats.stdout.splitlines()), stats.stdout
    roles = build.stdout.split("Inferred roles")[1]
    for name, role in (("National Science Library", "secondary participant"),
                       ("National Institute of Informatics", "leader"),
                       ("National Library of Norway", "primary participant"),
                       ("Biblioteca Nacional de España", "data provider"),
                       ("Library of Congress", "LLM adopter")):
        assert any(name in line and role in line for line in roles.splitlines()), (name, role)
    for name in ("Boston Public Library", "Bibliothèque nationale de France", "National Library of Korea"):
        assert name not in roles


def test_validation_passes_and_only_the_unclassified_lack_a_role(both_studies):
    project, _ = both_studies
    result = lisllm("validate", "--format", "json", cwd=project.root)
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["summary"]["violation"] == 0
    no_role = {r["focus"].rsplit("/", 1)[-1] for r in report["results"] if r["rule"].startswith("S03")}
    assert no_role == UNCLASSIFIED
    queries = next(s for s in report["steps"] if s["id"] == "queries")
    assert queries["status"] == "passed"
    assert {"queries/cases-per-role.rq", "queries/unclassified-institutions.rq", "queries/participations-by-year.rq",
            "queries/logic-model-comparison.rq"} <= set(queries["items"])


def test_the_unclassified_query_names_what_each_lacks(both_studies):
    project, _ = both_studies
    result = lisllm("query", "unclassified-institutions", "--format", "csv", cwd=project.root)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["institution"].rsplit("/", 1)[-1] for r in rows} == {
        "bibliotheque-nationale-de-france", "national-library-of-korea", "narodna-in-univerzitetna-knjiznica",
        "eesti-rahvusraamatukogu", "harvard-law-school-library", "boston-public-library"}
    bnf = [r for r in rows if r["institution"].endswith("bibliotheque-nationale-de-france")]
    # The BnF's R&D is led by a company (Mistral AI), so it lacks the product, not the leader; the use
    # of its data by the consortium is a plan, so it lacks that condition of a data provider.
    assert not any(r["property"].endswith("rndLedBy") for r in bnf)
    assert any(r["property"].endswith("dataUsedBy") for r in bnf)


def test_a_plan_is_listed_by_year_apart_from_what_happened(both_studies):
    project, _ = both_studies
    result = lisllm("query", "participations-by-year", "--format", "csv", cwd=project.root)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    korea = [r for r in rows if r["institution"].endswith("national-library-of-korea")]
    # The National Library of Korea's pages (February 2026) announce for 2026 that it will supply AI
    # training data to the ministry's independent foundation-model project: a plan, not a fact.
    assert korea and all(r["plan"] == "true" and r["year"] == "2026" for r in korea)
    nlb = {(r["year"], r["object"].rsplit("/", 1)[-1]) for r in rows
           if r["institution"].endswith("national-library-board-singapore")}
    assert ("2023", "search-and-discovery") in nlb


def test_compare_prints_two_institutions_with_their_sources(both_studies):
    project, _ = both_studies
    result = lisllm("compare", "spain-bne", "south-korea-nlk", "--format", "csv", cwd=project.root)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    spain = {(r["stage"], r["value"]) for r in rows if r["institution"] == "Biblioteca Nacional de España"}
    assert ("Role (inferred)", "data provider (this project's interpretation)") in spain
    korea_plans = [r for r in rows if r["institution"] == "National Library of Korea" and r["stage"] == "Stated plans"]
    assert korea_plans and all("(stated 2026-02" in r["value"] or "(stated 2025-05" in r["value"] for r in korea_plans)
    assert all(r["Sources"] for r in rows if r["stage"] != "Role (inferred)")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_compare_speaks_chinese_in_every_format(both_studies, fmt):
    project, _ = both_studies
    result = lisllm("compare", "sweden-kb", "japan-ndl", "--lang", "zh", "--format", fmt, cwd=project.root)
    assert result.returncode == 0, result.stderr
    for words in ("动机", "角色（推理所得）", "瑞典国家图书馆", "日本国立国会图书馆", "主要参与者",
                  "数据提供者（本项目的解读）"):
        assert words in result.stdout, words


def test_compare_refuses_an_unknown_name_with_the_closest_ones(both_studies):
    project, _ = both_studies
    result = lisllm("compare", "swedn-kb", cwd=project.root)
    assert result.returncode == 2
    assert "'swedn-kb'" in result.stderr and "sweden-kb" in result.stderr
