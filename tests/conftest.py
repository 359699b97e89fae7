"""Shared fixtures: the repository's project, built once per test session."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from lisllm.build import assemble
from lisllm.project import load_project
from lisllm.store import create_store, select

REPO = Path(__file__).resolve().parents[1]


def _seeds() -> Path:
    # shared/ sits beside the checkout; a git worktree (…/wt/<name>) sits one level deeper.
    candidates = [parent / "shared" / "seeds" for parent in REPO.parents]
    return next((folder for folder in candidates if folder.is_dir()), candidates[0])


SEEDS = _seeds()


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
