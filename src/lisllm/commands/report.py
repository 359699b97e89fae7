"""`lisllm report`: the findings report (RQ1–RQ4, Figures 1 and 2, citations) from the last build."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("report")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the report, its labels and the role explanations.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True,
              help="Markdown (figures as SVG files beside the report) or one self-contained HTML page.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output; Markdown then embeds the figures as data URIs).")
@click.pass_obj
def report_command(project_ref, lang: str, fmt: str, out: Path | None) -> None:
    """Write the findings report of the last build: for each research question the result tables
    of the catalogue queries, sentences stating them and the sources behind each row, and the case
    model (Figure 1), the logic model (Figure 2) and the timeline of what the sources date (Figure 3)
    drawn with Graphviz.

    Needs Graphviz's `dot` (Debian package graphviz). Files are written atomically; with --format md
    the figures are written beside the report as <name>.case-model.svg, <name>.logic-model.svg and
    <name>.timeline.svg.
    """
    from ..graph.store import open_store
    from ..report.document import collect, graph_version, write_report
    from ..sparql.catalogue import load_catalogue

    project = project_ref.get()
    store = open_store(project.dist)
    report = collect(load_catalogue(project.queries), store, lang, graph_version(project.dist))
    text = write_report(report, fmt, out)
    if text is not None:
        click.echo(text, nl=False)
    else:
        click.echo(f"Wrote {out}", err=True)


COMMANDS = [report_command]
