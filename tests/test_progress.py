"""Progress on long work: shown on stderr at a terminal, never with --quiet or off a terminal, and
never on stdout (the commands' results are the same either way)."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

from lisllm.cases.synth import write_synthetic
from lisllm.cli import main
from lisllm.progress import SILENT, Progress
from terminal import lisllm

SECONDS = re.compile(r"\d+\.\d+ s\b")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def without_times(text: str) -> str:
    return SECONDS.sub("… s", text)


def assert_no_progress_when_quiet(args, cwd, shown, *, off_terminal: bool = True):
    """The same command with --quiet at a terminal, and (optionally) with stderr not a terminal,
    writes no progress and the same stdout as the run that showed progress."""
    runs = [lisllm(*args, "--quiet", cwd=cwd)]
    if off_terminal:
        runs.append(lisllm(*args, cwd=cwd, tty=False))
    prefix = args[0] + ":"
    for run in runs:
        assert run.returncode == shown.returncode, run.stderr
        assert not [line for line in run.screen if line.startswith(prefix)], run.stderr
        assert without_times(run.stdout) == without_times(shown.stdout)


# --- the reporter ---------------------------------------------------------------------------------

def test_the_default_reporter_writes_nothing(tmp_path, capfd):
    SILENT.step("a step")
    with SILENT.bar("a bar", 10) as bar:
        bar.update(10)
    write_synthetic(tmp_path / "s.nt", 500, 1)
    assert capfd.readouterr() == ("", "")


def test_steps_are_lines_and_a_bar_ends_full(capfd):
    terminal = Terminal()
    progress = Progress("build", terminal, enabled=True)
    progress.step("reasoning over 1,002,118 triples (HermiT)…")
    with progress.bar("writing triples", 10_000) as bar:
        for _ in range(1000):
            bar.update(10)
    text = terminal.getvalue()
    assert text.startswith("build: reasoning over 1,002,118 triples (HermiT)…\n")
    last = text.rstrip("\n").rsplit("\r", 1)[-1]
    assert re.search(r"build: writing triples\s+\[#+\]\s+10000/10000", last), last
    # Redrawn a few hundred times, not once per update.
    assert text.count("\r") <= 600
    assert capfd.readouterr() == ("", "")


def test_commands_report_only_when_stderr_is_a_terminal_and_not_quiet(monkeypatch):
    monkeypatch.setattr("sys.stderr", Terminal())
    assert Progress.on_stderr("synth").enabled
    assert not Progress.on_stderr("synth", quiet=True).enabled
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not Progress.on_stderr("synth").enabled


@pytest.mark.parametrize("command", ["build", "validate", "synth", "load", "publish"])
def test_quiet_is_offered(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "-q, --quiet" in result.output


# --- the commands at a terminal -------------------------------------------------------------------

def test_synth_shows_a_bar_of_triples_written(tmp_path):
    args = ("synth", "--triples", "3000", "--seed", "2", "--out", str(tmp_path / "synth.nt"))
    shown = lisllm(*args, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Wrote ") and "synth:" not in shown.stdout
    (bar,) = shown.screen
    assert re.fullmatch(r"synth: writing triples\s+\[#+\]\s+3000/3000", bar), bar
    assert "\r" in shown.stderr            # drawn in place
    assert_no_progress_when_quiet(args, tmp_path, shown)


def test_build_shows_each_step_with_counts(project_copy):
    shown = lisllm("build", cwd=project_copy.root)
    assert shown.returncode == 0, shown.stderr
    screen = shown.screen
    assert screen[0] == (f"build: parsing {len(project_copy.ontology_files())} ontology and "
                         f"{len(project_copy.instance_files())} instance files…")
    assert any(re.fullmatch(r"build: reasoning over \d{1,3}(,\d{3})* triples \(HermiT\)…", line) for line in screen)
    assert screen[-1].startswith("build: loading ") and screen[-1].endswith(" quads into the store…")
    assert "build:" not in shown.stdout and "Built " in shown.stdout
    assert_no_progress_when_quiet(("build",), project_copy.root, shown)


def test_validate_shows_each_step_as_it_starts_and_ends(project_copy):
    args = ("validate", "--no-reasoner")
    shown = lisllm(*args, cwd=project_copy.root)
    assert shown.returncode == 0, shown.stderr
    screen = shown.screen
    assert screen[0].startswith("validate: 1/5 syntax: parsing ")
    assert re.fullmatch(r"validate: 1/5 syntax passed: no issues, \d+\.\d s \(\d+ RDF files, \d+ queries\)",
                        screen[1]), screen[1]
    assert any(line.startswith("validate: 3/5 reasoner skipped (not run (--no-reasoner)") for line in screen)
    assert re.match(r"validate: 4/5 shacl: checking [\d,]+ data triples against \d+ shape files…",
                    screen[screen.index(next(line for line in screen if "4/5" in line))])
    assert screen[-1].startswith("validate: 5/5 queries passed")
    assert not [line for line in shown.stdout.splitlines() if line.startswith("validate:")]
    assert_no_progress_when_quiet(args, project_copy.root, shown)


def test_publish_shows_its_steps_and_bars_over_the_resources(project_copy, tmp_path):
    args = ("publish", "--out", str(tmp_path / "site"))
    shown = lisllm(*args, cwd=project_copy.root)
    screen = shown.screen
    # publish releases the built graph: a fresh copy has none, so it builds first, saying so.
    assert screen[0].startswith("publish: building ") and "missing or older than the sources" in screen[0]
    assert any(line.startswith("publish: parsing ") for line in screen)
    pages = next(line for line in screen if line.startswith("publish: resource pages"))
    files = next(line for line in screen if line.startswith("publish: resource files"))
    (resources,) = re.fullmatch(r"publish: resource files\s+\[#+\]\s+(\d+)/\1", files).groups()
    assert re.fullmatch(rf"publish: resource pages\s+\[#+\]\s+{2 * int(resources)}/{2 * int(resources)}", pages)
    # Figures need Graphviz's dot; where it is missing the command fails after the pages, and the
    # quiet run must fail the same way.
    assert shown.returncode == 0 or "dot" in shown.stderr, shown.stderr
    if shown.returncode == 0:
        assert f"{resources} resources" in shown.stdout
    assert_no_progress_when_quiet(args, project_copy.root, shown, off_terminal=False)
