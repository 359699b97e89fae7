"""Synthetic data: deterministic, follows the ontology, and the reasoner classifies it."""

import shutil

from lisllm.cases.synth import write_synthetic
from lisllm.graph.build import assemble
from lisllm.graph.project import load_project


def synth_project(tmp_path, repo_project, triples, seed=7):
    root = tmp_path / "synth"
    shutil.copytree(repo_project.ontology, root / "ontology")
    (root / "instances").mkdir()
    for name in ("concepts.ttl", "sources.ttl", "study.ttl"):
        shutil.copy(repo_project.instances / name, root / "instances" / name)
    written = write_synthetic(root / "instances" / "synth.nt", triples, seed)
    return load_project(root), written


def test_same_seed_same_bytes_and_at_least_the_triples_asked(tmp_path):
    a, b, c = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "c.nt"
    assert write_synthetic(a, 2000, 3) >= 2000
    write_synthetic(b, 2000, 3)
    write_synthetic(c, 2000, 4)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert len(a.read_text().splitlines()) == write_synthetic(a, 2000, 3)


def test_synthetic_cases_get_each_role_from_their_facts(tmp_path, project):
    synth, _ = synth_project(tmp_path, project, 3000)
    graphs = assemble(synth)
    roles = {}
    for t in graphs.inferred:
        name = t.object.value.rsplit("/", 1)[-1]
        if name in ("SecondaryParticipant", "PrimaryParticipant", "Leader"):
            roles[t.subject.value.rsplit("-", 1)[-1]] = name
    cases = {t.subject for t in graphs.asserted if t.object.value.endswith("/ontology/Case")}
    assert len(roles) == len(cases) >= 20
    assert {int(i) % 3: r for i, r in roles.items()} == {0: "SecondaryParticipant", 1: "PrimaryParticipant",
                                                         2: "Leader"}


def test_every_synthetic_finding_claims_a_triple_with_a_source(tmp_path, project):
    synth, _ = synth_project(tmp_path, project, 1500)
    graphs = assemble(synth, reason=False)
    findings = {t.subject for t in graphs.asserted if t.object.value.endswith("/ontology/Finding")}
    sourced = {t.subject for t in graphs.asserted if t.predicate.value.endswith("wasDerivedFrom")}
    assert findings and findings <= sourced
