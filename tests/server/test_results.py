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
    solutions = ox.parse_query_results(reply.body, format=fmt)
    return [{v.value: row[v].value for v in solutions.variables if row[v] is not None} for row in solutions]


@pytest.mark.parametrize("results_type", [JSON, TSV])
@pytest.mark.parametrize("cap, rows, truncated", [(6, 5, False), (5, 5, False), (4, 4, True), (1, 1, True)])
def test_the_row_cap_at_its_edges(store, results_type, cap, rows, truncated):
    job = Job(f"SELECT ?p ?o WHERE {{ <{EX}s> ?p ?o }} ORDER BY ?p", results_type=results_type, max_rows=cap)
    reply = run_job(store, job)
    assert reply.status == 200 and reply.rows == rows and reply.truncated is truncated
    found = rows_of(reply)
    assert [row["p"] for row in found] == [f"{EX}p{n}" for n in range(rows)]
    assert all(row["o"] == f"line {n}\nand\tmore" for n, row in enumerate(found))


def test_an_error_met_while_writing_the_answer_fails_the_query(store):
    # Evaluation is lazy: this SERVICE call fails only once results are written (Oxigraph refuses
    # port 9 itself, so nothing is sent). It must not come back as a short or empty 200 answer.
    query = f"SELECT * WHERE {{ <{EX}s> ?p ?o SERVICE <http://127.0.0.1:9/sparql> {{ ?x ?y ?z }} }}"
    for results_type in (JSON, TSV):
        reply = run_job(store, Job(query, results_type=results_type, max_rows=3))
        assert reply.status == 500 and "port 9" in reply.message and reply.body == b""


def test_an_empty_answer_has_no_rows(store):
    reply = run_job(store, Job(f"SELECT ?o WHERE {{ <{EX}nothing> ?p ?o }}", results_type=JSON, max_rows=3))
    assert reply.status == 200 and reply.rows == 0 and not reply.truncated and rows_of(reply) == []
