"""pyrudof in a child process (lisllm.validation.rudof_child): an early child, started before its
shapes are ready, reports failures as pyrudof words them and is stopped when its report is not
wanted. That its results are those of a run in this process: test_shacl_partition.py."""

from __future__ import annotations

import pytest

from lisllm.validation import rudof_child

from .test_shacl_partition import PREFIXES, _shapes


def test_an_early_child_reports_pyrudofs_message_for_shapes_it_cannot_use():
    data = _shapes("<https://example.org/a> <https://example.org/b> \"c\" .")
    with rudof_child.EarlyRun(data) as run:
        run.send(_shapes(PREFIXES + "ex:S sh:targetNode ex:a ; sh:minLength ( ) ."))
        with pytest.raises(rudof_child.PartFailed) as failed:
            run.report()
    assert str(failed.value).strip()


def test_an_early_child_whose_report_is_not_asked_for_is_stopped():
    """validate may give up before the shapes are ready (shapes that pyshacl runs whole, an error):
    the child that is reading the data stops, and its files go."""
    with rudof_child.EarlyRun(_shapes("<https://example.org/a> <https://example.org/b> \"c\" .")) as run:
        folder = run._report.parent
        assert run._process.poll() is None           # waiting for its shapes
    assert run._process.returncode is not None and not folder.exists()
