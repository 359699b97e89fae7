"""The /sparql endpoint: the SPARQL 1.1 Protocol's query operation, read-only and bounded.

Requests: GET with `query=`; POST `application/x-www-form-urlencoded` with `query=`; POST
`application/sparql-query` with the query as the body. `default-graph-uri` / `named-graph-uri`
(repeatable) set the dataset. Statuses are listed in docs/serve.md.
"""

from __future__ import annotations

import codecs
import hashlib
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_plus

import anyio
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..sparql.text import nesting_message, nesting_problem
from . import media
from .caching import ENTRY_OVERHEAD, Cached, GraphVersion, ResponseCache
from .guard import UncheckableQuery, inspect_query, mentions_service, refused_services
from .observability import Metrics
from .results import Job
from .sending import header_map, raw_headers, send_entry, send_raw
from .settings import Limits

ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


@dataclass(slots=True)
class QueryRequest:
    """The query a request asks for, with all else its answer depends on but the graph version."""
    text: str
    default_graphs: tuple[str, ...] | None      # both None when the request names no dataset
    named_graphs: tuple[str, ...] | None
    choice: media.Choice
    base: str | None                            # the base IRI of relative IRIs in the query


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class SparqlEndpoint:
    """GET, HEAD and POST on /sparql, as a bare ASGI callable (`front.Front` sends them here).

    The order of work keeps the common cases cheap: parameters and negotiation first, then the
    answer's cache key and ETag (a 304 or a cached answer needs nothing else), and only for a new
    query the nesting limit, the SERVICE check and a worker.
    """

    def __init__(self, backend, limits: Limits, version: GraphVersion, metrics: Metrics, describe,
                 cache: ResponseCache | None = None):
        self.backend = backend
        self.limits = limits
        self.version = version
        self.metrics = metrics
        self.describe = describe          # async (request) -> Response: the service description
        self.cache = cache if cache is not None and version.version is not None else ResponseCache(0)
        self._choices: dict[tuple[str | None, str | None], media.Choice] = {}
        self._bases: dict[tuple[str, str, str], str] = {}
        self._max_rows = str(limits.max_rows).encode("latin-1")

    async def __call__(self, scope, receive, send) -> None:
        headers = header_map(scope)
        try:
            await self._handle(scope, receive, send, headers)
        except ProtocolError as exc:
            self.metrics.errors.labels(_reason(exc.status)).inc()
            await send_error(send, headers, exc.status, exc.message, exc.headers)

    async def _handle(self, scope, receive, send, headers: dict[str, str]) -> None:
        method = scope["method"]
        alias = None
        if method != "POST" and self.cache.enabled:
            # A request spelt exactly as one answered before: its key is known without parsing.
            alias = (scope.get("query_string", b""), headers.get("accept"), headers.get("host"),
                     scope.get("scheme"), scope.get("root_path", ""))
            known = self.cache.recall(alias)
            if known is not None and await self._from_cache(scope, send, headers, known[0], known[1], True):
                return
        params = await self._parameters(scope, receive, headers, method)
        names = {name for name, _ in params}
        if names & UPDATE_NAMES:
            raise ProtocolError(403, "SPARQL Update is not accepted: this endpoint is read-only")
        queries = [value for name, value in params if name == "query"]
        if not queries:
            if method in ("GET", "HEAD") and not (names - {"format"}):
                response = await self.describe(Request(scope, receive))
                await response(scope, receive, send)
                return
            raise ProtocolError(400, "missing 'query' parameter (SPARQL 1.1 Protocol §2.1)")
        if len(queries) > 1:
            raise ProtocolError(400, "more than one 'query' parameter")
        text = queries[0]
        default_graphs = tuple(_iris(params, "default-graph-uri"))
        named_graphs = tuple(_iris(params, "named-graph-uri"))
        dataset_given = bool(default_graphs or named_graphs)
        formats = [value for name, value in params if name == "format"]
        choice = self._choose(headers.get("accept"), formats[0] if formats else None)
        if not choice.acceptable():
            raise ProtocolError(406, "no acceptable media type; results: " + ", ".join(media.RESULTS_TYPES)
                                     + "; graphs: " + ", ".join(media.GRAPH_TYPES))
        asked = QueryRequest(text, default_graphs if dataset_given else None,
                             named_graphs if dataset_given else None, choice, self._base_iri(scope, headers))
        # The normalised request: what the answer depends on (the graph version is fixed per run).
        key = (self.version.version, "sparql", text, asked.default_graphs, asked.named_graphs, choice.results,
               choice.graph, asked.base)
        validators = method != "POST" and self.version.version is not None
        etag = self.version.etag(*key) if validators else None
        if validators and self.version.fresh(headers.get("if-none-match"), headers.get("if-modified-since"), etag):
            await send_raw(send, headers, 304, self._validators(etag) + [VARY_ACCEPT], b"")
            return
        if await self._from_cache(scope, send, headers, key, etag, validators, checked=True):
            if alias is not None:
                self.cache.remember(alias, key, etag, len(alias[0]) + len(text))
            return
        await self._run(scope, send, headers, asked, key, etag)
        if alias is not None:
            self.cache.remember(alias, key, etag, len(alias[0]) + len(text))

    async def _from_cache(self, scope, send, headers, key, etag: str | None, validators: bool,
                          checked: bool = False) -> bool:
        """Answer from the cache (or 304) if the answer is held; False when it must be computed."""
        if validators and not checked and \
                self.version.fresh(headers.get("if-none-match"), headers.get("if-modified-since"), etag):
            await send_raw(send, headers, 304, self._validators(etag) + [VARY_ACCEPT], b"")
            return True
        entry = self.cache.get(key, "sparql")
        if entry is None:
            return False
        scope.setdefault("state", {})["query_log"] = _log_entry(key[2], 0.0, 200, entry, "hit")
        size = entry.size
        await send_entry(send, headers, entry, [HIT] + (self._validators(etag) if validators else NO_STORE))
        if entry.size != size:
            self.cache.grew(key)            # its gzip form was made for this client
        return True

    async def _run(self, scope, send, headers, asked: QueryRequest, key, etag) -> None:
        text = asked.text
        found = nesting_problem(text)
        if found is not None:
            raise ProtocolError(400, f"{nesting_message()} (line {found[0]}, column {found[1]})")
        # The inline check costs microseconds; only a query that mentions SERVICE is parsed (by
        # rdflib, tens of milliseconds), and that happens in a thread.
        facts = await anyio.to_thread.run_sync(_inspect, text) if mentions_service(text) else _inspect(text)
        refused = refused_services(facts, self.limits.allow_service)
        if refused:
            raise ProtocolError(403, "SERVICE is not allowed to " + ", ".join(refused)
                                     + " (the operator can allow endpoints with --allow-service)")
        job = Job(
            query=text,
            union_default_graph=not facts.has_dataset_clause,
            default_graphs=asked.default_graphs,
            named_graphs=asked.named_graphs,
            results_type=asked.choice.results,
            graph_type=asked.choice.graph,
            max_rows=self.limits.max_rows,
            base_iri=asked.base,
        )
        started = time.perf_counter()
        reply = await self.backend.run(job, self.limits.timeout)
        elapsed = time.perf_counter() - started
        if reply.status == 504:
            self.metrics.timeouts.inc()
        if reply.status != 200:
            scope.setdefault("state", {})["query_log"] = _log_entry(text, elapsed, reply.status, None, "")
            self.metrics.errors.labels(_reason(reply.status)).inc()
            await send_error(send, headers, reply.status, reply.message, reply.extra)
            return
        self.metrics.query_ran(reply.form, elapsed)
        extra = [VARY_ACCEPT, (b"x-lisllm-rows", str(reply.rows).encode("latin-1")),
                 (b"x-lisllm-max-rows", self._max_rows),
                 (b"x-lisllm-query-ms", f"{elapsed * 1000:.1f}".encode("latin-1"))]
        if reply.truncated:
            self.metrics.truncated.inc()
            extra.append((b"x-lisllm-truncated", b"true"))
        entry = Cached(reply.body, media.content_type(reply.media_type), extra, etag, reply.form, reply.rows,
                       reply.truncated)
        if facts.cacheable:
            self.cache.put(key, entry)
        else:
            etag = None                 # the next run may answer differently: no validators either
        scope.setdefault("state", {})["query_log"] = _log_entry(text, elapsed, 200, entry,
                                                                "miss" if self.cache.enabled else "")
        await send_entry(send, headers, entry, [MISS] + (self._validators(etag) if etag else NO_STORE))
        if self.cache.enabled and entry.size > len(reply.body) + ENTRY_OVERHEAD:
            self.cache.grew(key)            # its gzip form was made while sending

    def _validators(self, etag: str) -> list[tuple[bytes, bytes]]:
        return [(b"etag", etag.encode("latin-1")), (b"cache-control", self.version.cache_control().encode("latin-1")),
                (b"last-modified", self.version.last_modified.encode("latin-1"))]

    def _choose(self, accept: str | None, format_param: str | None) -> media.Choice:
        cache_key = (accept, format_param)
        choice = self._choices.get(cache_key)
        if choice is None:
            choice = media.choose(accept, format_param)
            if len(self._choices) > 1000:
                self._choices.clear()
            self._choices[cache_key] = choice
        return choice

    def _base_iri(self, scope, headers: dict[str, str]) -> str | None:
        """The endpoint's URL as the client named it: the base IRI of relative IRIs in the query."""
        server = scope.get("server") or ("localhost", None)
        host = headers.get("host") or (f"{server[0]}:{server[1]}" if server[1] else server[0])
        cache_key = (scope.get("scheme", "http"), host, scope.get("root_path", ""))
        base = self._bases.get(cache_key)
        if base is None:
            base = f"{cache_key[0]}://{host}{cache_key[2]}/sparql"
            try:
                ox.NamedNode(base)
            except ValueError:
                base = ""                   # a Host header that makes no IRI: relative IRIs stay errors
            if len(self._bases) > 100:
                self._bases.clear()
            self._bases[cache_key] = base
        return base or None

    async def _parameters(self, scope, receive, headers: dict[str, str], method: str) -> list[tuple[str, str]]:
        query_string = scope.get("query_string", b"")
        if len(query_string) > self.limits.max_body:
            raise ProtocolError(414, f"query string exceeds the limit of {self.limits.max_body} bytes; "
                                     "send long queries by POST")
        url_params = _query_parameters(query_string) if query_string else []
        if method != "POST":
            return url_params
        declared = headers.get("content-type", "")
        content_type = declared.split(";")[0].strip().lower()
        if content_type == UPDATE_BODY:
            raise ProtocolError(403, "SPARQL Update is not accepted: this endpoint is read-only")
        if content_type not in (FORM, QUERY_BODY):
            raise ProtocolError(415, f"unsupported request type '{declared or '(none)'}'; send "
                                     f"{FORM} with query=…, or {QUERY_BODY} with the query as the body")
        body = await _read_body(receive, headers, self.limits.max_body)
        charset = _charset(declared)
        try:
            text = body.decode(charset)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ProtocolError(400, f"the request body is not valid {charset}: {exc}") from exc
        if content_type == FORM:
            return url_params + parse_qsl(text, keep_blank_values=True, encoding=charset)
        return url_params + [("query", text)]


