"""`lisllm serve`: the SPARQL endpoint, linked-data pages and query UI over the last build (run by server/listen)."""

from __future__ import annotations

from pathlib import Path

import click

from ..server import settings as defaults
from ..server.settings import Limits, Settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--timeout", default=defaults.TIMEOUT, show_default=True, type=click.FloatRange(min=0.05),
              help="Seconds a query may run; it is then stopped (its worker process is killed).")
@click.option("--max-rows", default=defaults.MAX_ROWS, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) in a result; longer results are cut and marked X-Lisllm-Truncated.")
@click.option("--max-body", default=defaults.MAX_BODY, show_default=True, type=click.IntRange(min=1),
              help="Largest request body accepted, in bytes (413 beyond).")
@click.option("--workers", default=defaults.WORKERS, show_default=True, type=click.IntRange(min=1),
              help="Query worker processes (queries run concurrently up to this number).")
@click.option("--memory-store", default=defaults.MEMORY_LIMIT, type=click.IntRange(min=0), metavar="QUADS",
              help="Copy the built store into memory, shared by the query workers, when it holds at most this "
                   f"many quads (default {defaults.MEMORY_LIMIT}; 0: never); a larger one is read from disk.")
@click.option("--inline-rows", default=defaults.INLINE_ROWS, show_default=True, type=click.IntRange(min=0),
              metavar="ROWS",
              help="Answer a look-up (one triple pattern with one constant: its work is bounded by its answer) "
                   "in the server process when it has at most this many rows; larger ones and every other query "
                   "go to a worker (0: every query does).")
@click.option("--endpoint", default=None, metavar="URL",
              help="Proxy /sparql and the pages to this remote SPARQL endpoint instead of the built store.")
@click.option("--allow-service", multiple=True, metavar="URL",
              help="Allow SERVICE calls to this endpoint IRI (repeatable); SERVICE is refused otherwise.")
@click.option("--cache-size", default=defaults.CACHE_MIB, show_default=True, type=click.IntRange(min=0), metavar="MIB",
              help="Memory for the response cache of results and pages, in MiB (0: no cache).")
@click.option("--max-age", default=defaults.MAX_AGE, show_default=True, type=click.IntRange(min=0), metavar="SECONDS",
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
    from ..errors import LisllmError
    from ..graph.build import build
    from ..graph.dist import Dist
    from ..server.app import create_app
    from ..server.listen import listening_socket, run

    project = project_ref.get()
    if not endpoint and not no_build and not Dist(project.dist).is_current(project):
        click.echo(f"Building {project.dist} (missing or older than the sources)…")
        build(project)
    if not endpoint and not Dist(project.dist).store.is_dir():
        raise LisllmError(f"no built graph in {project.dist}: run 'lisllm build' first")
    settings = Settings(
        dist=project.dist, queries=project.queries, memory_store=memory_store,
        limits=Limits(timeout=timeout, max_rows=max_rows, max_body=max_body, allow_service=frozenset(allow_service)),
        endpoint=endpoint, workers=workers, inline_rows=inline_rows, access_log=access_log,
        cache_bytes=cache_size << 20, max_age=max_age,
    )
    app = create_app(settings)
    sock = listening_socket(host, port)
    click.echo(f"Serving {'the remote endpoint ' + endpoint if endpoint else project.dist} on "
               f"http://{host}:{sock.getsockname()[1]}/  (SPARQL: /sparql, query UI: /query; Ctrl-C stops)", err=True)
    run(app, sock)
    click.echo("Stopped.", err=True)


COMMANDS = [serve_command]
