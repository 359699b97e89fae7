"""`lisllm serve` next to `oxigraph serve` on the traffic a published graph gets, in one run.

    .venv/bin/python -m benchmarks.endpoint [--seconds 3] [--requests 20000] [--concurrency 1 4 16]
                                            [--size 1m] [--no-aggregate] [--markdown FILE]

Three workloads, each against `lisllm serve` (its defaults: worker processes, response cache) and
`oxigraph serve-read-only --union-default-graph` on a store loaded from the same lisllm.trig, both on
127.0.0.1 and free ports:

- repeated: the catalogue's queries (queries/*.rq, with their prefixes declared; not the federated
  ones, which would call another endpoint), one after the other, over and over, on the repository's
  graph: what a published graph's example queries and pages get.
- lookups: `SELECT ?p ?o WHERE { <iri> ?p ?o }` over 1,000 different IRIs (the graph's subjects,
  then made-up ones), each request's text new (a counter in a comment), so none is ever a repeat:
  the uncached cost of a light query.
- aggregate at 1M triples (a synthetic project, `lisllm synth`, built first): individuals per class
  over the whole graph, repeated; and the same with a new text each time (never cached), which
  shows the engine against the engine.

Each (workload, clients) runs for at most --seconds and --requests on each server with keep-alive
HTTP/1.1 GET requests from client threads (after a short warm-up), in --rounds slices taken in turn
(ABBA), so that a drift of the machine's speed weighs on both servers alike, and reports queries per
second, p50 and p99 latency, the ratio to Oxigraph, and CPU time per request of the server's processes
(for lisllm: the HTTP process and the query workers, from /proc). The client threads share the
machine's cores with the servers. Then it measures the cost of a timeout: how long replacing a
killed worker takes. Every loop is bounded; all servers stop.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lisllm.graph.dist import Dist  # noqa: E402
from lisllm.text_table import text_table  # noqa: E402

from .http_load import (  # noqa: E402
    cpu_seconds,
    free_port,
    load_level,
    percentile,
    process_tree,
    stop,
    wait_ready,
)

LOOKUP_IRIS = 1000
ROUNDS = 4                      # slices per measurement, run ABBA on the servers (see measure)
AGGREGATE = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"
OXIGRAPH = "oxigraph serve"
LISLLM = "lisllm serve"
TARGETS = {"repeated": 1.2, "lookups": 0.5, "aggregate": 1.0}


@dataclass
class Running:
    name: str
    process: subprocess.Popen
    port: int
    path: str                     # the query endpoint's path


@contextlib.contextmanager
def servers(project_root: Path, dist: Path, tmp: Path, workers: int, *, timeout: float = 30,
            options: tuple[str, ...] = ()):
    """`oxigraph serve-read-only` and `lisllm serve` on the same build; both stopped on exit."""
    oxigraph_bin = Path(sys.executable).parent / "oxigraph"
    store = tmp / f"oxigraph-{project_root.name}"
    subprocess.run([str(oxigraph_bin), "load", "--location", str(store), "--file", str(Dist(dist).trig)],
                   check=True, capture_output=True)
    running: list[Running] = []
    try:
        port = free_port()
        running.append(Running(OXIGRAPH, subprocess.Popen(
            [str(oxigraph_bin), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), port, "/query"))
        port = free_port()
        running.append(Running(LISLLM, subprocess.Popen(
            [sys.executable, "-m", "lisllm", "--project", str(project_root), "serve", "--no-build", "--port", str(port),
             "--workers", str(workers), "--max-rows", "100000", "--timeout", str(timeout),
             "--access-log", os.devnull, *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), port,
            "/sparql"))
        for server in running:
            wait_ready(server.port, "/query" if server.name == OXIGRAPH else "/health", server.process, timeout=300)
        yield running
    finally:
        for server in running:
            stop(server.process)


@dataclass
class Result:
    workload: str
    triples: int
    clients: int
    server: str
    qps: float
    p50: float
    p99: float
    cpu_us: float                  # CPU time of the server's processes per request, µs
    errors: int


def measure(workload: str, triples: int, running: list[Running], make_query, levels: list[int], seconds: float,
            max_requests: int, rounds: int = ROUNDS) -> list[Result]:
    """Each server at each client count; `make_query(n)` gives the n-th request's query text.

    A measurement's time and requests are split into `rounds` slices, run on the servers in turn in
    ABBA order (A B, B A, A B, …): a change in the machine's speed during the run (other tenants of
    the host, say, or a server's threads scheduled differently for a while) then weighs on every
    server alike, instead of on whichever happened to be running. Each slice opens new connections."""
    results = []
    counter = itertools.count()
    for clients in levels:
        paths, done = {}, {}
        for server in running:
            def path(n: int, server=server) -> str:
                return server.path + "?" + urlencode({"query": make_query(n)})

            paths[server.name] = path
            done[server.name] = ([], 0.0, 0, 0.0)       # latencies, elapsed, errors, CPU seconds
            load_level(server.port, path, 1, 0.3, 30, counter)                 # warm up
        for slice_number in range(rounds):
            for server in (running if slice_number % 2 == 0 else running[::-1]):
                pids = process_tree(server.process.pid)
                before = cpu_seconds(pids)
                latencies, elapsed, errors = load_level(server.port, paths[server.name], clients, seconds / rounds,
                                                        max(1, max_requests // rounds), counter)
                used = cpu_seconds(pids) - before
                so_far = done[server.name]
                done[server.name] = (so_far[0] + latencies, so_far[1] + elapsed, so_far[2] + errors, so_far[3] + used)
        for server in running:
            latencies, elapsed, errors, used = done[server.name]
            count = max(1, len(latencies))
            results.append(Result(workload, triples, clients, server.name, len(latencies) / elapsed,
                                  percentile(latencies, 0.5), percentile(latencies, 0.99), used / count * 1e6, errors))
            print(f"  {workload:<22} {clients:>2} clients  {server.name:<15} {results[-1].qps:>8,.0f} q/s", flush=True)
    return results


def catalogue_queries(root: Path) -> list[str]:
    """The catalogue's queries that need no other endpoint (federated ones call out: left out)."""
    from lisllm.sparql.catalogue import load_catalogue, offline
    from lisllm.sparql.text import strip_header, with_prefixes

    return [with_prefixes(strip_header(q.text)) for q in offline(load_catalogue(root / "queries"))]


