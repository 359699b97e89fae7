"""Tasks run in their own process by the suite, so that each has its own peak memory and time.

    python -m benchmarks.child TASK ARGS…   (prints one JSON object per line; the last one sums up)
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

from .common import ROOT  # noqa: F401  (puts src/ on the path)


def bulk_load(source: str, folder: str, graph: str = "") -> dict:
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store(folder)
    store.bulk_load(path=source, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph) if graph else None)
    store.flush()
    return {"seconds": time.perf_counter() - started}


def shacl(root: str, engine: str, repeats: str) -> dict:
    """Time one SHACL engine on a built graph (asserted + inferred + ontology), as validate runs it."""
    from lisllm.graph.build import assemble
    from lisllm.graph.project import load_project
    from lisllm.graph.rdf_files import parse_file
    from lisllm.validation import shacl as pyshacl_engine
    from lisllm.validation import shacl_rudof

    project = load_project(Path(root))
    graphs = assemble(project)
    shapes = [t for path in project.shape_files() for t in parse_file(path).triples]
    data = graphs.asserted + graphs.inferred
    validate = shacl_rudof.validate if engine == "rudof" else pyshacl_engine.validate
    seconds, results = [], []
    for _ in range(int(repeats)):
        started = time.perf_counter()
        results, _ = validate(data, shapes, graphs.ontology)
        seconds.append(time.perf_counter() - started)
        if seconds[-1] > 60:
            break
    keys = sorted(json.dumps([r.focus, r.path, r.component, r.severity, r.shape, r.value, sorted(r.messages.items())])
                  for r in results)
    return {"seconds": seconds, "results": len(keys), "violations": sum(r.severity == "violation" for r in results),
            "digest": hashlib.sha256("\n".join(keys).encode()).hexdigest(), "data_triples": len(data)}


def hermit(root: str, plain_repeats: str, fast_repeats: str) -> dict:
    """HermiT over the plain module and over the compressed one; both must give the same result."""
    from lisllm.graph.abox_compression import compress
    from lisllm.graph.build import assemble
    from lisllm.graph.project import load_project
    from lisllm.graph.reasoning import classify, reasoner_input

    graphs = assemble(load_project(Path(root)), reason=False)
    module = reasoner_input(graphs.ontology, graphs.asserted)[len(graphs.ontology):]
    compression = compress(graphs.ontology, module)
    individuals = {t.subject for t in module} | {t.object for t in module if not t.predicate.value.endswith("#type")}
    out = {"module_triples": len(module), "individuals": len(individuals), "kept_triples": len(compression.kept),
           "components": compression.components, "groups": compression.groups}
    results = {}
    for mode, repeats in (("plain", int(plain_repeats)), ("fast", int(fast_repeats))):
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            results[mode] = classify(graphs.ontology, graphs.asserted, compress=(mode == "fast"))
            times.append(time.perf_counter() - started)
            if times[-1] > 60:
                break
        out[mode] = times
    if "plain" in results and results["plain"].inferred:
        out["identical"] = results["plain"] == results["fast"]
    out["inferred"] = len(results["fast"].inferred)
    return out


def store_queries(folder: str, queries: str, repeats: str) -> dict:
    """Every catalogue query on the embedded store (read-only, as `lisllm query` opens it)."""
    import pyoxigraph as ox

    return _time_catalogue(ox.Store.read_only(folder), queries, repeats)


def memory_queries(trig: str, queries: str, repeats: str) -> dict:
    """Every catalogue query on an in-memory Oxigraph store loaded from the dump (no RocksDB)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=trig, format=ox.RdfFormat.TRIG)
    return _time_catalogue(store, queries, repeats)


def _time_catalogue(store, queries: str, repeats: str) -> dict:
    """Seconds of each run and the answer's rows, for every catalogue query on an Oxigraph store."""
    from lisllm.sparql.catalogue import load_catalogue, offline, run_select

    out = {}
    for query in offline(load_catalogue(Path(queries))):
        times, rows = [], 0
        for _ in range(int(repeats)):
            started = time.perf_counter()
            rows = len(run_select(store, query.text)[1])
            times.append(time.perf_counter() - started)
        out[query.id] = {"seconds": times, "rows": rows}
    return out


def rdflib_queries(trig: str, queries: str, repeats: str) -> dict:
    """Every catalogue query with rdflib's in-memory engine (the union of the graphs, as the store)."""
    import rdflib

    from lisllm.sparql.catalogue import load_catalogue, offline
    from lisllm.sparql.text import with_prefixes

    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(trig, format="trig")
    print(json.dumps({"load_seconds": time.perf_counter() - started}), flush=True)
    out = {}
    for query in offline(load_catalogue(Path(queries))):
        times, rows = [], 0
        for _ in range(int(repeats)):
            started = time.perf_counter()
            rows = len(list(dataset.query(with_prefixes(query.text))))
            times.append(time.perf_counter() - started)
            if times[-1] > 30:
                break
        out[query.id] = {"seconds": times, "rows": rows}
        print(json.dumps({query.id: out[query.id]}), flush=True)
    return out


TASKS = {"bulk-load": bulk_load, "shacl": shacl, "hermit": hermit, "store-queries": store_queries,
         "memory-queries": memory_queries,
         "rdflib-queries": rdflib_queries}

if __name__ == "__main__":
    print(json.dumps(TASKS[sys.argv[1]](*sys.argv[2:])), flush=True)
