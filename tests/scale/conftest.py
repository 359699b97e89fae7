"""Fixtures for the scale tests: small synthetic projects built like the benchmark's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lisllm.project import load_project
from lisllm.synth import write_synthetic

# The repository files that synthetic data refers to (concepts, sources, the study, its countries).
SUPPORT_FILES = ("concepts.ttl", "sources.ttl", "study.ttl", "countries.ttl")


def make_synth_project(root: Path, repo, triples: int, seed: int = 7, shapes: bool = True):
    """A project with the repository's ontology (and shapes) and `triples` synthetic triples."""
    shutil.copytree(repo.ontology, root / "ontology")
    if shapes:
        shutil.copytree(repo.shapes, root / "shapes")
    (root / "instances").mkdir(parents=True)
    for name in SUPPORT_FILES:
        shutil.copy(repo.instances / name, root / "instances" / name)
    write_synthetic(root / "instances" / "synth.nt", triples, seed)
    return load_project(root)


@pytest.fixture(scope="module")
def synth_small(tmp_path_factory, project):
    return make_synth_project(tmp_path_factory.mktemp("synth") / "p", project, 4000)


def validate_json(root: Path, *args) -> tuple[subprocess.CompletedProcess, dict]:
    """Run `lisllm validate --format json` as a user would, in `root`."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("LISLLM_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "lisllm", "validate", "--format", "json", *args], cwd=root,
                            env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result, json.loads(result.stdout)
