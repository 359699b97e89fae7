"""Shared fixtures: the repository's project, built once per test session."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from lisllm.build import assemble
from lisllm.project import load_project
from lisllm.store import create_store, select

REPO = Path(__file__).resolve().parents[1]


# The seed texts stay outside the repository: LISLLM_SEEDS names their folder (default ../shared/seeds,
# beside the checkout). Tests that compare quotes with them are skipped where the folder is absent;
# LISLLM_REQUIRE_SEEDS=1 (set by .ci/run) turns that skip into an error, so CI always runs them.
SEEDS = Path(os.environ.get("LISLLM_SEEDS") or REPO.parent / "shared" / "seeds").resolve()
SEEDS_MISSING = (f"the seed texts are not at {SEEDS}: set LISLLM_SEEDS to the folder that holds "
                 "000_….txt and 004_….txt to run this test")


def seed_text(name: str) -> str:
    """Seed `name` ("000", "004") without Markdown emphasis, which quotes drop; skips the calling
    test, saying why, where the seed texts are absent."""
    if not SEEDS.is_dir():
        pytest.skip(SEEDS_MISSING)
    (path,) = SEEDS.glob(f"{name}_*.txt")
    return path.read_text(encoding="utf-8").replace("**", "")

# Graphviz draws the figures; `make test` installs it (scripts/install-system-deps). Where it is
# missing, the tests that draw are skipped, saying so.
needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz)")


def pytest_configure(config):
    if os.environ.get("LISLLM_REQUIRE_SEEDS") == "1" and not SEEDS.is_dir():
        raise pytest.UsageError(f"LISLLM_REQUIRE_SEEDS=1 but {SEEDS_MISSING}")


@pytest.fixture(scope="session")
def project():
    return load_project(REPO)


@pytest.fixture(scope="session")
def graphs(project):
    return assemble(project)


@pytest.fixture(scope="session")
def store(graphs) -> ox.Store:
    return create_store(None, graphs.quads())


@pytest.fixture(scope="session")
def rows(store):
    """Run a SELECT on the built graph; returns rows with terms turned into plain strings."""

    def run(query: str) -> list[dict[str, str]]:
        return [{k: (v.value if v is not None else None) for k, v in row.items()} for row in select(store, query)]

    return run


def copy_repository(root: Path):
    """A writable copy of the repository's data folders at `root` (no src/: nothing of the package)."""
    for folder in ("ontology", "instances", "shapes", "queries"):
        source = REPO / folder
        if source.is_dir():
            shutil.copytree(source, root / folder)
    return dataclasses.replace(load_project(root), dist=root / "dist")


@pytest.fixture
def project_copy(tmp_path):
    """A writable copy of the repository's data folders, for tests that change or break them."""
    return copy_repository(tmp_path / "repo")
