"""A finished answer onto the wire: raw ASGI sends for /sparql, a Starlette response for the pages,
both gzip-compressed here when the client accepts it and carrying the CORS headers themselves.

Why by hand: /sparql is answered by `front` without Starlette's middleware (too slow for a light
query, as docs/serve.md measures), so what the CORS and gzip middleware would add is added here.
"""

from __future__ import annotations

import anyio

from .caching import GZIP_MIN_SIZE, Cached

EXPOSED_HEADERS = ["X-Lisllm-Truncated", "X-Lisllm-Rows", "X-Lisllm-Max-Rows", "X-Lisllm-Query-Ms",
                   "X-Lisllm-Cache", "ETag", "Last-Modified", "Link", "Content-Location"]
CORS_HEADERS = [(b"access-control-allow-origin", b"*"),
                (b"access-control-expose-headers", ", ".join(EXPOSED_HEADERS).encode("latin-1"))]
GZIP = [(b"content-encoding", b"gzip")]
GZIP_IN_THREAD = 256 * 1024


def header_map(scope) -> dict[str, str]:
    """The request's headers by lower-case name; repeated headers joined with ', ' (RFC 9110 §5.3)."""
    found: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        found[name] = found[name] + ", " + value if name in found else value
    return found


def accepts_gzip(headers) -> bool:
    return "gzip" in headers.get("accept-encoding", "")


def raw_headers(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


async def send_entry(send, request_headers: dict[str, str], entry: Cached, extra: list[tuple[bytes, bytes]],
                     status: int = 200) -> int:
    """Send a finished answer, gzip-compressed when the client accepts it; returns the body size."""
    headers, body = await _encoded(entry, request_headers, extra)
    return await send_raw(send, request_headers, status, headers, body)


async def send_raw(send, request_headers: dict[str, str], status: int, headers: list[tuple[bytes, bytes]],
                   body: bytes) -> int:
    if "origin" in request_headers:
        headers = headers + CORS_HEADERS
    headers.append((b"content-length", str(len(body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    return len(body)


async def entry_response(entry: Cached, request_headers, extra: list[tuple[bytes, bytes]]):
    """A finished answer as a Starlette response (for the pages): gzip-compressed ahead when the client
    accepts it, which the gzip middleware then passes through untouched."""
    from starlette.responses import Response

    headers, body = await _encoded(entry, request_headers, extra)
    response = Response(status_code=200)
    response.body = body
    response.raw_headers = headers + [(b"content-length", str(len(body)).encode("latin-1"))]
    return response


async def _encoded(entry: Cached, request_headers, extra: list[tuple[bytes, bytes]]):
    """The headers and body of a finished answer, its gzip form when the client accepts it."""
    headers = [(b"content-type", entry.content_type.encode("latin-1"))] + entry.headers + extra
    body = entry.body
    if len(body) >= GZIP_MIN_SIZE and accepts_gzip(request_headers):
        # A large body is compressed in a thread (once: the form is kept), not on the event loop.
        body = entry.gzipped() if len(body) < GZIP_IN_THREAD else await anyio.to_thread.run_sync(entry.gzipped)
        headers += GZIP
    return headers, body
