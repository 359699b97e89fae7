"""`lisllm serve` (SPARQL endpoint, linked data, query UI) and `lisllm load` (push into a triple store)."""

from __future__ import annotations

import os
from pathlib import Path

import click

DEFAULT_WORKERS = max(2, os.cpu_count() or 2)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--timeout", default=5.0, show_default=True, type=click.FloatRange(min=0.05),
              help="Seconds a query may run; it is then stopped (its worker process is killed).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) in a result; longer results are cut and marked X-Lisllm-Truncated.")
@click.option("--max-body", default=1 << 20, show_default=True, type=click.IntRange(min=1),
              help="Largest request body accepted, in bytes (413 beyond).")
@click.option("--workers", default=DEFAULT_WORKERS, show_default=True, type=click.IntRange(min=1),
              help="Query worker processes (queries run concurrently up to this number).")
@click.option("--memory-store", default=None, type=click.IntRange(min=0), metavar="QUADS",
              help="Copy the built store into memory, shared by the query workers, when it holds at most this "
                   "many quads (default 200000; 0: never); a larger one is read from disk.")
@click.option("--inline-rows", default=1_000, show_default=True, type=click.IntRange(min=0), metavar="ROWS",
              help="Answer a look-up (one triple pattern with one constant: its work is bounded by its answer) "
                   "in the server process when it has at most this many rows; larger ones and every other query "
                   "go to a worker (0: every query does).")
@click.option("--endpoint", default=None, metavar="URL",
              help="Proxy /sparql and the pages to this remote SPARQL endpoint instead of the built store.")
@click.option("--allow-service", multiple=True, metavar="URL",
              help="Allow SERVICE calls to this endpoint IRI (repeatable); SERVICE is refused otherwise.")
@click.option("--cache-size", default=64, show_default=True, type=click.IntRange(min=0), metavar="MIB",
              help="Memory for the response cache of results and pages, in MiB (0: no cache).")
@click.option("--max-age", default=60, show_default=True, type=click.IntRange(min=0), metavar="SECONDS",
              help="Cache-Control max-age of results and pages (0: clients revalidate every time).")
@click.option("--access-log", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON-lines access log to this file (default: stderr).")
@click.option("--no-build", is_flag=True, help="Serve dist/ as it is, even if the sources changed since.")
@click.pass_obj
def serve_command(project_ref, host, port, timeout, max_rows, max_body, workers, memory_store, inline_rows, endpoint,
                  allow_service, cache_size, max_age, access_log, no_build) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, every IRI under https://w3id.org/lisllm/ as
    linked data at the same path, a home page at / and a query UI at /query.

    Builds first when dist/ is missing or older than the sources (unless --no-build). Read-only;
    see docs/serve.md for statuses, headers and limits.
    """
    import socket

    import uvicorn

    from ..errors import LisllmError
    from ..graph.build import build
    from ..graph.dist import Dist
    from ..server.app import Settings, create_app
    from ..server.protocol import Limits

    project = project_ref.get()
    if not endpoint and not no_build and not Dist(project.dist).is_current(project):
        click.echo(f"Building {project.dist} (missing or older than the sources)…")
        build(project)
    if not endpoint and not Dist(project.dist).store.is_dir():
        raise LisllmError(f"no built graph in {project.dist}: run 'lisllm build' first")
    settings = Settings(
        dist=project.dist, queries=project.queries,
        **({} if memory_store is None else {"memory_store": memory_store}),
        limits=Limits(timeout=timeout, max_rows=max_rows, max_body=max_body, allow_service=frozenset(allow_service)),
        endpoint=endpoint, workers=workers, inline_rows=inline_rows, access_log=access_log,
        cache_bytes=cache_size << 20, max_age=max_age,
    )
    app = create_app(settings)
    # IPPROTO_TCP named explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose protocol
    # says TCP, and without it small responses on keep-alive connections wait ~40 ms (Nagle and
    # delayed ACKs).
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise LisllmError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    bound = sock.getsockname()[1]
    click.echo(f"Serving {'the remote endpoint ' + endpoint if endpoint else project.dist} on "
               f"http://{host}:{bound}/  (SPARQL: /sparql, query UI: /query; Ctrl-C stops)", err=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=5)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn has already shut down gracefully (workers stopped); it re-raises the signal so
        # that callers see it. Ctrl-C is the normal way to stop, so exit 0.
        pass
    click.echo("Stopped.", err=True)


COMMANDS = [serve_command]
