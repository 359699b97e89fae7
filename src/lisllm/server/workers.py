"""Query worker processes: each queries the graph and can be killed on timeout.

pyoxigraph cannot cancel a running query from another thread, so a timeout that only stops
waiting would leave the query running and a core busy. A worker process is really stopped: on
timeout it is killed (SIGKILL), and a fresh one takes its place.

Workers are forked by a zygote: one process per pool, started from multiprocessing's forkserver
(pyoxigraph already imported), that copies the built store into an in-memory pyoxigraph store
once (when it has at most `MEMORY_LIMIT` quads, or the pool's own limit) and then forks a worker
whenever the pool asks for one. Every worker shares that copy with the zygote (copy-on-write:
queries only read it), so a replacement after a kill costs a fork, and a query does not go
through RocksDB (measured in docs/serve.md). Over the limit, each worker opens the store read-only
after its fork. The workers are the zygote's
children, not the server's: the pool watches each through a pidfd (it is woken when the process
has exited, and signals sent through it cannot reach a reused pid), and the zygote lets the
kernel reap them.

The event loop never blocks and no thread is involved in a query: the job goes to the worker
over a socket pair that the event loop watches (`Channel`, an asyncio protocol reading
multiprocessing's framing: a 4-byte big-endian length, then a pickle), and the reply completes a
future. Waiting for a free worker and for the reply are both bounded by timers on the loop.
Only starting and reaping processes, which are rare, happen in a thread.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import multiprocessing
import os
import pickle
import select
import signal
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from multiprocessing import reduction
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable

import anyio

from .results import Job, Reply

READY_TIMEOUT = 60.0
MEMORY_LIMIT = 200_000          # quads: larger stores stay on disk (docs/serve.md, "Bounds")
_LENGTH = struct.Struct("!i")
_LONG_LENGTH = struct.Struct("!Q")


def zygote_main(control: Connection, store_path: str, memory_limit: int) -> None:
    """The zygote: copy the store into memory (if it has at most `memory_limit` quads), then fork a
    worker for each socket the pool sends. A larger store stays on disk: each worker opens its own
    read-only handle after the fork (a RocksDB handle is not shared across a fork)."""
    import pyoxigraph as ox

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)       # the kernel reaps the workers
    try:
        store = memory_copy(ox.Store.read_only(store_path), memory_limit)
    except OSError as exc:
        control.send(("failed", str(exc)))
        return
    control.send(("ready", "disk" if store is None else "memory"))
    while True:
        try:
            fd = reduction.recv_handle(control)
        except (EOFError, OSError):
            return                                      # the server has gone
        pid = os.fork()
        if pid == 0:
            control.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                serve_jobs(socket.socket(fileno=fd), store if store is not None else ox.Store.read_only(store_path))
            finally:
                os._exit(0)
        os.close(fd)
        control.send(pid)


def memory_copy(source, limit: int):
    """An in-memory pyoxigraph store holding every quad of `source`, or None when it has more than
    `limit` quads (counted only up to the limit)."""
    import pyoxigraph as ox

    if limit <= 0 or next(itertools.islice(source.quads_for_pattern(None, None, None, None), limit, None), None):
        return None
    store = ox.Store()
    store.bulk_extend(source.quads_for_pattern(None, None, None, None))
    return store


def serve_jobs(sock: socket.socket, store) -> None:
    """A worker's loop: read a job frame, answer it with a reply frame, until told to stop or the
    server's end closes. One job at a time, so each read is one whole frame or part of one."""
    from .results import run_job

    buffer = b""
    while True:
        while (bounds := frame_bounds(buffer)) is None:
            data = sock.recv(1 << 16)
            if not data:
                return
            buffer += data
        start, end = bounds
        job = pickle.loads(buffer[start:end])
        buffer = buffer[end:]
        if job is None:
            return
        sock.sendall(frame(pickle.dumps(run_job(store, job), protocol=pickle.HIGHEST_PROTOCOL)))


def frame(payload: bytes) -> bytes:
    """multiprocessing's framing: a 4-byte big-endian length (-1, then 8 bytes, past 2 GiB), the payload."""
    size = len(payload)
    return (_LENGTH.pack(size) if size < 0x7FFFFFFF else _LENGTH.pack(-1) + _LONG_LENGTH.pack(size)) + payload


def frame_bounds(buffer) -> tuple[int, int] | None:
    """Where the first whole frame's payload starts and ends in `buffer`; None if it is not all there."""
    if len(buffer) < 4:
        return None
    size, start = _LENGTH.unpack_from(buffer)[0], 4
    if size == -1:
        if len(buffer) < 12:
            return None
        size, start = _LONG_LENGTH.unpack_from(buffer, 4)[0], 12
    return (start, start + size) if len(buffer) >= start + size else None


class WorkerGone(Exception):
    """The worker's end of the channel closed: the process died."""