VARY_ACCEPT = (b"vary", b"Accept")
HIT = (b"x-lisllm-cache", b"hit")
MISS = (b"x-lisllm-cache", b"miss")
NO_STORE = [(b"cache-control", b"no-store")]
UPDATE_NAMES = frozenset(UPDATE_PARAMETERS)


def _log_entry(text: str, elapsed: float, status: int, entry: Cached | None, cache: str) -> dict:
    logged = {
        "query_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        "query": text[:2000],
        "query_ms": round(elapsed * 1000, 3),
        "query_status": status,
        "form": entry.form if entry else "",
        "rows": entry.rows if entry else 0,
        "truncated": entry.truncated if entry else False,
    }
    if cache:
        logged["cache"] = cache
    return logged


async def send_error(send, request_headers: dict[str, str], status: int, message: str,
                     headers: dict[str, str] | None = None) -> None:
    raw = [(b"content-type", b"text/plain; charset=utf-8")] + raw_headers(headers or {})
    await send_raw(send, request_headers, status, raw, (message + "\n").encode("utf-8"))


def other_methods(metrics: Metrics):
    """The Starlette endpoint for the methods /sparql does not answer with a query: OPTIONS without
    CORS preflight headers (a preflight is answered by the CORS middleware), and 405 for the rest."""

    async def respond(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ALLOWED_METHODS})
        metrics.errors.labels(_reason(405)).inc()
        return PlainTextResponse(f"{request.method} is not supported on /sparql: it is a read-only query "
                                 "endpoint (SPARQL 1.1 Protocol query operation)\n", status_code=405,
                                 headers={"Allow": ALLOWED_METHODS})

    return respond


