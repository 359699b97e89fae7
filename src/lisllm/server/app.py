"""The Starlette application: routes, middleware (access log and metrics, CORS, gzip) and lifespan."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..graph.store import STORE_FOLDER
from .backends import EmbeddedBackend, InProcessBackend, RemoteBackend
from .caching import GraphVersion
from .description import ServiceDescription, catalogue_or_empty
from .linked_data import LinkedData
from .observability import Metrics, ObservabilityMiddleware, access_logger
from .pages import Pages
from .protocol import Limits, SparqlEndpoint
from .source import LocalSource, RemoteSource

EXPOSED_HEADERS = ["X-Lisllm-Truncated", "X-Lisllm-Rows", "X-Lisllm-Max-Rows", "X-Lisllm-Query-Ms",
                   "ETag", "Last-Modified", "Link", "Content-Location"]


@dataclass(frozen=True)
class Settings:
    dist: Path
    queries: Path
    limits: Limits = field(default_factory=Limits)
    endpoint: str | None = None                 # proxy to this remote SPARQL endpoint instead
    workers: int = max(2, os.cpu_count() or 2)
    access_log: Path | None = None              # JSON lines; stderr when None
    in_process: bool = False                    # benchmark only: no process boundary


def make_backend(settings: Settings, metrics: Metrics):
    if settings.endpoint:
        return RemoteBackend(settings.endpoint)
    store = settings.dist / STORE_FOLDER
    if settings.in_process:
        return InProcessBackend(store)
    return EmbeddedBackend(store, settings.workers, metrics.pool_event)


def templates():
    from jinja2 import Environment, PackageLoader

    # Autoescaping on for every template: literals from the graph are text, never markup.
    return Environment(loader=PackageLoader("lisllm.server", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


def create_app(settings: Settings) -> Starlette:
    metrics = Metrics()
    logger = access_logger(settings.access_log)
    version = GraphVersion(None, None) if settings.endpoint else GraphVersion.of_dist(settings.dist)
    backend = make_backend(settings, metrics)
    source = RemoteSource(settings.endpoint) if settings.endpoint else LocalSource(settings.dist / STORE_FOLDER)
    env = templates()
    linked_data = LinkedData(source, version, env)
    catalogue = catalogue_or_empty(settings.queries)
    has_dist = (settings.dist / "lisllm.trig").is_file()
    description = ServiceDescription(source, version, catalogue, settings.limits.allow_service, has_dist)
    pages = Pages(source, version, env, catalogue, settings.dist if has_dist else None, settings.limits)
    sparql = SparqlEndpoint(backend, settings.limits, version, metrics, description.respond)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "graph_version": version.version} | backend.health(),
                            headers={"Cache-Control": "no-store"})

    async def metrics_endpoint(request: Request) -> Response:
        metrics.workers_idle.set(backend.health().get("idle_workers", 0))
        return metrics.endpoint(request)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await backend.start()
        try:
            yield
        finally:
            await backend.close()

    routes = [
        Route("/sparql", sparql.handle, methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
        Route("/", pages.home, methods=["GET", "HEAD"]),
        Route("/query", pages.query_ui, methods=["GET", "HEAD"]),
        Route("/dumps/{name}", pages.dump, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(packages=[("lisllm.server", "static")]), name="static"),
        Route("/health", health, methods=["GET", "HEAD"]),
        Route("/id/{rest:path}", linked_data.handle, methods=["GET", "HEAD"]),
        Route("/ontology", linked_data.handle, methods=["GET", "HEAD"]),
        Route("/ontology/{rest:path}", linked_data.handle, methods=["GET", "HEAD"]),
        Route("/graph/{rest:path}", linked_data.handle, methods=["GET", "HEAD"]),
        Route("/metrics", metrics_endpoint, methods=["GET", "HEAD"]),
    ]
    middleware = [
        Middleware(ObservabilityMiddleware, metrics=metrics, logger=logger),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                   allow_headers=["Accept", "Content-Type", "If-None-Match", "If-Modified-Since"],
                   expose_headers=EXPOSED_HEADERS, max_age=600),
        Middleware(GZipMiddleware, minimum_size=512),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    app.state.backend = backend
    return app
