"""`lisllm validate`: the quality gate (syntax, lint, reasoner, SHACL, competency questions)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..progress import progress_option
from .options import no_cache_option

EXIT_ERROR = 2


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Write the report to FILE (atomically); the text report still goes to the terminal.")
@click.option("--no-reasoner", is_flag=True, help="Skip HermiT; shapes that need inferred classes are switched off.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--timings", is_flag=True, help="Print the time each step took.")
@click.option("--engine", type=click.Choice(["pyshacl", "rudof", "auto"]), default="auto", show_default=True,
              help="SHACL engine: pyshacl (the reference), rudof (pyrudof, Rust: same results, much faster on "
                   "large graphs), or auto (rudof: faster at every size measured).")
@no_cache_option
@progress_option
@click.pass_obj
def validate_command(project_ref, paths: tuple[Path, ...], fmt: str, output: Path | None, no_reasoner: bool,
                     strict: bool, timings: bool, engine: str, no_cache: bool, progress) -> None:
    """Check the ontology, data, shapes and queries, and report every problem found.

    Steps, in order: 1 syntax (every .ttl/.trig/.jsonld/… and .rq file, and literal datatypes),
    2 lint (undeclared or unused terms, labels, prefixes, IRIs, axioms in data files),
    3 reasoner (HermiT: consistency, unsatisfiable classes, inferred roles), 4 SHACL (shapes/ over
    data + ontology + inferred graph), 5 competency questions (queries/*.rq against their expected
    results).

    Without PATHS the project is validated (its folders, or those named in the [tool.lisllm] table
    of pyproject.toml). PATHS may name one project folder, or files and folders whose RDF files are
    sorted by content into ontology, shapes and data.

    Exit status: 0 no violations (warnings allowed unless --strict), 1 violations, 2 usage or
    internal error. On a terminal, each step is shown on stderr as it starts and ends.

    In a project, HermiT's results are kept in .cache/lisllm/reasoner/ and reused while the input
    it reads is unchanged (a build's too); --no-cache neither reads nor writes them.
    """
    from ..atomic import atomic_write_text
    from ..errors import LisllmError
    from ..validation import output as formats
    from ..validation.inputs import from_paths, from_project
    from ..validation.runner import displayer, run

    cwd = Path.cwd()
    try:
        inputs = from_paths(list(paths), cwd) if paths else from_project(project_ref.get())
        report = run(inputs, reasoner=not no_reasoner, strict=strict, cwd=cwd, engine=engine,
                     cache=not no_cache, progress=progress)
    except LisllmError as exc:
        click.secho(f"error: {exc}", err=True, fg="red")
        _exit(EXIT_ERROR)
    except Exception as exc:  # a bug or a broken environment: say so in one line, exit 2
        if os.environ.get("LISLLM_DEBUG"):
            raise
        click.secho(f"internal error: {type(exc).__name__}: {exc} (set LISLLM_DEBUG=1 for the traceback)",
                    err=True, fg="red")
        _exit(EXIT_ERROR)

    show = displayer(cwd)
    colour = None if not os.environ.get("NO_COLOR") else False
    render = {"text": lambda: formats.text(report, show, with_timings=timings),
              "json": lambda: formats.to_json(report, show),
              "junit": lambda: formats.to_junit(report, show)}[fmt]
    # Rendered only where it goes: a large report takes a while (0.2 s for 2,000 results).
    rendered = render() if output is not None or fmt != "text" else ""
    if output is not None:
        try:
            atomic_write_text(output, rendered)
        except OSError as exc:
            click.secho(f"error: cannot write {output}: {exc.strerror or exc}", err=True, fg="red")
            _exit(EXIT_ERROR)
    if output is not None or fmt == "text":
        tty = sys.stdout.isatty() and colour is None
        click.echo(formats.text(report, show, with_timings=timings, colour=tty), nl=False)
    else:
        click.echo(rendered, nl=False)
        if timings:   # on stderr, so that stdout stays machine-readable
            click.echo(formats.timings(report), err=True, nl=False)
    _exit(report.exit_code)


def _exit(code: int) -> None:
    click.get_current_context().exit(code)


COMMANDS = [validate_command]
