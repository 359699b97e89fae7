"""`lisllm synth`: synthetic instance data for scale tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import click

from ..progress import progress_option


@click.command("synth")
@click.option("--triples", type=click.IntRange(min=1), required=True, help="Write at least this many triples.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed; the same seed gives the same file.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file (N-Triples, also valid Turtle), written atomically.")
@progress_option
def synth_command(triples: int, seed: int, out: Path, progress) -> None:
    """Generate synthetic cases that follow the ontology: institutions whose findings make the
    reasoner infer each of the three roles, partners of every kind, sources and bilingual labels.

    Put the file in a project's instances folder (beside concepts.ttl and sources.ttl, which it
    refers to) and run `lisllm build`. Memory stays flat in --triples. On a terminal, a bar on
    stderr shows the triples written.
    """
    from ..cases.synth import write_synthetic

    written = write_synthetic(out, triples, seed, progress=progress)
    click.echo(f"Wrote {written} triples to {out}")


COMMANDS = [synth_command]
