"""Throughput and latency of `lisllm serve` next to `oxigraph serve` on the same data, in one run.

    .venv/bin/python benchmarks/endpoint.py [--seconds 3] [--requests 20000] [--concurrency 1 4 16]

Starts, on 127.0.0.1 and free ports: `lisllm serve` (worker processes, the default), the same
application with queries run in a thread of the server process (no process boundary: what the
boundary costs), and `oxigraph serve-read-only --union-default-graph` on a store loaded from the
same dist/lisllm.trig. Each (query, concurrency) runs for at most --seconds and --requests on each
server with keep-alive HTTP/1.1 GET requests from client threads, then prints one table with
queries per second, p50 and p99 latency, and the ratios to Oxigraph. Then it measures the cost
of a timeout: how long replacing a killed worker takes. Every loop is bounded; all servers stop.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lisllm.text_table import text_table  # noqa: E402

PREFIXES = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "PREFIX lisllm: <https://w3id.org/lisllm/ontology/>\n")
QUERIES = {
    # One resource's labels: the lightest useful query, so HTTP and dispatch dominate.
    "lookup": PREFIXES + "SELECT ?label WHERE { <https://w3id.org/lisllm/id/organization/nii> rdfs:label ?label }",
    # Every property's use and distinct values over a self-join of the whole graph: engine-bound.
    "aggregate": "SELECT ?p (COUNT(*) AS ?uses) (COUNT(DISTINCT ?o2) AS ?values) WHERE { ?s ?p ?o . ?s ?p2 ?o2 } "
                 "GROUP BY ?p ORDER BY DESC(?uses)",
}
ACCEPT = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(port: int, path: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server exited early (status {process.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_in_process_server(dist: Path, port: int) -> None:
    """The lisllm application with queries in a thread of the server process (benchmark only)."""
    import uvicorn

    from lisllm.server.app import Settings, create_app

    settings = Settings(dist=dist, queries=dist / "no-queries", in_process=True, access_log=Path(os.devnull))
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def load_level(port: int, path: str, concurrency: int, seconds: float, max_requests: int):
    """Latencies (s) of GET requests from `concurrency` keep-alive clients, bounded in time and count."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            started = time.perf_counter()
            conn.request("GET", path, headers={"Accept": ACCEPT})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return latencies, elapsed, errors[0]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def restart_cost(dist: Path, project: Path, tries: int = 5) -> list[float]:
    """Seconds to replace a worker killed at the time limit, as the server itself measures it."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "lisllm", "--project", str(project), "serve", "--no-build",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="longest run per measurement")
    parser.add_argument("--requests", type=int, default=20_000, help="most requests per measurement")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--serve-in-process", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    from lisllm.commands.serve import graph_is_current
    from lisllm.graph.build import build
    from lisllm.graph.project import load_project

    project = load_project(ROOT)
    if args.serve_in_process:
        run_in_process_server(project.dist, args.serve_in_process)
        return
    if not graph_is_current(project):
        build(project)
    oxigraph_bin = Path(sys.executable).parent / "oxigraph"
    processes: dict[str, tuple[subprocess.Popen, int]] = {}
    with tempfile.TemporaryDirectory(prefix="lisllm-bench-") as tmp:
        store = Path(tmp) / "oxigraph"
        subprocess.run([str(oxigraph_bin), "load", "--location", str(store), "--file",
                        str(project.dist / "lisllm.trig")], check=True, capture_output=True)
        try:
            port = free_port()
            processes["oxigraph serve"] = (subprocess.Popen(
                [str(oxigraph_bin), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                 "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), port)
            port = free_port()
            processes["lisllm serve"] = (subprocess.Popen(
                [sys.executable, "-m", "lisllm", "--project", str(ROOT), "serve", "--no-build", "--port", str(port),
                 "--workers", str(args.workers), "--max-rows", "100000", "--timeout", "30",
                 "--access-log", os.devnull], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), port)
            port = free_port()
            processes["lisllm, in-process"] = (subprocess.Popen(
                [sys.executable, __file__, "--serve-in-process", str(port)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), port)
            for name, (process, port) in processes.items():
                wait_ready(port, "/query" if name.startswith("oxigraph") else "/health", process)
            results = measure(processes, args)
        finally:
            for process, _ in processes.values():
                stop(process)
    print_table(results)
    costs = restart_cost(project.dist, ROOT)
    print(f"\nReplacing a worker killed at the time limit: median {statistics.median(costs) * 1000:.0f} ms "
          f"(min {min(costs) * 1000:.0f}, max {max(costs) * 1000:.0f}; {len(costs)} timeouts)")


def measure(processes, args) -> list[tuple]:
    results = []
    for query_name, query in QUERIES.items():
        for concurrency in args.concurrency:
            for name, (_, port) in processes.items():
                endpoint = "/query" if name.startswith("oxigraph") else "/sparql"
                path = endpoint + "?" + urlencode({"query": query})
                load_level(port, path, 1, 0.3, 50)                    # warm up
                latencies, elapsed, errors = load_level(port, path, concurrency, args.seconds, args.requests)
                results.append((query_name, concurrency, name, len(latencies) / elapsed,
                                percentile(latencies, 0.5), percentile(latencies, 0.99), errors))
    return results


def print_table(results) -> None:
    reference = {(q, c): qps for q, c, name, qps, *_ in results if name == "oxigraph serve"}
    reference_p50 = {(q, c): p50 for q, c, name, _, p50, *_ in results if name == "oxigraph serve"}
    rows = []
    for query, concurrency, name, qps, p50, p99, errors in results:
        rows.append((query, str(concurrency), name, f"{qps:,.0f}", f"{p50 * 1000:.2f}", f"{p99 * 1000:.2f}",
                     f"{qps / reference[(query, concurrency)]:.2f}x", f"{p50 / reference_p50[(query, concurrency)]:.2f}x",
                     str(errors)))
    header = ("query", "conc.", "server", "queries/s", "p50 ms", "p99 ms", "qps vs oxigraph", "p50 vs oxigraph",
              "errors")
    print("\n".join(text_table(header, rows)))


if __name__ == "__main__":
    main()
