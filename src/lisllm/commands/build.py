"""`lisllm build` and `lisllm stats`."""

from __future__ import annotations

import time

import click

from ..graph.build import build
from ..graph.stats import format_stats, graph_stats
from ..graph.store import open_store
from ..progress import progress_option
from .options import no_cache_option

LANGUAGES = click.Choice(["en", "zh"])


@click.command("build")
@click.option("--lang", type=LANGUAGES, default="en", show_default=True, help="Language of labels in the summary.")
@no_cache_option
@progress_option
@click.pass_obj
def build_command(project_ref, lang: str, no_cache: bool, progress) -> None:
    """Parse the ontology and instance files, run the HermiT reasoner, and write dist/.

    dist/ gets lisllm.trig (named graphs: ontology, asserted, inferred), lisllm.ttl (all graphs
    merged), build.json and store/ (the embedded Oxigraph store). It is replaced whole, so a failed
    build leaves the previous one intact. Prints the counts and the inferred role of every institution.
    On a terminal, each step is shown on stderr as it starts. HermiT's result is kept in
    .cache/lisllm/reasoner/ in the project and reused while its input is unchanged (--no-cache: not
    read or written).
    """
    project = project_ref.get()
    started = time.perf_counter()
    graphs = build(project, cache=not no_cache, progress=progress)
    elapsed = time.perf_counter() - started
    click.echo(f"Built {len(graphs.files)} files into {project.dist} in {elapsed:.1f} s")
    click.echo(format_stats(graph_stats(open_store(project.dist), lang)))


@click.command("stats")
@click.option("--lang", type=LANGUAGES, default="en", show_default=True, help="Language of labels.")
@click.pass_obj
def stats_command(project_ref, lang: str) -> None:
    """Print the counts of the last build: triples per graph, classes, individuals, inferred roles."""
    project = project_ref.get()
    click.echo(format_stats(graph_stats(open_store(project.dist), lang)))


COMMANDS = [build_command, stats_command]
