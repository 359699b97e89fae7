"""Prometheus metrics; the access log is written by `front.Front`, which times every request."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


def route_of(path: str) -> str:
    """A bounded label for a request path, so metrics do not grow with every IRI."""
    if path == "/sparql":
        return "sparql"
    if path.startswith(("/id/", "/ontology", "/graph/")):
        return "resource"
    if path in ("/", "/health", "/metrics", "/query"):
        return {"/": "home", "/health": "health", "/metrics": "metrics", "/query": "query-ui"}[path]
    if path.startswith("/static/"):
        return "static"
    if path.startswith("/dumps/"):
        return "dump"
    return "other"


class Metrics:
    """The server's metrics, in a registry of its own (no process-global state)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("lisllm_http_requests", "HTTP requests answered.",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("lisllm_http_request_duration_seconds", "Time to answer an HTTP request.",
                                 ["route"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.queries = Counter("lisllm_sparql_queries", "SPARQL queries run, by result form.", ["form"],
                               registry=self.registry)
        self.query_duration = Histogram("lisllm_sparql_query_duration_seconds",
                                        "Time from dispatching a query to its serialised result.",
                                        buckets=LATENCY_BUCKETS, registry=self.registry)
        self.timeouts = Counter("lisllm_sparql_timeouts", "Queries stopped at the time limit.",
                                registry=self.registry)
        self.errors = Counter("lisllm_sparql_errors", "Queries refused or failed, by reason.", ["reason"],
                              registry=self.registry)
        self.truncated = Counter("lisllm_sparql_truncated", "Results cut at the row cap.",
                                 registry=self.registry)
        self.inline = Counter("lisllm_sparql_inline", "Queries answered by the server process itself "
                              "(one triple pattern with one constant, so bounded by its answer), not by a worker.",
                              registry=self.registry)
        self.worker_restarts = Counter("lisllm_worker_restarts", "Query worker processes replaced.",
                                       registry=self.registry)
        self.workers_idle = Gauge("lisllm_workers_idle", "Query worker processes waiting for work.",
                                  registry=self.registry)
        self.cache_hits = Counter("lisllm_cache_hits", "Answers sent from the response cache, by kind.", ["kind"],
                                  registry=self.registry)
        self.cache_misses = Counter("lisllm_cache_misses", "Cache look-ups that found nothing, by kind.", ["kind"],
                                    registry=self.registry)
        self.cache_entries = Gauge("lisllm_cache_entries", "Answers held in the response cache.",
                                   registry=self.registry)
        self.cache_bytes = Gauge("lisllm_cache_bytes", "Bytes held in the response cache (bodies and gzip forms).",
                                 registry=self.registry)
        self._children: dict[tuple, tuple] = {}

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        if method not in METHODS:
            method = "other"            # labels stay bounded whatever a client sends
        key = (route, method, status)
        children = self._children.get(key)
        if children is None:
            children = (self.requests.labels(route, method, str(status)), self.latency.labels(route))
            self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def query_ran(self, form: str, seconds: float) -> None:
        child = self._children.get(("query", form))
        if child is None:
            child = self._children[("query", form)] = self.queries.labels(form)
        child.inc()
        self.query_duration.observe(seconds)

    def cache_lookup(self, kind: str, hit: bool) -> None:
        child = self._children.get((kind, hit))
        if child is None:
            child = self._children[(kind, hit)] = (self.cache_hits if hit else self.cache_misses).labels(kind)
        child.inc()

    def watch_cache(self, cache) -> None:
        """Report the cache's size whenever the metrics are read (not on every change)."""
        self.cache_entries.set_function(lambda: len(cache))
        self.cache_bytes.set_function(lambda: cache.bytes)

    def pool_event(self, name: str) -> None:
        # Timeouts and refusals are counted by the endpoint, for every backend; the pool adds restarts.
        if name == "restart":
            self.worker_restarts.inc()
        elif name == "inline":
            self.inline.inc()

    def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
