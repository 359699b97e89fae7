"""The sections of the suite: build, queries, SHACL, HermiT, endpoint, soak (validate: benchmarks.validate).

Each section measures lisllm and a reference on the same synthetic data in the same run, and
returns a table; `series` collects (cost, size, seconds) points for the log-log plot.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from lisllm.graph.dist import Dist

from .common import BIN, PYTHON, ROOT, child_json, measure, median, run_measured, size_name
from .http_load import free_port, stop, wait_ready

QUERY_TARGET_SECONDS = 1.0


@dataclass
class Section:
    key: str
    title: str
    intro: str
    header: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Context:
    tmp: Path
    sizes: list[int]
    repeats: int
    projects: dict[int, tuple[Path, int]]          # size -> (project root, synthetic triples written)
    series: dict[str, dict[int, float]] = field(default_factory=dict)
    targets: list[tuple[str, str, str, str]] = field(default_factory=list)   # (target, measured, limit, met)
    stored: dict = field(default_factory=dict)

    def point(self, name: str, size: int, seconds: float) -> None:
        self.series.setdefault(name, {})[size] = seconds

    def target(self, what: str, measured: str, limit: str, met: bool | None) -> None:
        """`met` None: not measured in this run."""
        self.targets.append((what, measured, limit, "not measured" if met is None else "yes" if met else "**no**"))


def _lisllm(root: Path, *args: str) -> list[str]:
    return [PYTHON, "-m", "lisllm", "--project", str(root), *args]


def _s(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds < 100 else f"{seconds:.0f}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


def _x(value: float, reference: float) -> str:
    return f"{value / reference:.2f}×" if reference else "–"


# --- build -----------------------------------------------------------------------------------------

def build(ctx: Context) -> Section:
    section = Section("build", "Build: `lisllm build` vs pyoxigraph's bulk load of the same file",
                      "`lisllm build --no-cache` (parse, expand findings, HermiT on every run, write lisllm.trig, "
                      "lisllm.ttl and the "
                      "on-disk store, print the summary), as a command, against a child process that only "
                      "bulk-loads the synthetic N-Triples file into a new on-disk Oxigraph store (default graph), "
                      "and the same load into a named graph (what the build's store holds: named graphs are kept "
                      "in six indexes, the default graph in three). Peak memory is each process's own (GNU time).",
                      ("triples", "build s", "bulk load s", "× bulk load", "into named graph s", "build peak MiB",
                       "bulk load peak MiB", "× memory"))
    for size in ctx.sizes:
        root, written = ctx.projects[size]
        source = root / "instances" / "synth.nt"
        seconds, peak, _ = measure(_lisllm(root, "build", "--no-cache"), ctx.repeats)
        ref = [run_measured([PYTHON, "-m", "benchmarks.child", "bulk-load", source, ctx.tmp / f"bulk-{size}-{i}"],
                            cwd=ROOT) for i in range(ctx.repeats)]
        named = [run_measured([PYTHON, "-m", "benchmarks.child", "bulk-load", source, ctx.tmp / f"named-{size}-{i}",
                               "https://example.org/g"], cwd=ROOT) for i in range(ctx.repeats)]
        ref_s, ref_peak = median(r.seconds for r in ref), median(r.peak_mib for r in ref)
        named_s = median(r.seconds for r in named)
        section.rows.append((f"{written:,}", _s(seconds), _s(ref_s), _x(seconds, ref_s), _s(named_s), f"{peak:,.0f}",
                             f"{ref_peak:,.0f}", _x(peak, ref_peak)))
        ctx.point("lisllm build", size, seconds)
        ctx.point("bulk load (reference)", size, ref_s)
        if size == max(ctx.sizes) and size >= 1_000_000:
            ctx.target(f"build {size_name(size)} within 2× of a bulk load", _x(seconds, ref_s), "≤ 2×",
                       seconds <= 2 * ref_s)
            ctx.target(f"build {size_name(size)} peak memory", f"{peak / 1024:.2f} GiB", "< 4 GiB", peak < 4096)
    return section


# --- catalogue queries -----------------------------------------------------------------------------

def _oxigraph_server(trig: Path, folder: Path) -> tuple[subprocess.Popen, int]:
    oxigraph = BIN / "oxigraph"
    subprocess.run([str(oxigraph), "load", "--location", str(folder), "--file", str(trig)], check=True,
                   capture_output=True)
    port = free_port()
    process = subprocess.Popen([str(oxigraph), "serve-read-only", "--location", str(folder), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(port, "/query", process)
    return process, port


def _http_query(port: int, path: str, query: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path + "?" + urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status} for a catalogue query")
    return elapsed


def queries(ctx: Context) -> Section:
    from lisllm.sparql.catalogue import load_catalogue, offline
    from lisllm.sparql.text import with_prefixes

    catalogue = offline(load_catalogue(ROOT / "queries"))
    sizes = ctx.sizes
    section = Section("queries", "Catalogue queries: embedded store vs `oxigraph serve` over HTTP (and rdflib at 10k)",
                      "Every query of `queries/` (the repository's catalogue) over each synthetic graph: on the "
                      "embedded store that `lisllm build` wrote (opened read-only, as `lisllm query` does), and "
                      "over HTTP on `oxigraph serve-read-only --union-default-graph` loaded from the same "
                      "lisllm.trig (one keep-alive-less GET each; JSON results read whole). rdflib's in-memory "
                      "engine (the same TriG, default graph = union) runs at the smallest size only. At the largest "
                      "size the queries also run on an in-memory Oxigraph store loaded from lisllm.trig, which "
                      "shows what the on-disk (RocksDB) storage costs. Milliseconds, median of the repeats; "
                      "rows: the answer's size at the largest size.",
                      ("query",) + tuple(f"{size_name(s)} store ms" for s in sizes)
                      + tuple(f"{size_name(s)} HTTP ms" for s in sizes) + tuple(f"{size_name(s)} ×HTTP" for s in sizes)
                      + (f"{size_name(sizes[-1])} in-memory ms", f"{size_name(sizes[-1])} rows",
                         f"{size_name(sizes[0])} rdflib ms", f"{size_name(sizes[0])} ×rdflib"))
    store_s: dict[int, dict[str, float]] = {}
    http_s: dict[int, dict[str, float]] = {}
    rdflib_s: dict[str, float] = {}
    for size in sizes:
        root, _ = ctx.projects[size]
        dist = root / "dist"
        if not Dist(dist).store.is_dir():
            run_measured(_lisllm(root, "build"))
        result, _ = child_json("store-queries", Dist(dist).store, ROOT / "queries", ctx.repeats)
        store_s[size] = {q: median(v["seconds"]) for q, v in result.items()}
        process, port = _oxigraph_server(Dist(dist).trig, ctx.tmp / f"oxigraph-q-{size}")
        try:
            http_s[size] = {q.id: median(_http_query(port, "/query", with_prefixes(q.text)) for _ in range(ctx.repeats))
                            for q in catalogue}
        finally:
            stop(process)
        slowest = max(store_s[size].values())
        ctx.point("slowest catalogue query (store)", size, slowest)
        if size >= 1_000_000:
            worst = max(store_s[size], key=store_s[size].get)
            ctx.target(f"every catalogue query < 1 s at {size_name(size)} (embedded store)",
                       f"slowest {slowest:.2f} s ({worst})", "< 1 s", slowest < QUERY_TARGET_SECONDS)
    largest_root, _ = ctx.projects[sizes[-1]]
    memory, _ = child_json("memory-queries", Dist(largest_root / "dist").trig, ROOT / "queries", ctx.repeats)
    memory_s = {q: median(v["seconds"]) for q, v in memory.items()}
    rows = {q: v["rows"] for q, v in memory.items()}
    ctx.point("slowest catalogue query (in-memory)", sizes[-1], max(memory_s.values()))
    small_root, _ = ctx.projects[sizes[0]]
    try:
        run = run_measured([PYTHON, "-m", "benchmarks.child", "rdflib-queries", Dist(small_root / "dist").trig,
                            ROOT / "queries", ctx.repeats], cwd=ROOT, timeout=900)
        for line in run.stdout.splitlines():
            item = json.loads(line)
            for key, value in item.items():
                if isinstance(value, dict) and "seconds" in value:
                    rdflib_s[key] = median(value["seconds"])
    except subprocess.TimeoutExpired:
        section.notes.append("rdflib did not finish every query within 15 minutes; missing ones show –.")
    for q in catalogue:
        row = [q.id]
        row += [_ms(store_s[s][q.id]) for s in sizes]
        row += [_ms(http_s[s][q.id]) for s in sizes]
        row += [_x(http_s[s][q.id], store_s[s][q.id]) for s in sizes]
        row += [_ms(memory_s[q.id]), f"{rows[q.id]:,}"]
        small = rdflib_s.get(q.id)
        row += [_ms(small) if small is not None else "–",
                _x(small, store_s[sizes[0]][q.id]) if small is not None else "–"]
        section.rows.append(tuple(row))
    section.notes.append("×HTTP and ×rdflib: how many times longer than the embedded store (above 1 = slower).")
    return section


# --- SHACL -----------------------------------------------------------------------------------------

def shacl(ctx: Context, pyshacl_max: int) -> Section:
    section = Section("shacl", "SHACL: pyshacl vs pyrudof on the same graph",
                      "The SHACL step alone, on the asserted + inferred graph with the ontology (as `lisllm "
                      "validate` runs it), in a child process per engine: seconds (median), the child's peak "
                      "memory (graph + engine), and whether both report the same results (focus node, path, "
                      "component, severity, shape, value, messages; compared by digest). pyrudof runs SHACL "
                      "Core; SPARQL-based targets and constraints run on Oxigraph "
                      "(lisllm.validation.shacl_rudof). From "
                      "250,000 triples pyrudof validates exact parts of about 50,000 triples in child processes, two "
                      "at a time (lisllm.validation.shacl_partition). Peak memory is that of the whole process tree "
                      "(benchmarks.common.run_measured).",
                      ("triples", "data triples", "pyshacl s", "pyshacl peak MiB", "rudof s", "rudof peak MiB",
                       "× pyshacl", "results", "agree"))
    for size in ctx.sizes:
        root, written = ctx.projects[size]
        rudof, rudof_run = child_json("shacl", root, "rudof", ctx.repeats)
        rudof_s = median(rudof["seconds"])
        ctx.point("SHACL pyrudof", size, rudof_s)
        if size <= pyshacl_max:
            ref, ref_run = child_json("shacl", root, "pyshacl", ctx.repeats)
            ref_s = median(ref["seconds"])
            ctx.point("SHACL pyshacl", size, ref_s)
            agree = "yes" if ref["digest"] == rudof["digest"] else "**no**"
            section.rows.append((f"{written:,}", f"{rudof['data_triples']:,}", _s(ref_s), f"{ref_run.peak_mib:,.0f}",
                                 _s(rudof_s), f"{rudof_run.peak_mib:,.0f}", _x(rudof_s, ref_s), str(rudof["results"]),
                                 agree))
        else:
            section.rows.append((f"{written:,}", f"{rudof['data_triples']:,}", "not run", "–", _s(rudof_s),
                                 f"{rudof_run.peak_mib:,.0f}", "–", str(rudof["results"]), "–"))
            section.notes.append(f"pyshacl is not run above {size_name(pyshacl_max)} triples by default "
                                 "(minutes per run); `--pyshacl-max 1m` runs it.")
    return section


# --- HermiT ----------------------------------------------------------------------------------------

def hermit(ctx: Context) -> Section:
    section = Section("hermit", "HermiT as individuals grow: one plain run vs the compressed run",
                      "`lisllm.graph.reasoning.classify` on the module of the data that role definitions use, as one "
                      "plain HermiT run and with the exact compression of lisllm.graph.abox_compression (one "
                      "representative per group of parts that are copies up to renaming). Both must infer "
                      "the same types. Seconds include owlready2 and Java start-up; the plain run at the "
                      "largest size runs once when it is longer than a minute.",
                      ("triples", "module triples", "individuals", "components", "groups", "HermiT input (compressed)",
                       "plain s", "compressed s", "speed-up", "identical"))
    for size in ctx.sizes:
        root, written = ctx.projects[size]
        result, _ = child_json("hermit", root, ctx.repeats, ctx.repeats)
        plain, fast = median(result["plain"]), median(result["fast"])
        ctx.point("HermiT plain", size, plain)
        ctx.point("HermiT compressed", size, fast)
        section.rows.append((f"{written:,}", f"{result['module_triples']:,}", f"{result['individuals']:,}",
                             f"{result['components']:,}", str(result["groups"]), f"{result['kept_triples']:,}",
                             _s(plain), _s(fast), _x(plain, fast), "yes" if result.get("identical") else "**no**"))
    return section


# --- endpoint --------------------------------------------------------------------------------------

def endpoint(ctx: Context, seconds: float, concurrency: list[int]) -> Section:
    """The three workloads of benchmarks/endpoint.py: repeated catalogue queries and distinct look-ups on
    the repository's graph, and the aggregate (repeated, and with a new text each time) at each size."""
    from . import endpoint as bench

    section = Section("endpoint", "Endpoint: `lisllm serve` vs `oxigraph serve` on the same data",
                      f"The workloads of `python -m benchmarks.endpoint` (see its docstring and docs/serve.md): "
                      f"keep-alive HTTP/1.1 GET requests from {', '.join(map(str, concurrency))} client threads for "
                      f"at most {seconds:g} s and 5,000 requests per measurement, "
                      f"in {bench.ROUNDS} slices taken in turn "
                      f"on the two servers (ABBA), on 127.0.0.1: `lisllm serve "
                      "--workers 2` (response cache on) and `oxigraph serve-read-only --union-default-graph` on the "
                      "same lisllm.trig. Repeated catalogue queries and distinct look-ups run on the repository's "
                      "graph; the aggregate on each synthetic graph. The client threads share the machine's 2 "
                      "cores with the servers.",
                      bench.HEADER)
    results = bench.repository_workloads(concurrency, seconds, 5000, 2, ctx.tmp)
    for size in ctx.sizes:
        root, written = ctx.projects[size]
        if not Dist(root / "dist").store.is_dir():          # the build section did not run
            subprocess.run(_lisllm(root, "build", "--quiet"), check=True, stdout=subprocess.DEVNULL)
        with bench.servers(root, root / "dist", ctx.tmp, 2, timeout=120) as running:
            results += bench.measure("aggregate", written, running, lambda n: bench.AGGREGATE, concurrency,
                                     seconds, 5000)
            results += bench.measure("aggregate, new text", written, running,
                                     lambda n: f"{bench.AGGREGATE} # {n}", concurrency, seconds, 5000)
    section.rows = bench.rows(results)
    level = max(concurrency)
    for workload, _, measured, limit, met in bench.targets([r for r in results if r.workload != "aggregate"
                                                            or r.triples == max(w for _, w in ctx.projects.values())],
                                                           level):
        ctx.target(f"endpoint {workload}, {level} clients", measured + " of oxigraph's q/s", limit, met == "yes")
    for r in results:
        if r.workload == "aggregate, new text" and r.clients == level and r.server == bench.LISLLM:
            ctx.point("endpoint aggregate p50 (lisllm)", r.triples, r.p50)
    section.notes.append("× oxigraph: lisllm's queries per second over oxigraph's (1 = as fast); server CPU: "
                         "user + system time of the server's processes per request.")
    return section


