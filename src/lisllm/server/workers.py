"""Query worker processes: each holds its own read-only store and can be killed on timeout.

pyoxigraph cannot cancel a running query from another thread, so a timeout that only stops
waiting would leave the query running and a core busy. A worker process is really stopped: on
timeout it is killed (SIGKILL), and a fresh one takes its place. Workers are forked from a
forkserver that has already imported pyoxigraph, so a replacement costs a fork and opening the
read-only store (measured in docs/serve.md), not a Python start-up.

The event loop never blocks and no thread is involved in a query: the job goes to the worker
over a socket pair that the event loop watches (`Channel`, an asyncio protocol reading
multiprocessing's framing: a 4-byte big-endian length, then a pickle), and the reply completes a
future. Waiting for a free worker and for the reply are both bounded by timers on the loop.
Only starting and reaping processes, which are rare, happen in a thread.
"""

from __future__ import annotations

import asyncio
import collections
import multiprocessing
import os
import pickle
import socket
import struct
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable

import anyio

from .results import Job, Reply

READY_TIMEOUT = 60.0
_LENGTH = struct.Struct("!i")
_LONG_LENGTH = struct.Struct("!Q")


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
            job = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send_bytes(pickle.dumps(run_job(store, job), protocol=pickle.HIGHEST_PROTOCOL))


class WorkerGone(Exception):
    """The worker's end of the channel closed: the process died."""


class Channel(asyncio.Protocol):
    """The server's end of one worker's socket: frames out, one reply frame in per job."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.closed = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if len(buffer) < 4:
            return
        size, start = _LENGTH.unpack_from(buffer)[0], 4
        if size == -1:                          # multiprocessing's header for frames over 2 GiB
            if len(buffer) < 12:
                return
            size, start = _LONG_LENGTH.unpack_from(buffer, 4)[0], 12
        if len(buffer) < start + size:
            return
        frame = bytes(buffer[start:start + size])
        del buffer[:start + size]
        if not buffer:
            self.buffer = bytearray()           # do not keep the room a large reply took
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(frame)

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(WorkerGone())

    def send(self, payload: bytes) -> asyncio.Future:
        self.waiter = asyncio.get_running_loop().create_future()
        if self.closed:
            self.waiter.set_exception(WorkerGone())
            return self.waiter
        size = len(payload)
        header = _LENGTH.pack(size) if size < 0x7FFFFFFF else _LENGTH.pack(-1) + _LONG_LENGTH.pack(size)
        self.transport.write(header + payload)
        return self.waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


@dataclass
class Worker:
    process: multiprocessing.process.BaseProcess
    sock: socket.socket
    channel: Channel | None = None
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
        self._idle: collections.deque[Worker] = collections.deque()
        self._waiting: collections.deque[asyncio.Future] = collections.deque()
        self._workers: dict[int, Worker] = {}
        self._pending: set[asyncio.Task] = set()
        self._started = False
        self.last_restart_seconds: float | None = None

    async def start(self) -> None:
        workers = await asyncio.gather(*(anyio.to_thread.run_sync(self._spawn) for _ in range(self.size)))
        for worker in workers:
            await self._connect(worker)
            self._workers[worker.pid] = worker
            self._idle.append(worker)
        self._started = True

    def pids(self) -> list[int]:
        return sorted(self._workers)

    def idle(self) -> int:
        return len(self._idle)

    async def run(self, job: Job, timeout: float) -> Reply:
        assert self._started, "pool not started"
        loop = asyncio.get_running_loop()
        while True:
            worker = self._idle.popleft() if self._idle else await self._wait_for_worker(loop, timeout)
            if worker is None:
                self.on_event("busy")
                return Reply(503, message=f"all {self.size} query workers stayed busy for {timeout:g} s; "
                                          "retry later", extra={"Retry-After": "1"})
            if not worker.channel.closed:
                break
            self._retire(worker)                # it died while idle: replace it, take another
            self.on_event("crash")
        reply = worker.channel.send(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        timer = loop.call_later(timeout, _expire, reply)
        try:
            frame = await reply
        except TimeoutError:
            self._retire(worker)
            self.on_event("timeout")
            return Reply(504, message=f"query stopped after the {timeout:g} s time limit "
                                      f"(its worker process was killed)")
        except WorkerGone:
            self._retire(worker)
            self.on_event("crash")
            return Reply(500, message="the query worker failed; it has been replaced")
        except asyncio.CancelledError:
            self._retire(worker)        # its reply may still come: it cannot serve another query
            raise
        finally:
            timer.cancel()
        self._release(worker)
        return pickle.loads(frame)

    async def _wait_for_worker(self, loop, timeout: float) -> Worker | None:
        waiter = loop.create_future()
        self._waiting.append(waiter)
        timer = loop.call_later(timeout, _expire, waiter)
        try:
            return await waiter
        except TimeoutError:
            return None
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())
            raise
        finally:
            timer.cancel()

    def _release(self, worker: Worker) -> None:
        """Hand a free worker to the longest-waiting request, else put it back in the idle queue."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _retire(self, worker: Worker) -> None:
        """Kill a worker at once and start its replacement in the background."""
        self._workers.pop(worker.pid, None)
        worker.process.kill()
        worker.channel.close()
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _replace(self, worker: Worker) -> None:
        started = time.perf_counter()
        await anyio.to_thread.run_sync(_reap, worker)
        fresh = await anyio.to_thread.run_sync(self._spawn)
        await self._connect(fresh)
        self.last_restart_seconds = time.perf_counter() - started
        self._workers[fresh.pid] = fresh
        self.on_event("restart")
        self._release(fresh)

    def _spawn(self) -> Worker:
        parent, child = socket.socketpair()
        child_conn = Connection(child.detach())
        process = self._context.Process(target=worker_main, args=(child_conn, self.store_path), daemon=True,
                                        name="lisllm-query-worker")
        process.start()
        child_conn.close()
        handshake = Connection(os.dup(parent.fileno()))
        try:
            if not handshake.poll(READY_TIMEOUT):
                process.kill()
                raise WorkerError("a query worker did not start in time")
            status, detail = handshake.recv()
        except EOFError:
            process.join()
            raise WorkerError("a query worker exited while starting") from None
        finally:
            handshake.close()
        if status != "ready":
            process.join()
            raise WorkerError(f"a query worker could not open the store: {detail}")
        return Worker(process, parent)

    async def _connect(self, worker: Worker) -> None:
        worker.sock.setblocking(False)
        _, worker.channel = await asyncio.get_running_loop().connect_accepted_socket(Channel, worker.sock)

    async def close(self) -> None:
        for task in list(self._pending):
            await task
        for worker in list(self._workers.values()):
            if worker.channel is not None and not worker.channel.closed:
                worker.channel.transport.write(_LENGTH.pack(len(_STOP)) + _STOP)
        for worker in list(self._workers.values()):
            await anyio.to_thread.run_sync(_stop, worker)
            worker.channel.close()
        self._workers.clear()
        self._idle.clear()


_STOP = pickle.dumps(None)


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


def _reap(worker: Worker) -> None:
    worker.process.join()


def _stop(worker: Worker) -> None:
    worker.process.join(2)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
