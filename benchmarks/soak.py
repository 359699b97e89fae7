"""Soak run: `lisllm serve` under a bounded mix of good and bad traffic; every answer must be the one
intended, /health must stay ok, and the memory of the server and its workers must stay flat.

    .venv/bin/python -m benchmarks.soak [--seconds 60] [--clients 16] [--max-growth MIB] [--json] [--project DIR]

Starts `lisllm serve` on 127.0.0.1 (a free port) on the repository's build, with two query workers,
a 2 s time limit, a 512 KiB body limit and a 4 MiB response cache (small, so that it fills and
evicts during the run). Then, for --seconds, --clients keep-alive client threads send requests
drawn from this mix, each with the status it must get:

| kind | request | status |
|---|---|---|
| repeated | a catalogue query (GET) | 200 |
| distinct | a look-up with a new text (GET; POST form and POST body alternately) | 200 |
| invalid | a malformed query | 400 |
| update | an update sent as `update=` | 403 |
| slow | a query that runs past the time limit (at most one at a time: the other worker stays free) | 504 |
| oversized | a POST body over the limit | 413 |
| deep | a query nested 5,000 groups deep (GET) or 100,000 deep (POST) | 400 |
| page | a linked-data page (HTML or Turtle), the home page, the query UI | 200 |
| unknown | a linked-data IRI that names nothing | 404 |

A monitor thread asks /health every half second. The resident memory of the server and its
workers (summed over the process tree, /proc) is sampled throughout; it is reported after a
warm-up pass (start), at the end, and at its peak. Every loop is bounded in time and count; the
server is stopped at the end. Exit status 1 when a request got another status than intended, a
health check failed, or (with --max-growth) the memory grew more than allowed.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

from .endpoint import ROOT, catalogue_queries, lookup_iris
from .http_load import RequestBudget, free_port, run_threads, stop, tree_rss_mib, wait_ready

TIMEOUT = 2.0
MAX_BODY = 512 * 1024
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MIX = {"repeated": 20, "distinct": 20, "invalid": 8, "update": 3, "slow": 3, "oversized": 2, "deep": 4,
       "page": 16, "unknown": 4}
EXPECTED = {"repeated": 200, "distinct": 200, "invalid": 400, "update": 403, "slow": 504, "oversized": 413,
            "deep": 400, "page": 200, "unknown": 404}
PAGES = [("/id/case/japan-nii", "text/html"), ("/id/case/japan-nii.ttl", "*/*"), ("/ontology/Leader", "text/html"),
         ("/id/organization/nii", "application/ld+json"), ("/?lang=zh", "text/html"), ("/", "text/html"),
         ("/query", "text/html"), ("/ontology", "text/turtle")]


def deep(levels: int) -> str:
    return "SELECT * WHERE " + "{ " * levels + "?s ?p ?o" + " }" * levels


DEEP_GET = deep(5_000)
DEEP_POST = deep(100_000)


@dataclass
class Tally:
    sent: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)               # (kind, status)
    wrong: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, status, start of the body)
    health: Counter = field(default_factory=Counter)                 # "ok" or what went wrong
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, body: bytes) -> None:
        with self.lock:
            self.sent[kind] += 1
            self.statuses[(kind, status)] += 1
            if status != EXPECTED[kind] and len(self.wrong) < 50:
                self.wrong.append((kind, status, body[:200].decode("utf-8", "replace")))


def request_for(kind: str, number: int, queries: list[str], iris: list[str]):
    """(method, path, body, headers) of the `number`-th request of a kind."""
    json_accept = {"Accept": "application/sparql-results+json"}
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    if kind == "repeated":
        return "GET", "/sparql?" + urlencode({"query": queries[number % len(queries)]}), None, json_accept
    if kind == "distinct":
        query = f"SELECT ?p ?o WHERE {{ <{iris[number % len(iris)]}> ?p ?o }} # soak {number}"
        if number % 3 == 0:
            return "GET", "/sparql?" + urlencode({"query": query}), None, json_accept
        if number % 3 == 1:
            return "POST", "/sparql", urlencode({"query": query}).encode(), json_accept | form
        return "POST", "/sparql", query.encode(), json_accept | {"Content-Type": "application/sparql-query"}
    if kind == "invalid":
        return "GET", "/sparql?" + urlencode({"query": f"SELECT ?x WHERE {{ ?x ?p }} # {number}"}), None, json_accept
    if kind == "update":
        return "POST", "/sparql", urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(), form
    if kind == "slow":
        return "GET", "/sparql?" + urlencode({"query": f"{SLOW} # {number}"}), None, json_accept
    if kind == "oversized":
        return "POST", "/sparql", b"#" + b"x" * (MAX_BODY + 1000) + b"\nASK {}", \
            {"Content-Type": "application/sparql-query"}
    if kind == "deep":
        if number % 4 == 0:
            return "POST", "/sparql", DEEP_POST.encode(), {"Content-Type": "application/sparql-query"}
        return "GET", "/sparql?" + urlencode({"query": DEEP_GET}), None, json_accept
    if kind == "page":
        path, accept = PAGES[number % len(PAGES)]
        return "GET", path, None, {"Accept": accept}
    return "GET", f"/id/soak/nothing-{number}", None, {"Accept": "text/html"}


def soak(seconds: float, clients: int, *, project_root: Path = ROOT, seed: int = 17,
         max_requests: int = 200_000) -> dict:
    """Run the soak; the summary as a dict (also what --json prints)."""
    from lisllm.graph.build import build
    from lisllm.graph.dist import Dist
    from lisllm.graph.project import load_project

    project = load_project(project_root)
    if not Dist(project.dist).is_current(project):
        build(project)
    queries = catalogue_queries(project_root)
    iris = lookup_iris(project.dist)
    tally = Tally()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lisllm-soak-") as tmp:
        log = Path(tmp) / "access.log"
        server = subprocess.Popen(
            [sys.executable, "-m", "lisllm", "--project", str(project_root), "serve", "--no-build", "--port", str(port),
             "--workers", "2", "--timeout", str(TIMEOUT), "--max-body", str(MAX_BODY), "--cache-size", "4",
             "--access-log", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_ready(port, "/health", server)
            summary = _run(port, server, seconds, clients, queries, iris, tally, seed, max_requests)
        finally:
            stop(server)
            errors = server.stderr.read().decode("utf-8", "replace") if server.stderr else ""
        summary["access_log_lines"] = sum(1 for _ in log.open(encoding="utf-8")) if log.exists() else 0
    summary["server_stderr_tracebacks"] = errors.count("Traceback")
    summary["exit_status"] = server.returncode
    return summary


def _run(port, server, seconds, clients, queries, iris, tally: Tally, seed: int, max_requests: int) -> dict:
    kinds = list(MIX)
    weights = [MIX[k] for k in kinds]
    numbers = itertools.count()
    slow_gate = threading.Semaphore(1)            # one slow query at a time: one worker stays free

    def send(conn, kind, number):
        method, path, body, headers = request_for(kind, number, queries, iris)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.getheader("connection", "").lower() == "close":
            conn.close()
        return response.status, data

    # Warm-up: one request of each kind, so that the start figure includes what a first use loads.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for kind in kinds:
        status, data = send(conn, kind, next(numbers))
        tally.record(kind, status, data)
    conn.close()
    time.sleep(1.0)                                 # the worker killed by the warm-up's slow query returns
    rss_start = tree_rss_mib(server.pid)
    peak = [rss_start]
    timeline: list[tuple[float, float]] = []        # (seconds into the run, MiB)
    budget = RequestBudget(max_requests, seconds, numbers)
    deadline = budget.deadline

    def client(index: int) -> None:
        rng = random.Random(seed + index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while (number := budget.take()) is not None:
            kind = rng.choices(kinds, weights)[0]
            if kind == "slow" and not slow_gate.acquire(blocking=False):
                kind = "repeated"
            try:
                status, data = send(conn, kind, number)
            except (OSError, http.client.HTTPException) as exc:
                status, data = 0, repr(exc).encode()
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            finally:
                if kind == "slow":
                    slow_gate.release()
            tally.record(kind, status, data)
        conn.close()

    def monitor() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < deadline:
            try:
                conn.request("GET", "/health")
                response = conn.getresponse()
                body = json.loads(response.read())
                tally.health["ok" if response.status == 200 and body.get("status") == "ok" else
                             f"status {response.status}"] += 1
            except (OSError, ValueError, http.client.HTTPException) as exc:
                tally.health[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            rss = tree_rss_mib(server.pid)
            peak[0] = max(peak[0], rss)
            timeline.append((time.perf_counter() - started, rss))
            time.sleep(0.5)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=monitor))
    started = time.perf_counter()                   # the monitor's timeline counts from here
    elapsed = run_threads(threads)
    time.sleep(1.0)                                 # let a worker killed at the very end be replaced
    rss_end = tree_rss_mib(server.pid)
    health = _get_json(port, "/health")
    metrics = _get_text(port, "/metrics")
    return {
        "seconds": round(elapsed, 1),
        "clients": clients,
        "requests": sum(tally.sent.values()),
        "requests_per_second": round(sum(tally.sent.values()) / elapsed, 1),
        "sent": dict(tally.sent),
        "statuses": {f"{kind} {status}": n for (kind, status), n in sorted(tally.statuses.items())},
        "wrong": tally.wrong,
        "health_checks": dict(tally.health),
        "health_at_end": health.get("status"),
        "workers_at_end": len(health.get("workers", [])),
        "worker_restarts": _metric(metrics, "lisllm_worker_restarts_total"),
        "cache_hits": _metric(metrics, 'lisllm_cache_hits_total{kind="sparql"}'),
        "cache_bytes": _metric(metrics, "lisllm_cache_bytes"),
        "rss_start_mib": round(rss_start, 1),
        "rss_end_mib": round(rss_end, 1),
        "rss_peak_mib": round(peak[0], 1),
        # Six samples spread over the run: flat memory shows as a plateau, a leak as a slope.
        "rss_timeline_mib": [[round(t), round(m, 1)] for t, m in timeline[::max(1, len(timeline) // 6)]],
    }


def _get_text(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().read().decode()
    finally:
        conn.close()


def _get_json(port: int, path: str) -> dict:
    return json.loads(_get_text(port, path))


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


def failures(summary: dict, max_growth: float | None) -> list[str]:
    found = [f"{kind}: got {status}, intended {EXPECTED[kind]}: {body}" for kind, status, body in summary["wrong"]]
    bad_health = {k: v for k, v in summary["health_checks"].items() if k != "ok"}
    if bad_health or summary["health_at_end"] != "ok":
        found.append(f"/health: {summary['health_checks']}, at the end {summary['health_at_end']}")
    if summary["workers_at_end"] != 2:
        found.append(f"{summary['workers_at_end']} workers at the end, not 2")
    if summary["server_stderr_tracebacks"]:
        found.append(f"{summary['server_stderr_tracebacks']} tracebacks in the server's stderr")
    growth = summary["rss_end_mib"] - summary["rss_start_mib"]
    if max_growth is not None and growth > max_growth:
        found.append(f"memory grew by {growth:.1f} MiB (limit {max_growth:g})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send requests (default 60)")
    parser.add_argument("--clients", type=int, default=16, help="client threads (default 16)")
    parser.add_argument("--max-growth", type=float, default=None, metavar="MIB",
                        help="fail when the memory at the end exceeds the start by more than this")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project to serve (default: this repository)")
    args = parser.parse_args()
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    summary = soak(args.seconds, args.clients, project_root=args.project.resolve())
    summary["started_utc"] = started
    problems = failures(summary, args.max_growth)
    if args.json:
        print(json.dumps(summary | {"failures": problems}, ensure_ascii=False, indent=2))
    else:
        print(f"{summary['requests']:,} requests in {summary['seconds']} s from {summary['clients']} clients "
              f"({summary['requests_per_second']:,} a second)")
        for key, count in summary["statuses"].items():
            kind, status = key.split()
            print(f"  {kind:<10} {status}  {count:>7,}  {'ok' if int(status) == EXPECTED[kind] else 'WRONG'}")
        print(f"/health: {summary['health_checks']}; workers at the end: {summary['workers_at_end']}; "
              f"worker restarts: {summary['worker_restarts']:.0f}")
        print(f"memory of the server and its workers: start {summary['rss_start_mib']} MiB, end "
              f"{summary['rss_end_mib']} MiB, peak {summary['rss_peak_mib']} MiB; over the run (s: MiB): "
              + ", ".join(f"{t}: {m}" for t, m in summary["rss_timeline_mib"]))
        for problem in problems:
            print("FAILED: " + problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
