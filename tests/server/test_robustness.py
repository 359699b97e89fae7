"""Unusual input at the endpoint: relative IRIs, queries nested far too deep, and a short soak run
(`benchmarks/soak.py`) of good and bad traffic from 16 clients."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from lisllm.sparql.text import MAX_NESTING

from .conftest import REPO, Server, free_port


@pytest.fixture(scope="module")
def roomy_server(served_project):
    """A server whose body limit (the default, 1 MiB) lets a 100,000-level query reach the endpoint."""
    instance = Server(served_project, free_port(), "--timeout", "3", "--workers", "2")
    yield instance
    instance.stop()


def deep(levels: int) -> str:
    return "SELECT * WHERE " + "{ " * levels + "?s ?p ?o" + " }" * levels


@pytest.mark.parametrize("levels", [5_000, 100_000])
def test_a_query_nested_too_deep_is_refused_before_parsing(roomy_server, levels):
    before = roomy_server.health()["workers"]
    response = httpx.post(roomy_server.url + "/sparql", content=deep(levels).encode(),
                          headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert response.status_code == 400
    assert f"more than {MAX_NESTING} levels deep" in response.text and "line 1, column" in response.text
    if levels == 5_000:
        by_get = httpx.get(roomy_server.url + "/sparql", params={"query": deep(levels)}, timeout=30)
        assert by_get.status_code == 400
    health = roomy_server.health()
    assert health["status"] == "ok" and health["workers"] == before      # no worker died


def test_nesting_up_to_the_limit_still_runs(roomy_server):
    response = httpx.post(roomy_server.url + "/sparql", content=deep(MAX_NESTING - 1).encode(),
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200


def test_relative_iris_resolve_against_the_endpoint_url(roomy_server):
    # The SPARQL 1.1 protocol test suite's query: relative IRIs and an empty pattern.
    response = httpx.post(roomy_server.url + "/sparql", content=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                          headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    assert [t.subject.value for t in triples] == [roomy_server.url + "/s"]
    assert triples[0].predicate.value == roomy_server.url + "/p"
    # A BASE in the query wins; the answer depends on the URL the client used, so it is keyed by it.
    own = httpx.get(roomy_server.url + "/sparql", params={"query": "BASE <http://example.org/> SELECT (<x> AS ?x) {}"},
                    headers={"Accept": "text/csv"})
    assert own.text.splitlines()[1] == "http://example.org/x"
    other_host = httpx.get(roomy_server.url.replace("127.0.0.1", "localhost") + "/sparql",
                           params={"query": "SELECT (<x> AS ?x) {}"}, headers={"Accept": "text/csv"})
    assert other_host.text.splitlines()[1] == roomy_server.url.replace("127.0.0.1", "localhost") + "/x"


def test_soak(served_project):
    """A short soak: 16 clients for 8 s; every request gets its intended status, /health stays ok,
    and the memory of the server and its workers stays flat."""
    result = subprocess.run([sys.executable, "-m", "benchmarks.soak", "--seconds", "8", "--clients", "16",
                             "--max-growth", "64", "--json", "--project", str(served_project.root)],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    summary = json.loads(result.stdout)
    assert summary["failures"] == [], summary
    assert result.returncode == 0
    assert summary["health_checks"].get("ok", 0) >= 10
    for kind in ("repeated", "distinct", "invalid", "slow", "oversized", "deep", "page", "unknown"):
        assert summary["sent"].get(kind, 0) > 0, kind
    assert summary["worker_restarts"] >= 1 and summary["cache_hits"] > 0
    assert Path(REPO / "benchmarks" / "soak.py").is_file()


def test_a_worker_that_dies_while_idle_is_replaced_without_an_error(roomy_server):
    import os
    import signal
    import time

    victim = roomy_server.health()["workers"][0]
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.2)
    for n in range(4):     # whichever worker a request is given, it is answered
        response = httpx.get(roomy_server.url + "/sparql", params={"query": f"ASK {{}} # {n}"})
        assert response.status_code == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (victim in roomy_server.health()["workers"]
                                           or len(roomy_server.health()["workers"]) != 2):
        time.sleep(0.05)
    assert victim not in roomy_server.health()["workers"] and len(roomy_server.health()["workers"]) == 2


def test_workers_share_an_in_memory_copy_and_a_killed_one_is_forked_again(served_project):
    """The workers query an in-memory copy of the store held by their zygote; a worker killed at the
    time limit is replaced by a fork of the same zygote and answers as before; so does a server that
    keeps the store on disk (--memory-store 0). A zygote killed from outside is started again."""
    import os
    import signal
    import time

    from .test_protocol import ROLES, SLOW

    answers = {}
    for kind, args in (("memory", ()), ("disk", ("--memory-store", "0"))):
        server = Server(served_project, free_port(), "--timeout", "0.5", "--workers", "2", *args)
        try:
            health = server.health()
            assert health["store"] == kind
            parents = {int(open(f"/proc/{worker}/stat").read().rsplit(")", 1)[1].split()[1])
                       for worker in health["workers"]}
            assert len(parents) == 1             # both workers are children of one zygote
            query = {"query": ROLES, "format": "csv"}
            before = httpx.get(server.url + "/sparql", params=query)
            assert httpx.get(server.url + "/sparql", params={"query": SLOW}).status_code == 504
            if kind == "memory":
                os.kill(parents.pop(), signal.SIGKILL)
                assert httpx.get(server.url + "/sparql", params={"query": SLOW + " # 2"}).status_code == 504
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and server.health()["idle_workers"] != 2:
                time.sleep(0.05)
            after = server.health()
            assert len(after["workers"]) == 2 and after["idle_workers"] == 2
            assert not set(health["workers"]) <= set(after["workers"])
            for _ in range(3):                   # each worker answers (the cache is bypassed by the comment)
                again = httpx.get(server.url + "/sparql", params={"query": ROLES + f" # {_}", "format": "csv"})
                assert again.status_code == 200 and again.text == before.text
            answers[kind] = before.text
        finally:
            server.stop()
    # The same solutions; without ORDER BY, their order is the engine's and differs between the two.
    assert sorted(answers["memory"].splitlines()) == sorted(answers["disk"].splitlines())
    assert answers["memory"].count("\n") > 2


@pytest.mark.parametrize("use_pidfd", [True, False], ids=["pidfd", "pid (no pidfds: macOS, old Linux)"])
def test_a_process_that_is_not_our_child_is_watched_and_killed(use_pidfd):
    from lisllm.server.forked import Forked

    # A sleep whose parent has exited: like a worker (the zygote's child), the server cannot wait for it.
    started = subprocess.run(["sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!"], capture_output=True, text=True,
                             check=True)
    process = Forked(int(started.stdout), use_pidfd=use_pidfd)
    assert (process.pidfd is not None) is use_pidfd
    assert process.is_alive()
    process.join(0.05)                      # times out: still running
    assert process.is_alive()
    process.kill()
    process.join(5)
    assert not process.is_alive()
    process.kill()                          # gone: nothing to signal, no error
    process.close()
