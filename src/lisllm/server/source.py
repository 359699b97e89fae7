"""Trusted look-ups for the pages (resource pages, home page, service description).

These queries are the server's own, small and bounded, so they run in a thread of the server
process against its own read-only store, not in the worker processes that guard user queries.
With `--endpoint`, the same queries go to the remote endpoint. Either way they go through a
`sparql.endpoint.Endpoint`, the interface the CLI queries through too. They name their graphs with
`GRAPH ?g` so that they mean the same on stores whose default graph differs (Oxigraph's is empty
unless told otherwise; Virtuoso's is the union of all graphs).
"""

from __future__ import annotations

import anyio
import pyoxigraph as ox

from ..sparql.endpoint import Endpoint
from ..sparql.labels import fetch_labels

Row = dict[str, object]


def _rows(solutions: ox.QuerySolutions) -> list[Row]:
    names = [v.value for v in solutions.variables]
    return [{name: solution[name] for name in names} for solution in solutions]


class Source:
    """An endpoint's answers for code that runs in the event loop: each query in a worker thread,
    so that neither the store's evaluation nor a remote round trip holds the loop."""

    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint

    async def select(self, query: str) -> list[Row]:
        return await anyio.to_thread.run_sync(lambda: _rows(self.endpoint.query(query)))

    async def describe(self, iri: str) -> list[ox.Triple]:
        # Oxigraph's DESCRIBE is the concise bounded description: the resource's triples and,
        # recursively, those of the blank nodes they lead to (OWL restrictions, periods, lists).
        return await self.construct(f"DESCRIBE <{iri}>")

    async def construct(self, query: str) -> list[ox.Triple]:
        return await anyio.to_thread.run_sync(lambda: list(dict.fromkeys(self.endpoint.query(query))))

    async def labels(self, iris, lang: str) -> dict[str, str]:
        """`sparql.labels.fetch_labels` of the endpoint: the same labels as the CLI's."""
        return await anyio.to_thread.run_sync(fetch_labels, self.endpoint, iris, lang)
