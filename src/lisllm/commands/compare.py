"""`lisllm compare`: institutions side by side across the logic model's stages, with sources."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("compare")
@click.argument("names", nargs=-1, metavar="SLUG...")
@click.option("--list", "list_names", is_flag=True, help="List the institutions, with their case slugs, and stop.")
@click.option("--all", "all_institutions", is_flag=True, help="Compare every institution of the graph.")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "csv", "html"]), default="text",
              show_default=True,
              help="Plain text, a Markdown table, a long CSV table (a row per value), or an HTML page.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the stage names, labels and values.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write atomically (default: standard output).")
@click.option("--endpoint", metavar="URL", help="Read from this SPARQL 1.1 endpoint instead of the last build.")
@click.pass_obj
def compare_command(project_ref, names: tuple[str, ...], list_names: bool, all_institutions: bool, fmt: str,
                    lang: str, out: Path | None, endpoint: str | None) -> None:
    """Compare institutions across the logic model: motivations, mechanisms, the compute route,
    organisations, language models in library work, outputs, outcomes, the inferred role, years and
    stated plans. Every value cites the sources of the findings behind it.

    An institution is named by its case's slug (`sweden-kb`) or its own slug
    (`national-library-of-sweden`); an unknown name is a usage error (exit 2) that suggests the
    closest ones.

    \b
    Examples:
      lisllm compare sweden-kb norway-nb
      lisllm compare japan-nii japan-ndl --lang zh --format md
      lisllm compare --all --format html --out compare.html
    """
    from ..atomic import atomic_write_text
    from ..sparql.compare import UnknownInstitution, compare, known_names, render, resolve

    source = _endpoint(project_ref, endpoint)
    if list_names:
        by_iri: dict[str, list[str]] = {}
        for name, iri in sorted(known_names(source).items()):
            by_iri.setdefault(iri, []).append(name)
        for slugs in sorted(by_iri.values()):
            click.echo("  ".join(slugs))
        return
    if all_institutions == bool(names):
        raise click.UsageError("name at least one institution (SLUG...) or give --all, not both")
    try:
        institutions = sorted(set(known_names(source).values())) if all_institutions else resolve(source, list(names))
    except UnknownInstitution as exc:
        raise click.UsageError(str(exc)) from exc
    text = render(compare(source, institutions, lang), fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        atomic_write_text(out, text)
        click.echo(f"Wrote {out}", err=True)


def _endpoint(project_ref, url: str | None):
    from ..sparql.endpoint import LocalEndpoint, RemoteEndpoint

    if url:
        return RemoteEndpoint(url)
    from ..graph.store import open_store

    return LocalEndpoint(open_store(project_ref.get().dist))


COMMANDS = [compare_command]
