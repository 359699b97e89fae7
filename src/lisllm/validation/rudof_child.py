"""pyrudof in child processes: one run, or the parts of lisllm.validation.shacl_partition, each a
process of its own, so that the caller goes on while pyrudof works (pyrudof holds Python's lock
while it reads and validates) and two parts run at once on two cores.

A child is `python -m lisllm.validation.rudof_child DATA SHAPES REPORT`: it reads the data file,
then the shapes (SHAPES "-": from the file named on its stdin, see `EarlyRun`), and writes
pyrudof's report as N-Triples. Nothing of the caller's program (its __main__, its large heaps) is
imported or copied, as multiprocessing would.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

# From this size one pyrudof run is a child process too: pyrudof holds Python's lock while it
# works, and in a child it leaves the caller free to go on (lisllm.validation.runner locates the
# reasoner's results and lints meanwhile). Starting a child takes about 0.2 s (Python and pyrudof
# imported), about what the caller does meanwhile at 10,000 triples (lint 0.19 s in
# benchmarks/RESULTS.md), so a child pays only on larger graphs.
CHILD_FROM = 30_000


class PartFailed(Exception):
    """pyrudof failed on a part (its message is the child's last line of error output)."""


class PartPanicked(Exception):
    """pyrudof failed internally on a part (pyrudof.InternalError in the child), not on its input:
    not a PartFailed, so that it is not reported as shapes it cannot use (lisllm.validation.runner)."""


def run_jobs(jobs: list[tuple[Path, Path, Path]], workers: int,
             launched: Callable[[], None] = lambda: None) -> list[str]:
    """pyrudof's report for each (data file, shapes file, report file), `workers` at a time, in
    child processes when more than one at a time (else in this one). `launched` is called once
    the work is handed to pyrudof: from then on, until the reports are read, the caller's other
    threads may run."""
    if workers <= 1:
        launched()
        return [validate_file(str(data), shapes.read_text(encoding="utf-8")) for data, shapes, _ in jobs]
    # Threads only wait for the children.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        reports = pool.map(_child, jobs)
        launched()
        return list(reports)


def _child(job: tuple[Path, Path, Path]) -> str:
    data, shapes, report = job
    done = subprocess.run([sys.executable, "-m", __name__, str(data), str(shapes), str(report)],
                          capture_output=True, text=True)
    _raise_for(done.returncode, done.stderr)
    return report.read_text(encoding="utf-8")


def _raise_for(returncode: int, stderr: str) -> None:
    """A child's failure as PartPanicked or PartFailed, with its last line of error output."""
    if returncode != 0:
        lines = stderr.strip().splitlines()
        last = lines[-1] if lines else f"exit status {returncode}"
        raise (PartPanicked if last.split(":", 1)[0] == "pyrudof.InternalError" else PartFailed)(last)


class EarlyRun:
    """One pyrudof run in a child process that starts before its shapes are ready: it reads the data
    file at once (1.3–1.5 s at 130,000 triples), while the caller computes the focus nodes of the
    SPARQL targets that the shapes name; then `send` gives it the shapes, and `report` waits for
    its report. A context manager: leaving it stops a child whose report was not asked for."""

    def __init__(self, triples: list):
        self._tmp = tempfile.TemporaryDirectory(prefix="lisllm-rudof-")
        folder = Path(self._tmp.name)
        data, self._shapes, self._report = folder / "data.nt", folder / "shapes.nt", folder / "report.nt"
        self._stderr = folder / "stderr.txt"
        # pyrudof reads the data graph from a file (repeated triples are one triple there).
        ox.serialize(triples, str(data), ox.RdfFormat.N_TRIPLES)
        # Error output to a file: a pipe that nobody reads until the report is asked for could fill.
        with self._stderr.open("wb") as stderr:
            self._process = subprocess.Popen([sys.executable, "-m", __name__, str(data), "-", str(self._report)],
                                             stdin=subprocess.PIPE, stderr=stderr)

    def send(self, shapes: list) -> None:
        """The shapes, written to a file whose name the child reads on its stdin once it has read
        the data: a line that never blocks, so the caller goes on at once."""
        ox.serialize(shapes, str(self._shapes), ox.RdfFormat.N_TRIPLES)
        try:
            self._process.stdin.write(f"{self._shapes}\n".encode())
            self._process.stdin.close()
        except BrokenPipeError:
            pass                    # the child failed already; `report` says why

    def report(self) -> str:
        """pyrudof's report (N-Triples), once the child is done."""
        self._process.wait()
        _raise_for(self._process.returncode, self._stderr.read_text(encoding="utf-8", errors="replace"))
        return self._report.read_text(encoding="utf-8")

    def __enter__(self) -> EarlyRun:
        return self

    def __exit__(self, *exc) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if not self._process.stdin.closed:
            self._process.stdin.close()
        self._tmp.cleanup()


def validate_file(data_path: str, shapes: str | Callable[[], str]) -> str:
    """pyrudof's report, as N-Triples, for the data in a file and shapes given as N-Triples (or by
    a function called once the data is read)."""
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data_path, format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes if isinstance(shapes, str) else shapes(), format=pyrudof.ShaclFormat.NTriples)
    rudof.validate_shacl()
    return rudof.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.NTriples)


def _shapes_named_on_stdin() -> str:
    name = sys.stdin.readline().rstrip("\n")
    if not name:
        sys.exit("no shapes file named on stdin")
    return Path(name).read_text(encoding="utf-8")


if __name__ == "__main__":          # one run, in a child process: DATA SHAPES REPORT (SHAPES "-": see EarlyRun)
    _data, _shapes, _report = sys.argv[1:4]
    Path(_report).write_text(validate_file(_data, _shapes_named_on_stdin if _shapes == "-"
                                           else Path(_shapes).read_text(encoding="utf-8")), encoding="utf-8")
