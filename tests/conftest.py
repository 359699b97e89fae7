"""Shared fixtures: the repository's project, built once per test session."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from lisllm.cases.synth import write_synthetic
from lisllm.graph.build import assemble, write_dist
from lisllm.graph.project import load_project
from lisllm.graph.store import create_store, select
from lisllm.sparql.catalogue import load_catalogue

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


@pytest.fixture(scope="session")
def project():
    return load_project(REPO)


# The external-evidence study (instances/cases-external, issue 16) is a second study beside seed
# 000's. The session graph and the repository copies hold seed 000's study only, so that the tests
# of its expected answers, report, figures and pages see the graph those answers were written for
# (as `lisllm validate` does with `# scope:`); tests of the second study ask for it
# (copy_repository(..., external=True), tests/cases/test_external_cases.py).
EXTERNAL = "cases-external"


def seed_graphs(project):
    """The build of seed 000's study: the project without instances/cases-external."""
    from lisllm.graph.build import assemble_parsed
    from lisllm.graph.rdf_files import parse_files

    instances = [p for p in project.instance_files() if EXTERNAL not in p.relative_to(project.instances).parts]
    return assemble_parsed(parse_files(project.ontology_files()), parse_files(instances))


@pytest.fixture(scope="session")
def graphs(project):
    return seed_graphs(project)


@pytest.fixture(scope="session")
def store(graphs) -> ox.Store:
    return create_store(None, graphs.quads())


def rows_of(store: ox.Store):
    """A function that runs a SELECT on `store` and returns rows with terms as plain strings."""

    def run(query: str) -> list[dict[str, str]]:
        return [{k: (v.value if v is not None else None) for k, v in row.items()} for row in select(store, query)]

    return run


@pytest.fixture(scope="session")
def rows(store):
    """Run a SELECT on the built graph of seed 000's study."""
    return rows_of(store)


@pytest.fixture(scope="session")
def repository_graphs(project):
    """Everything the repository holds, both studies: for the checks every claim must pass."""
    return assemble(project)


@pytest.fixture(scope="session")
def repository_rows(repository_graphs):
    return rows_of(create_store(None, repository_graphs.quads()))


def copy_repository(root: Path, folders=("ontology", "instances", "shapes", "queries"), external: bool = False):
    """A writable copy of the repository's data folders at `root` (no src/: nothing of the package);
    without the external-evidence study unless `external`."""
    for folder in folders:
        source = REPO / folder
        if source.is_dir():
            ignore = None if external or folder != "instances" else shutil.ignore_patterns(EXTERNAL)
            shutil.copytree(source, root / folder, ignore=ignore)
    return dataclasses.replace(load_project(root), dist=root / "dist")


@pytest.fixture(scope="session")
def catalogue(project):
    return load_catalogue(project.queries)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory, project, graphs):
    """A copy of the repository's data folders with dist/ written from the session's build.

    Reuses the session's reasoning result, so CLI tests see a real dist/ without running HermiT again.
    """
    built = copy_repository(tmp_path_factory.mktemp("built") / "repo", folders=("ontology", "instances", "queries"))
    write_dist(graphs, built.dist, project.root)
    return built


@pytest.fixture
def project_copy(tmp_path):
    """A writable copy of the repository's data folders, for tests that change or break them."""
    return copy_repository(tmp_path / "repo")
