"""The application: `front.Front` (timing, metrics, access log, and /sparql answered directly) over
a Starlette application for everything else (routes, CORS and gzip middleware, lifespan)."""

from __future__ import annotations

import contextlib
import gc

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..graph.dist import Dist
from ..sparql.endpoint import LocalEndpoint, RemoteEndpoint
from .access_log import AccessLog
from .backends import EmbeddedBackend, RemoteBackend
from .caching import GraphVersion, ResponseCache
from .description import ServiceDescription, catalogue_or_empty
from .front import Front
from .linked_data import LinkedData
from .observability import Metrics
from .pages import Pages
from .protocol import SparqlEndpoint, other_methods
from .sending import EXPOSED_HEADERS
from .settings import Settings
from .source import Source


def make_backend(settings: Settings, metrics: Metrics):
    if settings.endpoint:
        return RemoteBackend(settings.endpoint)
    store = Dist(settings.dist).store
    return EmbeddedBackend(store, settings.workers, metrics.pool_event, settings.memory_store, settings.inline_rows)


def templates():
    from jinja2 import Environment, PackageLoader

    # Autoescaping on for every template: literals from the graph are text, never markup.
    return Environment(loader=PackageLoader("lisllm.server", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


def create_app(settings: Settings) -> Front:
    metrics = Metrics()
    log = AccessLog(settings.access_log)
    version = (GraphVersion(None, None) if settings.endpoint
               else GraphVersion.of_dist(settings.dist, settings.max_age))
    # A remote endpoint's graph may change under us: nothing is cached then.
    cache = ResponseCache(settings.cache_bytes if version.version else 0, metrics.cache_lookup)
    metrics.watch_cache(cache)
    backend = make_backend(settings, metrics)
    # The pages and `/compare` run the same synchronous queries as the CLI, in threads of the server.
    endpoint = (RemoteEndpoint(settings.endpoint) if settings.endpoint
                else LocalEndpoint(ox.Store.read_only(str(Dist(settings.dist).store)), name="the server's store"))
    source = Source(endpoint)
    env = templates()
    linked_data = LinkedData(source, version, env, cache)
    catalogue = catalogue_or_empty(settings.queries)
    has_dist = Dist(settings.dist).has_dumps()
    description = ServiceDescription(source, version, catalogue, settings.limits.allow_service, has_dist)
    pages = Pages(source, version, env, catalogue, settings.dist if has_dist else None, settings.limits, cache)
    sparql = SparqlEndpoint(backend, settings.limits, version, metrics, description.respond, cache)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "graph_version": version.version} | backend.health(),
                            headers={"Cache-Control": "no-store"})

    async def metrics_endpoint(request: Request) -> Response:
        metrics.workers_idle.set(backend.health().get("idle_workers", 0))
        return metrics.endpoint(request)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await backend.start()
        # What is alive now (modules, templates, the catalogue) lives as long as the server. Frozen, the
        # collector no longer walks it in the full collections that the response cache's growth keeps
        # triggering (measured in process: 129–139 instead of 142–151 µs a look-up over 40,000).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await backend.close()
            log.close()

    routes = [
        # GET, HEAD and POST on /sparql are answered by the front; the other methods come here.
        Route("/sparql", other_methods(metrics), methods=["PUT", "DELETE", "PATCH", "OPTIONS"]),
        Route("/", pages.home, methods=["GET", "HEAD"]),
        Route("/query", pages.query_ui, methods=["GET", "HEAD"]),
        Route("/compare", pages.compare, methods=["GET", "HEAD"]),
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
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                   allow_headers=["Accept", "Content-Type", "If-None-Match", "If-Modified-Since"],
                   expose_headers=EXPOSED_HEADERS, max_age=600),
        Middleware(GZipMiddleware, minimum_size=512),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    front = Front(app, sparql, metrics, log)
    return front
