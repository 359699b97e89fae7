"""What runs in the query processes: the zygote, and the workers it forks.

The zygote is started from multiprocessing's forkserver (pyoxigraph already imported). It copies
the built store into an in-memory pyoxigraph store once, when the store has at most the pool's
limit of quads, and then forks a worker whenever the pool asks for one. Every worker shares that
copy with the zygote (copy-on-write: queries only read it), so a replacement after a kill costs a
fork, and a query does not go through RocksDB (measured in docs/serve.md). Over the limit, each
worker opens the store read-only after its fork. The zygote lets the kernel reap its workers: the
server watches them through pidfds (`forked`).
"""

from __future__ import annotations

import itertools
import os
import pickle
import signal
import socket
from multiprocessing import reduction
from multiprocessing.connection import Connection

from .framing import frame, frame_bounds


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
