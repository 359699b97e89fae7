"""The row cap at its edges, on a real in-memory store: one row fewer than the cap, exactly the cap,
one row more. Every answer is read back with pyoxigraph's own results parser."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from lisllm.server.results import Job, run_job

EX = "http://example.org/"
JSON = "application/sparql-results+json"
TSV = "text/tab-separated-values"


@pytest.fixture(scope="module")
def store():
    store = ox.Store()
    for n in range(5):
        # A newline and a tab inside a literal: the cap counts rows, not lines of text.
        store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + f"p{n}"), ox.Literal(f"line {n}\nand\tmore")))
    return store


def rows_of(reply) -> list[dict[str, str]]:
    fmt = ox.QueryResultsFormat.JSON if reply.media_type == JSON else ox.QueryResultsFormat.TSV
    return [{v.value: s[v].value for v in parsed.variables if s[v] is not None}
            for parsed in [ox.parse_query_results(reply.body, format=fmt)] for s in parsed]


@pytest.mark.parametrize("results_type", [JSON, TSV])
@pytest.mark.parametrize("cap, rows, truncated", [(6, 5, False), (5, 5, False), (4, 4, True), (1, 1, True)])
def test_the_row_cap_at_its_edges(store, results_type, cap, rows, truncated):
    job = Job(f"SELECT ?p ?o WHERE {{ <{EX}s> ?p ?o }} ORDER BY ?p", results_type=results_type, max_rows=cap)
    reply = run_job(store, job)
    assert reply.status == 200 and reply.rows == rows and reply.truncated is truncated
    found = rows_of(reply)
    assert [row["p"] for row in found] == [f"{EX}p{n}" for n in range(rows)]
    assert all(row["o"] == f"line {n}\nand\tmore" for n, row in enumerate(found))


def test_an_empty_answer_has_no_rows(store):
    reply = run_job(store, Job(f"SELECT ?o WHERE {{ <{EX}nothing> ?p ?o }}", results_type=JSON, max_rows=3))
    assert reply.status == 200 and reply.rows == 0 and not reply.truncated and rows_of(reply) == []
