"""HermiT's results are kept in the project under the exact input HermiT got: a build's run is
reused by the next build and by validate, an entry is never trusted unless it is what its name
says, and --no-cache neither reads nor writes them."""

from __future__ import annotations

import json

from test_reasoning import FIGURE_1, ID, ROLES

from lisllm.graph import reasoning
from lisllm.graph.build import assemble, build
from lisllm.graph.reasoner_cache import FOLDER, ReasonerCache
from lisllm.namespaces import LISLLM, RDF_TYPE
from lisllm.validation.inputs import from_project
from lisllm.validation.runner import run
from support import lisllm


def typed_roles(graphs) -> dict[str, str]:
    return {t.subject.value.removeprefix(ID): t.object.value.removeprefix(LISLLM) for t in graphs.inferred
            if t.predicate.value == RDF_TYPE and t.object.value.removeprefix(LISLLM) in ROLES}


def entries(project) -> list:
    return sorted((project.root / FOLDER).glob("*.json"))


def hermit_runs(monkeypatch) -> list[int]:
    """Counts the inputs of every HermiT process started from now on."""
    calls: list[int] = []
    real = reasoning.run_hermit

    def counting(inputs):
        calls.append(len(inputs))
        return real(inputs)

    monkeypatch.setattr(reasoning, "run_hermit", counting)
    return calls


def test_validate_after_a_build_reuses_its_hermit_run(project_copy, monkeypatch):
    build(project_copy)
    assert len(entries(project_copy)) == 1
    calls = hermit_runs(monkeypatch)
    report = run(from_project(project_copy), cwd=project_copy.root)
    assert calls == [] and report.exit_code == 0
    assert build(project_copy) and calls == []
    run(from_project(project_copy), cwd=project_copy.root, cache=False)
    assert calls == [1]


def test_a_corrupt_entry_is_ignored_with_a_warning_and_replaced(project_copy):
    first = lisllm("build", cwd=project_copy.root)
    assert first.returncode == 0, first.stderr
    (entry,) = entries(project_copy)
    entry.write_text('{"format": "lisllm-reasoner-cache/1", "key": ', encoding="utf-8")
    second = lisllm("build", cwd=project_copy.root)
    assert second.returncode == 0, second.stderr
    assert f"warning: ignoring the reasoner cache entry {entry}" in second.stderr
    assert _summary(second.stdout) == _summary(first.stdout)
    assert json.loads(entry.read_text(encoding="utf-8"))["memberships"]     # written anew


def test_a_foreign_entry_is_not_trusted(project_copy):
    warnings: list[str] = []
    cache = ReasonerCache.in_project(project_copy.root, warn=warnings.append)
    graphs = assemble(project_copy, cache=False)
    expected = reasoning.classify(graphs.ontology, graphs.asserted, cache=cache)
    (entry,) = entries(project_copy)
    good = json.loads(entry.read_text(encoding="utf-8"))
    foreign = [dict(good, key="0" * 64, memberships=[]), dict(good, format="lisllm-reasoner-cache/0", memberships=[]),
               dict(good, memberships=[["only one"]]), ["not", "an", "entry"]]
    for text in foreign:
        entry.write_text(json.dumps(text), encoding="utf-8")
        assert reasoning.classify(graphs.ontology, graphs.asserted, cache=cache) == expected
    assert len(warnings) == len(foreign) and all("HermiT runs again" in w for w in warnings)
    assert "written for another input" in warnings[0] and "not a lisllm-reasoner-cache/1 entry" in warnings[1]


def test_no_cache_neither_reads_nor_writes_it(project_copy):
    assert lisllm("build", "--no-cache", cwd=project_copy.root).returncode == 0
    assert not (project_copy.root / ".cache").exists()
    build(project_copy)
    (entry,) = entries(project_copy)
    # A well-formed entry that says HermiT inferred nothing: read by default, never with --no-cache.
    entry.write_text(json.dumps(dict(json.loads(entry.read_text(encoding="utf-8")), memberships=[])),
                     encoding="utf-8")
    assert typed_roles(assemble(project_copy)) == {}
    assert typed_roles(assemble(project_copy, cache=False)) == FIGURE_1
    validated = lisllm("validate", "--no-cache", "--format", "json", cwd=project_copy.root)
    roles = [r for r in json.loads(validated.stdout)["results"] if r["rule"] == "inferred-class"]
    assert len(roles) == len(FIGURE_1)
    assert json.loads(entry.read_text(encoding="utf-8"))["memberships"] == []


def _summary(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if not line.startswith("Built ")]