async def _read_body(receive, headers: dict[str, str], limit: int) -> bytes:
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"request body of {declared} bytes exceeds the limit of {limit} bytes")
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ProtocolError(400, "the client went away while sending the request body")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _query_parameters(query_string: bytes) -> list[tuple[str, str]]:
    """The name=value pairs of a URL's query string, as `parse_qsl(…, keep_blank_values=True)` gives
    them (percent-escapes as UTF-8, `+` as space), with less work per pair."""
    pairs = []
    for part in query_string.decode("latin-1").split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        if "%" in name or "+" in name:
            name = _unquote_plus(name)
        if "%" in value or "+" in value:
            value = _unquote_plus(value)
        pairs.append((name, value))
    return pairs


def _unquote_plus(text: str) -> str:
    """`unquote_plus(text)`, in C for ASCII text with well-formed escapes (a query's usual form: a
    sixth of the time); anything else goes to `unquote_plus` itself."""
    if text.isascii():
        try:
            escaped = text.replace("+", " ").replace("\\", "\\\\").replace("%", "\\x").encode("ascii")
            return codecs.escape_decode(escaped)[0].decode("utf-8", "replace")
        except ValueError:                      # a % not followed by two hex digits
            pass
    return unquote_plus(text)


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
        raise ProtocolError(
            403, f"the query uses SERVICE but could not be parsed to check its endpoints: {exc}") from exc


def _reason(status: int) -> str:
    return {400: "malformed", 403: "refused", 405: "method", 406: "not-acceptable", 413: "too-large", 414: "too-large",
            415: "unsupported-type", 502: "remote", 503: "busy", 504: "timeout"}.get(status, str(status))
