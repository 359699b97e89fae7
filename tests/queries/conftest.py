"""Fixtures for the query, report and figure tests: the catalogue, and a built copy of the project."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from lisllm.build import write_dist
from lisllm.catalogue import load_catalogue
from lisllm.project import load_project


@pytest.fixture(scope="session")
def catalogue(project):
    return load_catalogue(project.queries)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory, project, graphs):
    """A copy of the repository's data folders with dist/ written from the session's build.

    Reuses the session's reasoning result, so CLI tests see a real dist/ without running HermiT again.
    """
    root = tmp_path_factory.mktemp("built") / "repo"
    for folder in ("ontology", "instances", "queries"):
        shutil.copytree(project.root / folder, root / folder)
    built = dataclasses.replace(load_project(root), dist=root / "dist")
    write_dist(graphs, built.dist, project.root)
    return built
