"""Prometheus metrics and the structured access log (one JSON object per line)."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response

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
        self.worker_restarts = Counter("lisllm_worker_restarts", "Query worker processes replaced.",
                                       registry=self.registry)
        self.workers_idle = Gauge("lisllm_workers_idle", "Query worker processes waiting for work.",
                                  registry=self.registry)

    def pool_event(self, name: str) -> None:
        # Timeouts and refusals are counted by the endpoint, for every backend; the pool adds restarts.
        if name == "restart":
            self.worker_restarts.inc()

    def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


def access_logger(path: Path | None) -> logging.Logger:
    """A logger writing bare JSON lines to a file, or to stderr."""
    logger = logging.getLogger(f"lisllm.access.{id(path)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    return logger


class ObservabilityMiddleware:
    """Times every request, counts it, and logs it with the query details the endpoint left in scope."""

    def __init__(self, app, metrics: Metrics, logger: logging.Logger):
        self.app, self.metrics, self.logger = app, metrics, logger

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status, size = 500, 0

        async def sending(message):
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            elapsed = time.perf_counter() - started
            route = route_of(scope["path"])
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.latency.labels(route).observe(elapsed)
            entry = {
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "client": (scope.get("client") or ("", 0))[0],
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "bytes": size,
                "duration_ms": round(elapsed * 1000, 3),
            }
            entry.update(scope.get("state", {}).get("query_log", {}))
            self.logger.info(json.dumps(entry, ensure_ascii=False))
