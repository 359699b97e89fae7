"""The /sparql endpoint: the SPARQL 1.1 Protocol's query operation, read-only and bounded.

Requests: GET with `query=`; POST `application/x-www-form-urlencoded` with `query=`; POST
`application/sparql-query` with the query as the body. `default-graph-uri` / `named-graph-uri`
(repeatable) set the dataset. Statuses are listed in docs/serve.md.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

import anyio
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from . import media
from .caching import GraphVersion
from .guard import UncheckableQuery, inspect_query, keywords_fast, refused_services
from .observability import Metrics
from .results import Job, Reply

ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@dataclass(frozen=True)
class Limits:
    timeout: float = 5.0
    max_rows: int = 10_000
    max_body: int = 1 << 20
    allow_service: frozenset[str] = frozenset()


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class SparqlEndpoint:
    def __init__(self, backend, limits: Limits, version: GraphVersion, metrics: Metrics, describe):
        self.backend = backend
        self.limits = limits
        self.version = version
        self.metrics = metrics
        self.describe = describe          # async (request) -> Response: the service description

    async def handle(self, request: Request) -> Response:
        try:
            return await self._handle(request)
        except ProtocolError as exc:
            self.metrics.errors.labels(_reason(exc.status)).inc()
            return error_response(exc.status, exc.message, exc.headers)

    async def _handle(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ALLOWED_METHODS})
        if request.method not in ("GET", "HEAD", "POST"):
            raise ProtocolError(405, f"{request.method} is not supported on /sparql: it is a read-only query "
                                     "endpoint (SPARQL 1.1 Protocol query operation)", {"Allow": ALLOWED_METHODS})
        params = await self._parameters(request)
        names = {name for name, _ in params}
        if names & set(UPDATE_PARAMETERS):
            raise ProtocolError(403, "SPARQL Update is not accepted: this endpoint is read-only")
        queries = [value for name, value in params if name == "query"]
        if not queries:
            if request.method in ("GET", "HEAD") and not (names - {"format"}):
                return await self.describe(request)
            raise ProtocolError(400, "missing 'query' parameter (SPARQL 1.1 Protocol §2.1)")
        if len(queries) > 1:
            raise ProtocolError(400, "more than one 'query' parameter")
        text = queries[0]
        default_graphs = _iris(params, "default-graph-uri")
        named_graphs = _iris(params, "named-graph-uri")
        formats = [value for name, value in params if name == "format"]
        choice = media.choose(request.headers.get("accept"), formats[0] if formats else None)
        if not choice.acceptable():
            raise ProtocolError(406, "no acceptable media type; results: " + ", ".join(media.RESULTS_TYPES)
                                     + "; graphs: " + ", ".join(media.GRAPH_TYPES))
        # The lexer takes microseconds; only a query that mentions SERVICE is parsed (by rdflib,
        # tens of milliseconds), and that happens in a thread.
        facts = _inspect(text) if "SERVICE" not in keywords_fast(text) else await anyio.to_thread.run_sync(_inspect, text)
        refused = refused_services(facts, self.limits.allow_service)
        if refused:
            raise ProtocolError(403, "SERVICE is not allowed to " + ", ".join(refused)
                                     + " (the operator can allow endpoints with --allow-service)")
        dataset_given = bool(default_graphs or named_graphs)
        job = Job(
            query=text,
            union_default_graph=not facts.has_dataset_clause,
            default_graphs=tuple(default_graphs) if dataset_given else None,
            named_graphs=tuple(named_graphs) if dataset_given else None,
            results_type=choice.results,
            graph_type=choice.graph,
            max_rows=self.limits.max_rows,
        )
        cacheable = request.method in ("GET", "HEAD")
        etag = self.version.etag("sparql", text, repr(job)) if cacheable else None
        if self.version.not_modified(request, etag):
            return Response(status_code=304, headers=self.version.headers(etag) | {"Vary": "Accept"})
        started = time.perf_counter()
        reply = await self.backend.run(job, self.limits.timeout)
        elapsed = time.perf_counter() - started
        request.state.query_log = {
            "query_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
            "query": text[:2000],
            "query_ms": round(elapsed * 1000, 3),
            "query_status": reply.status,
            "form": reply.form,
            "rows": reply.rows,
            "truncated": reply.truncated,
        }
        return self._response(reply, elapsed, etag if reply.status == 200 else None)

    def _response(self, reply: Reply, elapsed: float, etag: str | None) -> Response:
        if reply.status == 504:
            self.metrics.timeouts.inc()
        if reply.status != 200:
            self.metrics.errors.labels(_reason(reply.status)).inc()
            return error_response(reply.status, reply.message, reply.extra)
        self.metrics.queries.labels(reply.form).inc()
        self.metrics.query_duration.observe(elapsed)
        headers = {
            "Vary": "Accept",
            "X-Lisllm-Rows": str(reply.rows),
            "X-Lisllm-Max-Rows": str(self.limits.max_rows),
            "X-Lisllm-Query-Ms": f"{elapsed * 1000:.1f}",
        }
        if reply.truncated:
            self.metrics.truncated.inc()
            headers["X-Lisllm-Truncated"] = "true"
        headers |= self.version.headers(etag)
        return Response(reply.body, media_type=media.content_type(reply.media_type), headers=headers)

    async def _parameters(self, request: Request) -> list[tuple[str, str]]:
        if len(request.scope.get("query_string", b"")) > self.limits.max_body:
            raise ProtocolError(414, f"query string exceeds the limit of {self.limits.max_body} bytes; "
                                     "send long queries by POST")
        url_params = list(request.query_params.multi_items())
        if request.method != "POST":
            return url_params
        declared = request.headers.get("content-type", "")
        content_type = declared.split(";")[0].strip().lower()
        if content_type == UPDATE_BODY:
            raise ProtocolError(403, "SPARQL Update is not accepted: this endpoint is read-only")
        if content_type not in (FORM, QUERY_BODY):
            raise ProtocolError(415, f"unsupported request type '{declared or '(none)'}'; send "
                                     f"{FORM} with query=…, or {QUERY_BODY} with the query as the body")
        body = await _read_body(request, self.limits.max_body)
        charset = _charset(declared)
        try:
            text = body.decode(charset)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ProtocolError(400, f"the request body is not valid {charset}: {exc}") from exc
        if content_type == FORM:
            return url_params + parse_qsl(text, keep_blank_values=True, encoding=charset)
        return url_params + [("query", text)]


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"request body of {declared} bytes exceeds the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _charset(content_type: str) -> str:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or "utf-8"
    return "utf-8"


def _iris(params: list[tuple[str, str]], name: str) -> list[str]:
    values = [value for key, value in params if key == name]
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise ProtocolError(400, f"{name} is not an absolute IRI: {value!r} ({exc})") from exc
    return values


def _inspect(text: str):
    try:
        return inspect_query(text)
    except UncheckableQuery as exc:
        raise ProtocolError(403, f"the query uses SERVICE but could not be parsed to check its endpoints: {exc}")


def _reason(status: int) -> str:
    return {400: "malformed", 403: "refused", 405: "method", 406: "not-acceptable", 413: "too-large", 414: "too-large",
            415: "unsupported-type", 502: "remote", 503: "busy", 504: "timeout"}.get(status, str(status))
