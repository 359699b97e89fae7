"""The outermost ASGI layer: every request is timed, counted and logged here, and /sparql is
answered here directly, without the router, request objects and middleware of the Starlette
application behind it (which serves everything else).

Why: a light query used to spend about 1 ms of Python outside the engine, most of it in layers a
SPARQL answer does not need (profiled in docs/serve.md). The answers made here carry what those
layers added (CORS headers, gzip) themselves (`sending`), and cached answers carry their gzip
form ready-made.
"""

from __future__ import annotations

import time
from typing import Callable

from .access_log import AccessLog, log_time
from .observability import Metrics, route_of


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
                "time": log_time(),
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