def lookup_iris(dist: Path, count: int = LOOKUP_IRIS) -> list[str]:
    """`count` different IRIs: the graph's subjects first, then IRIs that name nothing."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(Dist(dist).store))
    found = [row["s"].value for row in store.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) } ORDER BY ?s LIMIT %d" % count)]
    del store
    return found + [f"https://w3id.org/lisllm/lookup/r{i}" for i in range(count - len(found))]


def repository_workloads(levels, seconds, max_requests, workers, tmp: Path, options=(),
                         rounds: int = ROUNDS) -> list[Result]:
    from lisllm.graph.build import build
    from lisllm.graph.project import load_project

    project = load_project(ROOT)
    if not Dist(project.dist).is_current(project):
        build(project)
    triples = sum(Dist(project.dist).info()["triples"].values())
    queries = catalogue_queries(ROOT)
    iris = lookup_iris(project.dist)
    results = []
    with servers(ROOT, project.dist, tmp, workers, options=options) as running:
        results += measure("repeated", triples, running, lambda n: queries[n % len(queries)], levels, seconds,
                           max_requests, rounds)
        results += measure("lookups", triples, running,
                           lambda n: f"SELECT ?p ?o WHERE {{ <{iris[n % len(iris)]}> ?p ?o }} # {n}",
                           levels, seconds, max_requests, rounds)
    return results


def aggregate_workloads(size: int, levels, seconds, max_requests, workers, tmp: Path, options=(),
                        rounds: int = ROUNDS) -> list[Result]:
    from .common import synthetic_project

    root, written = synthetic_project(tmp, size)
    print(f"building the synthetic project ({written:,} triples)…", flush=True)
    subprocess.run([sys.executable, "-m", "lisllm", "--project", str(root), "build", "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    results = []
    with servers(root, root / "dist", tmp, workers, timeout=120, options=options) as running:
        results += measure("aggregate", written, running, lambda n: AGGREGATE, levels, seconds, max_requests, rounds)
        results += measure("aggregate, new text", written, running, lambda n: f"{AGGREGATE} # {n}", levels,
                           seconds, max_requests, rounds)
    return results


def restart_cost(tries: int = 5) -> list[float]:
    """Seconds to replace a worker killed at the time limit, as the server itself measures it."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "lisllm", "--project", str(ROOT), "serve", "--no-build",
                                "--port", str(port), "--timeout", "0.3", "--workers", "2",
                                "--access-log", os.devnull], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    costs = []
    try:
        wait_ready(port, "/health", process)
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        for _ in range(tries):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/sparql?" + urlencode({"query": slow}))
            response = conn.getresponse()
            response.read()
            assert response.status == 504, response.status
            time.sleep(1.0)
            conn.request("GET", "/health")
            costs.append(json.loads(conn.getresponse().read())["last_worker_restart_seconds"])
            conn.close()
    finally:
        stop(process)
    return costs