class Channel(asyncio.Protocol):
    """The server's end of one worker's socket: frames out, one reply frame in per job."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.closed = False
        self.on_lost: Callable[[], None] = lambda: None
        self.on_reply: Callable[[], None] = lambda: None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        bounds = frame_bounds(buffer)
        if bounds is None:
            return
        payload = bytes(buffer[bounds[0]:bounds[1]])
        del buffer[:bounds[1]]
        if not buffer:
            self.buffer = bytearray()           # do not keep the room a large reply took
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(payload)
            self.on_reply()                     # the worker is free: it may be given the next job now

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(WorkerGone())
        self.on_lost()

    def send(self, payload: bytes) -> asyncio.Future:
        self.waiter = asyncio.get_running_loop().create_future()
        if self.closed:
            self.waiter.set_exception(WorkerGone())
            return self.waiter
        self.transport.write(frame(payload))
        return self.waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


class Forked:
    """A worker process forked by the zygote, watched and signalled through a pidfd (it is not the
    server's child, so it cannot be waited for; the zygote's kernel reaps it).

    Where the system has no pidfds (Linux before 5.3, macOS), the pid itself is signalled and polled:
    the same behaviour, except that a pid reused in the instant after the worker has gone could be
    signalled."""

    POLL = 0.005                                        # seconds between looks, without a pidfd

    def __init__(self, pid: int, use_pidfd: bool = hasattr(os, "pidfd_open")):
        self.pid = pid
        self.pidfd: int | None = None
        self.gone = False
        if use_pidfd:
            try:
                self.pidfd = os.pidfd_open(pid)
            except ProcessLookupError:
                self.gone = True                        # already gone

    def kill(self) -> None:
        if self.gone:
            return
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            self.gone = True

    def join(self, timeout: float | None = None) -> None:
        """Wait until the process has exited (at most `timeout` seconds)."""
        if self.pidfd is not None:
            select.select([self.pidfd], [], [], timeout)
            return
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.is_alive() and (deadline is None or time.monotonic() < deadline):
            time.sleep(self.POLL)

    def is_alive(self) -> bool:
        if self.gone:
            return False
        if self.pidfd is not None:
            return not select.select([self.pidfd], [], [], 0)[0]
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            self.gone = True
            return False
        except PermissionError:                         # a pid now another user's: ours has gone
            self.gone = True
            return False
        return True

    def close(self) -> None:
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None


@dataclass(eq=False)
class Worker:
    process: Forked
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

    def __init__(self, store_path: Path, size: int, on_event: Callable[[str], None] = lambda name: None,
                 memory_limit: int = MEMORY_LIMIT):
        self.store_path = str(store_path)
        self.memory_limit = memory_limit
        self.store_kind = ""                    # "memory" or "disk", once the zygote is ready
        self.size = max(1, size)
        self.on_event = on_event
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["pyoxigraph", "lisllm.server.results"])
        self._zygote: tuple[multiprocessing.process.BaseProcess, Connection] | None = None
        self._zygote_lock = threading.Lock()
        self._idle: collections.deque[Worker] = collections.deque()
        self._waiting: collections.deque[asyncio.Future] = collections.deque()
        self._workers: dict[int, Worker] = {}
        self._pending: set[asyncio.Task] = set()
        self._started = False
        self.last_restart_seconds: float | None = None

    async def start(self) -> None:
        await anyio.to_thread.run_sync(self._start_zygote)
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

    def _start_zygote(self) -> None:
        """Start the process that holds the in-memory store and forks the workers (in a thread)."""
        parent, child = socket.socketpair()
        child_conn = Connection(child.detach())
        process = self._context.Process(target=zygote_main, args=(child_conn, self.store_path, self.memory_limit),
                                        daemon=True, name="lisllm-query-zygote")
        process.start()
        child_conn.close()
        control = Connection(parent.detach())
        try:
            if not control.poll(READY_TIMEOUT):
                process.kill()
                raise WorkerError("the query worker zygote did not start in time")
            status, detail = control.recv()
        except EOFError:
            process.join()
            raise WorkerError("the query worker zygote exited while starting") from None
        if status != "ready":
            process.join()
            raise WorkerError(f"the query worker zygote could not open the store: {detail}")
        self._zygote = (process, control)
        self.store_kind = detail

    def _spawn(self) -> Worker:
        """Have the zygote fork a worker on a new socket pair (in a thread); a zygote that has died
        (killed from outside, say) is started again first."""
        parent, child = socket.socketpair()
        try:
            with self._zygote_lock:
                for attempt in (1, 2):
                    process, control = self._zygote
                    try:
                        reduction.send_handle(control, child.fileno(), process.pid)
                        if not control.poll(READY_TIMEOUT):
                            raise WorkerError("the query worker zygote did not fork a worker in time")
                        pid = control.recv()
                        break
                    except (EOFError, OSError):
                        if attempt == 2:
                            raise WorkerError("the query worker zygote has exited") from None
                        self._stop_zygote()
                        self._start_zygote()
        finally:
            child.close()
        return Worker(Forked(pid), parent)

    def _stop_zygote(self) -> None:
        if self._zygote is not None:
            process, control = self._zygote
            self._zygote = None
            control.close()                     # the zygote ends when its end of the socket closes
            _end(process)

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
        await anyio.to_thread.run_sync(self._stop_zygote)


_STOP = pickle.dumps(None)


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


def _reap(worker: Worker) -> None:
    worker.process.join()
    worker.process.close()


def _stop(worker: Worker) -> None:
    _end(worker.process)
    worker.process.close()


def _end(process) -> None:
    """Give a process told to stop two seconds to exit, then kill it (a worker or the zygote)."""
    process.join(2)
    if process.is_alive():
        process.kill()
        process.join()
