"""The server's end of the zygote (`worker_child`): starting it, having it fork a worker, stopping it.

Each call blocks on the zygote's answer, so the pool makes them in a thread; they are rare (a
start, a replacement after a kill).
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
from multiprocessing import reduction
from multiprocessing.connection import Connection

from .forked import end
from .worker_child import zygote_main

READY_TIMEOUT = 60.0


class WorkerError(Exception):
    pass


class Zygote:
    """One zygote process, holding (or not, over `memory_limit` quads) the in-memory store."""

    def __init__(self, store_path: str, memory_limit: int):
        self.store_path = store_path
        self.memory_limit = memory_limit
        self.kind = ""                          # "memory" or "disk", once the zygote is ready
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["pyoxigraph", "lisllm.server.results"])
        self._running: tuple[multiprocessing.process.BaseProcess, Connection] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the process that holds the in-memory store and forks the workers."""
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
        self._running = (process, control)
        self.kind = detail

    def fork(self) -> tuple[int, socket.socket]:
        """Have the zygote fork a worker on a new socket pair: its pid and the server's end of its
        socket. A zygote that has died (killed from outside, say) is started again first."""
        parent, child = socket.socketpair()
        try:
            with self._lock:
                for attempt in (1, 2):
                    process, control = self._running
                    try:
                        reduction.send_handle(control, child.fileno(), process.pid)
                        if not control.poll(READY_TIMEOUT):
                            raise WorkerError("the query worker zygote did not fork a worker in time")
                        pid = control.recv()
                        break
                    except (EOFError, OSError):
                        if attempt == 2:
                            raise WorkerError("the query worker zygote has exited") from None
                        self.stop()
                        self.start()
        finally:
            child.close()
        return pid, parent

    def stop(self) -> None:
        if self._running is not None:
            process, control = self._running
            self._running = None
            control.close()                     # the zygote ends when its end of the socket closes
            end(process)
