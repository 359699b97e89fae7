"""A cached validate never hides a violation: data or ontology edited between two runs is reported
by the second, as a run without the cache reports it."""

from __future__ import annotations

from conftest import copy_repository
from lisllm.graph.reasoner_cache import FOLDER

from .conftest import validate_json

SWEDEN = "organization:national-library-of-sweden is inferred to be lisllm:PrimaryParticipant"


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _without_seconds(report: dict) -> dict:
    return {**report, "seconds": None, "steps": [{**s, "seconds": None} for s in report["steps"]]}


def test_data_edited_between_two_runs_is_reported(with_queries):
    root = with_queries.root
    first, report = validate_json(root)
    assert first.returncode == 0 and list((root / FOLDER).glob("*.json"))
    assert _without_seconds(validate_json(root)[1]) == _without_seconds(report)     # from the cache
    # Without its professional team, Sweden is no longer a primary participant: the role's answer changes.
    _edit(with_queries.instances / "cases" / "sweden-kb.ttl", "rdf:object mechanism:professional-team",
          "rdf:object mechanism:annotation-support")
    second, changed = validate_json(root)
    assert second.returncode == 1
    assert ("answer-changed", "case-roles") in {(r["rule"], r["focus"]) for r in changed["results"]}
    assert SWEDEN not in {r["message"] for r in changed["results"]}
    assert _without_seconds(validate_json(root, "--no-cache")[1]) == _without_seconds(changed)


def test_an_inconsistency_only_hermit_finds_is_reported_after_a_cached_run(project_copy):
    root = project_copy.root
    assert validate_json(root)[0].returncode == 0
    # Sweden's library is inferred (not asserted) to be a primary participant: only HermiT sees the clash.
    (project_copy.ontology / "clash.ttl").write_text("""
@prefix lisllm: <https://w3id.org/lisllm/ontology/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
lisllm:PrimaryParticipant owl:disjointWith lisllm:NationalLibrary .
""", encoding="utf-8")
    second, report = validate_json(root)
    assert second.returncode == 1
    assert [r["rule"] for r in report["results"] if r["step"] == "reasoner"] == ["inconsistent"]
    assert {s["id"]: s["status"] for s in report["steps"]}["shacl"] == "skipped"


def test_the_repository_and_its_scoped_questions_pass_with_and_without_the_cache(tmp_path):
    # Both studies and the catalogue: questions scoped to one study run on its own graph, which
    # HermiT classifies in the background while SHACL runs.
    root = copy_repository(tmp_path / "repo", external=True).root
    cold, report = validate_json(root, "--no-cache")
    assert cold.returncode == 0 and not (root / ".cache").exists()
    steps = {s["id"]: s for s in report["steps"]}
    assert steps["queries"]["status"] == "passed" and len(steps["queries"]["items"]) > 10
    for _ in range(2):                  # the cache written, then read
        assert _without_seconds(validate_json(root)[1]) == _without_seconds(report)
