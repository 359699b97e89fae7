"""`lisllm serve` and `lisllm load` as commands: building first, stopping cleanly, clear errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx

from .conftest import free_port, pid_alive


def lisllm(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lisllm", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=dict(os.environ, NO_COLOR="1"))


def test_help_lists_serve_and_load():
    result = lisllm("--help")
    assert "serve" in result.stdout and "load" in result.stdout
    serve = lisllm("serve", "--help").stdout
    for option in ("--host", "--port", "--timeout", "--max-rows", "--endpoint", "--allow-service", "--no-build"):
        assert option in serve
    load = lisllm("load", "--help").stdout
    for option in ("--endpoint", "--graph", "--auth"):
        assert option in load


def test_serve_builds_a_missing_graph_then_stops_cleanly(project_copy):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "lisllm", "--project", str(project_copy.root), "serve",
                                "--port", str(port), "--access-log", os.devnull],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline and health is None:
            assert process.poll() is None, process.stderr.read()
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).json()
            except httpx.HTTPError:
                time.sleep(0.2)
        assert health is not None and (project_copy.root / "dist" / "store").is_dir()
        workers = health["workers"]
        assert workers and all(pid_alive(pid) for pid in workers)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert "Building" in out
    assert process.returncode == 0, err
    assert not any(pid_alive(pid) for pid in workers)


def test_serve_reports_a_busy_port(served_project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = lisllm("--project", str(served_project.root), "serve", "--no-build", "--port", str(port))
    assert result.returncode == 1 and "cannot listen on 127.0.0.1" in result.stderr
    assert "Traceback" not in result.stderr
