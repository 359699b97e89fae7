"""Fixtures for the server tests: a built copy of the project and real `lisllm serve` processes."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from lisllm.graph.build import build
from lisllm.graph.project import load_project
from servers import Server, free_port  # noqa: F401  (re-exported for the server tests)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURE_QUERIES = HERE / "queries"
BASE = "https://w3id.org/lisllm/"


@pytest.fixture(scope="session")
def served_project(tmp_path_factory, project):
    """A built copy of the repository's data plus a test resource whose literals hold markup.

    Its queries/ folder is the repository's catalogue plus the fixture queries (in queries/fixtures/).
    """
    root = tmp_path_factory.mktemp("served") / "repo"
    for folder in ("ontology", "instances", "shapes"):
        if (project.root / folder).is_dir():
            # seed 000's study only, as the session graph (tests/conftest.py)
            shutil.copytree(project.root / folder, root / folder, ignore=shutil.ignore_patterns("cases-external"))
    shutil.copy(HERE / "data" / "zz-escaping.ttl", root / "instances" / "zz-escaping.ttl")
    if project.queries.is_dir():
        shutil.copytree(project.queries, root / "queries")
    shutil.copytree(FIXTURE_QUERIES, root / "queries" / "fixtures")
    copy = dataclasses.replace(load_project(root), dist=root / "dist")
    build(copy)
    return copy


@pytest.fixture(scope="session")
def server(served_project):
    """The embedded-store server with small limits, so that the tests can reach them. It allow-lists
    its own endpoint for SERVICE, so that federation is tested for real."""
    port = free_port()
    instance = Server(served_project, port, "--timeout", "1.5", "--max-rows", "50", "--max-body", "8192",
                      "--workers", "2", "--allow-service", f"http://127.0.0.1:{port}/sparql")
    yield instance
    instance.stop()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    # A zombie has stopped running; it only waits to be reaped.
    return not (status.exists() and "\nState:\tZ" in status.read_text())
