"""The pool of query worker processes: each request borrows one for the length of its query.

pyoxigraph cannot cancel a running query from another thread, so a timeout that only stops
waiting would leave the query running and a core busy. A worker process is really stopped: on
timeout it is killed (SIGKILL), and a fresh one takes its place, forked by the pool's zygote
(`zygote`, `worker_child`) and watched through a pidfd (`forked`).

The event loop never blocks and no thread is involved in a query: the job goes to the worker
over a socket pair that the event loop watches (`framing.Channel`), and the reply completes a
future. Waiting for a free worker and for the reply are both bounded by timers on the loop.
Only starting and reaping processes, which are rare, happen in a thread.
"""

from __future__ import annotations

import asyncio
import collections
import pickle
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import anyio

from .forked import Forked, end
from .framing import Channel, WorkerGone, frame
from .results import Job, Reply
from .settings import MEMORY_LIMIT
from .zygote import Zygote


@dataclass(eq=False)
class Worker:
    process: Forked
    sock: socket.socket
    channel: Channel | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def pid(self) -> int:
        return self.process.pid or 0


class WorkerPool:
    """A fixed number of worker processes; each request borrows one for the length of its query."""

    def __init__(self, store_path: Path, size: int, on_event: Callable[[str], None] = lambda name: None,
                 memory_limit: int = MEMORY_LIMIT):
        self.size = max(1, size)
        self.on_event = on_event
        self._zygote = Zygote(str(store_path), memory_limit)
        self._idle: collections.deque[Worker] = collections.deque()
        self._waiting: collections.deque[asyncio.Future] = collections.deque()
        self._workers: dict[int, Worker] = {}
        self._pending: set[asyncio.Task] = set()
        self._started = False
        self.last_restart_seconds: float | None = None

    @property
    def store_kind(self) -> str:
        """Where the workers' store is, "memory" or "disk", once the zygote is ready."""
        return self._zygote.kind

    async def start(self) -> None:
        await anyio.to_thread.run_sync(self._zygote.start)
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
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        while True:
            if not self._idle:
                given = await self._wait_for_worker(loop, timeout, payload)
                if given is None:
                    self.on_event("busy")
                    return Reply(503, message=f"all {self.size} query workers stayed busy for {timeout:g} s; "
                                              "retry later", extra={"Retry-After": "1"})
                worker, reply = given           # the job was sent as the worker was handed over
                break
            # The worker freed last first: its memory is the most likely to be in the CPU's caches.
            worker = self._idle.pop()
            if not worker.channel.closed:
                reply = worker.channel.send(payload)
                break
            self._retire(worker)                # it died while idle: replace it, take another
            self.on_event("crash")
        timer = loop.call_later(timeout, _expire, reply)
        try:
            answer = await reply
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
            if not reply.done() or reply.cancelled():
                self._retire(worker)    # its reply may still come: it cannot serve another query
            raise
        finally:
            timer.cancel()
        return pickle.loads(answer)     # the worker was released as its reply arrived (Channel.on_reply)

    async def _wait_for_worker(self, loop, timeout: float, payload: bytes):
        """The worker and reply future of a job that waited for a free worker, or None after `timeout`."""
        waiter = loop.create_future()
        self._waiting.append((waiter, payload))
        timer = loop.call_later(timeout, _expire, waiter)
        try:
            return await waiter
        except TimeoutError:
            return None
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                worker, reply = waiter.result()
                if not reply.done():
                    self._retire(worker)        # it runs a job whose client has gone, with no time limit
            raise
        finally:
            timer.cancel()

    def _release(self, worker: Worker) -> None:
        """Give a free worker the job of the longest-waiting request at once (it need not wait for that
        request's coroutine to run, nor for the reply just received to be answered), else put it
        back in the idle queue."""
        while self._waiting:
            waiter, payload = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result((worker, worker.channel.send(payload)))
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
        """Have the zygote fork a worker (in a thread)."""
        pid, sock = self._zygote.fork()
        return Worker(Forked(pid), sock)

    async def _connect(self, worker: Worker) -> None:
        worker.sock.setblocking(False)
        _, worker.channel = await asyncio.get_running_loop().connect_accepted_socket(Channel, worker.sock)
        worker.channel.on_lost = lambda: self._lost(worker)
        worker.channel.on_reply = lambda: self._release(worker)

    def _lost(self, worker: Worker) -> None:
        """A worker's socket closed: if it was idle, it died unasked (killed from outside, say)."""
        if worker in self._idle and self._started:
            self._idle.remove(worker)
            self._retire(worker)
            self.on_event("crash")

    async def close(self) -> None:
        self._started = False                   # workers told to stop are not replaced
        for task in list(self._pending):
            await task
        for worker in list(self._workers.values()):
            if worker.channel is not None and not worker.channel.closed:
                worker.channel.transport.write(frame(_STOP))
        for worker in list(self._workers.values()):
            await anyio.to_thread.run_sync(_stop, worker)
            worker.channel.close()
        self._workers.clear()
        self._idle.clear()
        await anyio.to_thread.run_sync(self._zygote.stop)


_STOP = pickle.dumps(None)


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


def _reap(worker: Worker) -> None:
    worker.process.join()
    worker.process.close()


def _stop(worker: Worker) -> None:
    end(worker.process)
    worker.process.close()
