"""Progress of long work (build, validate, synth, load, publish), reported on stderr.

Library functions take a `progress=` reporter that is silent by default, so callers and tests see
no output; the commands hand them one that writes only when stderr is a terminal and `--quiet` was
not given. stdout, where the commands print their results, is never touched.
"""

from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from typing import Iterator, TextIO

import click


class Progress:
    """Writes one line per step (`build: reasoning over 1,002,118 triples (HermiT)…`) and bars for
    loops of known length; does nothing when not enabled."""

    def __init__(self, prefix: str = "", file: TextIO | None = None, *, enabled: bool = False):
        self.prefix = f"{prefix}: " if prefix else ""
        self.file = file
        self.enabled = enabled and file is not None

    @classmethod
    def on_stderr(cls, prefix: str, *, quiet: bool = False) -> Progress:
        """A reporter for a command: on only when stderr is a terminal and the user did not ask for quiet."""
        stream = sys.stderr
        return cls(prefix, stream, enabled=not quiet and _isatty(stream))

    def step(self, message: str) -> None:
        if self.enabled:
            click.echo(self.prefix + message, file=self.file)

    @contextmanager
    def bar(self, label: str, length: int) -> Iterator[Bar]:
        """A bar advanced with `.update(n)`; `length` is the total of the `n`s."""
        if not self.enabled or length <= 0:
            yield Bar(None, length)
            return
        # width=0: the bar takes what the terminal leaves, so the line never wraps (a wrapped line
        # cannot be redrawn in place).
        with click.progressbar(length=length, label=self.prefix + label, file=self.file, show_pos=True,
                               width=0) as shown:
            bar = Bar(shown, length)
            yield bar
            bar.flush()


class Bar:
    """What `Progress.bar` hands out: `update(n)` moves it on, and does nothing when progress is off."""

    # Redrawing costs a few microseconds; a bar advanced per triple or per page at a million items
    # would spend seconds on it, so updates are gathered and drawn about every 1/500 of the way.
    REDRAWS = 500

    def __init__(self, shown, length: int):
        self._shown = shown
        self._every = max(1, length // self.REDRAWS)
        self._pending = 0

    def update(self, n: int = 1) -> None:
        if self._shown is None:
            return
        self._pending += n
        if self._pending >= self._every:
            self.flush()

    def flush(self) -> None:
        """Draw what is gathered, so that the finished bar shows the full count."""
        if self._shown is not None and self._pending:
            self._shown.update(self._pending)
            self._pending = 0


SILENT = Progress()


def count(n: int) -> str:
    """1002118 → '1,002,118': counts in progress lines are read at a glance."""
    return f"{n:,}"


def progress_option(command):
    """Adds `--quiet/-q` to a command and hands it a `progress` reporter instead of the flag."""

    @click.option("--quiet", "-q", is_flag=True,
                  help="Show no progress on stderr (progress is only shown when stderr is a terminal).")
    @functools.wraps(command)
    def with_progress(*args, quiet: bool, **kwargs):
        name = click.get_current_context().info_name or ""
        return command(*args, progress=Progress.on_stderr(name, quiet=quiet), **kwargs)

    return with_progress


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):   # replaced by an object without it, or closed
        return False
