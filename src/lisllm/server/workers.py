"""Query worker processes: each holds its own read-only store and can be killed on timeout.

pyoxigraph cannot cancel a running query from another thread, so a timeout that only stops
waiting would leave the query running and a core busy. A worker process is really stopped: on
timeout it is killed (SIGKILL), reaped, and a fresh one takes its place. Workers are forked from
a forkserver that has already imported pyoxigraph, so a replacement costs a fork and opening the
read-only store (measured in docs/serve.md), not a Python start-up.

The event loop never blocks: waiting for a reply happens in a thread (`anyio.to_thread`), and
waiting for a free worker is an asyncio queue bounded by the same timeout.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable

import anyio

from .results import Job, Reply

READY_TIMEOUT = 60.0


def worker_main(conn: Connection, store_path: str) -> None:
    """The loop of one worker process: open the store read-only, then answer jobs until told to stop."""
    import pyoxigraph as ox

    from .results import run_job

    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(run_job(store, job))


@dataclass
class Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    started: float = field(default_factory=time.monotonic)

    @property
    def pid(self) -> int:
        return self.process.pid or 0


class WorkerError(Exception):
    pass


class WorkerPool:
    """A fixed number of worker processes; each request borrows one for the length of its query."""

    def __init__(self, store_path: Path, size: int, on_event: Callable[[str], None] = lambda name: None):
        self.store_path = str(store_path)
        self.size = max(1, size)
        self.on_event = on_event
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["pyoxigraph", "lisllm.server.results"])
        self._idle: asyncio.Queue[Worker] | None = None
        self._workers: dict[int, Worker] = {}
        self._pending: set[asyncio.Task] = set()
        self.last_restart_seconds: float | None = None

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(anyio.to_thread.run_sync(self._spawn) for _ in range(self.size)))
        for worker in workers:
            self._workers[worker.pid] = worker
            self._idle.put_nowait(worker)

    def pids(self) -> list[int]:
        return sorted(self._workers)

    def idle(self) -> int:
        return self._idle.qsize() if self._idle else 0

    async def run(self, job: Job, timeout: float) -> Reply:
        assert self._idle is not None, "pool not started"
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            self.on_event("busy")
            return Reply(503, message=f"all {self.size} query workers stayed busy for {timeout:g} s; retry later",
                         extra={"Retry-After": "1"})
        outcome = await anyio.to_thread.run_sync(_exchange, worker, job, timeout)
        if isinstance(outcome, Reply):
            self._idle.put_nowait(worker)
            return outcome
        self._retire(worker)
        if outcome == "timeout":
            self.on_event("timeout")
            return Reply(504, message=f"query stopped after the {timeout:g} s time limit "
                                      f"(its worker process was killed)")
        self.on_event("crash")
        return Reply(500, message="the query worker failed; it has been replaced")

    def _retire(self, worker: Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        self._workers.pop(worker.pid, None)
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _replace(self, worker: Worker) -> None:
        started = time.perf_counter()
        await anyio.to_thread.run_sync(_kill, worker)
        fresh = await anyio.to_thread.run_sync(self._spawn)
        self.last_restart_seconds = time.perf_counter() - started
        self._workers[fresh.pid] = fresh
        self.on_event("restart")
        self._idle.put_nowait(fresh)

    def _spawn(self) -> Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=worker_main, args=(child, self.store_path), daemon=True,
                                        name="lisllm-query-worker")
        process.start()
        child.close()
        if not parent.poll(READY_TIMEOUT):
            process.kill()
            raise WorkerError("a query worker did not start in time")
        status, detail = parent.recv()
        if status != "ready":
            process.join()
            raise WorkerError(f"a query worker could not open the store: {detail}")
        return Worker(process, parent)

    async def close(self) -> None:
        for task in list(self._pending):
            await task
        for worker in list(self._workers.values()):
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in list(self._workers.values()):
            await anyio.to_thread.run_sync(_stop, worker)
        self._workers.clear()


def _exchange(worker: Worker, job: Job, timeout: float) -> Reply | str:
    try:
        worker.conn.send(job)
        if not worker.conn.poll(timeout):
            return "timeout"
        return worker.conn.recv()
    except (EOFError, OSError):
        return "crash"


def _kill(worker: Worker) -> None:
    worker.process.kill()
    worker.process.join()
    worker.conn.close()


def _stop(worker: Worker) -> None:
    worker.process.join(2)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()
