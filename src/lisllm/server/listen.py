"""The listening socket, and the HTTP server (uvicorn) that answers on it until Ctrl-C."""

from __future__ import annotations

import socket

import uvicorn

from ..errors import LisllmError


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to `host`:`port` (port 0: any free one; `getsockname` tells which)."""
    # IPPROTO_TCP named explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose protocol
    # says TCP, and without it small responses on keep-alive connections wait ~40 ms (Nagle and
    # delayed ACKs).
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise LisllmError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def run(app, sock: socket.socket) -> None:
    """Answer on `sock` with `app` until stopped (Ctrl-C, SIGTERM)."""
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=5)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn has already shut down gracefully (workers stopped); it re-raises the signal so
        # that callers see it. Ctrl-C is the normal way to stop, so exit 0.
        pass