def rows(results: list[Result]) -> list[tuple[str, ...]]:
    reference = {(r.workload, r.clients): r for r in results if r.server == OXIGRAPH}
    out = []
    for r in results:
        ref = reference.get((r.workload, r.clients))
        ratio = f"{r.qps / ref.qps:.2f}×" if ref and ref.qps else "–"
        out.append((r.workload, f"{r.triples:,}", str(r.clients), r.server, f"{r.qps:,.0f}", f"{r.p50 * 1000:.2f}",
                    f"{r.p99 * 1000:.2f}", ratio, f"{r.cpu_us:,.0f}", str(r.errors)))
    return out


HEADER = ("workload", "triples", "clients", "server", "queries/s", "p50 ms", "p99 ms", "× oxigraph",
          "server CPU µs/request", "errors")


def targets(results: list[Result], clients: int) -> list[tuple[str, ...]]:
    """The issue's targets at `clients` clients: lisllm's q/s over oxigraph's."""
    found = []
    by_key = {(r.workload, r.clients, r.server): r for r in results}
    for workload, limit in TARGETS.items():
        ours, theirs = by_key.get((workload, clients, LISLLM)), by_key.get((workload, clients, OXIGRAPH))
        if ours and theirs and theirs.qps:
            ratio = ours.qps / theirs.qps
            found.append((workload, f"{clients}", f"{ratio:.2f}×", f"≥ {limit}×",
                          "yes" if ratio >= limit else "**no**"))
    return found


def markdown(results: list[Result], levels: list[int], costs: list[float], args, started: str) -> str:
    lines = [f"Run on {started} (UTC) by `python -m benchmarks.endpoint {' '.join(sys.argv[1:])}`".rstrip() + ".",
             "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in rows(results)]
    lines += ["", "| target | clients | measured | limit | met |", "|---|---|---|---|---|"]
    for level in levels:
        lines += ["| " + " | ".join(row) + " |" for row in targets(results, level)]
    if costs:
        lines += ["", f"Replacing a worker killed at the time limit: median {statistics.median(costs) * 1000:.0f} ms "
                      f"(min {min(costs) * 1000:.0f}, max {max(costs) * 1000:.0f}; {len(costs)} timeouts)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    from .common import machine_info, parse_sizes

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="longest run per measurement")
    parser.add_argument("--requests", type=int, default=20_000, help="most requests per measurement")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--rounds", type=int, default=ROUNDS,
                        help="slices each measurement is split into, run on the servers in turn (ABBA)")
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--size", default="1m", help="triples of the synthetic graph for the aggregate (default 1m)")
    parser.add_argument("--no-aggregate", action="store_true", help="skip the aggregate workload (and its build)")
    parser.add_argument("--no-restart", action="store_true", help="skip measuring the cost of a timeout")
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown to this file")
    parser.add_argument("--serve-option", action="append", default=[], metavar="OPTION",
                        help="pass OPTION to lisllm serve (repeatable), e.g. --serve-option=--inline-rows=0")
    args = parser.parse_args()
    options = tuple(args.serve_option)

    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    machine = machine_info()
    print(f"{machine['CPU']}, {machine['cores']} cores; load {machine['load average at start (1/5/15 min)']}")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="lisllm-bench-") as tmp:
        results += repository_workloads(args.concurrency, args.seconds, args.requests, args.workers, Path(tmp),
                                        options, args.rounds)
        if not args.no_aggregate:
            results += aggregate_workloads(parse_sizes(args.size)[0], args.concurrency, args.seconds, args.requests,
                                           args.workers, Path(tmp), options, args.rounds)
    print("\n".join(text_table(HEADER, rows(results))))
    for level in args.concurrency:
        for row in targets(results, level):
            print(f"target {row[0]} at {row[1]} clients: {row[2]} (limit {row[3]}): {row[4].strip('*')}")
    costs = [] if args.no_restart else restart_cost()
    if costs:
        print(f"\nReplacing a worker killed at the time limit: median {statistics.median(costs) * 1000:.0f} ms "
              f"(min {min(costs) * 1000:.0f}, max {max(costs) * 1000:.0f}; {len(costs)} timeouts)")
    if args.markdown:
        args.markdown.write_text(markdown(results, args.concurrency, costs, args, started), encoding="utf-8")


if __name__ == "__main__":
    main()