# --- soak ------------------------------------------------------------------------------------------

def soak(ctx: Context, seconds: float = 60.0) -> Section:
    """benchmarks/soak.py on the repository's build: statuses, /health and memory."""
    from . import soak as soak_run

    summary = soak_run.soak(seconds, 16)
    problems = soak_run.failures(summary, None)
    section = Section("soak", "Soak: `lisllm serve` under good and bad traffic",
                      f"`python -m benchmarks.soak --seconds {seconds:g}` (see its docstring): 16 keep-alive clients "
                      "send a mix of repeated, distinct, invalid, update, timing-out, oversized and deeply nested "
                      "queries and linked-data page requests for a bounded time, to `lisllm serve --workers 2 "
                      "--timeout 2 --max-body 524288 --cache-size 4` on the repository's build.",
                      ("kind", "status", "intended", "requests"))
    for key, count in summary["statuses"].items():
        kind, status = key.split()
        section.rows.append((kind, status, str(soak_run.EXPECTED[kind]), f"{count:,}"))
    section.notes += [
        f"{summary['requests']:,} requests in {summary['seconds']} s ({summary['requests_per_second']:,} a second); "
        f"/health: {summary['health_checks']}; worker restarts: {summary['worker_restarts']:.0f}.",
        f"Memory of the server and its workers: start {summary['rss_start_mib']} MiB, "
        f"end {summary['rss_end_mib']} MiB, "
        f"peak {summary['rss_peak_mib']} MiB; over the run (s: MiB): "
        + ", ".join(f"{t}: {m}" for t, m in summary["rss_timeline_mib"]) + ".",
        "Every request got its intended status." if not problems else "Problems: " + "; ".join(problems),
    ]
    ctx.target("soak: every request its intended status, /health ok", "yes" if not problems else "no", "all",
               not problems)
    return section
