"""HermiT's Java starts with a class-data archive, made once per Java and HermiT in the user's
cache folder; without one (a Java that cannot make it, an archive that does not fit) HermiT runs as
before and infers the same."""

from __future__ import annotations

import os

import pytest

from lisllm.graph.hermit import run_hermit
from lisllm.graph.hermit_jvm import CACHE_VARIABLE, hermit_command
from lisllm.graph.java import JAVA_VARIABLE, java_executable
from lisllm.graph.reasoning import reasoner_input


@pytest.fixture(scope="module")
def module(graphs):
    return reasoner_input(graphs.ontology, graphs.asserted)


@pytest.fixture(scope="module")
def expected(module):
    return run_hermit([module])


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache" / "lisllm" / "hermit-jvm"


def test_the_archive_is_made_once_and_then_used(cache, module, expected):
    assert run_hermit([module]) == expected
    (archive,) = cache.glob("*/hermit.jsa")
    made = archive.stat().st_mtime_ns
    assert f"-XX:SharedArchiveFile={archive}" in hermit_command(["-c"])
    assert run_hermit([module]) == expected
    assert archive.stat().st_mtime_ns == made


def test_a_java_that_cannot_make_the_archive_runs_hermit_without_it(cache, module, expected, tmp_path, monkeypatch):
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\n"
                    'case "$*" in *-Xshare:dump*) echo "this Java makes no archive" >&2; exit 1;; esac\n'
                    f'exec "{java_executable()}" "$@"\n', encoding="utf-8")
    java.chmod(0o755)
    monkeypatch.setenv(JAVA_VARIABLE, str(java))
    assert run_hermit([module]) == expected
    (marker,) = cache.glob("*/unavailable.txt")
    assert "this Java makes no archive" in marker.read_text(encoding="utf-8")
    assert not list(cache.glob("*/hermit.jsa"))
    assert not [a for a in hermit_command(["-c"]) if a.startswith("-XX:SharedArchiveFile")]   # not tried again


def test_an_archive_that_does_not_fit_is_passed_over(cache, module, expected):
    run_hermit([module])
    (archive,) = cache.glob("*/hermit.jsa")
    archive.write_bytes(os.urandom(4096))
    assert run_hermit([module]) == expected
