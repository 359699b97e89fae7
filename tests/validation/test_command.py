"""`lisllm validate` on the repository's data: formats, options, exit codes, other layouts."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

from .conftest import lisllm, validate_json

STEPS = ["syntax", "lint", "reasoner", "shacl", "queries"]


def test_the_repository_data_passes_with_two_known_warnings(with_queries):
    result, report = validate_json(with_queries.root)
    assert result.returncode == 0 and report["passed"] and report["exit_code"] == 0
    assert [(s["id"], s["status"]) for s in report["steps"]] == [(s, "passed") for s in STEPS]
    assert report["summary"]["violation"] == 0
    # Known and deliberate: seed 000 attributes no motivation to the Chinese case, and no source
    # consulted states KB-BERT's licence; lisllm records neither, so the shapes warn.
    warnings = sorted((r["rule"], r["focus"], r["file"]) for r in report["results"]
                      if r["severity"] == "warning" and r["rule"].startswith("S"))
    assert warnings == [
        ("S04", "https://w3id.org/lisllm/id/case/china-nsl-cas", "instances/cases/china-nsl-cas.ttl"),
        ("S42", "https://w3id.org/lisllm/id/output/kb-bert", "instances/cases/sweden-kb.ttl"),
    ]
    roles = sorted(r["message"] for r in report["results"] if r["step"] == "reasoner")
    assert roles == [
        "organization:national-library-of-norway is inferred to be lisllm:PrimaryParticipant",
        "organization:national-library-of-sweden is inferred to be lisllm:PrimaryParticipant",
        "organization:nii is inferred to be lisllm:Leader",
        "organization:nsl-cas is inferred to be lisllm:SecondaryParticipant",
    ]
    queries = next(s for s in report["steps"] if s["id"] == "queries")
    assert {"queries/case-countries.rq", "queries/case-roles.rq"} <= set(queries["items"])


def test_json_schema_keys_are_stable(with_queries):
    _, report = validate_json(with_queries.root)
    assert set(report) == {"format_version", "lisllm_version", "root", "passed", "exit_code", "strict", "reasoner",
                           "seconds", "summary", "steps", "results"}
    assert report["format_version"] == 1
    assert set(report["steps"][0]) == {"id", "title", "status", "skipped", "note", "seconds", "items", "not_run",
                                       "summary"}
    assert set(report["results"][0]) == {"step", "severity", "rule", "message", "messages", "item", "file", "line",
                                         "column", "focus", "path", "value", "component", "shape", "details"}


def test_text_report_is_grouped_and_plain_off_a_terminal(project_copy):
    result = lisllm("validate", cwd=project_copy.root)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "\x1b[" not in out
    assert "SHACL shapes [shacl]: passed (" in out
    assert ("  warnings (2)\n    case:china-nsl-cas  instances/cases/china-nsl-cas.ttl:" in out)
    assert out.rstrip().splitlines()[-1].startswith("lisllm validate PASSED: 0 violations, ")


def test_junit_report_written_to_a_file(with_queries, tmp_path):
    target = tmp_path / "reports" / "validate.xml"
    result = lisllm("validate", "--format", "junit", "--output", str(target), cwd=with_queries.root)
    assert result.returncode == 0
    assert "lisllm validate PASSED" in result.stdout      # the text report still goes to the terminal
    root = ET.parse(target).getroot()
    assert root.tag == "testsuites" and root.get("failures") == "0"
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == STEPS
    shapes = [case.get("name") for case in suites["shacl"]]
    assert len(shapes) >= 30 and "https://w3id.org/lisllm/shapes/S04-case-motivation" in shapes
    motivation = next(c for c in suites["shacl"] if c.get("name").endswith("S04-case-motivation"))
    assert motivation.find("failure") is None and "china-nsl-cas" in motivation.find("system-out").text
    assert {"queries/case-countries.rq", "queries/case-roles.rq"} <= {c.get("name") for c in suites["queries"]}


def test_junit_failures_name_the_file_and_line(project_copy):
    countries = project_copy.instances / "countries.ttl"
    countries.write_text(countries.read_text(encoding="utf-8").replace('"日本"@zh', '"日本"@ja'), encoding="utf-8")
    result = lisllm("validate", "--format", "junit", cwd=project_copy.root)
    assert result.returncode == 1
    root = ET.fromstring(result.stdout)
    shacl = next(s for s in root if s.get("name") == "shacl")
    assert shacl.get("failures") == "1"
    (failure,) = [c.find("failure") for c in shacl if c.find("failure") is not None]
    assert failure.get("type") == "S30"
    assert "instances/countries.ttl:" in failure.get("message") and "country:japan" in failure.get("message")


def test_strict_makes_warnings_fail(project_copy):
    result, report = validate_json(project_copy.root, "--strict")
    assert result.returncode == 1 and not report["passed"] and report["strict"]
    assert next(s for s in report["steps"] if s["id"] == "shacl")["status"] == "failed"
    text = lisllm("validate", "--strict", cwd=project_copy.root)
    assert text.returncode == 1 and "(--strict: warnings fail)" in text.stdout


def test_no_reasoner_skips_hermit_and_the_shapes_that_need_it(with_queries):
    result, report = validate_json(with_queries.root, "--no-reasoner")
    assert result.returncode == 0, report["results"]
    status = {s["id"]: s["status"] for s in report["steps"]}
    assert status["reasoner"] == "skipped" and status["shacl"] == "passed"
    assert not [r for r in report["results"] if r["rule"] in ("S03", "S70")]
    # Without inferred roles the roles query cannot match: reported, as a warning only.
    changed = [r for r in report["results"] if r["step"] == "queries" and r["file"].startswith("queries/case-")]
    assert [(r["severity"], r["file"]) for r in changed] == [("warning", "queries/case-roles.rq")]


def test_timings(project_copy):
    result = lisllm("validate", "--timings", cwd=project_copy.root)
    assert result.returncode == 0
    table = result.stdout.split("Timings (seconds)\n", 1)[1].splitlines()
    assert [line.split()[0] for line in table[1:7]] == STEPS + ["total"]
    as_json = lisllm("validate", "--timings", "--format", "json", cwd=project_copy.root)
    assert json.loads(as_json.stdout)["steps"][2]["seconds"] > 0
    assert "Timings (seconds)" in as_json.stderr


def test_usage_and_environment_errors_exit_2(tmp_path, project_copy):
    bad_format = lisllm("validate", "--format", "xml", cwd=project_copy.root)
    assert bad_format.returncode == 2 and "Invalid value for '--format'" in bad_format.stderr
    missing = lisllm("validate", "no-such-folder", cwd=project_copy.root)
    assert missing.returncode == 2
    outside = lisllm("validate", cwd=tmp_path)
    assert outside.returncode == 2 and "no lisllm project found" in outside.stderr
    assert "Traceback" not in bad_format.stderr + missing.stderr + outside.stderr


def test_folders_named_in_pyproject(tmp_path, project):
    root = tmp_path / "other"
    shutil.copytree(project.ontology, root / "vocab")
    shutil.copytree(project.instances, root / "data")
    shutil.copytree(project.shapes, root / "constraints")
    (root / "pyproject.toml").write_text(
        '[tool.lisllm]\nontology = "vocab"\ninstances = "data"\nshapes = "constraints"\nqueries = "cq"\n')
    result, report = validate_json(root)
    assert result.returncode == 0, report["results"]
    syntax = report["steps"][0]["items"]
    assert "vocab/lisllm.ttl" in syntax and "constraints/lisllm-shapes.ttl" in syntax
    assert report["steps"][4]["skipped"] == "no queries found"
    assert report["summary"]["violation"] == 0


def test_paths_are_sorted_by_content(tmp_path, project):
    loose = tmp_path / "loose"
    # seed 000's study only, as the session graph (tests/conftest.py)
    shutil.copytree(project.instances, loose / "a", ignore=shutil.ignore_patterns("cases-external"))
    shutil.copytree(project.ontology, loose / "b")                      # ontology, by content
    shutil.copy(project.shapes / "lisllm-shapes.ttl", loose / "c.ttl")  # shapes, by content
    result, report = validate_json(tmp_path, "loose/a", "loose/b", "loose/c.ttl")
    assert result.returncode == 0, report["results"]
    assert report["summary"]["violation"] == 0 and report["summary"]["info"] == 4
    assert "loose/c.ttl" in report["steps"][1]["items"]
    assert {r["rule"] for r in report["results"] if r["step"] == "shacl"} == {"S04", "S42"}


def test_a_project_folder_as_path(tmp_path, project_copy):
    result, report = validate_json(tmp_path, str(project_copy.root))
    assert result.returncode == 0 and report["root"] == str(project_copy.root)
