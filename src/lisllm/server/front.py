"""The outermost ASGI layer: every request is timed, counted and logged here, and /sparql is
answered here directly, without the router, request objects and middleware of the Starlette
application behind it (which serves everything else).

Why: a light query used to spend about 1 ms of Python outside the engine, most of it in layers a
SPARQL answer does not need (profiled in docs/serve.md). The answers made here carry what those
layers added (CORS headers, gzip) themselves, and cached answers carry their gzip form ready-made.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Callable

import anyio

from .caching import GZIP_MIN_SIZE, Cached
from .observability import Metrics, route_of

EXPOSED_HEADERS = ["X-Lisllm-Truncated", "X-Lisllm-Rows", "X-Lisllm-Max-Rows", "X-Lisllm-Query-Ms",
                   "X-Lisllm-Cache", "ETag", "Last-Modified", "Link", "Content-Location"]
CORS_HEADERS = [(b"access-control-allow-origin", b"*"),
                (b"access-control-expose-headers", ", ".join(EXPOSED_HEADERS).encode("latin-1"))]
GZIP = [(b"content-encoding", b"gzip")]
GZIP_IN_THREAD = 256 * 1024
# One encoder for every log line: json.dumps(…, ensure_ascii=False) builds a new one per call (half its time).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


_clock = [0, ""]


def _now() -> str:
    """The local time to the second, as the access log writes it (formatted once a second)."""
    second = int(time.time())
    if second != _clock[0]:
        _clock[0], _clock[1] = second, time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(second))
    return _clock[1]


def header_map(scope) -> dict[str, str]:
    """The request's headers by lower-case name; repeated headers joined with ', ' (RFC 9110 §5.3)."""
    found: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        found[name] = found[name] + ", " + value if name in found else value
    return found


def accepts_gzip(headers: dict[str, str]) -> bool:
    return "gzip" in headers.get("accept-encoding", "")


async def send_entry(send, request_headers: dict[str, str], entry: Cached, extra: list[tuple[bytes, bytes]],
                     status: int = 200) -> int:
    """Send a finished answer, gzip-compressed when the client accepts it; returns the body size."""
    headers = [(b"content-type", entry.content_type.encode("latin-1"))] + entry.headers + extra
    body = entry.body
    if len(body) >= GZIP_MIN_SIZE and accepts_gzip(request_headers):
        # A large body is compressed in a thread (once: the form is kept), not on the event loop.
        body = entry.gzipped() if len(body) < GZIP_IN_THREAD else await anyio.to_thread.run_sync(entry.gzipped)
        headers += GZIP
    return await send_raw(send, request_headers, status, headers, body)


async def send_raw(send, request_headers: dict[str, str], status: int, headers: list[tuple[bytes, bytes]],
                   body: bytes) -> int:
    if "origin" in request_headers:
        headers = headers + CORS_HEADERS
    headers.append((b"content-length", str(len(body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    return len(body)


class AccessLog:
    """One JSON object per line, to a file or stderr (no logging machinery). Lines are written once
    the event loop has finished its current round, together: one write for all the requests that
    ended in it, and never later than that."""

    def __init__(self, path: Path | None):
        self.stream = open(path, "a", encoding="utf-8") if path else sys.stderr
        self.pending: list[str] = []

    def write(self, entry: dict) -> None:
        if not self.pending:
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:                # no loop (a test calling the app by hand): write now
                self.pending.append(_ENCODE(entry) + "\n")
                self.flush()
                return
        self.pending.append(_ENCODE(entry) + "\n")

    def flush(self) -> None:
        lines, self.pending = self.pending, []
        if lines:
            self.stream.write("".join(lines))
            self.stream.flush()

    def close(self) -> None:
        self.flush()
        if self.stream is not sys.stderr:
            self.stream.close()


class Front:
    """Times, counts and logs every request; sends GET, HEAD and POST on /sparql to `sparql`, the rest
    to `app`."""

    def __init__(self, app, sparql: Callable, metrics: Metrics, log: AccessLog):
        self.app, self.sparql, self.metrics, self.log = app, sparql, metrics, log

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

        path, method = scope["path"], scope["method"]
        try:
            if path == "/sparql" and method in ("GET", "HEAD", "POST"):
                await self.sparql(scope, receive, sending)
            else:
                await self.app(scope, receive, sending)
        finally:
            elapsed = time.perf_counter() - started
            route = route_of(path)
            self.metrics.observe_request(route, method, status, elapsed)
            entry = {
                "time": _now(),
                "client": (scope.get("client") or ("", 0))[0],
                "method": method,
                "path": path,
                "status": status,
                "bytes": size,
                "duration_ms": round(elapsed * 1000, 3),
            }
            state = scope.get("state")
            if state and "query_log" in state:
                entry.update(state["query_log"])
            self.log.write(entry)


async def entry_response(entry: Cached, request_headers, extra: list[tuple[bytes, bytes]]):
    """A finished answer as a Starlette response (for the pages): gzip-compressed ahead when the client
    accepts it, which the gzip middleware then passes through untouched."""
    from starlette.responses import Response

    headers = [(b"content-type", entry.content_type.encode("latin-1"))] + entry.headers + extra
    body = entry.body
    if len(body) >= GZIP_MIN_SIZE and "gzip" in request_headers.get("accept-encoding", ""):
        body = entry.gzipped() if len(body) < GZIP_IN_THREAD else await anyio.to_thread.run_sync(entry.gzipped)
        headers += GZIP
    response = Response(status_code=200)
    response.body = body
    response.raw_headers = headers + [(b"content-length", str(len(body)).encode("latin-1"))]
    return response


def raw_headers(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
