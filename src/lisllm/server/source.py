"""Trusted look-ups for the pages (resource pages, home page, service description).

These queries are the server's own, small and bounded, so they run in a thread of the server
process against its own read-only store, not in the worker processes that guard user queries.
With `--endpoint`, the same queries go to the remote endpoint. They name their graphs with
`GRAPH ?g` so that they mean the same on stores whose default graph differs (Oxigraph's is
empty unless told otherwise; Virtuoso's is the union of all graphs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import anyio
import httpx
import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..sparql.remote import RESULTS_ACCEPT, with_prefixes

Row = dict[str, object]


class Source(Protocol):
    async def select(self, query: str) -> list[Row]: ...
    async def describe(self, iri: str) -> list[ox.Triple]: ...
    async def construct(self, query: str) -> list[ox.Triple]: ...


def _rows(solutions: ox.QuerySolutions) -> list[Row]:
    names = [v.value for v in solutions.variables]
    return [{name: solution[name] for name in names} for solution in solutions]


class LocalSource:
    def __init__(self, store_path: Path):
        self.store = ox.Store.read_only(str(store_path))

    def _query(self, query: str):
        return self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)

    async def select(self, query: str) -> list[Row]:
        return await anyio.to_thread.run_sync(lambda: _rows(self._query(query)))

    async def describe(self, iri: str) -> list[ox.Triple]:
        # Oxigraph's DESCRIBE is the concise bounded description: the resource's triples and,
        # recursively, those of the blank nodes they lead to (OWL restrictions, periods, lists).
        return await self.construct(f"DESCRIBE <{iri}>")

    async def construct(self, query: str) -> list[ox.Triple]:
        return await anyio.to_thread.run_sync(lambda: list(dict.fromkeys(self._query(query))))


class RemoteSource:
    def __init__(self, endpoint: str, auth: httpx.Auth | None = None, timeout: float = 30.0):
        self.endpoint, self.auth, self.timeout = endpoint, auth, timeout

    async def _post(self, query: str, accept: str) -> httpx.Response:
        async with httpx.AsyncClient(auth=self.auth, timeout=self.timeout) as client:
            response = await client.post(self.endpoint, data={"query": with_prefixes(query)},
                                         headers={"Accept": accept})
        response.raise_for_status()
        return response

    async def select(self, query: str) -> list[Row]:
        response = await self._post(query, RESULTS_ACCEPT)
        fmt = (ox.QueryResultsFormat.XML if "xml" in response.headers.get("content-type", "")
               else ox.QueryResultsFormat.JSON)
        return _rows(ox.parse_query_results(response.content, format=fmt))

    async def describe(self, iri: str) -> list[ox.Triple]:
        return await self.construct(f"DESCRIBE <{iri}>")

    async def construct(self, query: str) -> list[ox.Triple]:
        response = await self._post(query, "application/n-triples, text/turtle;q=0.9")
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
        return list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object)
                                  for q in ox.parse(response.content, format=fmt)))
