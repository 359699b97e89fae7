"""Fixtures for the server tests: a built copy of the project and real `lisllm serve` processes."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from lisllm.build import build
from lisllm.project import load_project

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURE_QUERIES = HERE / "queries"
BASE = "https://w3id.org/lisllm/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def served_project(tmp_path_factory, project):
    """A built copy of the repository's data plus a test resource whose literals hold markup.

    Its queries/ folder is the repository's catalogue plus the fixture queries (in queries/fixtures/).
    """
    root = tmp_path_factory.mktemp("served") / "repo"
    for folder in ("ontology", "instances", "shapes"):
        if (project.root / folder).is_dir():
            shutil.copytree(project.root / folder, root / folder)
    shutil.copy(HERE / "data" / "zz-escaping.ttl", root / "instances" / "zz-escaping.ttl")
    if project.queries.is_dir():
        shutil.copytree(project.queries, root / "queries")
    shutil.copytree(FIXTURE_QUERIES, root / "queries" / "fixtures")
    copy = dataclasses.replace(load_project(root), dist=root / "dist")
    build(copy)
    return copy


class Server:
    """A `lisllm serve` process on 127.0.0.1; the fixture that starts it stops it."""

    def __init__(self, project, port: int, *args: str):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = project.root / f"access-{port}.log"
        self.stderr = project.root / f"stderr-{port}.txt"
        command = [sys.executable, "-m", "lisllm", "--project", str(project.root), "serve", "--no-build",
                   "--port", str(port), "--access-log", str(self.log), *args]
        with open(self.stderr, "wb") as err:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err,
                                            env=dict(os.environ, NO_COLOR="1"))
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"lisllm serve exited: {self.stderr.read_text()}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("lisllm serve did not start within 60 s")

    def health(self) -> dict:
        return httpx.get(self.url + "/health", timeout=5).json()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def server(served_project):
    """The embedded-store server with small limits, so that the tests can reach them. It allow-lists
    its own endpoint for SERVICE, so that federation is tested for real."""
    port = free_port()
    instance = Server(served_project, port, "--timeout", "1.5", "--max-rows", "50", "--max-body", "2048",
                      "--workers", "2", "--allow-service", f"http://127.0.0.1:{port}/sparql")
    yield instance
    instance.stop()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    # A zombie has stopped running; it only waits to be reaped.
    return not (status.exists() and "\nState:\tZ" in status.read_text())
