"""`lisllm publish`: write a static linked-data release."""

from __future__ import annotations

from pathlib import Path

import click

from ..progress import progress_option


@click.command("publish")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
              help="Folder of the release; replaced whole, atomically.")
@click.option("--base-url", default="https://w3id.org/lisllm/", show_default=True,
              help="Where the release will be served; used for download URLs in the dataset description.")
@click.option("--version", "version", default=None,
              help="Release version (default: the ontology's owl:versionInfo); stamps owl:versionIRI, "
                   "owl:versionInfo and the dump file names.")
@click.option("--sparql-endpoint", default=None, help="Public SPARQL endpoint to name in the VoID description.")
@progress_option
@click.pass_obj
def publish_command(project_ref, out: Path, base_url: str, version: str | None, sparql_endpoint: str | None,
                    progress) -> None:
    """Write a static release: ontology documentation, one page per resource with alternate
    serialisations, dumps with checksums, a VoID/DCAT description and redirect rules.

    Open OUT/index.html in a browser, or serve OUT with any static web server. On a terminal, the
    steps and a bar over the resource pages are shown on stderr.
    """
    from ..publish.release import publish

    release = publish(project_ref.get(), out, base_url=base_url, version=version, sparql_endpoint=sparql_endpoint,
                      progress=progress)
    click.echo(f"Published lisllm {release.version} to {release.out}: {release.triples} triples, "
               f"{release.resources} resources, {len(release.dumps)} dumps")


COMMANDS = [publish_command]
