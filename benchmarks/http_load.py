"""Bounded HTTP load from client threads, and what a server's processes cost (Linux /proc).

Shared by the endpoint benchmark (benchmarks/endpoint.py) and the soak test (benchmarks/soak.py).
"""

from __future__ import annotations

import http.client
import itertools
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

ACCEPT = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(port: int, path: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server exited early (status {process.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RequestBudget:
    """Numbered requests shared by client threads: at most `most` of them, and none after `seconds`."""

    def __init__(self, most: int, seconds: float, numbers=None):
        self.deadline = time.monotonic() + seconds
        self._left = most
        self._numbers = numbers if numbers is not None else itertools.count()
        self._lock = threading.Lock()

    def take(self) -> int | None:
        """The next request's number, or None once the time or the count is used up."""
        if time.monotonic() >= self.deadline:
            return None
        with self._lock:
            if self._left <= 0:
                return None
            self._left -= 1
            return next(self._numbers)


def load_level(port: int, path, concurrency: int, seconds: float, max_requests: int,
               counter: itertools.count | None = None):
    """Latencies (s) of GET requests from `concurrency` keep-alive clients, bounded in time and count.

    `path` is a string, or a function of a request number (from `counter`) giving the path."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    budget = RequestBudget(max_requests, seconds, counter)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while (number := budget.take()) is not None:
            target = path(number) if callable(path) else path
            started = time.perf_counter()
            conn.request("GET", target, headers={"Accept": ACCEPT})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    elapsed = run_threads([threading.Thread(target=client) for _ in range(concurrency)])
    return latencies, elapsed, errors[0]


def run_threads(threads: list[threading.Thread]) -> float:
    """Start the client threads together and wait for all; the wall time they took."""
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the given processes (those still running)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return total


def tree_rss_mib(pid: int) -> float:
    total = 0
    for member in process_tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
            total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        except OSError:
            continue
    return total / 1024
