"""A handle on a query worker, which is the zygote's child and not the server's: it is watched
and signalled through a pidfd, since the server cannot wait for it."""

from __future__ import annotations

import os
import select
import signal
import time


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


def end(process) -> None:
    """Give a process told to stop two seconds to exit, then kill it (a worker or the zygote)."""
    process.join(2)
    if process.is_alive():
        process.kill()
        process.join()
