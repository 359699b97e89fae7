"""The seed study's report in both languages, gathered once for the report tests."""

from __future__ import annotations

import pytest

from lisllm.report.document import collect


@pytest.fixture(scope="session")
def report_en(catalogue, store):
    return collect(catalogue, store, "en")


@pytest.fixture(scope="session")
def report_zh(catalogue, store):
    return collect(catalogue, store, "zh")


def table(report, query_id):
    """The table of `query_id` in `report`."""
    return next(t for s in report.sections for t in s.tables if t.query.id == query_id)
