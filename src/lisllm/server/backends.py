"""Where queries run: the embedded store (worker processes) or a remote endpoint (proxy)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable, Protocol
from urllib.parse import urlencode

import anyio
import httpx
import pyoxigraph as ox

from ..sparql.remote import ANY_ACCEPT, media_type_of, parse_answer, with_prefixes
from .bounded import is_single_pattern
from .results import Job, Reply, render, run_job
from .settings import INLINE_ROWS, MEMORY_LIMIT
from .worker_child import memory_copy
from .workers import WorkerPool


class Backend(Protocol):
    async def start(self) -> None: ...
    async def close(self) -> None: ...
    async def run(self, job: Job, timeout: float) -> Reply: ...
    def health(self) -> dict: ...


class EmbeddedBackend:
    """The built store, queried in worker processes that are killed when a query overruns, except
    for queries whose cost is bounded by their answer (`bounded`): those the server answers itself,
    from its own copy of the store, which saves the round trip through a worker."""

    def __init__(self, store_path: Path, workers: int, on_event: Callable[[str], None],
                 memory_limit: int = MEMORY_LIMIT, inline_rows: int = INLINE_ROWS):
        self.pool = WorkerPool(store_path, workers, on_event, memory_limit)
        self.store_path, self.memory_limit, self.on_event = store_path, memory_limit, on_event
        self.inline: ox.Store | None = None
        self.inline_kind: str | None = None     # "memory" or "disk"; None: every query goes to a worker
        self.inline_rows = inline_rows

    async def start(self) -> None:
        await self.pool.start()
        if self.inline_rows > 0:
            self.inline = await anyio.to_thread.run_sync(self._open_inline)

    def _open_inline(self) -> ox.Store:
        # The same limit as the workers' copy: a larger store is read from disk here too.
        on_disk = ox.Store.read_only(str(self.store_path))
        copy = memory_copy(on_disk, self.memory_limit)
        self.inline_kind = "disk" if copy is None else "memory"
        return on_disk if copy is None else copy

    async def close(self) -> None:
        await self.pool.close()

    async def run(self, job: Job, timeout: float) -> Reply:
        if self.inline is not None and job.default_graphs is None and job.named_graphs is None \
                and is_single_pattern(job.query):
            reply = run_job(self.inline, replace(job, max_rows=min(job.max_rows, self.inline_rows)))
            if not (reply.truncated and job.max_rows > self.inline_rows):
                self.on_event("inline")
                return reply
        return await self.pool.run(job, timeout)

    def health(self) -> dict:
        return {"backend": "embedded", "store": self.pool.store_kind, "inline_store": self.inline_kind,
                "workers": self.pool.pids(), "idle_workers": self.pool.idle(),
                "last_worker_restart_seconds": self.pool.last_restart_seconds}


class RemoteBackend:
    """Forwards queries to a remote SPARQL endpoint and re-serialises its answer, so formats, the row
    cap and statuses are the same as with the embedded store. The remote server's own work cannot be
    stopped from here: on timeout the connection is closed and 504 returned."""

    def __init__(self, endpoint: str, auth: httpx.Auth | None = None):
        self.endpoint = endpoint
        self.auth = auth
        self.client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self.client = httpx.AsyncClient(auth=self.auth, follow_redirects=False)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()

    def health(self) -> dict:
        return {"backend": "remote", "endpoint": self.endpoint}

    async def run(self, job: Job, timeout: float) -> Reply:
        query = with_prefixes(job.query)
        if job.base_iri:
            # Relative IRIs resolve against this server's endpoint, as for the embedded store (a BASE
            # the query declares itself comes later and wins).
            query = f"BASE <{job.base_iri}>\n" + query
        data: list[tuple[str, str]] = [("query", query)]
        data += [("default-graph-uri", iri) for iri in job.default_graphs or ()]
        data += [("named-graph-uri", iri) for iri in job.named_graphs or ()]
        try:
            response = await self.client.post(self.endpoint, content=urlencode(data).encode("ascii"), timeout=timeout,
                                              headers={"Accept": ANY_ACCEPT,
                                                       "Content-Type": "application/x-www-form-urlencoded"})
        except httpx.TimeoutException:
            return Reply(504, message=f"the remote endpoint did not answer within {timeout:g} s")
        except httpx.HTTPError as exc:
            return Reply(502, message=f"the remote endpoint could not be reached: {exc}")
        if response.status_code == 400:
            return Reply(400, message=f"the remote endpoint rejected the query: {response.text[:2000]}")
        if response.status_code != 200:
            return Reply(502, message=f"the remote endpoint answered {response.status_code}: {response.text[:500]}")
        media_type = media_type_of(response)
        return await anyio.to_thread.run_sync(_render_remote, response.content, media_type, job)


def _render_remote(body: bytes, media_type: str, job: Job) -> Reply:
    try:
        result = parse_answer(body, media_type)
    except (SyntaxError, ValueError) as exc:
        return Reply(502, message=f"the remote endpoint's {media_type} answer could not be read: {exc}")
    return render(result, job.results_type, job.graph_type, job.max_rows)
