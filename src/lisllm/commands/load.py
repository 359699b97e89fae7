"""`lisllm load`: push the built graph into a triple store."""

from __future__ import annotations

import click

from ..progress import progress_option


@click.command("load")
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol endpoint (e.g. Oxigraph's /store, Virtuoso's /sparql-graph-crud-auth) "
                   "or SPARQL Update endpoint (e.g. Oxigraph's /update, Virtuoso's /sparql-auth).")
@click.option("--graph", default=None, metavar="IRI",
              help="Load everything merged into this one named graph instead of the build's named graphs.")
@click.option("--auth", default=None, metavar="USER:PASSWORD", help="HTTP Basic or Digest credentials.")
@click.option("--method", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="auto: Graph Store PUT, falling back to SPARQL Update when the endpoint does not take it.")
@progress_option
@click.pass_obj
def load_command(project_ref, endpoint, graph, auth, method, progress) -> None:
    """Push the built named graphs (dist/lisllm.trig) into a triple store, replacing each graph whole,
    so re-running never duplicates. Reports the triples loaded per graph; on a terminal, a bar on
    stderr shows the triples sent."""
    from ..sparql.load import load
    from ..sparql.remote import parse_auth
    from ..text_table import text_table

    project = project_ref.get()
    report = load(endpoint, project.dist, graph=graph, auth=parse_auth(auth), method=method,
                  progress=progress)
    click.echo(f"Loaded {report.triples} triples into {endpoint} ({report.method})")
    for line in text_table(("graph", "triples"), [(g.graph, str(g.triples)) for g in report.graphs]):
        click.echo("  " + line)


COMMANDS = [load_command]
