"""The `lisllm` command: a thin layer over the package's functions."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .errors import InputErrors, LisllmError
from .graph.project import load_project


class LisllmGroup(click.Group):
    """Reports lisllm errors as `location: message` lines with exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputErrors as exc:
            for error in exc.errors:
                click.secho(f"error: {error}", err=True, fg="red")
            ctx.exit(1)
        except LisllmError as exc:
            click.secho(f"error: {exc}", err=True, fg="red")
            ctx.exit(1)


@click.group(cls=LisllmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lisllm")
@click.option(
    "--project", "project_root", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Project folder (default: the nearest folder at or above the current one with an ontology/ "
         "folder or a [tool.lisllm] table in pyproject.toml).",
)
@click.pass_context
def main(ctx: click.Context, project_root: Path | None) -> None:
    """lisllm: a knowledge graph of how library and information-science institutions take part in
    large-language-model R&D.

    Typical use: `lisllm build` to build the graph and print the inferred case model, then
    `lisllm stats` to see its counts again.
    """
    ctx.obj = ProjectRef(project_root)


class ProjectRef:
    """Loads the project lazily so that `--help` works anywhere."""

    def __init__(self, root: Path | None):
        self.root = root
        self._project = None

    def get(self):
        if self._project is None:
            self._project = load_project(self.root)
        return self._project


def _register_commands() -> None:
    # Each module in lisllm.commands contributes its COMMANDS; modules import heavy libraries
    # inside their functions so that `lisllm --help` stays fast.
    import importlib
    import pkgutil

    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            main.add_command(command)


_register_commands()
