"""`pip install .` (not editable) gives a working `lisllm`: the wheel holds every file the package
reads at run time, and the installed package builds, validates, reports, publishes and serves a
copy of the repository's data folders, with nothing taken from the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from conftest import REPO, copy_repository, needs_dot
from servers import Server, free_port

PACKAGE = REPO / "src" / "lisllm"
CASES = ("PREFIX lisllm: <https://w3id.org/lisllm/ontology/> "
         "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a lisllm:Case }")


def data_files() -> set[str]:
    """Every file of the package that is not Python code, as a path inside the wheel."""
    return {p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy of the sources: building in the checkout leaves a build/ folder there,
    # whose stale files setuptools would put into later wheels.
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-DATA"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    # With build isolation, as `pip install .` builds: the pinned setuptools, not the virtualenv's.
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work), str(source)])
    (built,) = work.glob("lisllm-*.whl")
    return built


@pytest.fixture(scope="module")
def env(wheel) -> dict[str, str]:
    """The environment that runs the installed package: PYTHONPATH comes before the editable
    install's src/ on sys.path; the dependencies are those of the test virtualenv."""
    target = wheel.parent / "installed"
    run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)])
    return dict(os.environ, PYTHONPATH=str(target), NO_COLOR="1")


@pytest.fixture(scope="module")
def built(tmp_path_factory, env):
    """A copy of the repository's data folders, built by the installed package."""
    project = copy_repository(tmp_path_factory.mktemp("installed-project") / "repo")
    lisllm(env, project, "build")
    return project


def lisllm(env: dict[str, str], project, *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "lisllm", *args], cwd=project.root, env=env)


def test_the_wheel_holds_every_data_file_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lisllm/server/templates/resource.html" in data_files()
    assert not data_files() - names, "add them to [tool.setuptools.package-data] in pyproject.toml"


def test_the_installed_package_is_the_one_that_runs(env, built):
    imported = run([sys.executable, "-c", "import lisllm; print(lisllm.__file__)"], cwd=built.root, env=env)
    assert Path(imported.stdout.strip()).is_relative_to(env["PYTHONPATH"])


def test_build_and_validate(env, built):
    assert (built.dist / "store").is_dir() and (built.dist / "lisllm.ttl").is_file()
    validated = lisllm(env, built, "validate")
    assert "PASSED" in validated.stdout


@needs_dot
def test_report_and_publish(env, built):
    lisllm(env, built, "report", "--format", "md", "--out", "report.md")
    text = (built.root / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# Findings report") and "## RQ1" in text and "National Institute of Informatics" in text
    assert "<svg" in (built.root / "report.case-model.svg").read_text(encoding="utf-8")
    assert "<svg" in (built.root / "report.logic-model.svg").read_text(encoding="utf-8")
    lisllm(env, built, "report", "--format", "html", "--out", "report.html")
    html = (built.root / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 2 and "National Institute of Informatics" in html
    lisllm(env, built, "publish", "--out", "site")
    site = built.root / "site"
    assert "dumps/" in (site / "index.html").read_text(encoding="utf-8")
    assert "National Institute of Informatics" in (site / "id" / "case" / "japan-nii.html").read_text(encoding="utf-8")
    assert (site / "ontology" / "index.html").is_file() and (site / "SHA256SUMS").is_file()
    assert "<svg" in (site / "figures" / "case-model.svg").read_text(encoding="utf-8")


def test_serve(env, built):
    server = Server(built, free_port(), "--workers", "1", env=env)
    try:
        home = httpx.get(server.url + "/", timeout=10)
        assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
        answer = httpx.get(server.url + "/sparql", params={"query": CASES},
                           headers={"Accept": "application/sparql-results+json"}, timeout=10)
        assert answer.status_code == 200 and answer.json()["results"]["bindings"][0]["n"]["value"] == "4"
        page = httpx.get(server.url + "/id/case/japan-nii", headers={"Accept": "text/html"},
                         follow_redirects=True, timeout=10)
        assert page.status_code == 200 and "National Institute of Informatics" in page.text
        ui = httpx.get(server.url + "/query", timeout=10)
        assert ui.status_code == 200 and "/static/yasgui/yasgui.min.js" in ui.text
        for name in ("yasgui.min.js", "yasgui.min.css"):
            asset = httpx.get(f"{server.url}/static/yasgui/{name}", timeout=10)
            assert (asset.status_code == 200
                    and asset.content == (PACKAGE / "server" / "static" / "yasgui" / name).read_bytes())
    finally:
        server.stop()
