"""`lisllm report`: the findings report (RQ1–RQ4, Figures 1 to 3, citations) as Markdown, HTML or PDF."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("report")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the report: headings, columns, values, answers and role explanations.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf"]), default="md", show_default=True,
              help="Markdown (figures as SVG files beside the report), one self-contained HTML page, or a PDF "
                   "(A4, fonts embedded; needs --out and Chromium or Google Chrome).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output, not for pdf; Markdown then embeds the figures as "
                   "data URIs).")
@click.pass_obj
def report_command(project_ref, lang: str, fmt: str, out: Path | None) -> None:
    """Write the findings report of the last build: for each research question a short answer,
    then the result tables of the catalogue queries (each in a stated order), sentences stating
    them and the sources behind each row (sources shared by a whole table cited once under it),
    and the case model (Figure 1), the logic model (Figure 2) and the timeline of what the sources
    date (Figure 3) drawn with Graphviz.

    Needs Graphviz's `dot` (Debian package graphviz). Files are written atomically; with --format md
    the figures are written beside the report as <name>.case-model.svg, <name>.logic-model.svg and
    <name>.timeline.svg. --format pdf prints the HTML page with headless Chromium (Debian: apt install
    chromium fonts-wqy-zenhei; macOS: Google Chrome), set in DejaVu Sans and WenQuanYi Zen Hei.
    """
    from ..graph.store import open_store
    from ..report.document import collect
    from ..report.figures import FONT
    from ..report.output import graph_version, write_report
    from ..report.pdf import FIGURE_FONT, require
    from ..sparql.catalogue import load_catalogue

    if fmt == "pdf" and out is None:
        raise click.UsageError("--format pdf needs --out FILE: a PDF is not written to standard output")
    # Before the report is gathered, so that a missing browser is said at once.
    browser = require() if fmt == "pdf" else None
    project = project_ref.get()
    store = open_store(project.dist)
    report = collect(load_catalogue(project.queries), store, lang, graph_version(project.dist),
                     FIGURE_FONT if fmt == "pdf" else FONT)
    text = write_report(report, fmt, out, browser)
    if text is not None:
        click.echo(text, nl=False)
    else:
        click.echo(f"Wrote {out}", err=True)


COMMANDS = [report_command]
